import { servicePrefixes } from '../../iam/catalog';
import { nearest } from '../../util/nearest';
import { POLICY_KINDS, policiesOf } from '../../views/policy';
import { DocRule } from '../rule';
import { actionRefs } from './actionRefs';
import { replaceString } from './policyEdits';

export const iamUnknownService: DocRule = {
  id: 'iam-unknown-service',
  description: 'The prefix of an action is not an AWS service.',
  defaultSeverity: 'error',
  kinds: POLICY_KINDS,
  check(ctx) {
    for (const policy of policiesOf(ctx.file, ctx.doc)) {
      for (const statement of policy.statements) {
        for (const ref of statement.actions) {
          if (ref.value === '*' || ref.value.includes(':') || ref.value.includes('${')) continue;
          ctx.report({ range: ref.node.range, message: `"${ref.value}" is not an action: actions are written <service>:<Action>, e.g. "s3:GetObject", or "*".` });
        }
      }
    }
    for (const a of actionRefs(ctx)) {
      if (a.service || /[*?]/.test(a.prefix)) continue;
      const suggestion = nearest(a.prefix, servicePrefixes());
      ctx.report({
        range: a.ref.node.range,
        message: `"${a.prefix}" in "${a.ref.value}" is not an AWS service prefix${suggestion ? ` (did you mean "${suggestion}"?)` : ''}: IAM accepts the policy but the statement grants nothing.`,
        fixes: suggestion
          ? [{ title: `Change to "${suggestion}:${a.name}"`, isPreferred: true, edits: { [ctx.file.uri]: [replaceString(ctx, a.policy, a.ref.node.range, a.ref.value, `${suggestion}:${a.name}`)] } }]
          : undefined,
      });
    }
  },
};
