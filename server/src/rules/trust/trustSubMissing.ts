import { isAllow, POLICY_KINDS } from '../../views/policy';
import { boundSubjects, rolesDefinedBy } from '../../crossFile/roleBindings';
import { DocRule } from '../rule';
import { withTabStop } from '../snippet';
import { addStringEquals, serviceAccountsBeside, SUB_PLACEHOLDER } from './addCondition';
import { conditionsWithClaim, trustStatements } from './webIdentity';
import { IssuerKind, issuerKind } from '../../crossFile/issuerKind';
import { literalPrefix } from '../../model/templated';

/**
 * A templated issuer (`${local.oidc_host}`, `oidc.eks.${region}.amazonaws.com/id/${id}`, rosa's `%{issuer_url}`):
 * what its literal start says, else a cluster's, as IRSA modules and rosa's templates write them.
 */
function templatedKind(template: string): IssuerKind {
  const prefix = literalPrefix(template);
  if (prefix === '') return { kind: 'kubernetes' };
  const kind = issuerKind(template);
  return kind.kind === 'service' ? kind : { kind: 'kubernetes' };
}

export const trustSubMissing: DocRule = {
  id: 'trust-sub-missing',
  description: 'A web-identity trust statement without a `sub` condition lets any service account of the cluster (any workflow, for a CI issuer) assume the role.',
  defaultSeverity: 'error',
  kinds: POLICY_KINDS,
  check(ctx) {
    for (const t of trustStatements(ctx)) {
      // A templated issuer does not change that a missing sub admits every identity; an unknown key might be the sub.
      const issuer = t.issuer ?? t.issuerTemplate;
      if (!issuer || !t.issuerRef || !isAllow(t.statement) || t.unknownKeys) continue;
      if (conditionsWithClaim(t, 'sub').length > 0) continue;
      const key = `${issuer}:sub`;
      const kind: IssuerKind = t.issuer ? issuerKind(t.issuer, ctx.index) : templatedKind(issuer);
      // The service accounts the workspace binds to this role: its users, whatever the issuer looks like.
      const bound = ctx.index ? boundSubjects(ctx.index, rolesDefinedBy(ctx.index, ctx.settings, ctx.doc)) : [];
      if (kind.kind === 'service') {
        ctx.report({
          range: t.issuerRef.node.range,
          // An issuer of one organisation (in its URL or audience) admits that organisation's pipelines only: broad, not open.
          severity: kind.perTenant ? 'warning' : 'error',
          message: `No "${key}" condition: ${kind.who} can get a token from ${issuer} (${kind.name}) and assume this role. Add a condition on "${key}" that names yours (${kind.subFormat}).`,
        });
        continue;
      }
      if (kind.kind === 'unknown' && bound.length === 0) {
        ctx.report({
          range: t.issuerRef.node.range,
          severity: 'warning',
          message: `No "${key}" condition: any token that ${issuer} issues, for an audience this role accepts, can assume it. Add a condition on "${key}" naming the identity that may (for a Kubernetes service account: system:serviceaccount:<namespace>:<name>).`,
        });
        continue;
      }
      // A cluster's issuer: the service accounts bound to the role, else those beside the policy.
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

