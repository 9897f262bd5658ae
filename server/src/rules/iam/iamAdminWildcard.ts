import { isAllow, POLICY_KINDS, policiesOf } from '../../views/policy';
import { DocRule } from '../rule';

const SENSITIVE = new Set(['iam', 'sts', 'organizations']);
/** A folder of AWS Organizations control policies (`scps/`, `service-control-policies/`, `rcps/`). */
const CONTROL_POLICY_FOLDER = /[\\/](scps?|service[-_]?control[-_]?policies|rcps?|resource[-_]?control[-_]?policies)[\\/]/i;

export const iamAdminWildcard: DocRule = {
  id: 'iam-admin-wildcard',
  description: 'Allow of `*` (or iam:*, sts:*, organizations:*) on every resource.',
  defaultSeverity: 'warning',
  kinds: POLICY_KINDS,
  check(ctx) {
    // A service control policy only limits what other policies grant: its Allow of "*" grants nothing.
    if (ctx.file.fsPath && CONTROL_POLICY_FOLDER.test(ctx.file.fsPath)) return;
    for (const policy of policiesOf(ctx.file, ctx.doc)) {
      if (policy.role !== 'permission') continue;
      for (const statement of policy.statements) {
        // A resource-based policy (one naming a Principal: a bucket's, an endpoint's) grants on its own resource, not the account.
        if (!isAllow(statement) || statement.notAction || statement.principalPair) continue;
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
