import { parseOperator } from '../../iam/conditions';
import { isAllow, POLICY_KINDS } from '../../views/policy';
import { DocRule } from '../rule';
import { conditionsWithClaim, isOidcWebIdentity, trustStatements } from './webIdentity';

export const trustSubBroad: DocRule = {
  id: 'trust-sub-broad',
  description: 'A StringLike `sub` pattern with a wildcard in the namespace lets service accounts of many namespaces assume the role.',
  defaultSeverity: 'warning',
  kinds: POLICY_KINDS,
  check(ctx) {
    for (const t of trustStatements(ctx)) {
      if (!isOidcWebIdentity(t) || !isAllow(t.statement)) continue;
      for (const condition of conditionsWithClaim(t, 'sub')) {
        if (parseOperator(condition.operator)?.base !== 'StringLike') continue;
        for (const ref of condition.values) {
          const m = /^system:serviceaccount:([^:]*)(?::|$)/.exec(ref.value);
          const broad = ref.value === '*' || /^system:serviceaccounts?:?\*/.test(ref.value) || (m !== null && /[*?]/.test(m[1]));
          if (!broad) continue;
          ctx.report({
            range: ref.node.range,
            message: `"${ref.value}" lets service accounts of ${/^system:serviceaccount:[^:*?]*[*?]/.test(ref.value) && !/^system:serviceaccount:\*/.test(ref.value) ? 'every matching namespace' : 'every namespace'} assume this role, including namespaces created later. Name the namespace, and use a wildcard in the service account part only if you must.`,
          });
        }
      }
    }
  },
};
