import { CodeLens, Location } from 'vscode-languageserver-types';
import { RoleReference, roleReferences } from '../crossFile/roleReferences';
import { eksctlRoleNamed } from '../crossFile/eksctlServiceAccounts';
import { trustSourceFor } from '../crossFile/trustSources';
import { conditionAdmits, webIdentityStatements } from '../crossFile/webIdentityTrust';
import { get, isMap, OffsetRange } from '../model/node';
import { docAt, ParsedFile, SourceDoc } from '../model/parsedFile';
import { Settings } from '../settings';
import { policiesOf, ValueRef } from '../views/policy';
import { credentialEntry, entryValueRange, secretView } from '../views/secret';
import { serviceAccountNameOf, serviceAccountView } from '../views/serviceAccount';
import { workloadView } from '../views/workload';
import { WorkspaceIndex } from '../workspace/workspaceIndex';
import { roleNameOf } from '../crossFile/roleNames';

const SUBJECT = /^system:serviceaccount:([^:]+):([^:]+)$/;

function within(range: OffsetRange, offset: number): boolean {
  return offset >= range[0] && offset <= range[1];
}

function location(file: ParsedFile, range: OffsetRange): Location {
  return { uri: file.uri, range: file.rangeOf(range) };
}

/**
 * Go to definition: from a role reference (ServiceAccount annotation,
 * AWS_ROLE_ARN, a credentials Secret's role_arn) to the role's trust policy;
 * from a trust policy's `sub` value to the ServiceAccount it names.
 */
export function definition(index: WorkspaceIndex, settings: Settings, file: ParsedFile, offset: number): Location[] {
  const doc = docAt(file, offset);
  if (!doc || !isMap(doc.root)) return [];
  const roleName = roleAt(index, file, doc, offset);
  if (roleName) {
    const source = trustSourceFor(index, settings, roleName);
    if (source) return [location(source.file, source.policy.holder?.keyRange ?? source.policy.node.range)];
    // A role eksctl creates has its trust policy in AWS only: the entry that asks for it is its definition.
    const eksctl = eksctlRoleNamed(index, settings, file, roleName);
    return eksctl?.entry.roleName ? [location(eksctl.file, eksctl.entry.roleName.value.range)] : [];
  }
  const sub = subValueAt(file, doc, offset);
  const match = sub ? SUBJECT.exec(sub.value) : null;
  if (!match) return [];
  return serviceAccountsNamed(index, match[1], match[2]).map(({ file: f, range }) => location(f, range));
}

function roleAt(index: WorkspaceIndex, file: ParsedFile, doc: SourceDoc, offset: number): string | undefined {
  return roleReferenceAt(index, file, doc, offset)?.roleName;
}

/**
 * The role reference under the cursor: a ServiceAccount annotation,
 * AWS_ROLE_ARN, a mounted credentials Secret (with the service account that
 * uses it), or the role_arn line of a credentials Secret itself.
 */
export function roleReferenceAt(index: WorkspaceIndex, file: ParsedFile, doc: SourceDoc, offset: number): { roleName: string; range: OffsetRange; ref?: RoleReference } | undefined {
  // On a ServiceAccount, the annotation's key counts too: that is where the hover is asked for.
  const keyRange = doc.kind === 'service-account' && isMap(doc.root) ? serviceAccountView(doc.root).roleArn?.keyRange : undefined;
  const onKey = keyRange !== undefined && within(keyRange, offset);
  const ref = roleReferences(index, file, doc).find((r) => within(r.range, offset) || (onKey && r.describe.startsWith('ServiceAccount')));
  if (ref) return { roleName: ref.roleName, range: onKey ? keyRange : ref.range, ref };
  if (doc.kind !== 'secret' || !isMap(doc.root)) return undefined;
  const view = secretView(doc.root);
  const entry = credentialEntry(view, 'role_arn');
  const range = entry ? entryValueRange(file.text, view, entry) : undefined;
  if (!entry || !range || !within(range, offset)) return undefined;
  const roleName = roleNameOf(entry.value);
  return roleName ? { roleName, range } : undefined;
}

