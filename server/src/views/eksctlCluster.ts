import { memoized } from '../model/memo';
import { isTrueYaml11 } from '../model/yaml11';
import { get, getStr, isMap, isScalar, isSeq, MapNode, Pair, pairOf, ScalarNode, SNode, str } from '../model/node';

/**
 * An eksctl ClusterConfig (`apiVersion: eksctl.io/v1alpha5`, `kind:
 * ClusterConfig`) as far as IAM goes: field names as eksctl's v1alpha5 types
 * spell them (ClusterIAM, ClusterIAMServiceAccount, PodIdentityAssociation).
 */
export interface EksctlClusterView {
  root: MapNode;
  /** metadata.name: the cluster's name. */
  name: string | undefined;
  region: string | undefined;
  /** The `iam` pair, when written. */
  iam: Pair | undefined;
  /** `iam.withOIDC`, when written. */
  withOIDC: Pair | undefined;
  /** withOIDC is true as eksctl reads it (YAML 1.1: `yes` and `on` too; a quoted string is refused when the file loads; unset means off). */
  oidcEnabled: boolean;
  serviceAccountsPair: Pair | undefined;
  serviceAccounts: EksctlServiceAccount[];
  podIdentityAssociations: EksctlPodIdentityAssociation[];
}

/** An `iam.serviceAccounts[]` entry: a service account whose IRSA role eksctl creates (or attaches). */
export interface EksctlServiceAccount {
  node: MapNode;
  metadata: Pair | undefined;
  /** `metadata.name` (eksctl refuses an entry without one). */
  name: Pair | undefined;
  /** `metadata.namespace`; eksctl puts the account in `default` when unset. */
  namespacePair: Pair | undefined;
  namespace: string;
  attachPolicyARNs: Pair | undefined;
  attachPolicy: Pair | undefined;
  attachRoleARN: Pair | undefined;
  wellKnownPolicies: Pair | undefined;
  permissionsBoundary: Pair | undefined;
  /** The role's name instead of the one CloudFormation generates. */
  roleName: Pair | undefined;
  /** eksctl creates only the role and leaves the ServiceAccount (and its annotation) alone. */
  roleOnly: boolean;
  /** Set: the trust policy admits this pattern under StringLike instead of the account's own subject. */
  subjectPattern: Pair | undefined;
}

/** An `iam.podIdentityAssociations[]` entry (EKS Pod Identity, no OIDC involved). */
export interface EksctlPodIdentityAssociation {
  node: MapNode;
  namespace: Pair | undefined;
  serviceAccountName: Pair | undefined;
  roleARN: Pair | undefined;
  roleName: Pair | undefined;
  permissionPolicyARNs: Pair | undefined;
  permissionPolicy: Pair | undefined;
  permissionsBoundaryARN: Pair | undefined;
  wellKnownPolicies: Pair | undefined;
}

function readCluster(root: MapNode): EksctlClusterView {
  const iam = pairOf(root, 'iam');
  const serviceAccountsPair = pairOf(iam?.value, 'serviceAccounts');
  const withOIDC = pairOf(iam?.value, 'withOIDC');
  const associations = get(iam?.value, 'podIdentityAssociations');
  return {
    root,
    name: getStr(root, 'metadata', 'name'),
    region: getStr(root, 'metadata', 'region'),
    iam,
    withOIDC,
    oidcEnabled: isTrueYaml11(withOIDC?.value),
    serviceAccountsPair,
    serviceAccounts: mapItems(serviceAccountsPair?.value).map(readServiceAccount),
    podIdentityAssociations: mapItems(associations).map((node) => ({
      node,
      namespace: pairOf(node, 'namespace'),
      serviceAccountName: pairOf(node, 'serviceAccountName'),
      roleARN: pairOf(node, 'roleARN'),
      roleName: pairOf(node, 'roleName'),
      permissionPolicyARNs: pairOf(node, 'permissionPolicyARNs'),
      permissionPolicy: pairOf(node, 'permissionPolicy'),
      permissionsBoundaryARN: pairOf(node, 'permissionsBoundaryARN'),
      wellKnownPolicies: pairOf(node, 'wellKnownPolicies'),
    })),
  };
}

function readServiceAccount(node: MapNode): EksctlServiceAccount {
  const metadata = pairOf(node, 'metadata');
  const namespacePair = pairOf(metadata?.value, 'namespace');
  return {
    node,
    metadata,
    name: pairOf(metadata?.value, 'name'),
    namespacePair,
    namespace: str(namespacePair?.value) || 'default',
    attachPolicyARNs: pairOf(node, 'attachPolicyARNs'),
    attachPolicy: pairOf(node, 'attachPolicy'),
    attachRoleARN: pairOf(node, 'attachRoleARN'),
    wellKnownPolicies: pairOf(node, 'wellKnownPolicies'),
    permissionsBoundary: pairOf(node, 'permissionsBoundary'),
    roleName: pairOf(node, 'roleName'),
    roleOnly: isTrueYaml11(get(node, 'roleOnly')),
    subjectPattern: pairOf(node, 'subjectPattern'),
  };
}

function mapItems(node: SNode | undefined): MapNode[] {
  return isSeq(node) ? node.items.filter(isMap) : [];
}

/** The string items of a list value (eksctl's `[]string` fields). */
export function stringItems(pair: Pair | undefined): ScalarNode[] {
  const value = pair?.value;
  if (!isSeq(value)) return [];
  return value.items.filter((n): n is ScalarNode => isScalar(n) && typeof n.value === 'string');
}

export const eksctlClusterView = memoized(readCluster);
