import { isAllow, POLICY_KINDS } from '../../views/policy';
import { boundAudiences, rolesDefinedBy } from '../../crossFile/roleBindings';
import { DocContext, DocRule } from '../rule';
import { clusterOf, FLAVOURS } from '../../crossFile/clusterScope';
import { rosaFileOf, rosaHostedIssuer } from '../../views/rosa';
import { issuerKind } from '../../crossFile/issuerKind';
import { addStringEquals } from './addCondition';
import { conditionsWithClaim, trustStatements } from './webIdentity';

const OPENSHIFT_WHY = 'the audience OpenShift projects into its components\' tokens for AWS';

/**
 * The audience to require: what the workloads bound to this role request,
 * when the workspace says; else OpenShift's for a role of an OpenShift or
 * ROSA cluster (a trust file of the cluster's folder, a ROSA-hosted issuer,
 * a file rosa wrote); else what EKS's pod identity webhook requests.
 */
function audiencesFor(ctx: DocContext, issuer: string): { audiences: string[]; why: string } | undefined {
  const used = ctx.index ? boundAudiences(ctx.index, rolesDefinedBy(ctx.index, ctx.settings, ctx.doc)) : [];
  if (used.length > 0) return { audiences: used, why: 'what the workloads that use this role request' };
  const kind = issuerKind(issuer, ctx.index);
  // A CI service's tokens: its default audience, when it has one.
  if (kind.kind === 'service') return kind.defaultAudience ? { audiences: [kind.defaultAudience.value], why: kind.defaultAudience.why } : undefined;
  const cluster = ctx.index ? clusterOf(ctx.index, ctx.file, ctx.settings) : undefined;
  const rosaFile = ctx.file.fsPath ? rosaFileOf(ctx.file.fsPath) : undefined;
  if (cluster?.flavour.name === FLAVOURS.openshift.name || rosaHostedIssuer(issuer) || rosaFile?.kind === 'operator-role-trust') return { audiences: ['openshift'], why: OPENSHIFT_WHY };
  const webhook = cluster?.flavour.webhookAudience;
  if (webhook) return { audiences: [webhook], why: `what the pod identity webhook of ${cluster!.flavour.name} requests by default` };
  // An issuer of no known cluster or service: what its tokens are requested for is not known.
  if (kind.kind === 'unknown' && !cluster) return undefined;
  return { audiences: ['sts.amazonaws.com'], why: 'what the EKS pod identity webhook requests by default; or the audience your pods request' };
}

export const trustAudMissing: DocRule = {
  id: 'trust-aud-missing',
  description: 'A web-identity trust statement without an `aud` condition accepts tokens of any audience the provider allows.',
  defaultSeverity: 'information',
  kinds: POLICY_KINDS,
  check(ctx) {
    for (const t of trustStatements(ctx)) {
      // Information only: said when the issuer is known, to propose the exact key.
      if (!t.issuer || !t.issuerRef || !isAllow(t.statement) || t.unknownKeys) continue;
      if (conditionsWithClaim(t, 'aud').length > 0) continue;
      const key = `${t.issuer}:aud`;
      const proposal = audiencesFor(ctx, t.issuer);
      const lead = `No "${key}" condition: tokens for any audience that the OIDC provider accepts can assume this role.`;
      if (!proposal) {
        // An audience the user chose (GitLab's id_tokens, Bitbucket's workspace id...): nothing to propose.
        ctx.report({ range: t.issuerRef.node.range, message: `${lead} Add a condition on "${key}" with the audience your tokens are requested for.` });
        continue;
      }
      const { audiences, why } = proposal;
      ctx.report({
        range: t.issuerRef.node.range,
        message: `${lead} Add "${key}": ${audiences.map((a) => `"${a}"`).join(', ')} (${why}).`,
        fixes: [{ title: `Add an aud condition (${audiences.join(', ')})`, edits: { [ctx.file.uri]: [addStringEquals(ctx, t, key, audiences)] } }],
      });
    }
  },
};
