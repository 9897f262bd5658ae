import * as path from 'path';
import { Range, TextDocumentEdit, TextEdit } from 'vscode-languageserver-types';
import { getStr, isMap, MapNode, pairOf, str } from '../model/node';
import { ParsedFile, SourceDoc } from '../model/parsedFile';
import { serviceAccountNameOf, serviceAccountView } from '../views/serviceAccount';
import { workloadView } from '../views/workload';
import { WorkspaceFiles } from '../workspace/workspaceFiles';
import { clusterTarget, DocumentChanges, GenerateRoleResult, jsonText, MAX_ROLE_NAME, newFile, policyPaths, roleArnOf, webIdentityTrust } from './roleFiles';
import { indexOf, installConfigAbove } from './workspaceFacts';
import { defaultSettings } from '../settings';
import { podIdentityRole, usesPodIdentity } from './podIdentityRole';

// The id lives with the client-server protocol, so the extension can name the command without bundling this module.
export { GENERATE_ROLE_COMMAND } from '../protocol';
export const ROLE_ARN_ANNOTATION = 'eks.amazonaws.com/role-arn';
export { ACCOUNT_PLACEHOLDER, ISSUER_PLACEHOLDER } from './roleFiles';
export type { GenerateRoleResult } from './roleFiles';

export interface GenerateRoleArgs {
  uri: string;
  /** Where the cursor is; without it, the first ServiceAccount or workload of the file. */
  position?: { line: number; character: number };
}

interface Subject {
  namespace: string;
  serviceAccount: string;
  /** The ServiceAccount document to annotate, when there is one. */
  target: { file: ParsedFile; root: MapNode } | undefined;
  audience: string;
}

/**
 * "Generate IAM role for this ServiceAccount": a trust policy that admits
 * exactly `system:serviceaccount:<ns>:<sa>` with the audience the token will
 * carry, for the issuer the workspace declares; a permission policy skeleton;
 * and the ServiceAccount's role-arn annotation, as one WorkspaceEdit. In an
 * OpenShift install directory in manual mode, a CredentialsRequest instead
 * (ccoctl turns it into the role and the Secret). In a workspace that uses EKS
 * Pod Identity, a role for it and its association (podIdentityRole).
 */
export function generateRole(file: ParsedFile, offset: number | undefined, workspace: WorkspaceFiles, roots: ReadonlyArray<string>): GenerateRoleResult {
  if (!file.fsPath) throw new Error('Save the file first: the role files are created next to it.');
  const subject = subjectAt(file, offset, workspace);
  const dir = path.dirname(file.fsPath);
  const install = installConfigAbove(workspace, file.fsPath, roots);
  if (install && install.credentialsMode === 'Manual') return credentialsRequestEdit(subject, install.dir, workspace);

  const target = clusterTarget(file, workspace, roots);
  const index = indexOf(workspace, roots);
  const annotated = subject.target && str(serviceAccountView(subject.target.root).roleArn?.value);
  if (!annotated && usesPodIdentity(index, file, defaultSettings)) return podIdentityRole(subject, dir, workspace, index, target);
  const roleName = `${subject.namespace}-${subject.serviceAccount}`.slice(0, MAX_ROLE_NAME);
  const roleArn = roleArnOf(target, roleName);
  const trust = webIdentityTrust(target, [`system:serviceaccount:${subject.namespace}:${subject.serviceAccount}`], subject.audience);
  const permissions = {
    Version: '2012-10-17',
    Statement: [{ Sid: 'ReplaceWithWhatThisWorkloadNeeds', Effect: 'Allow', Action: ['s3:GetObject'], Resource: ['arn:aws:s3:::replace-with-bucket-name/*'] }],
  };
  const paths = policyPaths(workspace, dir, roleName);

  const changes: DocumentChanges = [];
  newFile(changes, paths.trust, jsonText(trust));
  newFile(changes, paths.permissions, jsonText(permissions));
  const created = [paths.trust, paths.permissions];
  if (subject.target) {
    changes.push(TextDocumentEdit.create({ uri: subject.target.file.uri, version: null }, [annotate(subject.target.file, subject.target.root, roleArn)]));
  } else {
    const saPath = path.join(dir, `${subject.serviceAccount}-serviceaccount.yaml`);
    if (workspace.exists(saPath)) throw new Error(`${path.basename(saPath)} exists but holds no ServiceAccount ${subject.namespace}/${subject.serviceAccount}.`);
    newFile(changes, saPath, serviceAccountYaml(subject, roleArn));
    created.push(saPath);
  }
  const todo = [
    target.issuerHost ? undefined : 'the cluster issuer (no Authentication, kops Cluster or discovery document in the workspace)',
    target.account ? undefined : 'the AWS account ID',
    'the permissions',
  ].filter(Boolean);
  return {
    edit: { documentChanges: changes },
    created,
    message: `Role ${roleName} for system:serviceaccount:${subject.namespace}:${subject.serviceAccount} (audience ${subject.audience}, issuer ${target.issuerHost ?? 'unknown'}). Fill in ${todo.join(', ')}.`,
  };
}

