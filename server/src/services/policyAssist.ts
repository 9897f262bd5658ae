import { POD_IDENTITY_PRINCIPAL, POD_IDENTITY_TAGS, podIdentityTagOf } from '../crossFile/podIdentityTrust';
import { boundSubjects, knownSubjects, rolesDefinedBy, subjectsBeside } from '../crossFile/roleBindings';
import { FileSource } from '../workspace/fileSource';
import { defaultSettings, Settings } from '../settings';
import { WorkspaceIndex } from '../workspace/workspaceIndex';
import { getLocation } from 'jsonc-parser';
import { CompletionItem, CompletionItemKind, Hover, MarkupKind, Range } from 'vscode-languageserver-types';
import { action, ActionInfo, IAM_DATA_VERSION, matchingActions, service, serviceName, servicePrefixes } from '../iam/catalog';
import { BASE_OPERATORS, allOperators, conditionKeysFor, GLOBAL_KEYS, lookupConditionKey, parseOperator } from '../iam/conditions';
import { parseFederated } from '../iam/principals';
import { EmbeddedJson, parseEmbeddedJson } from '../model/embeddedJson';
import { isScalar } from '../model/node';
import { ParsedFile, SourceDoc } from '../model/parsedFile';
import { POLICY_KINDS, policiesOf, Statement } from '../views/policy';
import { nodeAt } from './nodeAt';
import { yamlCursorAt } from './yamlCursor';

/**
 * Completion and hover inside IAM policies: actions from the catalog,
 * condition operators and keys (issuer keys built from the statement's own
 * Federated ARN), service-account subjects and audiences.
 */

export function isPolicyDoc(doc: SourceDoc | undefined): doc is SourceDoc {
  return doc !== undefined && (POLICY_KINDS as ReadonlyArray<string>).includes(doc.kind);
}

interface Where {
  /** Keys and indexes from the document root. */
  path: Array<string | number>;
  onKey: boolean;
  /** Text typed so far in the key or value, and where it starts. */
  typed: string;
  typedStart: number;
  /** JSON with the cursor outside any string: a key must be written with its quotes. */
  bareJson?: boolean;
}

const STATEMENT_KEYS = new Set(['Statement', 'statementEntries']);

export function policyCompletions(file: ParsedFile, doc: SourceDoc, offset: number, index?: WorkspaceIndex, settings: Settings = defaultSettings): CompletionItem[] {
  // A policy held as JSON in a string (ccoctl's AssumeRolePolicyDocument): complete in the decoded
  // document, and write back escaped text over outer ranges.
  const embedded = embeddedPolicyAt(file, doc, offset);
  if (embedded) {
    const where = embeddedWhere(embedded, offset);
    return completionsAt(where, file, doc, offset, index, settings).map((item) => encodeItem(where.bareJson && where.onKey ? quoteKey(item) : item, embedded.encode));
  }
  const where = file.format === 'json' ? jsonWhere(file.text, offset) : yamlWhere(file, doc, offset);
  const items = where ? completionsAt(where, file, doc, offset, index, settings) : [];
  return where?.bareJson && where.onKey ? items.map(quoteKey) : items;
}

