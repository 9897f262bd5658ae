import * as path from 'path';
import { pathToFileURL } from 'url';
import { TextDocumentEdit, TextEdit } from 'vscode-languageserver-types';
import { LocatedAssociation, podIdentityAgentDocs, workspaceAssociations } from '../crossFile/podIdentityAssociations';
import { POD_IDENTITY_PRINCIPAL } from '../crossFile/podIdentityTrust';
import { clusterOf, ClusterSettings, FLAVOURS, inScope } from '../crossFile/clusterScope';
import { ParsedFile } from '../model/parsedFile';
import { isTemplated } from '../model/templated';
import { WorkspaceIndex } from '../workspace/workspaceIndex';
import { WorkspaceFiles } from '../workspace/workspaceFiles';
import { ClusterTarget, DocumentChanges, GenerateRoleResult, jsonText, MAX_ROLE_NAME, newFile, policyPaths, roleArnOf } from './roleFiles';

export const CLUSTER_PLACEHOLDER = 'REPLACE-WITH-CLUSTER-NAME';

/**
 * The cluster of a file uses EKS Pod Identity: the workspace has associations
 * or installs the eks-pod-identity-agent add-on in its scope (crossFile/clusterScope),
 * and the file's cluster, when the workspace defines one, is an EKS cluster
 * (kops and OpenShift clusters have no Pod Identity).
 */
export function usesPodIdentity(index: WorkspaceIndex, file: ParsedFile, settings: ClusterSettings): boolean {
  const cluster = clusterOf(index, file, settings);
  if (cluster && cluster.flavour.name !== FLAVOURS.eks.name) return false;
  if (inScope(index, settings, file, workspaceAssociations(index)).length > 0) return true;
  return inScope(index, settings, file, podIdentityAgentDocs(index)).length > 0;
}

function trustPolicy(namespace: string, serviceAccount: string): object {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'AllowEksAuthToAssumeRoleForPodIdentity',
        Effect: 'Allow',
        Principal: { Service: POD_IDENTITY_PRINCIPAL },
        Action: ['sts:AssumeRole', 'sts:TagSession'],
        Condition: { StringEquals: { 'aws:RequestTag/kubernetes-namespace': namespace, 'aws:RequestTag/kubernetes-service-account': serviceAccount } },
      },
    ],
  };
}

const PERMISSIONS = {
  Version: '2012-10-17',
  Statement: [{ Sid: 'ReplaceWithWhatThisWorkloadNeeds', Effect: 'Allow', Action: ['s3:GetObject'], Resource: ['arn:aws:s3:::replace-with-bucket-name/*'] }],
};

/** The one cluster name the workspace's associations give (literal or a Terraform expression), else undefined. */
function clusterNameOf(associations: LocatedAssociation[]): string | undefined {
  const names = new Set(associations.map((a) => a.association.cluster).filter((c): c is string => c !== undefined));
  return names.size === 1 ? [...names][0] : undefined;
}

/**
 * The Pod Identity form of "Generate IAM role for this ServiceAccount": a role
 * that trusts pods.eks.amazonaws.com for exactly this namespace and service
 * account (session-tag conditions), a permission policy skeleton, and the
 * association. Where the workspace writes its associations in Terraform, both
 * are appended to that file; otherwise the policies are JSON files and the
 * association an ACK PodIdentityAssociation manifest beside the ServiceAccount.
 * The ServiceAccount itself needs no annotation.
 */
