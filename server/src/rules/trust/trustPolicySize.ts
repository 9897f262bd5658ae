import { POLICY_KINDS, policiesOf } from '../../views/policy';
import { DocRule } from '../rule';

export const trustPolicySize: DocRule = {
  id: 'trust-policy-size',
  description: 'A trust policy is limited to 2,048 characters (whitespace excluded) by default.',
  defaultSeverity: 'warning',
  kinds: POLICY_KINDS,
  check(ctx) {
    for (const policy of policiesOf(ctx.file, ctx.doc)) {
      if (policy.role !== 'trust') continue;
      const size = policy.compactSize();
      if (size <= 2048) continue;
      const range = policy.holder?.keyRange ?? policy.statementPair?.keyRange ?? [policy.node.range[0], policy.node.range[0] + 1];
      ctx.report({
        range,
        message: `This trust policy is ${size} characters without whitespace; IAM rejects trust policies over 2,048 (CreateRole/UpdateAssumeRolePolicy fail with LimitExceeded unless the quota was raised). Merge sub values into one list or split the role.`,
      });
    }
  },
};