function subValueAt(file: ParsedFile, doc: SourceDoc, offset: number): ValueRef | undefined {
  for (const policy of policiesOf(file, doc)) {
    for (const statement of webIdentityStatements(policy)) {
      for (const condition of statement.subs) {
        const value = condition.values.find((v) => within(v.node.range, offset));
        if (value) return value;
      }
    }
  }
  return undefined;
}

function serviceAccountsNamed(index: WorkspaceIndex, namespace: string, name: string): Array<{ file: ParsedFile; range: OffsetRange }> {
  return index.docsOfKind('service-account').flatMap(({ file, doc }) => {
    if (!isMap(doc.root)) return [];
    const view = serviceAccountView(doc.root);
    if (view.name !== name || (view.namespace ?? namespace) !== namespace) return [];
    return [{ file, range: (get(doc.root, 'metadata', 'name') ?? doc.root).range }];
  });
}

/** Find references: from a ServiceAccount to the workloads that run as it and the trust policies that admit it. */
export function references(index: WorkspaceIndex, file: ParsedFile, offset: number): Location[] {
  const doc = docAt(file, offset);
  if (!doc || doc.kind !== 'service-account' || !isMap(doc.root)) return [];
  const sa = serviceAccountView(doc.root);
  const namespace = sa.namespace ?? 'default';
  const out: Location[] = [];
  for (const { file: f, doc: d } of index.docsOfKind('workload')) {
    const workload = isMap(d.root) ? workloadView(d.root) : undefined;
    if (!workload || serviceAccountNameOf(workload) !== sa.name || (workload.namespace ?? namespace) !== namespace) continue;
    out.push(location(f, (workload.serviceAccountName?.value ?? d.root!).range));
  }
  const subject = `system:serviceaccount:${namespace}:${sa.name}`;
  for (const kind of ['trust-policy', 'iam-role', 'cloudformation', 'terraform'] as const) {
    for (const { file: f, doc: d } of index.docsOfKind(kind)) {
      for (const policy of policiesOf(f, d)) {
        for (const statement of webIdentityStatements(policy)) {
          for (const condition of statement.subs) {
            const value = conditionAdmits(condition, subject);
            if (value) out.push(location(f, value.node.range));
          }
        }
      }
    }
  }
  return out;
}

/** A lens over each web-identity statement: who it admits and how many workloads run as them. */
export function codeLenses(index: WorkspaceIndex, file: ParsedFile): CodeLens[] {
  const lenses: CodeLens[] = [];
  const workloads = index.derived('workloads-by-subject', () => {
    const counts = new Map<string, number>();
    for (const { doc } of index.docsOfKind('workload')) {
      const w = isMap(doc.root) ? workloadView(doc.root) : undefined;
      if (!w) continue;
      const key = `system:serviceaccount:${w.namespace ?? 'default'}:${serviceAccountNameOf(w)}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    return counts;
  }, ['workload']);
  for (const doc of file.docs) {
    for (const policy of policiesOf(file, doc)) {
      if (policy.role !== 'trust') continue;
      for (const statement of webIdentityStatements(policy)) {
        const values = statement.subs.flatMap((c) => c.values.map((v) => ({ v, like: /StringLike/i.test(c.operator) })));
        const names = values.map(({ v }) => SUBJECT.exec(v.value)?.slice(1).join('/') ?? v.value);
        let used = 0;
        for (const [subject, count] of workloads) if (statement.subs.length > 0 && statement.subs.every((c) => conditionAdmits(c, subject))) used += count;
        const admits = statement.subs.length === 0 ? 'admits every service account of the cluster' : `admits ${names.length} service account${names.length === 1 ? '' : 's'}: ${names.join(', ')}`;
        lenses.push({
          range: file.rangeOf([statement.statement.node.range[0], statement.statement.node.range[0]]),
          command: { title: `${admits}; used by ${used} workload${used === 1 ? '' : 's'}`, command: '' },
        });
      }
    }
  }
  return lenses;
}