export function podIdentityRole(
  subject: { namespace: string; serviceAccount: string },
  dir: string,
  workspace: WorkspaceFiles,
  index: WorkspaceIndex,
  target: ClusterTarget,
): GenerateRoleResult {
  const roleName = `${subject.namespace}-${subject.serviceAccount}`.slice(0, MAX_ROLE_NAME);
  const associations = workspaceAssociations(index);
  const cluster = clusterNameOf(associations);
  const terraform = associations.find((a) => a.association.source === 'terraform' && a.file.fsPath);
  const who = `${subject.namespace}/${subject.serviceAccount}`;
  if (terraform) {
    const id = roleName.replace(/[^A-Za-z0-9_-]/g, '_').replace(/^([^A-Za-z_])/, '_$1');
    const indented = (value: object) => JSON.stringify(value, null, 2).split('\n').join('\n  ');
    const clusterExpression = clusterExpressionOf(cluster);
    const text = [
      '',
      `resource "aws_iam_role" "${id}" {`,
      `  name               = "${roleName}"`,
      `  assume_role_policy = jsonencode(${indented(trustPolicy(subject.namespace, subject.serviceAccount))})`,
      '}',
      '',
      `resource "aws_iam_role_policy" "${id}" {`,
      `  role   = aws_iam_role.${id}.id`,
      `  policy = jsonencode(${indented(PERMISSIONS)})`,
      '}',
    ].join('\n') + terraformAssociationBlock(id, clusterExpression, subject.namespace, subject.serviceAccount, `aws_iam_role.${id}.arn`);
    const file = terraform.file;
    const end = file.positionAt(file.text.length);
    const prefix = file.text.endsWith('\n') || file.text === '' ? '' : '\n';
    const uri = pathToFileURL(file.fsPath!).toString();
    return {
      edit: { documentChanges: [TextDocumentEdit.create({ uri, version: null }, [TextEdit.insert(end, prefix + text)])] },
      created: [],
      message: `EKS Pod Identity role ${roleName} for ${who} and its association, added to ${path.basename(file.fsPath!)}. Fill in ${cluster === undefined ? 'the cluster name, ' : ''}the permissions.`,
    };
  }
  const paths = policyPaths(workspace, dir, roleName);
  const associationPath = path.join(dir, `${subject.serviceAccount}-pod-identity-association.yaml`);
  if (workspace.exists(associationPath)) throw new Error(`${path.basename(associationPath)} already exists.`);
  const clusterName = cluster !== undefined && !isTemplated(cluster) ? cluster : CLUSTER_PLACEHOLDER;
  const manifest = ackAssociationYaml(clusterName, subject.namespace, subject.serviceAccount, roleArnOf(target, roleName));
  const changes: DocumentChanges = [];
  newFile(changes, paths.trust, jsonText(trustPolicy(subject.namespace, subject.serviceAccount)));
  newFile(changes, paths.permissions, jsonText(PERMISSIONS));
  newFile(changes, associationPath, manifest);
  const todo = [clusterName === CLUSTER_PLACEHOLDER ? 'the cluster name' : undefined, target.account ? undefined : 'the AWS account ID', 'the permissions'].filter(Boolean);
  return {
    edit: { documentChanges: changes },
    created: [paths.trust, paths.permissions, associationPath],
    message: `EKS Pod Identity role ${roleName} for ${who} (trusts ${POD_IDENTITY_PRINCIPAL}, scoped by session tags) and an ACK PodIdentityAssociation. Fill in ${todo.join(', ')}.`,
  };
}

/** A Terraform expression for an association's cluster name: `var.x` for `${var.x}`, a string otherwise, the placeholder when unknown. */
export function clusterExpressionOf(cluster: string | undefined): string {
  if (cluster === undefined) return `"${CLUSTER_PLACEHOLDER}"`;
  return /^\$\{([^{}]+)\}$/.test(cluster) ? cluster.slice(2, -1) : JSON.stringify(cluster);
}

/** An `aws_eks_pod_identity_association` resource, after a blank line. */
export function terraformAssociationBlock(id: string, clusterExpression: string, namespace: string, serviceAccount: string, roleArnExpression: string): string {
  return [
    '',
    '',
    `resource "aws_eks_pod_identity_association" "${id}" {`,
    `  cluster_name    = ${clusterExpression}`,
    `  namespace       = "${namespace}"`,
    `  service_account = "${serviceAccount}"`,
    `  role_arn        = ${roleArnExpression}`,
    '}',
    '',
  ].join('\n');
}

/** An ACK PodIdentityAssociation manifest, named after the service account. */
export function ackAssociationYaml(clusterName: string, namespace: string, serviceAccount: string, roleArn: string): string {
  return [
    'apiVersion: eks.services.k8s.aws/v1alpha1',
    'kind: PodIdentityAssociation',
    'metadata:',
    `  name: ${serviceAccount}`,
    `  namespace: ${namespace}`,
    'spec:',
    `  clusterName: ${clusterName}`,
    `  namespace: ${namespace}`,
    `  serviceAccount: ${serviceAccount}`,
    `  roleARN: ${roleArn}`,
    '',
  ].join('\n');
}
