import * as path from 'path';
import { pathToFileURL } from 'url';
import { TextEdit } from 'vscode-languageserver-types';
import { get, isMap, isSeq, OffsetRange, Pair, str } from '../../model/node';
import { serviceAccountView } from '../../views/serviceAccount';
import { workloadView, WorkloadView } from '../../views/workload';
import { folderFacts, NeighbourFacts } from '../../workspace/folderFacts';
import { eolOf } from '../edits';
import { DocContext, DocRule, Fix } from '../rule';
import { appendMapKey } from './yamlInsert';
import { namespaceRefusal } from '../../crossFile/kube2iamRefusal';
import { KUBE2IAM_ROLE_KEY } from '../../views/kube2iam';
import { byProximity, ClusterIssuer, clusterIssuers } from '../../crossFile/clusterFacts';
import { displayPath } from '../../crossFile/display';
import { TrustSource, trustSourceFor } from '../../crossFile/trustSources';
import { conditionEdits } from '../../crossFile/trustSubFix';
import { admits } from '../../crossFile/webIdentityTrust';

/** AWS's documentation placeholders, used when the workspace does not say. */
const PLACEHOLDER_ACCOUNT = '111122223333';
const PLACEHOLDER_ISSUER = 'oidc.eks.region-code.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE';

export const kube2iamAnnotation: DocRule = {
  id: 'kube2iam-annotation',
  description: 'A pod template gets its AWS role from kube2iam (iam.amazonaws.com/role); offers a migration to IRSA.',
  defaultSeverity: 'information',
  kinds: ['workload'],
  check(ctx) {
    const workload = workloadView(ctx.root);
    const pair = workload?.annotations.find((a) => a.key === KUBE2IAM_ROLE_KEY);
    const role = str(pair?.value);
    if (!workload || !pair || !role) return;
    const facts = folderFacts(ctx.workspace, ctx.file);
    const namespace = workload.namespace ?? 'default';
    const refusal = namespaceRefusal(ctx, facts, namespace, role);
    if (refusal) ctx.report({ range: pair.value.range, ...refusal });
    ctx.report({
      range: pair.keyRange,
      message: `This pod gets role "${role}" through kube2iam, which intercepts the node's metadata API with iptables and needs the role to trust the node role. IAM Roles for Service Accounts (IRSA) gives the pod its own web identity instead: use "Migrate to IRSA".`,
      fixes: ctx.file.fsPath ? migrateFixes(ctx, workload, pair, role, facts) : [],
    });
  },
};

/** The role's name: the last part of an ARN's path, or the value itself. */
function roleName(role: string): string {
  return role.split('/').pop() ?? role;
}

