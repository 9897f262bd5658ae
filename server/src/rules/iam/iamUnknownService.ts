import { pastService, servicePrefixes } from '../../iam/catalog';
import { isTemplated } from '../../model/templated';
import { nearest } from '../../util/nearest';
import { POLICY_KINDS, policiesOf } from '../../views/policy';
import { DocRule } from '../rule';
import { actionRefs } from './actionRefs';
import { replaceString } from './policyEdits';

export const iamUnknownService: DocRule = {
  id: 'iam-unknown-service',
  description: 'The prefix of an action is not, and never was, an AWS service (one AWS retired or never documented is information).',
  defaultSeverity: 'error',
  kinds: POLICY_KINDS,
  check(ctx) {
    for (const policy of policiesOf(ctx.file, ctx.doc)) {
      for (const statement of policy.statements) {
        for (const ref of statement.actions) {
          if (ref.value === '*' || ref.value.includes(':') || isTemplated(ref.value)) continue;
          ctx.report({ range: ref.node.range, message: `"${ref.value}" is not an action: actions are written <service>:<Action>, e.g. "s3:GetObject", or "*".` });
        }
      }
    }
    for (const a of actionRefs(ctx)) {
      if (a.service || /[*?]/.test(a.prefix)) continue;
      const past = pastService(a.prefix);
      if (past) {
        const named = past.name !== a.prefix.toLowerCase() ? ` (${past.name})` : '';
        ctx.report({
          range: a.ref.node.range,
          severity: 'information',
          message: past.status === 'retired'
            ? `AWS no longer documents the service prefix "${a.prefix}"${named}; earlier editions of its Service Authorization Reference or its managed policies used it. If the service is retired, this entry grants nothing.`
            : `AWS does not document the service prefix "${a.prefix}", but its own managed policies use it (an internal or retired service). If the service is retired, this entry grants nothing.`,
        });
        continue;
      }
      const suggestion = nearest(a.prefix, servicePrefixes());
      ctx.report({
        range: a.ref.node.range,
        message: `"${a.prefix}" in "${a.ref.value}" is not an AWS service prefix, today or in earlier editions of AWS's Service Authorization Reference${suggestion ? ` (did you mean "${suggestion}"?)` : ''}: IAM stores the policy, but this entry grants nothing.`,
        fixes: suggestion
          ? [{ title: `Change to "${suggestion}:${a.name}"`, isPreferred: true, edits: { [ctx.file.uri]: [replaceString(ctx, a.policy, a.ref.node.range, a.ref.value, `${suggestion}:${a.name}`)] } }]
          : undefined,
      });
    }
  },
};
