import { ANY_NAME, knownServiceAccounts } from '../../crossFile/knownServiceAccounts';
import { existsWithoutManifest } from '../../crossFile/platformServiceAccounts';
import { isTemplated } from '../../model/templated';
import { nearest } from '../../util/nearest';
import { podIdentityAssociationsOf } from '../../views/podIdentity';
import { ASSOCIATION_KINDS } from '../../crossFile/podIdentityAssociations';
import { DocRule } from '../rule';

/** Terraform that creates Kubernetes objects itself: service accounts the manifests do not show. */
const TERRAFORM_KUBERNETES = /resource\s+"(kubernetes_service_account|kubernetes_service_account_v1|helm_release|kubernetes_manifest)"/;

export const podIdentityServiceAccount: DocRule = {
  id: 'pod-identity-service-account',
  description:
    'An EKS Pod Identity association names a service account that no manifest of its cluster defines or uses, although that cluster has manifests for the namespace: no pod gets the role.',
  defaultSeverity: 'warning',
  kinds: ASSOCIATION_KINDS,
  check(ctx) {
    const index = ctx.index;
    if (!index) return;
    const associations = podIdentityAssociationsOf(ctx.file, ctx.doc);
    if (!associations.length) return;
    if (index.derived('terraform-creates-kubernetes-objects', () => index.docsOfKind('terraform').some(({ file }) => TERRAFORM_KUBERNETES.test(file.text)), ['terraform'])) return;
    const known = knownServiceAccounts(index, ctx.file, ctx.settings);
    for (const association of associations) {
      const { namespace, serviceAccount, serviceAccountNode } = association;
      if (!namespace || !serviceAccount || !serviceAccountNode || isTemplated(namespace) || isTemplated(serviceAccount) || existsWithoutManifest(namespace, serviceAccount)) continue;
      const names = known.get(namespace);
      // A namespace the workspace has no manifests for, one whose names are templated, or one a chart runs an account of its own naming in, says nothing.
      if (!names || names.has(serviceAccount) || names.has(ANY_NAME) || [...names].some((n) => isTemplated(n))) continue;
      const suggestion = nearest(serviceAccount, names);
      ctx.report({
        range: serviceAccountNode.range,
        message:
          `No manifest in the workspace defines or uses service account ${namespace}/${serviceAccount}` +
          `${suggestion ? ` (did you mean ${suggestion}?)` : ` (namespace ${namespace} has ${[...names].sort().join(', ')})`}: ` +
          `${association.describe} gives its role to a service account no pod runs as.`,
      });
    }
  },
};
