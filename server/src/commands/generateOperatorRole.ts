import * as path from 'path';
import { TextDocumentEdit, TextEdit } from 'vscode-languageserver-types';
import { permissionPolicy } from '../ccoctl/createIamRoles';
import { readRequest } from '../ccoctl/credentialsRequests';
import { OperatorRequest, requestsOfSubscription, stsRoleArnPair } from '../crossFile/operatorRoles';
import { get, isMap, isScalar, isSeq, MapNode, OffsetRange, pairOf, ScalarNode, SNode } from '../model/node';
import { ParsedFile, SourceDoc } from '../model/parsedFile';
import { EditContext, replaceScalar } from '../rules/edits';
import { appendMapKey, appendSeqItem } from '../rules/manifests/yamlInsert';
import { dns1123LabelProblem, dns1123SubdomainProblem, shownName } from '../util/k8sNames';
import { credentialsRequestView } from '../views/credentialsRequest';
import { ROLE_ARN_ENV, subscriptionView, SubscriptionView } from '../views/subscription';
import { WorkspaceFiles } from '../workspace/workspaceFiles';
import { clusterTarget, DocumentChanges, GenerateRoleResult, jsonText, MAX_ROLE_NAME, newFile, policyPaths, roleArnOf, webIdentityTrust } from './roleFiles';
import { indexOf, installConfigAbove } from './workspaceFacts';

export { GENERATE_OPERATOR_ROLE_COMMAND } from '../protocol';
/** The audience OpenShift projects into an operator's token for cloud credentials (and ccoctl's providers accept). */
export const OPERATOR_AUDIENCE = 'openshift';

/** Where the role's ARN is written: the Subscription's ROLEARN and/or the requests' stsIAMRoleARN. */
interface Operator {
  /** The Subscription whose ROLEARN the operator copies into its requests, when the workspace holds it. */
  subscription: { file: ParsedFile; view: SubscriptionView } | undefined;
  requests: OperatorRequest[];
  /** What the role is named after (after the cluster name): the Secret's or the Subscription's name. */
  nameSuffix: string;
}

/**
 * "Generate IAM role for this operator": for an OLM operator on an STS
 * cluster, a trust policy admitting `system:serviceaccount:<secret
 * namespace>:<sa>` for every service account its CredentialsRequests list,
 * with the audience `openshift`, on the workspace's cluster issuer; the
 * permission policy ccoctl would build from their statementEntries; and the
 * role's ARN in the Subscription's ROLEARN (or the request's stsIAMRoleARN),
 * as one WorkspaceEdit.
 */
export function generateOperatorRole(file: ParsedFile, offset: number | undefined, workspace: WorkspaceFiles, roots: ReadonlyArray<string>): GenerateRoleResult {
  if (!file.fsPath) throw new Error('Save the file first: the role files are created next to it.');
  if (file.format !== 'yaml') throw new Error('Open the operator\'s Subscription or CredentialsRequest (YAML).');
  const operator = operatorAt(file, offset, workspace, roots);
  const namespace = operator.requests[0].view.secretNamespace!;
  const serviceAccounts = [...new Set(operator.requests.flatMap((r) => r.view.serviceAccounts))];
  const subjects = serviceAccounts.map((sa) => `system:serviceaccount:${namespace}:${sa}`);

  const target = clusterTarget(file, workspace, roots);
  const install = target.issuerFile?.fsPath ? installConfigAbove(workspace, target.issuerFile.fsPath, roots) : undefined;
  const cluster = install?.clusterName && !dns1123SubdomainProblem(install.clusterName) ? `${install.clusterName}-` : '';
  const roleName = `${cluster}${namespace}-${operator.nameSuffix}`.slice(0, MAX_ROLE_NAME);
  const roleArn = roleArnOf(target, roleName);

  const requests = operator.requests.map((r) => readRequest(r.view, path.basename(r.file.fsPath ?? r.file.uri)));
  const statementEntries = requests.flatMap((r) => r.statementEntries);
  const permissions = statementEntries.length
    ? JSON.parse(permissionPolicy({ ...requests[0], statementEntries }))
    : { Version: '2012-10-17', Statement: [{ Sid: 'ReplaceWithWhatThisOperatorNeeds', Effect: 'Allow', Action: ['s3:GetObject'], Resource: ['arn:aws:s3:::replace-with-bucket-name/*'] }] };
  const paths = policyPaths(workspace, path.dirname(file.fsPath), roleName);

  const changes: DocumentChanges = [];
  newFile(changes, paths.trust, jsonText(webIdentityTrust(target, subjects, OPERATOR_AUDIENCE)));
  newFile(changes, paths.permissions, jsonText(permissions));
  const where: string[] = [];
  if (operator.subscription) {
    const { file: subFile, view } = operator.subscription;
    changes.push(TextDocumentEdit.create({ uri: subFile.uri, version: null }, [setRoleArnEnv(subFile, view, roleArn)]));
    where.push(`ROLEARN of Subscription ${view.namespace}/${view.name}`);
  }
  for (const request of operator.requests) {
    const pair = stsRoleArnPair(request.view);
    if (!pair && operator.subscription) continue;
    if (request.file.format !== 'yaml') throw new Error(`CredentialsRequest ${request.view.name} is not in a YAML file: set its stsIAMRoleARN to ${roleArn} by hand.`);
    changes.push(TextDocumentEdit.create({ uri: request.file.uri, version: null }, [setStsRoleArn(request, roleArn)]));
    where.push(`stsIAMRoleARN of CredentialsRequest ${request.view.name}`);
  }
  const todo = [
    target.issuerHost ? undefined : "the cluster issuer (no Authentication, kops Cluster or discovery document in the workspace; `oc get authentication cluster -o jsonpath='{.spec.serviceAccountIssuer}'` prints it)",
    target.account ? undefined : 'the AWS account ID',
    statementEntries.length ? undefined : 'the permissions (the CredentialsRequest has no statementEntries)',
  ].filter(Boolean);
  return {
    edit: { documentChanges: changes },
    created: [paths.trust, paths.permissions],
    message:
      `Role ${roleName} for ${subjects.join(', ')} (audience ${OPERATOR_AUDIENCE}, issuer ${target.issuerHost ?? 'unknown'}), set in the ${where.join(' and the ')}.` +
      (todo.length ? ` Fill in ${todo.join(', ')}.` : ''),
  };
}

