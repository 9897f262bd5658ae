import { memoizedOn } from '../model/memo';
import { get, getStr, isMap, isScalar, isSeq, MapNode, OffsetRange, pairOf, ScalarNode, SNode, str } from '../model/node';
import { ParsedFile, SourceDoc } from '../model/parsedFile';
import { roleNameOf } from '../crossFile/roleNames';
import { PolicyDoc, policiesOf } from './policy';
import { eksctlClusterView } from './eksctlCluster';
import { terraformView } from './terraform';

/**
 * An EKS Pod Identity association: the binding of a service account in a
 * namespace of a cluster to an IAM role, assumed by the EKS Auth service
 * (`pods.eks.amazonaws.com`) for the pods that run as that account. Read from
 * Terraform (`aws_eks_pod_identity_association`), CloudFormation
 * (`AWS::EKS::PodIdentityAssociation`), the ACK `PodIdentityAssociation`
 * (`eks.services.k8s.aws`) and eksctl (`iam.podIdentityAssociations`). Values
 * the file does not know (a reference, a parameter) are left undefined or kept
 * templated; checks treat both as unknown.
 */
export type AssociationSource = 'terraform' | 'cloudformation' | 'ack' | 'eksctl';

export interface PodIdentityAssociation {
  source: AssociationSource;
  /** "aws_eks_pod_identity_association.app", "AWS::EKS::PodIdentityAssociation AppAssociation" … for messages. */
  describe: string;
  namespace: string | undefined;
  namespaceNode: SNode | undefined;
  serviceAccount: string | undefined;
  serviceAccountNode: SNode | undefined;
  /** The cluster's name, when written (templated when it depends on a placeholder). */
  cluster: string | undefined;
  /** The role's ARN or name as written (a scalar), when it is a string. */
  roleNode: ScalarNode | undefined;
  /** The role's name when known: from a literal ARN, or from a role of the same file. */
  roleName: string | undefined;
  /** What messages call the role: its name, else its address in the file (`aws_iam_role.app`, a logical id). */
  roleLabel: string | undefined;
  /** The role's trust policy when the same file defines the role (a Terraform or CloudFormation role it refers to). */
  localTrust: PolicyDoc | undefined;
  /** `targetRoleArn`: a second role, which EKS Pod Identity assumes with the first role's credentials (role chaining). */
  targetRoleNode: ScalarNode | undefined;
  /** The target role's name, label and same-file trust policy, found as for the role. */
  targetRoleName: string | undefined;
  targetRoleLabel: string | undefined;
  targetLocalTrust: PolicyDoc | undefined;
  /** Where findings about the target role sit: its value (with its YAML tag), when written. */
  targetRange: OffsetRange | undefined;
  /** `disableSessionTags: true`: EKS Pod Identity sends none of its session tags. */
  disableSessionTags: boolean;
  /** Where findings about the association sit: the role value, else the association itself. */
  range: OffsetRange;
}

/** Every association in a document (of that file), read once per parse. */
export const podIdentityAssociationsOf = memoizedOn((_file: ParsedFile, doc: SourceDoc) => doc, read);

function read(file: ParsedFile, doc: SourceDoc): PodIdentityAssociation[] {
  if (doc.errors.length > 0) return [];
  switch (doc.kind) {
    case 'terraform':
      return terraformAssociations(file, doc);
    case 'cloudformation':
      return cloudFormationAssociations(file, doc);
    case 'pod-identity-association':
      return isMap(doc.root) ? ackAssociation(doc.root) : [];
    case 'eksctl-cluster':
      return isMap(doc.root) ? eksctlAssociations(doc.root) : [];
    default:
      return [];
  }
}

function stringNode(node: SNode | undefined): ScalarNode | undefined {
  return isScalar(node) && !node.tag && typeof node.value === 'string' ? node : undefined;
}

function isTrueValue(node: SNode | undefined): boolean {
  return isScalar(node) && (node.value === true || (typeof node.value === 'string' && node.value.toLowerCase() === 'true'));
}

function literalRoleName(node: ScalarNode | undefined): string | undefined {
  const value = str(node);
  return value ? roleNameOf(value) : undefined;
}

/** The target-role fields of a source that gives the target only as an ARN. */
function literalTarget(node: ScalarNode | undefined): Pick<PodIdentityAssociation, 'targetRoleNode' | 'targetRoleName' | 'targetRoleLabel' | 'targetLocalTrust' | 'targetRange'> {
  const name = literalRoleName(node);
  return { targetRoleNode: node, targetRoleName: name, targetRoleLabel: name, targetLocalTrust: undefined, targetRange: node?.range };
}