/** `where.typedStart` and `offset` are offsets of the outer file; the path is inside the policy. */
function completionsAt(where: Where, file: ParsedFile, doc: SourceDoc, offset: number, index: WorkspaceIndex | undefined, settings: Settings): CompletionItem[] {
  const at = lastIndexWhere(where.path, (p) => typeof p === 'string' && STATEMENT_KEYS.has(p));
  if (at < 0) return where.onKey || where.path[where.path.length - 1] !== 'Version' ? [] : [{ label: '2012-10-17', kind: CompletionItemKind.Value }];
  const rel = where.path.slice(at + 1).filter((p) => typeof p === 'string' && p !== '[]') as string[];
  const range = file.rangeOf([where.typedStart, offset]);
  const statement = statementAt(file, doc, offset);
  if (rel.length >= 1 && /^(Not)?Action$|^action$/.test(rel[0]) && !where.onKey) return actionItems(where.typed, range);
  if (rel.length === 1 && /^[Ee]ffect$/.test(rel[0]) && !where.onKey) return ['Allow', 'Deny'].map((label) => ({ label, kind: CompletionItemKind.EnumMember }));
  if (rel.length === 1 && /^(Condition|policyCondition)$/.test(rel[0]) && where.onKey) {
    return allOperators().map((op) => ({ label: op, kind: CompletionItemKind.Operator, detail: 'condition operator', documentation: { kind: MarkupKind.Markdown, value: operatorDoc(op) }, textEdit: { range, newText: op } }));
  }
  if (rel.length === 2 && /^(Condition|policyCondition)$/.test(rel[0]) && where.onKey) return conditionKeyItems(statement, range, () => issuerNear(file, doc, offset));
  if (rel.length === 3 && /^(Condition|policyCondition)$/.test(rel[0]) && !where.onKey) {
    const tag = podIdentityTagOf(rel[2]);
    if (tag) return sessionTagValues(tag, index).map((label) => ({ label, kind: CompletionItemKind.Value, detail: 'in the workspace', textEdit: { range, newText: label } }));
    const claim = rel[2].slice(rel[2].lastIndexOf(':') + 1).toLowerCase();
    if (claim === 'sub') return subjectItems(file, doc, index, settings).map(({ label, detail }, i) => ({ label, kind: CompletionItemKind.Value, detail, sortText: String(i).padStart(5, '0'), textEdit: { range, newText: label } }));
    if (claim === 'aud') {
      return [
        { label: 'sts.amazonaws.com', kind: CompletionItemKind.Value, detail: 'EKS / IRSA default audience', textEdit: { range, newText: 'sts.amazonaws.com' } },
        { label: 'openshift', kind: CompletionItemKind.Value, detail: 'OpenShift (ccoctl) token audience', textEdit: { range, newText: 'openshift' } },
      ];
    }
  }
  return [];
}

function lastIndexWhere<T>(items: T[], test: (item: T) => boolean): number {
  for (let i = items.length - 1; i >= 0; i--) if (test(items[i])) return i;
  return -1;
}

const EMBEDDED_HOLDERS = new Set(['AssumeRolePolicyDocument', 'PolicyDocument']);

