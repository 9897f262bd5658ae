import { byProximity, oidcProviders } from '../../crossFile/clusterFacts';
import { ANY_FLAVOUR_CLIENT_IDS, clusterOf, FLAVOURS, inScope } from '../../crossFile/clusterScope';
import { displayPath } from '../../crossFile/display';
import { bindingsForServiceAccount } from '../../crossFile/operatorRoles';
import { roleReferences } from '../../crossFile/roleReferences';
import { trustSourceFor } from '../../crossFile/trustSources';
import { admits, webIdentityStatements } from '../../crossFile/webIdentityTrust';
import { isScalar, OffsetRange, str } from '../../model/node';
import { isTemplated, templateAdmits } from '../../model/templated';
import { clusterServiceVersionView } from '../../views/clusterServiceVersion';
import { serviceAccountNameOf, serviceAccountView } from '../../views/serviceAccount';
import { webIdentityFacts } from '../../views/webIdentity';
import { fileSource, tokenAt, TokenSource, workloadView, WorkloadView } from '../../views/workload';
import { folderFacts } from '../../workspace/folderFacts';
import { replaceScalar } from '../edits';
import { Severity } from '../../settings';
import { DocContext, DocRule, Fix } from '../rule';

/** What the EKS pod identity webhook requests by default (kops runs it with "amazonaws.com"). */
const WEBHOOK_DEFAULT_AUDIENCE = FLAVOURS.eks.webhookAudience;

export const tokenAudienceMismatch: DocRule = {
  id: 'token-audience-mismatch',
  description: "The audience a workload's (or an OLM operator's) token requests is not accepted by the role's trust policy or the OIDC provider's client ID list.",
  defaultSeverity: 'error',
  kinds: ['workload', 'service-account', 'cluster-service-version'],
  check(ctx) {
    if (!ctx.index) return;
    const roles = roleReferences(ctx.index, ctx.file, ctx.doc).map((r) => r.roleName);
    if (ctx.doc.kind === 'service-account') {
      const sa = serviceAccountView(ctx.root);
      if (!sa.roleArn) return;
      const written = sa.audience && isScalar(sa.audience.value) ? sa.audience.value : undefined;
      const webhook = clusterOf(ctx.index, ctx.file, ctx.settings)?.flavour;
      const known = webhook?.webhookAudience;
      const audience = str(written) ?? known ?? WEBHOOK_DEFAULT_AUDIENCE;
      const lead = written ? 'The eks.amazonaws.com/audience annotation asks for' : known ? `The pod identity webhook ${webhook!.name} deploys requests tokens for` : 'The pod identity webhook, by default, requests tokens for';
      // An audience neither written nor known from the cluster definition is a guess: never an error on a guess.
      checkAudience(ctx, audience, written?.range ?? sa.roleArn.value.range, roles, written !== undefined, lead, written || known ? undefined : 'information');
      return;
    }
    if (ctx.doc.kind === 'cluster-service-version') {
      const csv = clusterServiceVersionView(ctx.root);
      for (const deployment of csv.deployments) checkOperatorTokens(ctx, deployment.workload, csv.namespace, new Set());
      return;
    }
    const workload = workloadView(ctx.root);
    if (!workload) return;
    const seen = new Set<unknown>();
    for (const use of webIdentityFacts(workload, folderFacts(ctx.workspace, ctx.file)).uses) {
      const audience = use.token?.audience;
      if (!audience || !isScalar(audience.value) || seen.has(audience)) continue;
      seen.add(audience);
      const value = str(audience.value);
      if (value) checkAudience(ctx, value, audience.value.range, roles, true, 'The token requests audience');
    }
    checkOperatorTokens(ctx, workload, workload.namespace, seen);
  },
};

/**
 * An operator on an STS cluster reads the token at its CredentialsRequest's
 * cloudTokenPath (the Secret the Cloud Credential Operator writes names it):
 * the token its pod projects there must carry an audience the role accepts.
 */