/** An account id the workspace already uses: kube2iam's --base-role-arn, or another role ARN in the folder. */
function accountOf(role: string, facts: NeighbourFacts): { partition: string; account: string } {
  const found = (text: string | undefined) => (text ? /arn:(aws[a-z-]*):iam::(\d{12}):role\//.exec(text) : null);
  const direct = found(role);
  if (direct) return { partition: direct[1], account: direct[2] };
  for (const { view } of facts.workloads()) {
    for (const c of view.containers) {
      const args = get(c.node, 'args');
      for (const arg of isSeq(args) ? args.items : []) {
        const m = found(str(arg));
        if (m) return { partition: m[1], account: m[2] };
      }
    }
  }
  for (const { view } of facts.serviceAccounts()) {
    const m = found(str(view.roleArn?.value));
    if (m) return { partition: m[1], account: m[2] };
  }
  return { partition: 'aws', account: PLACEHOLDER_ACCOUNT };
}

/**
 * "Migrate to IRSA", once per issuer it could trust: the nearest cluster
 * issuer of the workspace when one is nearer than the others (its file named
 * in the title when there are several), else one fix per issuer, so the
 * user picks the cluster instead of the fix guessing.
 */
function migrateFixes(ctx: DocContext, workload: WorkloadView, pair: Pair, role: string, facts: NeighbourFacts): Fix[] {
  const seen = new Set<string>();
  // Distinct issuers, nearest first.
  const issuers = ctx.index ? byProximity(ctx.file, clusterIssuers(ctx.index)).filter((i) => !seen.has(i.issuer) && (seen.add(i.issuer), true)) : [];
  if (issuers.length === 0) return [migrateFix(ctx, workload, pair, role, facts, facts.issuer() ?? PLACEHOLDER_ISSUER, '')];
  if (issuers.length === 1) return [migrateFix(ctx, workload, pair, role, facts, issuers[0].url, '')];
  const depth = (i: ClusterIssuer) => sharedDepth(ctx.file.fsPath ?? '', i.file.fsPath ?? '');
  const nearest = issuers.filter((i) => depth(i) === depth(issuers[0]));
  return nearest.map((c) => migrateFix(ctx, workload, pair, role, facts, c.url, `, issuer of ${displayPath(ctx.file, c.file)}`));
}

function sharedDepth(a: string, b: string): number {
  const pa = path.dirname(a).split(path.sep);
  const pb = path.dirname(b).split(path.sep);
  let i = 0;
  while (i < pa.length && i < pb.length && pa[i] === pb[i]) i++;
  return i;
}

function migrateFix(ctx: DocContext, workload: WorkloadView, pair: Pair, role: string, facts: NeighbourFacts, issuerUrl: string, which: string): Fix {
  const dir = path.dirname(ctx.file.fsPath!);
  const namespace = workload.namespace ?? 'default';
  const saName = str(workload.serviceAccountName?.value) || workload.name || 'app';
  const { partition, account } = accountOf(role, facts);
  const name = roleName(role);
  const roleArn = role.startsWith('arn:') ? role : `arn:${partition}:iam::${account}:role/${name}`;
  const issuer = issuerUrl.replace(/^https:\/\//, '').replace(/\/+$/, '');
  const eol = eolOf(ctx.file);
  const edits: Record<string, TextEdit[]> = { [ctx.file.uri]: deleteAnnotation(ctx, workload, pair) };
  const create: Fix['create'] = [];
  if (!workload.serviceAccountName) edits[ctx.file.uri].push(appendMapKey(ctx, workload.podSpec, 'serviceAccountName', [], saName));
  const existing = facts.serviceAccount(saName, namespace);
  if (existing && existing.file.uri !== ctx.file.uri) {
    const edit = annotateServiceAccount(existing.file, existing.view, roleArn);
    if (edit) edits[existing.file.uri] = [edit];
  } else if (!existing) {
    const sa = ['apiVersion: v1', 'kind: ServiceAccount', 'metadata:', `  name: ${saName}`, `  namespace: ${namespace}`, '  annotations:', `    eks.amazonaws.com/role-arn: ${roleArn}`, ''].join(eol);
    create.push({ uri: pathToFileURL(path.join(dir, `${saName}-serviceaccount.yaml`)).toString(), text: sa });
  }
  const subject = `system:serviceaccount:${namespace}:${saName}`;
  const statement = {
    Effect: 'Allow',
    Principal: { Federated: `arn:${partition}:iam::${account}:oidc-provider/${issuer}` },
    Action: 'sts:AssumeRoleWithWebIdentity',
    Condition: { StringEquals: { [`${issuer}:sub`]: subject, [`${issuer}:aud`]: 'sts.amazonaws.com' } },
  };
  // The role's trust policy, when the workspace has one (the kube2iam trust of the
  // node role, say), gains the web identity statement: a second file for the same
  // role would be a trust-policy-duplicate.
  const existingTrust = ctx.index ? trustSourceFor(ctx.index, ctx.settings, name) : undefined;
  if (existingTrust) {
    const trustEdits = extendTrust(existingTrust, statement, subject);
    if (trustEdits.length > 0) edits[existingTrust.file.uri] = [...(edits[existingTrust.file.uri] ?? []), ...trustEdits];
  } else {
    create.push({ uri: pathToFileURL(path.join(dir, `${name}-trust-policy.json`)).toString(), text: JSON.stringify({ Version: '2012-10-17', Statement: [statement] }, null, 2) + '\n' });
  }
  return { title: `Migrate to IRSA (ServiceAccount ${saName} with role ${name}${which})`, edits, create };
}

/**
 * Edits that make an existing trust policy admit the subject: nothing when it
 * already does, the subject added to a web identity statement that has a `sub`
 * list, else the new statement appended to `Statement` (JSON files only).
 */
function extendTrust(source: TrustSource, statement: object, subject: string): TextEdit[] {
  const admission = admits(source.policy, 'sub', subject);
  if (admission.admitted && admission.constrained) return [];
  const added = conditionEdits(source, subject)[0];
  if (added) return added.edits[source.file.uri] ?? [];
  const list = source.policy.statementPair?.value;
  if (source.file.format !== 'json' || source.policy.embedded || !isSeq(list) || list.items.length === 0) return [];
  const text = source.file.text;
  const last = list.items[list.items.length - 1];
  const lineStart = text.lastIndexOf('\n', last.range[0]) + 1;
  const indent = /^\s*/.exec(text.slice(lineStart, last.range[0]))![0];
  const eol = eolOf(source.file);
  const body = JSON.stringify(statement, null, 2).split('\n').map((l, i) => (i === 0 ? l : indent + l)).join(eol);
  return [{ range: source.file.rangeOf([last.range[1], last.range[1]]), newText: `,${eol}${indent}${body}` }];
}

/** Removes the annotation's line, and the `annotations:` key when it was the only one. */
function deleteAnnotation(ctx: DocContext, workload: WorkloadView, pair: Pair): TextEdit[] {
  const text = ctx.file.text;
  const lineStart = (offset: number) => text.lastIndexOf('\n', offset - 1) + 1;
  const lineEnd = (offset: number) => {
    const nl = text.indexOf('\n', offset);
    return nl < 0 ? text.length : nl + 1;
  };
  const annotations = workload.templateMetadata?.pairs.find((p) => p.key === 'annotations');
  let range: OffsetRange = [lineStart(pair.keyRange[0]), lineEnd(Math.max(pair.value.range[1] - 1, pair.keyRange[1]))];
  if (annotations && isMap(annotations.value) && annotations.value.pairs.length === 1) {
    range = [lineStart(annotations.keyRange[0]), range[1]];
    if (workload.templateMetadata!.pairs.length === 1) {
      const metadata = ctx.root.pairs.find((p) => p.value === workload.templateMetadata) ?? findPairOf(ctx, workload);
      if (metadata) range = [lineStart(metadata.keyRange[0]), range[1]];
    }
  }
  return [ctx.edit(range, '')];
}

/** The `metadata:` pair of a pod template (a lone kube2iam annotation leaves it empty). */
function findPairOf(ctx: DocContext, workload: WorkloadView): Pair | undefined {
  const walk = (node: unknown, depth: number): Pair | undefined => {
    if (depth > 6 || !isMap(node as never)) return undefined;
    for (const p of (node as { pairs: Pair[] }).pairs) {
      if (p.value === workload.templateMetadata) return p;
      const inner = walk(p.value, depth + 1);
      if (inner) return inner;
    }
    return undefined;
  };
  return walk(ctx.root, 0);
}

function annotateServiceAccount(file: DocContext['file'], view: ReturnType<typeof serviceAccountView>, roleArn: string): TextEdit | undefined {
  const eol = file.text.includes('\r\n') ? '\r\n' : '\n';
  const at = (offset: number) => {
    const nl = file.text.indexOf('\n', offset);
    return file.positionAt(nl < 0 ? file.text.length : nl + 1);
  };
  if (view.annotationsPair && isMap(view.annotationsPair.value) && view.annotations.length) {
    const last = view.annotations[view.annotations.length - 1];
    const column = file.positionAt(view.annotations[0].keyRange[0]).character;
    return { range: { start: at(last.value.range[1] - 1), end: at(last.value.range[1] - 1) }, newText: `${' '.repeat(column)}eks.amazonaws.com/role-arn: ${roleArn}${eol}` };
  }
  const metadata = view.root.pairs.find((p) => p.key === 'metadata');
  const nameNode = metadata && isMap(metadata.value) ? metadata.value.pairs[0] : undefined;
  if (!nameNode || view.annotationsPair) return undefined;
  const column = file.positionAt(nameNode.keyRange[0]).character;
  return { range: { start: at(nameNode.value.range[1] - 1), end: at(nameNode.value.range[1] - 1) }, newText: `${' '.repeat(column)}annotations:${eol}${' '.repeat(column + 2)}eks.amazonaws.com/role-arn: ${roleArn}${eol}` };
}