function docAt(file: ParsedFile, offset: number | undefined): SourceDoc | undefined {
  const relevant = file.docs.filter((d) => d.kind === 'subscription' || d.kind === 'credentials-request');
  if (offset === undefined) return relevant[0];
  return relevant.find((d) => offset >= d.range[0] && offset <= d.range[1]);
}

function operatorAt(file: ParsedFile, offset: number | undefined, workspace: WorkspaceFiles, roots: ReadonlyArray<string>): Operator {
  const doc = docAt(file, offset);
  if (!doc || !isMap(doc.root)) throw new Error("Put the cursor on an operator's Subscription or its CredentialsRequest.");
  const index = indexOf(workspace, roots);
  if (doc.kind === 'subscription') {
    const view = subscriptionView(doc.root);
    if (!view.namespace) throw new Error("This Subscription has no metadata.namespace: the operator's service accounts, and so the role's trust, depend on it.");
    const requests = requestsOfSubscription(index, view);
    if (requests.length === 0) {
      throw new Error(
        `No CredentialsRequest of the workspace takes its role from Subscription ${shownName(`${view.namespace ?? ''}/${view.name}`)} ` +
          `(an AWS CredentialsRequest for a Secret in namespace ${shownName(view.namespace ?? '')} without an stsIAMRoleARN of its own, with no other Subscription in that namespace). ` +
          "Add the operator's CredentialsRequest (from its bundle) to the workspace.",
      );
    }
    requests.forEach(validate);
    const suffix = requests.length === 1 ? requests[0].view.secretName! : view.name;
    if (dns1123SubdomainProblem(suffix)) throw new Error(`The Subscription's name ${shownName(suffix)} is not a Kubernetes object name: name the role by hand.`);
    return { subscription: { file, view }, requests, nameSuffix: suffix };
  }
  const view = credentialsRequestView(doc.root);
  if (!view.isAws) throw new Error(`CredentialsRequest ${shownName(view.name)} is not for AWS (providerSpec.kind ${shownName(view.providerKind ?? '')}).`);
  const own: OperatorRequest = { file, doc, view };
  validate(own);
  // The index may hold another parse of this file (the one on disk): a document is the same one at the same place.
  const subscription = index
    .docsOfKind('subscription')
    .flatMap(({ file: f, doc: s }) => (isMap(s.root) ? [{ file: f, view: subscriptionView(s.root) }] : []))
    .find((s) => requestsOfSubscription(index, s.view).some((r) => r.file.uri === file.uri && r.doc.range[0] === doc.range[0]));
  if (!subscription && !pairOf(view.spec, 'cloudTokenPath') && !stsRoleArnPair(view)) {
    throw new Error(
      `CredentialsRequest ${shownName(view.name)} has neither spec.cloudTokenPath nor providerSpec.stsIAMRoleARN, and no Subscription of the workspace gives it a role: ` +
        'it is not an operator\'s request on an STS cluster. For the release\'s requests, "STS Lens: Create IAM Roles for CredentialsRequests" makes the roles as ccoctl does.',
    );
  }
  if (subscription && subscription.file.format !== 'yaml') throw new Error(`Subscription ${subscription.view.name} is not in a YAML file.`);
  return { subscription, requests: [own], nameSuffix: view.secretName! };
}