/** The JSON policy held in the string the cursor is inside, if any. */
function embeddedPolicyAt(file: ParsedFile, doc: SourceDoc, offset: number): EmbeddedJson | undefined {
  const hit = nodeAt(doc.root, offset);
  if (!hit || hit.onKey || !hit.pair || !EMBEDDED_HOLDERS.has(hit.pair.key) || !isScalar(hit.node) || hit.node.tag) return undefined;
  const [start, end] = hit.node.range;
  // Inside the quotes, not on them.
  if (/^["']/.test(file.text[start]) && (offset <= start || offset >= end)) return undefined;
  return parseEmbeddedJson(file.text, hit.node);
}

function embeddedWhere(embedded: EmbeddedJson, offset: number): Where {
  const inner = embedded.innerOffset(offset);
  const where = jsonWhere(embedded.text, inner);
  return { ...where, typedStart: Math.min(embedded.outerOffset(where.typedStart), offset) };
}

/** A key offered where no quote was typed yet (a new JSON key line): inserted with its quotes. */
function quoteKey(item: CompletionItem): CompletionItem {
  const edit = item.textEdit;
  if (!edit || !('range' in edit)) return item;
  return { ...item, filterText: `"${edit.newText}"`, textEdit: { ...edit, newText: `"${edit.newText}"` } };
}

/** The item's text as it must be written inside the outer string; filtered on that text too. */
function encodeItem(item: CompletionItem, encode: (text: string) => string): CompletionItem {
  const edit = item.textEdit;
  if (!edit || !('range' in edit)) return item;
  const newText = encode(edit.newText);
  return newText === edit.newText ? item : { ...item, filterText: newText, textEdit: { ...edit, newText } };
}

function jsonWhere(text: string, offset: number): Where {
  const location = getLocation(text, offset);
  const node = location.previousNode;
  let typed = '';
  let typedStart = offset;
  // A key being typed is a 'property' node, a value a 'string' one: both replace what is typed inside the quotes.
  if (node && (node.type === 'string' || node.type === 'property') && offset > node.offset && offset <= node.offset + node.length) {
    typedStart = node.offset + 1;
    typed = text.slice(typedStart, offset);
  }
  const path = [...location.path];
  // A 'property' node is a key even when getLocation does not say so: a new key
  // line typed before the comma that ends the line above.
  const onKey = location.isAtPropertyKey || (node?.type === 'property' && offset > node.offset && offset <= node.offset + node.length);
  // On a key, getLocation's last path element is the key being typed.
  if (onKey) path.pop();
  const inString = node !== undefined && (node.type === 'string' || node.type === 'property') && offset > node.offset && offset <= node.offset + node.length;
  return { path, onKey, typed, typedStart, bareJson: !inString };
}

function yamlWhere(file: ParsedFile, doc: SourceDoc, offset: number): Where | undefined {
  const lineStart = file.text.lastIndexOf('\n', offset - 1) + 1;
  const line = file.text.slice(lineStart, offset);
  // A sequence item being typed (`- s3:Get`): the parent key is the nearest less-indented `key:` line.
  const item = /^(\s*)-\s+["']?([^\s"']*)$/.exec(line);
  if (item) {
    const typed = item[2];
    // Items of an issuer-prefixed key (`oidc...:sub:` then `- system:...`): the generic cursor cannot read such keys.
    const parent = colonKeyAbove(file.text, lineStart, item[1].length, doc);
    if (parent) return { path: [...parent.path, parent.key, '[]'], onKey: false, typed, typedStart: offset - typed.length };
    const cursor = yamlCursorAt(file.text, offset - typed.length, doc.range[0]);
    return cursor ? { path: cursor.path, onKey: false, typed, typedStart: offset - typed.length } : undefined;
  }
  const value = COLON_KEY_VALUE.exec(line);
  if (value) {
    // The value of a key with a colon in it (`oidc...:aud: st`), quoted or not.
    const key = value[3] ?? value[4] ?? value[5];
    const c = yamlCursorAt(file.text, lineStart + value[1].length + value[2].length, doc.range[0]);
    return c ? { path: [...c.path, key], onKey: false, typed: value[6], typedStart: offset - value[6].length } : undefined;
  }
  const cursor = yamlCursorAt(file.text, offset, doc.range[0]);
  if (!cursor) {
    // `oidc.eks...:su` is not recognised as a key by the generic cursor (it contains ':').
    const key = /^(\s*)["']?([^\s"']*)$/.exec(line);
    if (!key) return undefined;
    const c = yamlCursorAt(file.text, lineStart + key[1].length, doc.range[0]);
    return c ? { path: c.path, onKey: true, typed: key[2], typedStart: offset - key[2].length } : undefined;
  }
  const typed = cursor.prefix.replace(/^["']/, '');
  if (cursor.position === 'key') return { path: cursor.path, onKey: true, typed, typedStart: offset - typed.length };
  return { path: [...cursor.path, cursor.key!], onKey: false, typed, typedStart: offset - typed.length };
}

/** `key: value` where the key holds a colon (issuer-prefixed condition keys); the key is group 3, 4 or 5, the typed value 6. */
const COLON_KEY_VALUE = /^(\s*)((?:-\s+)*)(?:"([^"]*:[^"]*)"|'([^']*:[^']*)'|([^\s#'"][^#]*:[^#]*?)):\s+["']?([^\s"'#]*)$/;

/**
 * The key (holding a colon) that owns the sequence item on the line at
 * `lineStart`, whose dash stands at `dashColumn`: the nearest line above that
 * is indented no deeper and is not a sibling item.
 */
function colonKeyAbove(text: string, lineStart: number, dashColumn: number, doc: SourceDoc): { key: string; path: string[] } | undefined {
  let end = lineStart - 1;
  while (end > doc.range[0]) {
    const start = text.lastIndexOf('\n', end - 1) + 1;
    const line = text.slice(start, end).replace(/\r$/, '');
    end = start - 1;
    if (/^\s*(#.*)?$/.test(line)) continue;
    const indent = /^\s*/.exec(line)![0].length;
    if (indent > dashColumn || (indent === dashColumn && line.trimStart().startsWith('-'))) continue;
    const owner = /^(\s*)(?:"([^"]*:[^"]*)"|'([^']*:[^']*)'|([^\s#'"-][^#]*:[^#]*?)):\s*(#.*)?$/.exec(line);
    if (!owner) return undefined;
    const cursor = yamlCursorAt(text, start + indent, doc.range[0]);
    return cursor ? { key: owner[2] ?? owner[3] ?? owner[4], path: cursor.path } : undefined;
  }
  return undefined;
}

function statementAt(file: ParsedFile, doc: SourceDoc, offset: number): Statement | undefined {
  for (const policy of policiesOf(file, doc)) {
    for (const s of policy.statements) if (offset >= s.node.range[0] && offset <= s.node.range[1]) return s;
  }
  return undefined;
}

const LEVEL_ORDER: Record<string, string> = { List: '0', Read: '1', Write: '2', Tagging: '3', 'Permissions management': '4' };

function actionItems(typed: string, range: Range): CompletionItem[] {
  const colon = typed.indexOf(':');
  if (colon < 0) {
    return servicePrefixes().map((prefix) => ({
      label: prefix,
      kind: CompletionItemKind.Module,
      detail: serviceName(prefix),
      textEdit: { range, newText: `${prefix}:` },
      command: { title: 'Suggest actions', command: 'editor.action.triggerSuggest' },
    }));
  }
  const info = service(typed.slice(0, colon));
  if (!info) return [];
  return info.actions.map((a) => ({
    label: `${info.prefix}:${a.name}`,
    kind: CompletionItemKind.Function,
    detail: `${a.access}: ${a.description}`,
    documentation: { kind: MarkupKind.Markdown, value: actionDoc(a) },
    sortText: LEVEL_ORDER[a.access] + a.name,
    textEdit: { range, newText: `${info.prefix}:${a.name}` },
  }));
}

/**
 * The OIDC issuer of the Federated principal nearest the cursor in the
 * document's text, for a statement that does not parse yet (a key line being
 * typed): the nearest one before the cursor, else the nearest after it.
 */
function issuerNear(file: ParsedFile, doc: SourceDoc, offset: number): string | undefined {
  const text = file.text.slice(doc.range[0], doc.range[1]);
  const at = offset - doc.range[0];
  let before: string | undefined;
  let after: string | undefined;
  for (const match of text.matchAll(/arn:aws[\w-]*:iam::\d{12}:oidc-provider\/[^"'\s,}\]\\]+/g)) {
    const parsed = parseFederated(match[0]);
    if (parsed.kind !== 'oidc') continue;
    if (match.index! < at) before = parsed.issuer;
    else if (after === undefined) after = parsed.issuer;
  }
  return before ?? after;
}

function conditionKeyItems(statement: Statement | undefined, range: Range, fallbackIssuer: () => string | undefined): CompletionItem[] {
  const items: CompletionItem[] = [];
  const issuers = new Set<string>();
  for (const p of statement?.principals ?? []) {
    if (p.type !== 'Federated') continue;
    const parsed = parseFederated(p.value);
    // A templated provider (`.../oidc-provider/${oidc_provider}`) gives keys with the same placeholder.
    const issuer = parsed.kind === 'oidc' ? parsed.issuer : parsed.kind === 'templated' ? parsed.issuerTemplate : undefined;
    if (issuer !== undefined) issuers.add(issuer);
  }
  if (issuers.size === 0) {
    const near = fallbackIssuer();
    if (near) issuers.add(near);
  }
  for (const issuer of issuers) {
    for (const claim of ['sub', 'aud']) {
      const key = `${issuer}:${claim}`;
      items.push({ label: key, kind: CompletionItemKind.Property, detail: claim === 'sub' ? 'token subject: system:serviceaccount:<ns>:<sa>' : 'token audience', sortText: `0${claim}`, textEdit: { range, newText: key } });
    }
  }
  if (statement?.principals.some((p) => p.type === 'Service' && p.value === POD_IDENTITY_PRINCIPAL)) {
    for (const { tag, doc } of POD_IDENTITY_TAGS) {
      const key = `aws:RequestTag/${tag}`;
      items.push({ label: key, kind: CompletionItemKind.Property, detail: `EKS Pod Identity session tag: ${doc}`, sortText: `0${tag}`, textEdit: { range, newText: key } });
    }
  }
  for (const [key, description] of Object.entries(GLOBAL_KEYS)) items.push({ label: key, kind: CompletionItemKind.Property, detail: description, sortText: `1${key}`, textEdit: { range, newText: key } });
  const prefixes = new Set((statement?.actions ?? []).map((a) => a.value.split(':')[0].toLowerCase()).filter((p) => p && p !== '*'));
  for (const prefix of prefixes) {
    for (const k of conditionKeysFor(prefix)) items.push({ label: k.key, kind: CompletionItemKind.Property, detail: k.type, sortText: `2${k.key}`, textEdit: { range, newText: k.key } });
  }
  return items;
}

/**
 * `sub` values to offer: with the workspace index, the service accounts bound
 * to this role first, then every one the workspace knows; without it, those
 * beside the policy.
 */
function subjectItems(file: ParsedFile, doc: SourceDoc, index: WorkspaceIndex | undefined, settings: Settings): Array<{ label: string; detail: string }> {
  if (!index) return (file.fsPath ? subjectsBeside(new FileSource(), file.fsPath) : []).map((label) => ({ label, detail: 'service account beside this policy' }));
  const bound = boundSubjects(index, rolesDefinedBy(index, settings, doc));
  const others = knownSubjects(index).filter((s) => !bound.includes(s));
  return [...bound.map((label) => ({ label, detail: 'uses this role' })), ...others.map((label) => ({ label, detail: 'service account in the workspace' }))];
}

function actionDoc(a: ActionInfo): string {
  const resources = a.resourceTypes.length ? a.resourceTypes.map((r) => `\`${r.replace('*', '')}\`${r.endsWith('*') ? ' (required)' : ''}`).join(', ') : 'none (use `"Resource": "*"`)';
  return [`**${a.service}:${a.name}** · ${a.access}`, '', a.description, '', `Resource types: ${resources}`, '', `_IAM catalog ${IAM_DATA_VERSION}_`].join('\n');
}

function operatorDoc(op: string): string {
  const parsed = parseOperator(op);
  if (!parsed) return '';
  const lines = [`**${op}**`, '', BASE_OPERATORS[parsed.base]];
  if (parsed.ifExists) lines.push('', '`...IfExists`: also true when the key is absent from the request.');
  if (parsed.set === 'ForAllValues') lines.push('', '`ForAllValues:` true when every request value matches, **and when the key is absent**: risky in Allow statements.');
  if (parsed.set === 'ForAnyValue') lines.push('', '`ForAnyValue:` true when at least one request value matches.');
  return lines.join('\n');
}

/** Hover on an action, a condition operator or key, or a Federated principal (also inside JSON strings). */
export function policyHover(file: ParsedFile, doc: SourceDoc, offset: number): Hover | undefined {
  const inside = (r: readonly [number, number]) => offset >= r[0] && offset <= r[1];
  for (const policy of policiesOf(file, doc)) {
    for (const s of policy.statements) {
      if (!inside(s.node.range)) continue;
      for (const a of s.actions) {
        if (!inside(a.node.range)) continue;
        const colon = a.value.indexOf(':');
        if (colon < 0) return undefined;
        const prefix = a.value.slice(0, colon);
        const name = a.value.slice(colon + 1);
        const exact = action(prefix, name);
        if (exact) return markdown(actionDoc(exact), file, a.node.range);
        const matches = /[*?]/.test(name) ? matchingActions(prefix, name) : [];
        if (matches.length) {
          const list = matches.slice(0, 20).map((m) => `- \`${m.service}:${m.name}\` · ${m.access}`).join('\n');
          return markdown(`**${a.value}** matches ${matches.length} action${matches.length === 1 ? '' : 's'} of ${service(prefix)!.name}:\n\n${list}${matches.length > 20 ? '\n- ...' : ''}`, file, a.node.range);
        }
        return undefined;
      }
      for (const c of s.conditions) {
        if (inside(c.operatorPair.keyRange)) return markdown(operatorDoc(c.operator), file, c.operatorPair.keyRange);
        const tag = inside(c.keyPair.keyRange) ? podIdentityTagOf(c.key) : undefined;
        if (tag) return markdown(sessionTagDoc(c.key, tag), file, c.keyPair.keyRange);
        if (inside(c.keyPair.keyRange)) {
          const found = lookupConditionKey(c.key);
          if (!found.known) return undefined;
          if (found.issuer) {
            const claim = c.key.slice(c.key.lastIndexOf(':') + 1);
            const what = claim === 'sub' ? 'the token subject, `system:serviceaccount:<namespace>:<serviceaccount>` for Kubernetes' : claim === 'aud' ? 'the token audience (e.g. `sts.amazonaws.com`, `openshift`)' : `the \`${claim}\` claim`;
            return markdown(`**${c.key}**\n\nIdentity provider key: ${what}, for tokens issued by \`https://${found.issuer}\`.`, file, c.keyPair.keyRange);
          }
          const description = GLOBAL_KEYS[found.info!.key] ?? '';
          return markdown(`**${found.info!.key}** \`${found.info!.type}\`${description ? `\n\n${description}` : ''}`, file, c.keyPair.keyRange);
        }
      }
      for (const p of s.principals) {
        if (p.type === 'Service' && p.value === POD_IDENTITY_PRINCIPAL && inside(p.node.range)) {
          return markdown(
            `**EKS Pod Identity** (the EKS Auth service)\n\nAssumes this role for the pods of a pod identity association, with \`sts:AssumeRole\` and \`sts:TagSession\` (session tags: ${POD_IDENTITY_TAGS.map((t) => `\`${t.tag}\``).join(', ')}). Scope the role with \`aws:RequestTag/...\` conditions.`,
            file,
            p.node.range,
          );
        }
        if (p.type !== 'Federated' || !inside(p.node.range)) continue;
        const parsed = parseFederated(p.value);
        if (parsed.kind === 'oidc') {
          return markdown(`**OIDC provider** in account \`${parsed.account}\` (partition \`${parsed.partition}\`)\n\nIssuer: \`https://${parsed.issuer}\`\n\nCondition keys: \`${parsed.issuer}:sub\`, \`${parsed.issuer}:aud\`. Action: \`sts:AssumeRoleWithWebIdentity\`.`, file, p.node.range);
        }
        if (parsed.kind === 'saml') return markdown(`**SAML provider** \`${parsed.name}\` in account \`${parsed.account}\`. Action: \`sts:AssumeRoleWithSAML\`.`, file, p.node.range);
      }
    }
  }
  return undefined;
}

/** Namespaces or service account names the workspace defines or uses, for a session-tag condition's values. */
function sessionTagValues(tag: string, index: WorkspaceIndex | undefined): string[] {
  if (!index || (tag !== 'kubernetes-namespace' && tag !== 'kubernetes-service-account')) return [];
  const part = tag === 'kubernetes-namespace' ? 2 : 3;
  return [...new Set(knownSubjects(index).map((s) => s.split(':')[part]))].sort();
}

function sessionTagDoc(key: string, tag: string): string {
  const about = POD_IDENTITY_TAGS.find((t) => t.tag === tag)!.doc;
  return `**${key}**\n\nEKS Pod Identity session tag \`${tag}\`: ${about} Attached when EKS Pod Identity assumes the role, unless the association disables session tags.`;
}

function markdown(value: string, file: ParsedFile, range: readonly [number, number]): Hover {
  return { contents: { kind: MarkupKind.Markdown, value }, range: file.rangeOf(range) };
}
