import { action, service } from '../../iam/catalog';
import { nearest } from '../../util/nearest';
import { POLICY_KINDS } from '../../views/policy';
import { DocRule } from '../rule';
import { actionRefs } from './actionRefs';
import { replaceString } from './policyEdits';

export const iamUnknownAction: DocRule = {
  id: 'iam-unknown-action',
  description: 'The action is not in the AWS catalog for its service (a different case is only a hint).',
  defaultSeverity: 'error',
  kinds: POLICY_KINDS,
  check(ctx) {
    for (const a of actionRefs(ctx)) {
      if (!a.service || /[*?]/.test(a.name)) continue;
      const found = action(a.service, a.name);
      const fix = (to: string, preferred: boolean) => [{ title: `Change to "${to}"`, isPreferred: preferred, edits: { [ctx.file.uri]: [replaceString(ctx, a.policy, a.ref.node.range, a.ref.value, to)] } }];
      if (found) {
        const canonical = `${a.service}:${found.name}`;
        if (canonical !== a.ref.value) {
          ctx.report({
            range: a.ref.node.range,
            severity: 'hint',
            message: `"${a.ref.value}" works (IAM ignores case in actions), but the catalog spells it "${canonical}".`,
            fixes: fix(canonical, false),
          });
        }
        continue;
      }
      const info = service(a.service)!;
      const suggestion = nearest(a.name, info.actions.map((x) => x.name));
      ctx.report({
        range: a.ref.node.range,
        message: `"${a.name}" is not an action of ${info.name} (${a.service})${suggestion ? `: did you mean "${a.service}:${suggestion}"?` : '.'} The statement does not grant it, and the call fails with AccessDenied.`,
        fixes: suggestion ? fix(`${a.service}:${suggestion}`, true) : undefined,
      });
    }
  },
};
