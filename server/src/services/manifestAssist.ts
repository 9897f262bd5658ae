import { trustSources } from '../crossFile/trustSources';
import { admits, subjectOf, webIdentityStatements } from '../crossFile/webIdentityTrust';
import { defaultSettings, Settings } from '../settings';
import { WorkspaceIndex } from '../workspace/workspaceIndex';
import { CompletionItem, CompletionItemKind, Hover, InsertTextMode, MarkupKind } from 'vscode-languageserver-types';
import { podSpecPath, WORKLOAD_KINDS } from '../model/kinds';
import { get, getStr, isMap, isSeq, str } from '../model/node';
import { ParsedFile, SourceDoc } from '../model/parsedFile';
import { serviceAccountView } from '../views/serviceAccount';
import { IndexedDoc } from '../workspace/workspaceIndex';
import { siblingKeys } from './installConfigAssist';
import {
  AWS_PROVIDER_KEYS, CREDENTIALS_REQUEST_SPEC, CSV_ANNOTATIONS, describeField, ENV_NAMES, FieldDoc, POD_ANNOTATIONS, POD_LABELS,
  SECRET_REF_KEYS, SERVICE_ACCOUNT_ANNOTATIONS, SERVICE_ACCOUNT_NAME, STATEMENT_ENTRY_KEYS, SUBSCRIPTION_CONFIG,
  SUBSCRIPTION_ENV_NAMES, SUBSCRIPTION_SPEC, TOKEN_KEYS,
} from './manifestFields';
import { requestsOfSubscription } from '../crossFile/operatorRoles';
import { subscriptionView } from '../views/subscription';
import { eksctlKeysAt } from './eksctlFields';
import { ACK_POD_IDENTITY_SPEC } from './podIdentityFields';
import { nodeAt } from './nodeAt';
import { yamlCursorAt } from './yamlCursor';

/**
 * Completion and hover for the Kubernetes/OpenShift manifests sts-lens checks:
 * IRSA and kube2iam annotations, projected tokens, AWS_* variables,
 * CredentialsRequest specs, and ServiceAccount names from the workspace.
 */

/** Where ServiceAccounts come from: the server's WorkspaceIndex, or nothing in a bare call. */
export interface ServiceAccountSource {
  docsOfKind(kind: 'service-account'): ReadonlyArray<IndexedDoc>;
}

type Target =
  | { kind: 'service-account' }
  | { kind: 'credentials-request' }
  | { kind: 'subscription' }
  | { kind: 'cluster-service-version' }
  | { kind: 'eksctl-cluster' }
  | { kind: 'pod-identity-association' }
  | { kind: 'workload'; spec: ReadonlyArray<string>; meta: string[]; workloadKind: string };

const CONTAINER_GROUPS = ['containers', 'initContainers', 'ephemeralContainers'];

/**
 * The manifest kind at the cursor. A document being typed may not parse into
 * the shape detection needs, so its `kind:` line decides when the tree cannot.
 */
