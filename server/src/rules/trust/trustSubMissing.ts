import { isAllow, POLICY_KINDS } from '../../views/policy';
import { boundSubjects, rolesDefinedBy } from '../../crossFile/roleBindings';
import { DocRule } from '../rule';
import { withTabStop } from '../snippet';
import { addStringEquals, serviceAccountsBeside, SUB_PLACEHOLDER } from './addCondition';
import { conditionsWithClaim, trustStatements } from './webIdentity';

export const trustSubMissing: DocRule = {
  id: 'trust-sub-missing',
  description: 'A web-identity trust statement without a `sub` condition lets any service account of the cluster assume the role.',
  defaultSeverity: 'error',
  kinds: POLICY_KINDS,
  check(ctx) {
    for (const t of trustStatements(ctx)) {
      // A templated issuer does not change that a missing sub admits every service account; an unknown key might be the sub.
      const issuer = t.issuer ?? t.issuerTemplate;
      if (!issuer || !t.issuerRef || !isAllow(t.statement) || t.unknownKeys) continue;
      if (conditionsWithClaim(t, 'sub').length > 0) continue;
      const key = `${issuer}:sub`;
      // The service accounts the workspace binds to this role, else those beside the policy.
      const bound = ctx.index ? boundSubjects(ctx.index, rolesDefinedBy(ctx.index, ctx.settings, ctx.doc)) : [];
      const accounts = bound.length > 0 ? bound : serviceAccountsBeside(ctx);
      const values = accounts.length > 0 ? accounts : [SUB_PLACEHOLDER];
      // With a placeholder, editors that take snippet edits put the cursor on it, ready to type the real subject.
      const edit = addStringEquals(ctx, t, key, values);
      ctx.report({
        range: t.issuerRef.node.range,
        message: `No "${key}" condition: any service account of the cluster (any token issued by ${issuer}) can assume this role. Add a StringEquals condition on "${key}" naming the service account, as system:serviceaccount:<namespace>:<name>.`,
        fixes: [
          {
            title: accounts.length > 0 ? `Add a sub condition for ${accounts.join(', ')}` : 'Add a sub condition (placeholder)',
            isPreferred: accounts.length > 0,
            edits: { [ctx.file.uri]: [accounts.length > 0 ? edit : withTabStop(ctx.file, edit, t.policy.encode(SUB_PLACEHOLDER))] },
          },
        ],
      });
    }
  },
};

