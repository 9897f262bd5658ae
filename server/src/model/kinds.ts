import { get, getStr, isMap, isSeq, SNode, str } from './node';
import type { FileFormat } from './parsedFile';

/**
 * Every document kind sts-lens understands. Detection is by content (kind and
 * apiVersion for manifests, characteristic keys for JSON), with the file name
 * as a tie-breaker only for install-config, which has no `kind`.
 */
export type DocKind =
  | 'install-config'
  | 'credentials-request'
  | 'workload'
  | 'service-account'
  | 'secret'
  | 'namespace'
  | 'authentication'
  | 'kops-cluster'
  | 'trust-policy'
  | 'permission-policy'
  | 'iam-role'
  | 'iam-role-policy'
  | 'cloudformation'
  | 'oidc-discovery'
  | 'jwks'
  | 'identity-provider'
  | 'subscription'
  | 'cluster-service-version'
  /** A Terraform file (`.tf`): IAM roles, policies, OIDC providers, the IRSA module. */
  | 'terraform'
  /** An eksctl ClusterConfig (`eksctl.io/v1alpha5`): IRSA service accounts, pod identity associations. */
  | 'eksctl-cluster'
  /** An ACK PodIdentityAssociation (eks.services.k8s.aws): an EKS Pod Identity association as a Kubernetes object. */
  | 'pod-identity-association'
  /** A Kustomize `kustomization.yaml` (or `Kustomization`): resources, namespace, name prefix/suffix, patches. */
  | 'kustomization'
  /** A Helm release for a GitOps controller: a Flux HelmRelease or an Argo CD Application, with its inline values. */
  | 'helm-release'
  | 'unknown';

/** Kinds whose pod template lives at a known path. */
export const WORKLOAD_KINDS: Record<string, ReadonlyArray<string>> = {
  Pod: ['spec'],
  PodTemplate: ['template', 'spec'],
  Deployment: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  ReplicaSet: ['spec', 'template', 'spec'],
  ReplicationController: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
  DeploymentConfig: ['spec', 'template', 'spec'],
};

/** API groups of the kinds above (a custom resource may share a kind name: Volcano's `batch.volcano.sh` Job). */
const WORKLOAD_API = /^(v1|apps\/|batch\/|extensions\/|apps\.openshift\.io\/)/;

/** The PodSpec of a workload document, including pod templates of kinds we do not list. */
export function podSpecPath(root: SNode | undefined): ReadonlyArray<string> | undefined {
  const kind = getStr(root, 'kind');
  const apiVersion = getStr(root, 'apiVersion');
  if (kind && WORKLOAD_KINDS[kind] && (apiVersion === undefined || WORKLOAD_API.test(apiVersion))) return WORKLOAD_KINDS[kind];
  if (isSeq(get(root, 'spec', 'template', 'spec', 'containers'))) return ['spec', 'template', 'spec'];
  return undefined;
}

/** The file names kustomize looks for in a folder, in its order of preference. */
export const KUSTOMIZATION_NAMES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'] as const;
export const KUSTOMIZATION_FILE = /(^|[\\/])(kustomization\.ya?ml|Kustomization)$/;

export function detectKind(root: SNode | undefined, format: FileFormat, path: string): DocKind {
  if (format === 'hcl' || /\.tf\.json$/i.test(path)) return isMap(root) ? 'terraform' : 'unknown';
  if (!isMap(root)) return 'unknown';
  const kind = getStr(root, 'kind');
  const apiVersion = getStr(root, 'apiVersion') ?? '';
  if (kind) return manifestKind(root, kind, apiVersion);
  // kustomize reads a file of this name whether or not it says its kind.
  if (KUSTOMIZATION_FILE.test(path)) return 'kustomization';
  if (apiVersion === 'v1' || /(^|\/)install-config[^/]*\.ya?ml$/i.test(path)) {
    if (get(root, 'baseDomain') || get(root, 'pullSecret') || get(root, 'controlPlane') || get(root, 'compute') || get(root, 'platform')) {
      return 'install-config';
    }
  }
  return jsonShapeKind(root, format, path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1));
}