// --- Terraform ---------------------------------------------------------------------------------

const TF_ROLE_ARN = /^\$\{aws_iam_role\.([\w-]+)\.arn\}$/;

function terraformAssociations(file: ParsedFile, doc: SourceDoc): PodIdentityAssociation[] {
  const view = terraformView(file, doc);
  /** A role given as a literal ARN, or as `aws_iam_role.X.arn` of this file. */
  const resolve = (roleNode: ScalarNode | undefined) => {
    const reference = roleNode ? TF_ROLE_ARN.exec(roleNode.value as string) : null;
    const role = reference ? view.roles.find((r) => r.address === `aws_iam_role.${reference[1]}`) : undefined;
    return {
      name: role ? role.name?.value : reference ? undefined : literalRoleName(roleNode),
      label: role ? role.name?.value ?? role.address : literalRoleName(roleNode),
      trust: role?.trust,
    };
  };
  return view.associationBlocks.map((block) => {
    const value = (key: string) => block.attribute(key)?.value;
    const roleNode = stringNode(value('role_arn'));
    const role = resolve(roleNode);
    const targetRoleNode = stringNode(value('target_role_arn'));
    const target = resolve(targetRoleNode);
    return {
      source: 'terraform',
      describe: `${block.label(0)}.${block.label(1)}`,
      namespace: str(value('namespace')),
      namespaceNode: value('namespace'),
      serviceAccount: str(value('service_account')),
      serviceAccountNode: value('service_account'),
      cluster: str(value('cluster_name')),
      roleNode,
      roleName: role.name,
      roleLabel: role.label,
      localTrust: role.trust,
      targetRoleNode,
      targetRoleName: targetRoleNode ? target.name : undefined,
      targetRoleLabel: targetRoleNode ? target.label : undefined,
      targetLocalTrust: target.trust,
      targetRange: targetRoleNode?.range,
      disableSessionTags: isTrueValue(value('disable_session_tags')),
      range: roleNode?.range ?? [block.start, block.start + block.blockType.length],
    };
  });
}

// --- CloudFormation ------------------------------------------------------------------------------

function cloudFormationAssociations(file: ParsedFile, doc: SourceDoc): PodIdentityAssociation[] {
  const resources = get(doc.root, 'Resources');
  if (!isMap(resources)) return [];
  /** A role given as a literal ARN, or as `!GetAtt Role.Arn` of an AWS::IAM::Role of this template. */
  const resolve = (value: SNode | undefined) => {
    const roleNode = stringNode(value);
    const logical = value ? getAttArn(value) : undefined;
    const roleResource = logical ? get(resources, logical) : undefined;
    const isRole = getStr(roleResource, 'Type') === 'AWS::IAM::Role';
    const trustHolder = isRole ? pairOf(get(roleResource, 'Properties'), 'AssumeRolePolicyDocument') : undefined;
    const namedRole = isRole ? getStr(roleResource, 'Properties', 'RoleName') : undefined;
    return {
      roleNode,
      name: logical ? namedRole : literalRoleName(roleNode),
      label: logical ? (isRole ? namedRole ?? logical : undefined) : literalRoleName(roleNode),
      trust: trustHolder ? policiesOf(file, doc).find((p) => p.holder === trustHolder) : undefined,
    };
  };
  const out: PodIdentityAssociation[] = [];
  for (const resource of resources.pairs) {
    if (getStr(resource.value, 'Type') !== 'AWS::EKS::PodIdentityAssociation') continue;
    const props = get(resource.value, 'Properties');
    const rolePair = pairOf(props, 'RoleArn');
    const role = resolve(rolePair?.value);
    const targetValue = get(props, 'TargetRoleArn');
    const target = targetValue ? resolve(targetValue) : undefined;
    out.push({
      source: 'cloudformation',
      describe: `AWS::EKS::PodIdentityAssociation ${resource.key}`,
      namespace: str(stringNode(get(props, 'Namespace'))),
      namespaceNode: get(props, 'Namespace'),
      serviceAccount: str(stringNode(get(props, 'ServiceAccount'))),
      serviceAccountNode: get(props, 'ServiceAccount'),
      cluster: str(stringNode(get(props, 'ClusterName'))),
      roleNode: role.roleNode,
      roleName: role.name,
      roleLabel: role.label,
      localTrust: role.trust,
      targetRoleNode: target?.roleNode,
      targetRoleName: target?.name,
      targetRoleLabel: target?.label,
      targetLocalTrust: target?.trust,
      targetRange: targetValue ? tagged(file, targetValue) : undefined,
      disableSessionTags: isTrueValue(get(props, 'DisableSessionTags')),
      range: tagged(file, rolePair?.value ?? resource.value),
    });
  }
  return out;
}