function checkOperatorTokens(ctx: DocContext, workload: WorkloadView, namespace: string | undefined, seen: Set<unknown>): void {
  const bindings = bindingsForServiceAccount(ctx.index!, namespace, serviceAccountNameOf(workload));
  for (const binding of bindings) {
    for (const container of workload.containers) {
      const source = fileSource(workload, container, binding.tokenPath);
      const token: TokenSource | undefined = source ? tokenAt(source.volume, source.relative) : undefined;
      const audience = token?.audience;
      if (!audience || !isScalar(audience.value) || seen.has(audience)) continue;
      seen.add(audience);
      const value = str(audience.value);
      if (value) checkAudience(ctx, value, audience.value.range, [binding.roleName], true, `The operator's token (${binding.tokenPath}, for role ${binding.roleName} of ${binding.via.describe}) requests audience`);
    }
  }
}

/**
 * The client IDs of the OIDC provider for the role's issuer: its definition in
 * the workspace, else what the tooling of the file's cluster creates. Undefined
 * when neither is known.
 */
function providerAccepting(ctx: DocContext, issuers: string[]): { clientIds: string[]; what: string } | undefined {
  const index = ctx.index!;
  const defined = inScope(index, ctx.settings, ctx.file, oidcProviders(index)).find((p) => issuers.includes(p.issuer));
  if (defined) return { clientIds: defined.clientIds, what: `its OIDC provider (${displayPath(ctx.file, defined.file)})` };
  const cluster = clusterOf(index, ctx.file, ctx.settings);
  if (cluster?.flavour.clientIds) return { clientIds: cluster.flavour.clientIds, what: `the OIDC provider ${cluster.flavour.name} creates` };
  return undefined;
}