function manifestKind(root: SNode, kind: string, apiVersion: string): DocKind {
  switch (kind) {
    case 'CredentialsRequest':
      return 'credentials-request';
    case 'ServiceAccount':
      return 'service-account';
    case 'Secret':
      return 'secret';
    case 'Namespace':
    case 'Project':
      return 'namespace';
    case 'Authentication':
      return apiVersion.startsWith('config.openshift.io/') ? 'authentication' : 'unknown';
    case 'Cluster':
      return apiVersion.startsWith('kops.k8s.io/') ? 'kops-cluster' : 'unknown';
    case 'ClusterConfig':
      return apiVersion.startsWith('eksctl.io/') ? 'eksctl-cluster' : 'unknown';
    case 'Subscription':
      return apiVersion.startsWith('operators.coreos.com/') ? 'subscription' : 'unknown';
    case 'PodIdentityAssociation':
      return apiVersion.startsWith('eks.services.k8s.aws/') ? 'pod-identity-association' : 'unknown';
    case 'Kustomization':
      return apiVersion.startsWith('kustomize.config.k8s.io/') ? 'kustomization' : 'unknown';
    case 'ClusterServiceVersion':
      return apiVersion.startsWith('operators.coreos.com/') ? 'cluster-service-version' : 'unknown';
    case 'HelmRelease':
      return apiVersion.startsWith('helm.toolkit.fluxcd.io/') ? 'helm-release' : 'unknown';
    case 'Application':
      return apiVersion.startsWith('argoproj.io/') ? 'helm-release' : 'unknown';
  }
  return podSpecPath(root) ? 'workload' : 'unknown';
}

function jsonShapeKind(root: SNode, format: FileFormat, fileName: string): DocKind {
  if (get(root, 'AssumeRolePolicyDocument') !== undefined && (get(root, 'RoleName') !== undefined || format === 'json')) return 'iam-role';
  if (get(root, 'PolicyDocument') !== undefined && get(root, 'PolicyName') !== undefined) return 'iam-role-policy';
  if (get(root, 'AWSTemplateFormatVersion') !== undefined || hasAwsResources(get(root, 'Resources'))) return 'cloudformation';
  if (get(root, 'Statement') !== undefined) return isTrustPolicy(root, fileName) ? 'trust-policy' : 'permission-policy';
  if (str(get(root, 'issuer')) !== undefined && get(root, 'jwks_uri') !== undefined) return 'oidc-discovery';
  const keys = get(root, 'keys');
  if (isSeq(keys) && keys.items.some((k) => get(k, 'kty') !== undefined)) return 'jwks';
  if (get(root, 'Url') !== undefined && get(root, 'ClientIDList') !== undefined) return 'identity-provider';
  return 'unknown';
}

function hasAwsResources(resources: SNode | undefined): boolean {
  return isMap(resources) && resources.pairs.some((p) => /^AWS::/.test(getStr(p.value, 'Type') ?? ''));
}

/** A policy whose statements name a Principal and an sts:AssumeRole* action is a role's trust policy. */
/** A file name that says it holds a trust policy (`app-trust.json`, `assume-role-policy.json`). */
const TRUST_FILE_NAME = /trust|assume/i;

/**
 * Whether a policy is a role's trust policy: a statement names a Principal and
 * an sts action (or, with actions a tool fills in later, names a Principal
 * and no resource). A statement with a Resource is a resource-based policy
 * that happens to govern STS (a resource control policy, an STS endpoint
 * policy), unless the file's name says it is a trust policy written with a
 * Resource by mistake, which the trust checks then report.
 */
export function isTrustPolicy(policy: SNode | undefined, fileName?: string): boolean {
  const statement = get(policy, 'Statement');
  const statements = isSeq(statement) ? statement.items : statement ? [statement] : [];
  const namedTrust = fileName !== undefined && TRUST_FILE_NAME.test(fileName);
  return statements.some((s) => {
    if (get(s, 'Principal') === undefined && get(s, 'NotPrincipal') === undefined) return false;
    const hasResource = get(s, 'Resource') !== undefined || get(s, 'NotResource') !== undefined;
    if (hasResource && !namedTrust) return false;
    const action = get(s, 'Action');
    const actions = isSeq(action) ? action.items.map(str) : [str(action)];
    if (actions.some((a) => a !== undefined && /^sts:(AssumeRole|TagSession|SetSourceIdentity|\*)/i.test(a))) return true;
    // Actions a tool fills in later (Terraform's `actions = var.x`): naming who may act without a resource is a trust
    // statement, since a resource-based policy names its resource.
    const unknownActions = action !== undefined && actions.every((a) => a !== undefined && a.includes('${'));
    return unknownActions && !hasResource;
  });
}