function docAt(file: ParsedFile, offset: number | undefined): SourceDoc | undefined {
  const relevant = file.docs.filter((d) => d.kind === 'service-account' || d.kind === 'workload');
  if (offset === undefined) return relevant[0];
  return relevant.find((d) => offset >= d.range[0] && offset <= d.range[1]);
}

function subjectAt(file: ParsedFile, offset: number | undefined, workspace: WorkspaceFiles): Subject {
  const doc = docAt(file, offset);
  if (!doc || !isMap(doc.root)) throw new Error('Put the cursor on a ServiceAccount or a workload (Deployment, Pod, Job, ...).');
  if (doc.kind === 'service-account') {
    const view = serviceAccountView(doc.root);
    if (!view.name) throw new Error('This ServiceAccount has no metadata.name.');
    return { namespace: view.namespace ?? 'default', serviceAccount: view.name, target: { file, root: doc.root }, audience: str(view.audience?.value) ?? 'sts.amazonaws.com' };
  }
  const workload = workloadView(doc.root)!;
  const namespace = getStr(doc.root, 'metadata', 'namespace') ?? 'default';
  const name = serviceAccountNameOf(workload);
  const target = findServiceAccount(file, workspace, namespace, name);
  const audience = target ? str(serviceAccountView(target.root).audience?.value) : undefined;
  return { namespace, serviceAccount: name, target, audience: audience ?? 'sts.amazonaws.com' };
}

/** The ServiceAccount's manifest in the same file or folder (where a workload's own manifests live). */
function findServiceAccount(file: ParsedFile, workspace: WorkspaceFiles, namespace: string, name: string): { file: ParsedFile; root: MapNode } | undefined {
  const dir = path.dirname(file.fsPath!);
  const candidates = [file, ...workspace.list(dir).filter((n) => /\.ya?ml$/i.test(n) && path.join(dir, n) !== file.fsPath).sort().map((n) => workspace.file(path.join(dir, n)))];
  for (const candidate of candidates) {
    for (const doc of candidate?.docs ?? []) {
      if (doc.kind !== 'service-account' || !isMap(doc.root) || candidate!.format !== 'yaml') continue;
      if (getStr(doc.root, 'metadata', 'name') === name && (getStr(doc.root, 'metadata', 'namespace') ?? namespace) === namespace) return { file: candidate!, root: doc.root };
    }
  }
  return undefined;
}

