import { byProximity, clusterIssuers } from '../../crossFile/clusterFacts';
import { inScope } from '../../crossFile/clusterScope';
import { displayPath } from '../../crossFile/display';
import { providerIssuer, webIdentityStatements } from '../../crossFile/webIdentityTrust';
import { templateAdmits } from '../../model/templated';
import { policiesOf } from '../../views/policy';
import { rosaHostedIssuer } from '../../views/rosa';
import { DocRule, Fix } from '../rule';

/** Issuers that are Kubernetes clusters' (not GitHub Actions, Cognito, ...): the ones this check is about. */
const CLUSTER_ISSUER = /^(oidc\.eks\.[a-z0-9-]+\.amazonaws\.com(\.cn)?\/id\/|[a-z0-9.-]+\.s3[.-]([a-z0-9-]+\.)?amazonaws\.com(\.cn)?(\/|$)|[a-z0-9]+\.cloudfront\.net(\/|$)|rh-oidc|oidc\.op1\.openshiftapps\.com)/i;

const EKS_ISSUER = /^oidc\.eks\.[a-z0-9-]+\.amazonaws\.com(\.cn)?\/id\//i;

export const issuerMismatch: DocRule = {
  id: 'issuer-mismatch',
  description: "A trust policy's OIDC issuer differs from the service account issuer of its cluster (the nearest cluster definition).",
  defaultSeverity: 'error',
  kinds: ['trust-policy', 'iam-role', 'cloudformation'],
  check(ctx) {
    if (!ctx.index) return;
    // Only the issuers of this file's cluster: a repository may hold several clusters, each with its own issuer.
    const all = clusterIssuers(ctx.index);
    const issuers = inScope(ctx.index, ctx.settings, ctx.file, all);
    if (issuers.length === 0) return;
    const known = new Set(all.filter((i) => !i.templated).map((i) => i.issuer));
    const templated = all.filter((i) => i.templated);
    const mine = new Set(issuers.map((i) => i.issuer));
    for (const policy of policiesOf(ctx.file, ctx.doc)) {
      if (policy.role !== 'trust') continue;
      const statements = webIdentityStatements(policy);
      // A role that trusts this cluster's issuer in one statement and another issuer in the next (a cluster being
      // replaced, or one role for two clusters) works here: the other statement is about a cluster not in the workspace.
      if (statements.some((s) => s.issuer !== undefined && mine.has(s.issuer))) continue;
      for (const statement of statements) {
        const trusted = statement.issuer;
        // A templated issuer is unknown: no mismatch can be claimed. EKS hosts its clusters' issuers itself: no
        // Authentication, kops Cluster or discovery document is an EKS cluster, so comparing with one compares two clusters.
        if (trusted === undefined || EKS_ISSUER.test(trusted)) continue;
        const looksLikeCluster = CLUSTER_ISSUER.test(trusted) || statement.subs.some((c) => c.values.some((v) => v.value.startsWith('system:serviceaccount:')));
        if (known.has(trusted) || !looksLikeCluster) continue;
        // A templated cluster issuer may be this one once filled in: no mismatch can be claimed.
        if (templated.some((i) => templateAdmits(i.issuer, trusted))) continue;
        // A Red Hat-hosted ROSA issuer belongs to a ROSA cluster: only another hosted issuer of the workspace can be its cluster's.
        const concrete = issuers.filter((i) => !i.templated);
        const candidates = rosaHostedIssuer(trusted) ? concrete.filter((i) => rosaHostedIssuer(i.issuer)) : concrete;
        const cluster = byProximity(ctx.file, candidates)[0];
        if (!cluster) continue;
        const federated = statement.statement.principals.find((p) => p.type === 'Federated' && providerIssuer(p.value) === trusted)!;
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
