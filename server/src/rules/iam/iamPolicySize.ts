import { POLICY_KINDS, policiesOf } from '../../views/policy';
import { DocRule } from '../rule';

export const iamPolicySize: DocRule = {
  id: 'iam-policy-size',
  description: 'An inline role policy over 10,240 characters (a managed policy over 6,144), whitespace excluded.',
  defaultSeverity: 'warning',
  kinds: POLICY_KINDS,
  check(ctx) {
    for (const policy of policiesOf(ctx.file, ctx.doc)) {
      if (policy.role !== 'permission' || !policy.sizeLimit) continue;
      const size = policy.compactSize();
      if (size <= policy.sizeLimit) continue;
      const range = policy.holder?.keyRange ?? policy.statementPair?.keyRange ?? [policy.node.range[0], policy.node.range[0] + 1];
      ctx.report({
        range,
        message: `This policy is ${size} characters without whitespace; IAM rejects ${policy.sizeLimit === 6144 ? 'managed policies over 6,144' : 'inline role policies over 10,240'} (LimitExceeded). Use wildcards for action families, or split it into managed policies.`,
      });
    }
  },
};