/** Sets `metadata.annotations["eks.amazonaws.com/role-arn"]`, keeping the file's indentation and line endings. */
function annotate(file: ParsedFile, root: MapNode, roleArn: string): TextEdit {
  if (file.format !== 'yaml') throw new Error('Only YAML ServiceAccounts can be annotated.');
  const eol = file.text.includes('\r\n') ? '\r\n' : '\n';
  const range = (start: number, end: number): Range => file.rangeOf([start, end]);
  const lineStart = (offset: number) => file.offsetAt({ line: file.positionAt(offset).line, character: 0 });
  const indentOf = (offset: number) => file.positionAt(offset).character;
  const metadata = pairOf(root, 'metadata');
  if (!metadata || !isMap(metadata.value) || metadata.value.pairs.length === 0) throw new Error('This ServiceAccount has no metadata to annotate.');
  const annotations = pairOf(metadata.value, 'annotations');
  const existing = isMap(annotations?.value) ? pairOf(annotations.value, ROLE_ARN_ANNOTATION) : undefined;
  if (existing) return TextEdit.replace(range(existing.value.range[0], existing.value.range[1]), roleArn);
  if (annotations && isMap(annotations.value) && annotations.value.pairs.length > 0 && !file.text.slice(annotations.value.range[0]).startsWith('{')) {
    const first = annotations.value.pairs[0];
    const at = lineStart(first.keyRange[0]);
    return TextEdit.insert(file.positionAt(at), `${' '.repeat(indentOf(first.keyRange[0]))}${ROLE_ARN_ANNOTATION}: ${roleArn}${eol}`);
  }
  if (annotations) {
    // `annotations:` empty, `{}` or a flow map: replace its value with one that holds the annotation and whatever was there.
    const kept = isMap(annotations.value) ? annotations.value.pairs.map((p) => `, ${JSON.stringify(p.key)}: ${JSON.stringify(str(p.value) ?? '')}`).join('') : '';
    const start = annotations.keyRange[1] + 1;
    const end = annotations.value.range[1] > start ? annotations.value.range[1] : start;
    return TextEdit.replace(range(start, end), ` {${JSON.stringify(ROLE_ARN_ANNOTATION)}: ${JSON.stringify(roleArn)}${kept}}`);
  }
  // After name/namespace when they are one-line values (where people expect annotations), else before the first key.
  const first = metadata.value.pairs[0];
  const indent = ' '.repeat(indentOf(first.keyRange[0]));
  const text = `${indent}annotations:${eol}${indent}  ${ROLE_ARN_ANNOTATION}: ${roleArn}${eol}`;
  const anchor = metadata.value.pairs.filter((p) => (p.key === 'name' || p.key === 'namespace') && p.value.type === 'scalar').pop();
  if (anchor && file.positionAt(anchor.value.range[1]).line === file.positionAt(anchor.keyRange[0]).line) {
    const next = file.offsetAt({ line: file.positionAt(anchor.value.range[1]).line + 1, character: 0 });
    if (next > anchor.value.range[1]) return TextEdit.insert(file.positionAt(next), text);
  }
  return TextEdit.insert(file.positionAt(lineStart(first.keyRange[0])), text);
}

function serviceAccountYaml(subject: Subject, roleArn: string): string {
  return `apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: ${subject.serviceAccount}\n  namespace: ${subject.namespace}\n  annotations:\n    ${ROLE_ARN_ANNOTATION}: ${roleArn}\n`;
}

function credentialsRequestEdit(subject: Subject, installDir: string, workspace: WorkspaceFiles): GenerateRoleResult {
  const fsPath = path.join(installDir, 'credrequests', `${subject.namespace}-${subject.serviceAccount}-credentials-request.yaml`);
  if (workspace.exists(fsPath)) throw new Error(`${path.relative(installDir, fsPath)} already exists.`);
  const secret = `${subject.serviceAccount}-aws-credentials`;
  const text = [
    'apiVersion: cloudcredential.openshift.io/v1',
    'kind: CredentialsRequest',
    'metadata:',
    `  name: ${subject.namespace}-${subject.serviceAccount}`,
    '  namespace: openshift-cloud-credential-operator',
    'spec:',
    '  providerSpec:',
    '    apiVersion: cloudcredential.openshift.io/v1',
    '    kind: AWSProviderSpec',
    '    statementEntries:',
    '    - effect: Allow',
    '      action:',
    '      - s3:GetObject',
    "      resource: 'arn:aws:s3:::replace-with-bucket-name/*'",
    '  secretRef:',
    `    name: ${secret}`,
    `    namespace: ${subject.namespace}`,
    '  serviceAccountNames:',
    `  - ${subject.serviceAccount}`,
    '',
  ].join('\n');
  const changes: DocumentChanges = [];
  newFile(changes, fsPath, text);
  return {
    edit: { documentChanges: changes },
    created: [fsPath],
    message: `CredentialsRequest for system:serviceaccount:${subject.namespace}:${subject.serviceAccount} (Secret ${subject.namespace}/${secret}) in ${path.relative(installDir, fsPath)}: fill in the permissions, then run "STS Lens: Create All" (or sts-lens aws create-all) to make the role and the Secret.`,
  };
}
