import { get, isMap, isScalar, isSeq, MapNode, pairOf, ScalarNode, SNode, str } from '../../model/node';
import { isTemplated, literalPrefix } from '../../model/templated';
import { yaml11Difference } from '../../model/yaml11';
import { issuerUrlProblem } from '../../views/issuerUrl';
import { replaceScalar } from '../edits';
import { DocContext, DocRule } from '../rule';
import { appendMapKey } from './yamlInsert';

/** Audiences that belong to STS, not to the API server. */
const STS_AUDIENCES = ['sts.amazonaws.com', 'openshift'];

export const serviceAccountIssuer: DocRule = {
  id: 'service-account-issuer',
  description: 'The cluster\'s service-account issuer (OpenShift Authentication, kops Cluster) cannot work for web identity: not a plain https URL, trailing slash, wrong Authentication name, or IRSA enabled without a public issuer and OIDC provider.',
  defaultSeverity: 'error',
  kinds: ['authentication', 'kops-cluster'],
  check(ctx) {
    if (ctx.doc.kind === 'authentication') checkAuthentication(ctx);
    else checkKops(ctx);
  },
};

function checkAuthentication(ctx: DocContext): void {
  const name = get(ctx.root, 'metadata', 'name');
  const nameText = str(name);
  if (isScalar(name) && nameText !== 'cluster') {
    ctx.report({
      range: name.range,
      message: `Authentication "${nameText ?? ''}" is ignored: OpenShift reads only the Authentication named "cluster", so its serviceAccountIssuer never reaches the API server and tokens keep the default issuer. Rename it to cluster.`,
      fixes: [{ title: 'Rename to cluster', isPreferred: true, edits: { [ctx.file.uri]: [replaceScalar(ctx, name, 'cluster')] } }],
    });
  }
  checkIssuer(ctx, get(ctx.root, 'spec', 'serviceAccountIssuer'), 'spec.serviceAccountIssuer');
}

function checkIssuer(ctx: DocContext, node: SNode | undefined, field: string): void {
  const url = str(node);
  // An empty issuer asks for the cluster's default: valid, just not web identity.
  if (!isScalar(node) || url === undefined || url === '') return;
  const problem = issuerUrlProblem(url);
  if (!problem) return;
  const advice = problem.fixed !== undefined ? `Use "${problem.fixed}".` : 'Use the https URL the discovery document is served from, e.g. https://<bucket>.s3.<region>.amazonaws.com.';
  ctx.report({
    range: node.range,
    message: `${field} "${url}" ${problem.reason}: tokens carry the issuer verbatim in iss and STS compares it literally with the IAM OIDC provider's URL, so AssumeRoleWithWebIdentity fails with "No OpenIDConnect provider found in your account for ${url}". ${advice}`,
    fixes: problem.fixed !== undefined ? [{ title: `Use ${problem.fixed}`, isPreferred: true, edits: { [ctx.file.uri]: [replaceScalar(ctx, node, problem.fixed)] } }] : undefined,
  });
}

function checkKops(ctx: DocContext): void {
  const spec = get(ctx.root, 'spec');
  const apiServer = get(spec, 'kubeAPIServer');
  const manualIssuer = get(apiServer, 'serviceAccountIssuer');
  checkIssuer(ctx, manualIssuer, 'kubeAPIServer.serviceAccountIssuer');
  const discovery = pairOf(spec, 'serviceAccountIssuerDiscovery');
  const store = get(discovery?.value, 'discoveryStore');
  const service = get(discovery?.value, 'discoveryService');
  const serviceUrl = get(service, 'url');
  checkIssuer(ctx, serviceUrl, 'serviceAccountIssuerDiscovery.discoveryService.url');
  checkStore(ctx, store, service);
  const enable = get(discovery?.value, 'enableAWSOIDCProvider');
  const enabled = isTrue(ctx, enable);
  const hasStore = !!str(store) || isMap(service);
  if (enabled && !hasStore) {
    ctx.report({
      range: enable!.range,
      message: 'enableAWSOIDCProvider is true but serviceAccountIssuerDiscovery has no discoveryStore: kops refuses the cluster ("AWS OIDC Provider requires a discoveryStore or discoveryService to be set"). Add discoveryStore: s3://<publicly readable bucket>.',
    });
  }
  checkIrsaPrerequisites(ctx, spec, { discovery, enable, enabled, hasStore, manualIssuer: !!str(manualIssuer) });
  checkApiAudiences(ctx, get(apiServer, 'apiAudiences'));
}