function checkAudience(ctx: DocContext, audience: string, range: OffsetRange, roles: string[], editable: boolean, lead: string, severity?: Severity): void {
  const index = ctx.index!;
  // A templated audience is unknown until it is filled in.
  if (isTemplated(audience)) return;
  const issuers = new Set<string>();
  let unknownProvider = false;
  for (const roleName of roles) {
    const source = trustSourceFor(index, ctx.settings, roleName, ctx.file);
    if (!source) continue;
    for (const s of webIdentityStatements(source.policy)) {
      if (s.issuer === undefined) unknownProvider = true;
      else issuers.add(s.issuer);
    }
    const admission = admits(source.policy, 'aud', audience);
    if (admission.admitted || !admission.constrained) continue;
    const accepted = [...new Set(admission.values.map((v) => v.value))];
    // A trust that requires an audience the role's OIDC provider never accepts is the side to fix (a typo such as "sts.amazon.com").
    const provider = providerAccepting(ctx, [...issuers]);
    const trustIsWrong = provider !== undefined && accepts(provider.clientIds, audience) && !accepted.some((a) => accepts(provider.clientIds, a));
    // Without the provider's client IDs: a required audience no cluster tooling uses, against one they do, may be the trust's typo.
    const either = !provider && accepts(ANY_FLAVOUR_CLIENT_IDS, audience) && !accepted.some((a) => accepts(ANY_FLAVOUR_CLIENT_IDS, a));
    const requires = `${lead} "${audience}", but the trust policy of role ${roleName} (${displayPath(ctx.file, source.file)}) requires aud ${accepted.map((a) => `"${a}"`).join(' or ')}`;
    ctx.report({
      range,
      severity,
      message: trustIsWrong
        ? `${requires}, which ${provider.what} does not accept (it accepts ${quoted(provider.clientIds)}): no token can assume the role. Change the trust policy's aud condition to "${audience}".`
        : either
          ? `${requires}: AssumeRoleWithWebIdentity fails with AccessDenied. Request "${accepted[0]}" if your OIDC provider accepts it; else the trust policy's aud condition is the one to change, to "${audience}".`
          : `${requires}: AssumeRoleWithWebIdentity fails with AccessDenied. Request "${accepted[0]}" instead.`,
      fixes: editable && !trustIsWrong && !either ? setAudience(ctx, range, accepted[0]) : [],
      related: admission.values.map((v) => ({ uri: source.file.uri, range: source.file.rangeOf(v.node.range), message: `aud condition of ${roleName}` })),
    });
    return;
  }
  // The role trusts a templated provider: which provider, hence which client IDs, is unknown.
  if (unknownProvider) return;
  const allProviders = oidcProviders(index);
  const providers = inScope(index, ctx.settings, ctx.file, allProviders);
  // A file of no cluster in a workspace of several clusters' providers: which one applies is a guess.
  if (providers.length === 0 && allProviders.length > 0 && !clusterOf(index, ctx.file, ctx.settings)) return;
  const matching = providers.filter((p) => issuers.has(p.issuer));
  // Without the role's trust policy its provider is unknown: judge only when no provider of the workspace would accept.
  if (issuers.size === 0 && providers.some((p) => accepts(p.clientIds, audience))) return;
  const provider = matching[0] ?? (issuers.size === 0 ? byProximity(ctx.file, providers)[0] : undefined);
  if (!provider && providers.length > 0) return; // the role's provider is defined elsewhere
  if (provider) {
    if (accepts(provider.clientIds, audience)) return;
    ctx.report({
      range,
      severity,
      message:
        `${lead} "${audience}", but the OIDC provider for ${provider.issuer} (${displayPath(ctx.file, provider.file)}) accepts only ${quoted(provider.clientIds)}: ` +
        `STS answers "InvalidIdentityToken: Incorrect token audience". Request one of those, or add "${audience}" to the provider's client IDs.`,
      fixes: editable && provider.clientIds.length > 0 ? setAudience(ctx, range, provider.clientIds[0]) : [],
      related: [{ uri: provider.file.uri, range: provider.file.rangeOf(provider.range), message: 'the provider\'s ClientIDList' }],
    });
    return;
  }
  // No provider definition: the defaults of the cluster's flavour, never an error (the provider may have been made by hand).
  const cluster = clusterOf(index, ctx.file, ctx.settings);
  const flavourIds = cluster?.flavour.clientIds;
  const accepted = flavourIds ?? ANY_FLAVOUR_CLIENT_IDS;
  if (accepts(accepted, audience)) return;
  ctx.report({
    range,
    severity: flavourIds ? 'warning' : 'information',
    message: cluster?.file && flavourIds
      ? `${lead} "${audience}", but the OIDC provider that ${cluster.flavour.name} creates for this cluster (${displayPath(ctx.file, cluster.file)}) accepts ${quoted(accepted)}, and the workspace holds no provider definition for it: ` +
        `STS would answer "InvalidIdentityToken: Incorrect token audience". Request one of those, or make sure the provider lists "${audience}".`
      : `${lead} "${audience}". No OIDC provider definition is in the workspace; the providers that kops, eksctl, ccoctl and ROSA create accept ${quoted(accepted)}. ` +
        `If this cluster's provider does not list "${audience}", STS answers "InvalidIdentityToken: Incorrect token audience".`,
    fixes: editable ? setAudience(ctx, range, accepted.includes('sts.amazonaws.com') ? 'sts.amazonaws.com' : accepted[0]) : [],
  });
}

/** A client ID list admits an audience; a templated client ID admits what it may become. */
function accepts(clientIds: ReadonlyArray<string>, audience: string): boolean {
  return clientIds.some((id) => templateAdmits(id, audience));
}

function quoted(values: string[]): string {
  return values.map((a) => `"${a}"`).join(', ');
}

function setAudience(ctx: DocContext, range: OffsetRange, audience: string): Fix[] {
  return [{ title: `Set the audience to ${audience}`, isPreferred: true, edits: { [ctx.file.uri]: [replaceScalar(ctx, { range }, audience)] } }];
}