/** A value's range, from its YAML tag on (`!GetAtt AppRole.Arn`, not only `AppRole.Arn`). */
function tagged(file: ParsedFile, node: SNode): OffsetRange {
  if (!node.tag) return node.range;
  const start = file.text.lastIndexOf(node.tag, node.range[0]);
  return start >= 0 && !file.text.slice(start, node.range[0]).includes('\n') ? [start, node.range[1]] : node.range;
}

/** `!GetAtt Role.Arn`, `{"Fn::GetAtt": ["Role", "Arn"]}` or `{"Fn::GetAtt": "Role.Arn"}` -> `Role`. */
function getAttArn(node: SNode): string | undefined {
  if (isScalar(node) && node.tag === '!GetAtt' && typeof node.value === 'string') return /^([\w-]+)\.Arn$/.exec(node.value)?.[1];
  const inner = get(node, 'Fn::GetAtt');
  if (isSeq(inner) && inner.items.length === 2 && str(inner.items[1]) === 'Arn') return str(inner.items[0]);
  const dotted = str(inner);
  return dotted ? /^([\w-]+)\.Arn$/.exec(dotted)?.[1] : undefined;
}

// --- ACK (eks.services.k8s.aws/v1alpha1 PodIdentityAssociation) ------------------------------

function ackAssociation(root: MapNode): PodIdentityAssociation[] {
  const spec = get(root, 'spec');
  const roleNode = stringNode(get(spec, 'roleARN'));
  const name = getStr(root, 'metadata', 'name') ?? '';
  const specPair = pairOf(root, 'spec');
  return [
    {
      source: 'ack',
      describe: `PodIdentityAssociation ${name}`,
      namespace: str(stringNode(get(spec, 'namespace'))),
      namespaceNode: get(spec, 'namespace'),
      serviceAccount: str(stringNode(get(spec, 'serviceAccount'))),
      serviceAccountNode: get(spec, 'serviceAccount'),
      // clusterRef names an ACK Cluster object, not the cluster's name.
      cluster: str(stringNode(get(spec, 'clusterName'))),
      roleNode,
      roleName: literalRoleName(roleNode),
      roleLabel: literalRoleName(roleNode),
      localTrust: undefined,
      ...literalTarget(stringNode(get(spec, 'targetRoleARN'))),
      disableSessionTags: isTrueValue(get(spec, 'disableSessionTags')),
      range: roleNode?.range ?? (specPair ? specPair.keyRange : root.range),
    },
  ];
}

// --- eksctl (iam.podIdentityAssociations of a ClusterConfig) ---------------------------------

/**
 * eksctl's entries: with `roleARN` the role is the user's (checked like any
 * other); without it eksctl creates the role (`roleName` or a generated one)
 * with the trust policy Pod Identity needs, so there is no trust to check.
 */
function eksctlAssociations(root: MapNode): PodIdentityAssociation[] {
  const cluster = eksctlClusterView(root);
  return cluster.podIdentityAssociations.map((entry, i) => {
    const roleNode = stringNode(entry.roleARN?.value);
    const createdName = str(stringNode(entry.roleName?.value));
    return {
      source: 'eksctl',
      describe: `eksctl iam.podIdentityAssociations[${i}]`,
      namespace: str(stringNode(entry.namespace?.value)),
      namespaceNode: entry.namespace?.value,
      serviceAccount: str(stringNode(entry.serviceAccountName?.value)),
      serviceAccountNode: entry.serviceAccountName?.value,
      cluster: cluster.name,
      roleNode,
      roleName: literalRoleName(roleNode),
      roleLabel: roleNode ? literalRoleName(roleNode) : createdName ?? 'the role eksctl creates',
      localTrust: undefined,
      ...literalTarget(stringNode(get(entry.node, 'targetRoleARN'))),
      disableSessionTags: isTrueValue(get(entry.node, 'disableSessionTags')),
      range: roleNode?.range ?? (entry.serviceAccountName ?? entry.namespace)?.keyRange ?? entry.node.range,
    };
  });
}
