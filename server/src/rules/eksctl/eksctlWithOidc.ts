import { isMap, isScalar } from '../../model/node';
import { eksctlClusterView } from '../../views/eksctlCluster';
import { insertLineAfter } from '../edits';
import { columnOf } from '../manifests/yamlInsert';
import { DocRule, Fix } from '../rule';

/** What eksctl answers (its ClusterConfig validation) for service accounts without withOIDC. */
const EKSCTL_ERROR = 'iam.withOIDC must be enabled explicitly for iam.serviceAccounts to be created';

export const eksctlWithOidc: DocRule = {
  id: 'eksctl-with-oidc',
  description: 'An eksctl ClusterConfig lists iam.serviceAccounts but iam.withOIDC is not true: eksctl refuses the file.',
  defaultSeverity: 'error',
  kinds: ['eksctl-cluster'],
  check(ctx) {
    const cluster = eksctlClusterView(ctx.root);
    const list = cluster.serviceAccountsPair;
    if (!list || cluster.serviceAccounts.length === 0 || cluster.oidcEnabled) return;
    const written = cluster.withOIDC?.value;
    // Only `false` or no value is certain: a string or placeholder is left to eksctl.
    if (written && !(isScalar(written) && written.value === false)) return;
    const consequence = `eksctl refuses the file ("${EKSCTL_ERROR}"): without the cluster's IAM OIDC provider no role can trust its service account tokens.`;
    let fix: Fix | undefined;
    if (written) {
      fix = { title: 'Set withOIDC: true', isPreferred: true, edits: { [ctx.file.uri]: [ctx.edit(written.range, 'true')] } };
    } else if (cluster.iam && isMap(cluster.iam.value) && ctx.file.text[cluster.iam.value.range[0]] !== '{') {
      // Above serviceAccounts, at its column: where eksctl's examples put it.
      const line = ' '.repeat(columnOf(ctx, list.keyStart)) + 'withOIDC: true';
      fix = { title: 'Add withOIDC: true', isPreferred: true, edits: { [ctx.file.uri]: [insertLineAfter(ctx, cluster.iam.keyStart, line)] } };
    }
    ctx.report({
      range: written ? written.range : list.keyRange,
      message: written
        ? `iam.withOIDC is false while iam.serviceAccounts lists ${cluster.serviceAccounts.length} service account(s): ${consequence}`
        : `iam.serviceAccounts needs iam.withOIDC: true, and withOIDC is not set (eksctl takes false): ${consequence}`,
      fixes: fix ? [fix] : [],
    });
  },
};