/** Names from files become file names, role names and `sub` values: only Kubernetes names pass. */
function validate(request: OperatorRequest): void {
  const { view } = request;
  const label = `CredentialsRequest ${shownName(view.name)}`;
  if (view.deleted) throw new Error(`${label} is marked release.openshift.io/delete: "true": it needs no role.`);
  const namespaceProblem = dns1123LabelProblem(view.secretNamespace ?? '');
  if (namespaceProblem) throw new Error(`${label}: spec.secretRef.namespace ${shownName(view.secretNamespace ?? '')} is not a Kubernetes namespace name (${namespaceProblem}).`);
  const secretProblem = dns1123SubdomainProblem(view.secretName ?? '');
  if (secretProblem) throw new Error(`${label}: spec.secretRef.name ${shownName(view.secretName ?? '')} is not a Kubernetes Secret name (${secretProblem}).`);
  if (view.serviceAccounts.length === 0) throw new Error(`${label} lists no serviceAccountNames: no service account could assume the role.`);
  for (const sa of view.serviceAccounts) {
    const problem = dns1123SubdomainProblem(sa);
    if (problem) throw new Error(`${label}: service account ${shownName(sa)} is not a Kubernetes name (${problem}).`);
  }
}

function editContext(file: ParsedFile): EditContext {
  return { file, edit: (range: OffsetRange, newText: string): TextEdit => ({ range: file.rangeOf(range), newText }) };
}

/** A scalar value replaced (quote style kept), or an empty `key:` given one. */
function setScalar(ctx: EditContext, node: ScalarNode, value: string): TextEdit {
  if (node.range[0] === node.range[1]) return ctx.edit(node.range, ` ${value}`);
  return replaceScalar(ctx, node, value);
}

function isBlock(file: ParsedFile, node: SNode | undefined): node is MapNode {
  return isMap(node) && node.pairs.length > 0 && !file.text.slice(node.range[0]).startsWith('{');
}

/** `spec.config.env`'s ROLEARN set to the ARN: its value replaced, or the variable (or `env`, or `config`) added. */
function setRoleArnEnv(file: ParsedFile, view: SubscriptionView, roleArn: string): TextEdit {
  const ctx = editContext(file);
  const byHand = new Error(`Set ${ROLE_ARN_ENV} in the Subscription's spec.config.env to ${roleArn} by hand: its layout is not one STS Lens edits.`);
  const existing = view.roleArn;
  if (existing) {
    if (existing.value) return setScalar(ctx, existing.value, roleArn);
    if (get(existing.node, 'valueFrom')) throw new Error(`The Subscription's ${ROLE_ARN_ENV} comes from valueFrom: put ${roleArn} where it points.`);
    if (!isBlock(file, existing.node)) throw byHand;
    return appendMapKey(ctx, existing.node, 'value', [], roleArn);
  }
  const env = view.envPair?.value;
  if (isSeq(env)) {
    const item = appendSeqItem(ctx, env, [`name: ${ROLE_ARN_ENV}`, `value: ${roleArn}`]);
    if (item) return item;
    const at = file.text.indexOf('[', env.range[0]);
    if (at < 0 || at >= env.range[1]) throw byHand;
    return ctx.edit([at + 1, at + 1], `{name: ${ROLE_ARN_ENV}, value: "${roleArn}"}${env.items.length ? ', ' : ''}`);
  }
  if (view.envPair) throw byHand;
  const spec = get(view.root, 'spec');
  const config = get(spec, 'config');
  if (isBlock(file, config)) return appendMapKey(ctx, config, 'env', [`- name: ${ROLE_ARN_ENV}`, `  value: ${roleArn}`]);
  if (config !== undefined || !isBlock(file, spec)) throw byHand;
  return appendMapKey(ctx, spec, 'config', ['env:', `- name: ${ROLE_ARN_ENV}`, `  value: ${roleArn}`]);
}

/** `spec.providerSpec.stsIAMRoleARN` set to the ARN. */
function setStsRoleArn(request: OperatorRequest, roleArn: string): TextEdit {
  const ctx = editContext(request.file);
  const pair = stsRoleArnPair(request.view);
  if (isScalar(pair?.value)) return setScalar(ctx, pair.value, roleArn);
  const providerSpec = get(request.view.spec, 'providerSpec');
  if (!pair && isBlock(request.file, providerSpec)) return appendMapKey(ctx, providerSpec, 'stsIAMRoleARN', [], roleArn);
  throw new Error(`Set spec.providerSpec.stsIAMRoleARN of CredentialsRequest ${request.view.name} to ${roleArn} by hand: its layout is not one STS Lens edits.`);
}
