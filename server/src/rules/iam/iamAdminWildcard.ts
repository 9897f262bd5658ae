import { isAllow, POLICY_KINDS, policiesOf } from '../../views/policy';
import { DocRule } from '../rule';

const SENSITIVE = new Set(['iam', 'sts', 'organizations']);

export const iamAdminWildcard: DocRule = {
  id: 'iam-admin-wildcard',
  description: 'Allow of `*` (or iam:*, sts:*, organizations:*) on every resource.',
  defaultSeverity: 'warning',
  kinds: POLICY_KINDS,
  check(ctx) {
    for (const policy of policiesOf(ctx.file, ctx.doc)) {
      if (policy.role !== 'permission') continue;
      for (const statement of policy.statements) {
        if (!isAllow(statement) || statement.notAction) continue;
        if (statement.resourcePair?.key === 'NotResource' || !statement.resources.some((r) => r.value === '*')) continue;
        for (const a of statement.actions) {
          const prefix = a.value.slice(0, a.value.indexOf(':')).toLowerCase();
          if (a.value !== '*' && !(a.value.endsWith(':*') && SENSITIVE.has(prefix))) continue;
          ctx.report({
            range: a.node.range,
            message: a.value === '*'
              ? 'Allow "*" on resource "*" is full administrator access: any workload holding these credentials can do anything in the account. List the actions it needs.'
              : `Allow "${a.value}" on resource "*" lets the holder change identities and permissions (a path to full administrator access). List the actions it needs.`,
          });
        }
      }
    }
  },
};