function checkStore(ctx: DocContext, store: SNode | undefined, service: SNode | undefined): void {
  const value = str(store);
  // A templated store (`${DISCOVERY_STORE}`) is unknown unless its literal start names the scheme.
  if (!isScalar(store) || !value || (isTemplated(value) && !/^[a-z0-9]+:\/\//i.test(literalPrefix(value)))) return;
  if (service !== undefined) {
    ctx.report({ range: store.range, message: 'serviceAccountIssuerDiscovery sets both discoveryStore and discoveryService: kops accepts only one of them. Remove one.' });
    return;
  }
  const s3 = /^s3:\/\/([^/]+)/i.exec(value);
  if (s3 && s3[1].includes('.')) {
    ctx.report({
      range: store.range,
      message: `discoveryStore bucket "${s3[1]}" contains dots: the issuer would be https://${s3[1]}.s3.<region>.amazonaws.com, which S3's wildcard certificate does not cover, so STS cannot fetch the keys (kops refuses it: "Bucket name cannot contain dots"). Use a bucket name without dots.`,
    });
  } else if (!s3 && !/^gs:\/\//i.test(value)) {
    ctx.report({ range: store.range, message: `discoveryStore "${value}" is not an s3:// path: kops publishes the issuer's discovery documents only to a bucket ("S3 is the only supported VFS for discoveryStore"). Use s3://<publicly readable bucket>.` });
  }
}

interface DiscoveryFacts {
  discovery: ReturnType<typeof pairOf>;
  enable: SNode | undefined;
  enabled: boolean;
  hasStore: boolean;
  manualIssuer: boolean;
}

/**
 * The pod identity webhook and kops' own addon roles need a public issuer
 * and an IAM OIDC provider for it. A hand-set kubeAPIServer.serviceAccountIssuer
 * is the self-hosted setup, whose provider is created outside kops: left alone.
 */
function checkIrsaPrerequisites(ctx: DocContext, spec: SNode | undefined, facts: DiscoveryFacts): void {
  // A templated enableAWSOIDCProvider (`${ENABLE_OIDC}`) may well be true once filled in.
  if (facts.enabled || facts.manualIssuer || (isScalar(facts.enable) && typeof facts.enable.value === 'string' && isTemplated(facts.enable.value))) return;
  const webhook = get(spec, 'podIdentityWebhook', 'enabled');
  const external = get(spec, 'iam', 'useServiceAccountExternalPermissions');
  const trigger = isTrue(ctx, webhook) ? { node: webhook!, what: 'podIdentityWebhook.enabled' } : isTrue(ctx, external) ? { node: external!, what: 'iam.useServiceAccountExternalPermissions' } : undefined;
  if (!trigger) return;
  if (!facts.hasStore) {
    ctx.report({
      range: trigger.node.range,
      severity: 'warning',
      message: `${trigger.what} is true but the cluster has no serviceAccountIssuerDiscovery: the issuer stays the API server's own address, which STS cannot reach, and kops creates no IAM OIDC provider, so every role assumption fails ("No OpenIDConnect provider found"). Add spec.serviceAccountIssuerDiscovery with discoveryStore: s3://<publicly readable bucket> and enableAWSOIDCProvider: true.`,
    });
    return;
  }
  const discovery = facts.discovery!;
  const fix = isScalar(facts.enable)
    ? replaceScalar(ctx, facts.enable as ScalarNode, 'true')
    : isMap(discovery.value) && !isFlow(ctx, discovery.value)
      ? appendMapKey(ctx, discovery.value, 'enableAWSOIDCProvider', [], 'true')
      : undefined;
  ctx.report({
    range: isScalar(facts.enable) ? facts.enable.range : discovery.keyRange,
    severity: 'warning',
    message: `${trigger.what} is true but serviceAccountIssuerDiscovery does not set enableAWSOIDCProvider: true: kops publishes the issuer but creates no IAM OIDC provider for it, so unless one is created by hand every role assumption fails ("No OpenIDConnect provider found"). Set enableAWSOIDCProvider: true.`,
    fixes: fix ? [{ title: 'Set enableAWSOIDCProvider: true', isPreferred: true, edits: { [ctx.file.uri]: [fix] } }] : undefined,
  });
}

/** apiAudiences only decides which tokens the API server accepts; STS never sees it. */
function checkApiAudiences(ctx: DocContext, audiences: SNode | undefined): void {
  if (!isSeq(audiences)) return;
  for (const item of audiences.items) {
    const value = str(item);
    if (!value || !STS_AUDIENCES.includes(value)) continue;
    ctx.report({
      range: item.range,
      severity: 'information',
      message: `apiAudiences "${value}" is not needed for web identity: apiAudiences only governs tokens presented to the API server, and a projected token may request any audience. Listing it here lets tokens minted for STS authenticate to the API server too; the audience STS checks is the token's own (projected volume audience or eks.amazonaws.com/audience).`,
    });
  }
}

/** True as kops reads it: its YAML reader is YAML 1.1, so `yes`, `on`, `y`... are true too. */
function isTrue(ctx: DocContext, node: SNode | undefined): boolean {
  return isScalar(node) && (node.value === true || yaml11Difference(node, ctx.file.text)?.yaml11 === true);
}

function isFlow(ctx: DocContext, map: MapNode): boolean {
  return ctx.file.text.slice(map.range[0], map.range[1]).startsWith('{');
}
