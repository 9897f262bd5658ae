import { byProximity, clusterIssuers } from '../../crossFile/clusterFacts';
import { displayPath } from '../../crossFile/display';
import { issuerOfProvider, webIdentityStatements } from '../../crossFile/webIdentityTrust';
import { policiesOf } from '../../views/policy';
import { DocRule, Fix } from '../rule';

/** Issuers that are Kubernetes clusters' (not GitHub Actions, Cognito, ...): the ones this check is about. */
const CLUSTER_ISSUER = /^(oidc\.eks\.[a-z0-9-]+\.amazonaws\.com(\.cn)?\/id\/|[a-z0-9.-]+\.s3[.-]([a-z0-9-]+\.)?amazonaws\.com(\.cn)?(\/|$)|[a-z0-9]+\.cloudfront\.net(\/|$)|rh-oidc|oidc\.op1\.openshiftapps\.com)/i;

export const issuerMismatch: DocRule = {
  id: 'issuer-mismatch',
  description: "A trust policy's OIDC issuer differs from the cluster's service account issuer in the workspace.",
  defaultSeverity: 'error',
  kinds: ['trust-policy', 'iam-role', 'cloudformation'],
  check(ctx) {
    if (!ctx.index) return;
    const issuers = clusterIssuers(ctx.index);
    if (issuers.length === 0) return;
    const known = new Set(issuers.map((i) => i.issuer));
    for (const policy of policiesOf(ctx.file, ctx.doc)) {
      if (policy.role !== 'trust') continue;
      for (const statement of webIdentityStatements(policy)) {
        const trusted = statement.issuer;
        const looksLikeCluster = CLUSTER_ISSUER.test(trusted) || statement.subs.some((c) => c.values.some((v) => v.value.startsWith('system:serviceaccount:')));
        if (known.has(trusted) || !looksLikeCluster) continue;
        const cluster = byProximity(ctx.file, issuers)[0];
        const federated = statement.statement.principals.find((p) => p.type === 'Federated' && issuerOfProvider(p.value) === trusted)!;
        const edits = [ctx.edit(federated.node.range, policy.encode(JSON.stringify(federated.value.replace(trusted, cluster.issuer))))];
        for (const c of statement.statement.conditions) {
          if (c.key.startsWith(`${trusted}:`)) edits.push(ctx.edit(c.keyPair.keyRange, policy.encode(JSON.stringify(cluster.issuer + c.key.slice(trusted.length)))));
        }
        const fix: Fix = { title: `Trust the cluster's issuer ${cluster.issuer}`, isPreferred: true, edits: { [ctx.file.uri]: edits } };
        ctx.report({
          range: federated.node.range,
          message:
            `This trust policy trusts the issuer ${trusted}, but the cluster's service account issuer is ${cluster.url} (${cluster.source}, ${displayPath(ctx.file, cluster.file)}): ` +
            `the cluster's tokens carry iss ${cluster.url}, so STS answers "No OpenIDConnect provider found" or AccessDenied. Rewrite the provider ARN and condition keys to ${cluster.issuer}.`,
          fixes: [fix],
          related: [{ uri: cluster.file.uri, range: cluster.file.rangeOf(cluster.range), message: `the cluster's serviceAccountIssuer` }],
        });
      }
    }
  },
};
