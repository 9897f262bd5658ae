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
import { wildcardMatch } from '../../util/wildcard';

export const KUBE2IAM_ROLE = 'iam.amazonaws.com/role';
const ALLOWED_ROLES = 'iam.amazonaws.com/allowed-roles';
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
    const pair = workload?.annotations.find((a) => a.key === KUBE2IAM_ROLE);
    const role = str(pair?.value);
    if (!workload || !pair || !role) return;
    const facts = folderFacts(ctx.workspace, ctx.file);
    const namespace = workload.namespace ?? 'default';
    const allowed = allowedRoles(facts, namespace);
    if (allowed && !allowed.globs.some((g) => globMatches(g, role) || globMatches(g, roleName(role)))) {
      ctx.report({
        range: pair.value.range,
        severity: 'warning',
        message: `kube2iam refuses role "${role}" in namespace ${namespace}: its ${ALLOWED_ROLES} annotation allows only ${allowed.globs.map((g) => `"${g}"`).join(', ') || 'nothing'}. The pod gets no credentials.`,
        related: [{ uri: allowed.uri, range: allowed.range, message: `${ALLOWED_ROLES} of namespace ${namespace}` }],
      });
    }
    ctx.report({
      range: pair.keyRange,
      message: `This pod gets role "${role}" through kube2iam, which intercepts the node's metadata API with iptables and needs the role to trust the node role. IAM Roles for Service Accounts (IRSA) gives the pod its own web identity instead: use "Migrate to IRSA".`,
      fixes: ctx.file.fsPath ? [migrateFix(ctx, workload, pair, role, facts)] : [],
    });
  },
};

function roleName(role: string): string {
  return role.split('/').pop() ?? role;
}

/** kube2iam matches with Go's filepath.Match: `*` and `?` stop at `/`. */
function globMatches(glob: string, value: string): boolean {
  return wildcardMatch(glob, value, { separator: '/' });
}

function allowedRoles(facts: NeighbourFacts, namespace: string): { globs: string[]; uri: string; range: ReturnType<DocContext['file']['rangeOf']> } | undefined {
  const ns = facts.namespace(namespace);
  const annotations = ns ? isMap(ns.view) && ns.view.pairs.find((p) => p.key === 'metadata')?.value : undefined;
  const pair = isMap(annotations || undefined) ? (annotations as { pairs: Pair[] }).pairs.find((p) => p.key === 'annotations') : undefined;
  const value = isMap(pair?.value) ? pair!.value.pairs.find((p) => p.key === ALLOWED_ROLES) : undefined;
  const text = str(value?.value);
  if (!ns || !value || text === undefined) return undefined;
  try {
    const parsed = JSON.parse(text) as unknown;
    if (!Array.isArray(parsed)) return undefined;
    return { globs: parsed.filter((g): g is string => typeof g === 'string'), uri: ns.file.uri, range: ns.file.rangeOf(value.value.range) };
  } catch {
    return undefined;
  }
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

function migrateFix(ctx: DocContext, workload: WorkloadView, pair: Pair, role: string, facts: NeighbourFacts): Fix {
  const dir = path.dirname(ctx.file.fsPath!);
  const namespace = workload.namespace ?? 'default';
  const saName = str(workload.serviceAccountName?.value) || workload.name || 'app';
  const { partition, account } = accountOf(role, facts);
  const name = roleName(role);
  const roleArn = role.startsWith('arn:') ? role : `arn:${partition}:iam::${account}:role/${name}`;
  const issuer = (facts.issuer() ?? PLACEHOLDER_ISSUER).replace(/^https:\/\//, '').replace(/\/+$/, '');
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
  const trust = {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Federated: `arn:${partition}:iam::${account}:oidc-provider/${issuer}` },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: { StringEquals: { [`${issuer}:sub`]: `system:serviceaccount:${namespace}:${saName}`, [`${issuer}:aud`]: 'sts.amazonaws.com' } },
      },
    ],
  };
  create.push({ uri: pathToFileURL(path.join(dir, `${name}-trust-policy.json`)).toString(), text: JSON.stringify(trust, null, 2) + '\n' });
  return { title: `Migrate to IRSA (ServiceAccount ${saName} with role ${name})`, edits, create };
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