function targetOf(doc: SourceDoc | undefined, text: string): Target | undefined {
  if (!doc) return undefined;
  let kind = getStr(doc.root, 'kind');
  if (kind === undefined) kind = /^kind:[ \t]*["']?([A-Za-z]+)/m.exec(text.slice(doc.range[0], doc.range[1]))?.[1];
  if (doc.kind === 'service-account' || kind === 'ServiceAccount') return { kind: 'service-account' };
  if (doc.kind === 'credentials-request' || kind === 'CredentialsRequest') return { kind: 'credentials-request' };
  if (doc.kind === 'subscription' || kind === 'Subscription') return { kind: 'subscription' };
  if (doc.kind === 'cluster-service-version' || kind === 'ClusterServiceVersion') return { kind: 'cluster-service-version' };
  if (doc.kind === 'eksctl-cluster' || kind === 'ClusterConfig') return { kind: 'eksctl-cluster' };
  if (doc.kind === 'pod-identity-association' || kind === 'PodIdentityAssociation') return { kind: 'pod-identity-association' };
  const spec = podSpecPath(doc.root) ?? (kind ? WORKLOAD_KINDS[kind] : undefined);
  if (!spec) return undefined;
  return { kind: 'workload', spec, meta: [...spec.slice(0, -1), 'metadata'], workloadKind: kind ?? '' };
}

function same(path: ReadonlyArray<string>, expected: ReadonlyArray<string>): boolean {
  return path.length === expected.length && path.every((p, i) => p === expected[i]);
}

/** The keys that belong in the map at `path`. */
function keysAt(target: Target, path: string[]): FieldDoc[] | undefined {
  switch (target.kind) {
    case 'service-account':
      return same(path, ['metadata', 'annotations']) ? SERVICE_ACCOUNT_ANNOTATIONS : undefined;
    case 'credentials-request':
      if (same(path, ['spec'])) return CREDENTIALS_REQUEST_SPEC;
      if (same(path, ['spec', 'secretRef'])) return SECRET_REF_KEYS;
      if (same(path, ['spec', 'providerSpec'])) return AWS_PROVIDER_KEYS;
      if (same(path, ['spec', 'providerSpec', 'statementEntries', '[]'])) return STATEMENT_ENTRY_KEYS;
      return undefined;
    case 'subscription':
      if (same(path, ['spec'])) return SUBSCRIPTION_SPEC;
      if (same(path, ['spec', 'config'])) return SUBSCRIPTION_CONFIG;
      return undefined;
    case 'cluster-service-version':
      return same(path, ['metadata', 'annotations']) ? CSV_ANNOTATIONS : undefined;
    case 'eksctl-cluster':
      return eksctlKeysAt(path);
    case 'pod-identity-association':
      return same(path, ['spec']) ? ACK_POD_IDENTITY_SPEC : undefined;
    case 'workload':
      if (same(path, [...target.meta, 'annotations'])) return POD_ANNOTATIONS;
      if (same(path, [...target.meta, 'labels'])) return POD_LABELS;
      if (same(path, [...target.spec, 'volumes', '[]', 'projected', 'sources', '[]', 'serviceAccountToken'])) return TOKEN_KEYS;
      if (same(path, target.spec)) return [SERVICE_ACCOUNT_NAME];
      return undefined;
  }
}

const SUBSCRIPTION_ENV_ITEM = ['spec', 'config', 'env', '[]'];

/** The `name` of the env item the offset is in. */
function envNameAt(doc: SourceDoc, offset: number): string | undefined {
  const list = get(doc.root, 'spec', 'config', 'env');
  if (!isSeq(list)) return undefined;
  const hit = list.items.find((i) => offset >= i.range[0] && offset <= i.range[1] + 1);
  return getStr(hit, 'name');
}

function isEnvItem(target: Target, path: string[]): boolean {
  if (target.kind !== 'workload') return false;
  const n = target.spec.length;
  return path.length === n + 4 && same(path.slice(0, n), target.spec) && CONTAINER_GROUPS.includes(path[n]) && same(path.slice(n + 1), ['[]', 'env', '[]']);
}

export function manifestCompletions(file: ParsedFile, doc: SourceDoc | undefined, offset: number, index?: ServiceAccountSource, settings: Settings = defaultSettings): CompletionItem[] {
  if (file.format !== 'yaml' || !doc) return [];
  const target = targetOf(doc, file.text);
  if (!target) return [];
  const cursor = yamlCursorAt(file.text, offset, doc.range[0]);
  if (!cursor) return [];
  const replace = file.rangeOf([offset - cursor.prefix.length, offset]);
  const item = (label: string, kind: CompletionItemKind, newText: string, extra: Partial<CompletionItem> = {}): CompletionItem => ({
    label, kind, insertText: newText, textEdit: { range: replace, newText }, insertTextMode: InsertTextMode.asIs, ...extra,
  });

  if (cursor.position === 'key') {
    if (target.kind === 'credentials-request' && same(cursor.path, ['spec', 'serviceAccountNames', '[]'])) {
      return serviceAccountItems(file, doc, index, getStr(doc.root, 'spec', 'secretRef', 'namespace'), item);
    }
    const fields = keysAt(target, cursor.path);
    if (!fields) return [];
    const present = siblingKeys(file.text, offset, cursor.indent);
    const child = ' '.repeat(cursor.indent + 2);
    return fields.filter((f) => !present.has(f.key)).map((f) => {
      const newText = f.block === 'map' ? `${f.key}:\n${child}` : f.block === 'list' ? `${f.key}:\n${child}- ` : `${f.key}: `;
      return item(f.key, CompletionItemKind.Property, newText, { detail: f.detail, documentation: markdown(describeField(f)), filterText: f.key });
    });
  }

  const key = cursor.key!;
  if (target.kind === 'subscription' && same(cursor.path, SUBSCRIPTION_ENV_ITEM)) {
    if (key === 'name') return SUBSCRIPTION_ENV_NAMES.map((f) => item(f.key, CompletionItemKind.Variable, f.key, { detail: f.detail, documentation: markdown(describeField(f)) }));
    if (key === 'value' && index instanceof WorkspaceIndex && envNameAt(doc, offset) === 'ROLEARN') {
      const subscription = isMap(doc.root) ? subscriptionView(doc.root) : undefined;
      const request = subscription ? requestsOfSubscription(index, subscription)[0] : undefined;
      return roleArnItems(index, settings, request?.view.secretNamespace, request?.view.serviceAccounts[0]).map((r, i) =>
        item(r.arn, CompletionItemKind.Value, r.arn, { detail: r.detail, sortText: String(i).padStart(4, '0') }),
      );
    }
  }
  if (target.kind === 'workload') {
    if (same(cursor.path, target.spec) && (key === 'serviceAccountName' || key === 'serviceAccount')) {
      return serviceAccountItems(file, doc, index, getStr(doc.root, 'metadata', 'namespace'), item);
    }
    if (key === 'name' && isEnvItem(target, cursor.path)) {
      return ENV_NAMES.map((f) => item(f.key, CompletionItemKind.Variable, f.key, { detail: f.detail, documentation: markdown(describeField(f)) }));
    }
    if (same(cursor.path, [...target.meta, 'annotations']) && key === 'eks.amazonaws.com/skip-containers') {
      return containerNames(doc, target.spec).map((name) => item(name, CompletionItemKind.Value, name, { detail: 'container of this pod' }));
    }
  }
  if (target.kind === 'service-account' && key === 'eks.amazonaws.com/role-arn' && index instanceof WorkspaceIndex) {
    return roleArnItems(index, settings, getStr(doc.root, 'metadata', 'namespace'), getStr(doc.root, 'metadata', 'name')).map((r, i) =>
      item(r.arn, CompletionItemKind.Value, r.arn, { detail: r.detail, sortText: String(i).padStart(4, '0') }),
    );
  }
  const field = keysAt(target, cursor.path)?.find((f) => f.key === key);
  return (field?.values ?? []).map((v, i) => item(v.value, CompletionItemKind.Value, v.value, { documentation: markdown(v.about), sortText: String(i) }));
}

/**
 * Role ARNs of the roles whose trust policy the workspace holds, with the
 * account of their OIDC provider; roles that admit this ServiceAccount first.
 */
function roleArnItems(index: WorkspaceIndex, settings: Settings, namespace: string | undefined, name: string | undefined): Array<{ arn: string; detail: string }> {
  const subject = name ? subjectOf(namespace ?? 'default', name) : undefined;
  const out: Array<{ arn: string; detail: string; admits: boolean }> = [];
  for (const [roleName, sources] of trustSources(index, settings)) {
    const policy = sources[0].policy;
    const federated = webIdentityStatements(policy)[0]?.statement.principals.find((p) => p.type === 'Federated');
    const match = federated ? /^arn:([a-z-]+):iam::(\d{12}):/.exec(federated.value) : null;
    if (!match) continue;
    const admits = subject !== undefined && admitsSubject(policy, subject);
    out.push({ arn: `arn:${match[1]}:iam::${match[2]}:role/${roleName}`, detail: admits ? 'its trust policy admits this ServiceAccount' : 'role with a trust policy in the workspace', admits });
  }
  return out.sort((a, b) => Number(b.admits) - Number(a.admits) || a.arn.localeCompare(b.arn));
}

function admitsSubject(policy: Parameters<typeof admits>[0], subject: string): boolean {
  const result = admits(policy, 'sub', subject);
  return result.admitted && result.constrained;
}

/**
 * ServiceAccounts of this file and of the workspace, by name. A known
 * namespace keeps out accounts declared in another one: a pod (or the trust
 * policy ccoctl writes) can only name an account of its own namespace.
 */
function serviceAccountItems(
  file: ParsedFile, doc: SourceDoc, index: ServiceAccountSource | undefined, namespace: string | undefined,
  item: (label: string, kind: CompletionItemKind, newText: string, extra?: Partial<CompletionItem>) => CompletionItem,
): CompletionItem[] {
  const candidates: IndexedDoc[] = [...file.docs.filter((d) => d !== doc && d.kind === 'service-account').map((d) => ({ file, doc: d })), ...(index?.docsOfKind('service-account') ?? [])];
  const byName = new Map<string, CompletionItem>();
  for (const candidate of candidates) {
    if (!isMap(candidate.doc.root)) continue;
    const sa = serviceAccountView(candidate.doc.root);
    if (!sa.name || byName.has(sa.name)) continue;
    if (namespace && sa.namespace && sa.namespace !== namespace) continue;
    const role = str(sa.roleArn?.value);
    const where = sa.namespace ? `namespace ${sa.namespace}` : 'no namespace';
    byName.set(sa.name, item(sa.name, CompletionItemKind.Reference, sa.name, {
      detail: `ServiceAccount (${where})`,
      documentation: markdown(role ? `Role: \`${role}\`` : 'No `eks.amazonaws.com/role-arn` annotation.'),
    }));
  }
  return [...byName.values()];
}

function containerNames(doc: SourceDoc, spec: ReadonlyArray<string>): string[] {
  const list = get(doc.root, ...spec, 'containers');
  return isSeq(list) ? list.items.map((c) => getStr(c, 'name')).filter((n): n is string => !!n) : [];
}

function markdown(value: string) {
  return { kind: MarkupKind.Markdown, value };
}

export function manifestHover(file: ParsedFile, doc: SourceDoc | undefined, offset: number): Hover | undefined {
  if (!doc?.root) return undefined;
  const target = targetOf(doc, file.text);
  const hit = target ? nodeAt(doc.root, offset) : undefined;
  if (!target || !hit?.pair) return undefined;
  const key = hit.path[hit.path.length - 1];
  const parent = hit.path.slice(0, -1);
  const range = file.rangeOf(hit.onKey ? hit.pair.keyRange : hit.pair.value.range);
  let field = keysAt(target, parent)?.find((f) => f.key === key);
  if (target.kind === 'subscription' && key === 'name' && !hit.onKey && same(parent, SUBSCRIPTION_ENV_ITEM)) field = SUBSCRIPTION_ENV_NAMES.find((f) => f.key === str(hit.node));
  if (target.kind === 'workload') {
    if (key === 'name' && !hit.onKey && isEnvItem(target, parent)) field = ENV_NAMES.find((f) => f.key === str(hit.node));
    if (same(parent, target.spec) && (key === 'serviceAccountName' || key === 'serviceAccount')) field = SERVICE_ACCOUNT_NAME;
    if (!field && key === 'iam.amazonaws.com/role' && same(parent, ['metadata', 'annotations']) && target.meta.length > 1) {
      return { contents: markdown(`**iam.amazonaws.com/role** on the ${target.workloadKind || 'workload'} itself\n\nkube2iam reads the annotations of the *pod*: move this into \`${target.meta.join('.')}.annotations\`, or the pods get no role.`), range };
    }
  }
  if (!field) return undefined;
  let value = describeField(field);
  const written = hit.onKey ? undefined : str(hit.node);
  const known = field.values?.find((v) => v.value.replace(/^"|"$/g, '') === written);
  if (known) value += `\n\n\`${written}\`: ${known.about}`;
  return { contents: markdown(value), range };
}
