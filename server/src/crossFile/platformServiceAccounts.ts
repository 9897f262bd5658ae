/**
 * Service accounts that exist on a cluster without any manifest of the
 * repository defining them, so their absence from the workspace proves
 * nothing:
 * - `default`: the ServiceAccount controller creates it in every namespace,
 *   and every pod without a serviceAccountName runs as it;
 * - anything in `kube-system`: the control plane, the cluster installer (EKS,
 *   kops) and the add-ons put their own service accounts there (the VPC CNI's
 *   `aws-node`, the EBS CSI driver's `ebs-csi-controller-sa`, coredns, ...),
 *   and charts installed with Helm values add more;
 * - the service accounts EKS add-ons create in their own namespaces, whose IRSA
 *   role's trust policy the user writes (the CloudWatch Observability add-on's
 *   `amazon-cloudwatch/cloudwatch-agent`);
 * - on OpenShift, `builder` and `deployer`, which its controller manager
 *   creates in every namespace beside `default`.
 */
export function existsWithoutManifest(namespace: string, name: string, cluster?: { openshift: boolean }): boolean {
  if (cluster?.openshift && OPENSHIFT_ACCOUNTS.has(name)) return true;
  return name === 'default' || namespace === 'kube-system' || ADD_ON_ACCOUNTS.has(`${namespace}/${name}`);
}

const OPENSHIFT_ACCOUNTS = new Set(['builder', 'deployer']);

const ADD_ON_ACCOUNTS = new Set(['amazon-cloudwatch/cloudwatch-agent']);
