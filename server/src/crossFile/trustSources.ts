import * as path from 'path';
import { getStr, isMap, pairOf, str } from '../model/node';
import { ParsedFile, SourceDoc } from '../model/parsedFile';
import { isTemplated } from '../model/templated';
import { Settings } from '../settings';
import { PolicyDoc, policiesOf } from '../views/policy';
import { terraformView } from '../views/terraform';
import { WorkspaceIndex } from '../workspace/workspaceIndex';
import { inScope } from './clusterScope';

export type TrustSourceKind = 'setting' | 'role-document' | 'cloudformation' | 'terraform' | 'file-name';

/** Where the workspace defines a role's trust policy. */
export interface TrustSource {
  roleName: string;
  kind: TrustSourceKind;
  file: ParsedFile;
  doc: SourceDoc;
  policy: PolicyDoc;
}

/** Kinds that can hold a trust policy (a setting may point at any policy file). */
const TRUST_KINDS = ['iam-role', 'cloudformation', 'terraform', 'trust-policy', 'permission-policy', 'iam-role-policy'] as const;

const FILE_NAME = /^(.+?)(?:-trust-policy|-trust|\.trust|-assume-role-policy)?\.json(?:\.tpl|\.tftpl)?$/i;

/**
 * Role name -> every trust policy the workspace holds for it, in the order
 * the README documents: the `stsLens.trustPolicies` setting, role documents
 * (RoleName + AssumeRolePolicyDocument), CloudFormation roles, Terraform roles
 * (aws_iam_role, the IRSA module), then files named after the role
 * (`<role>.json`, `-trust`, `-trust-policy`, `.trust`, `-assume-role-policy`),
 * ties by path. Computed once per state of the index.
 */
export function trustSources(index: WorkspaceIndex, settings: Settings): Map<string, TrustSource[]> {
  const key = `trust-sources:${JSON.stringify(settings.trustPolicies)}`;
  return index.derived(key, () => collect(index, settings), TRUST_KINDS);
}

/** Document -> the roles whose trust policy it holds (the reverse of trustSources). */
export function rolesByDoc(index: WorkspaceIndex, settings: Settings): Map<SourceDoc, string[]> {
  return index.derived(
    `roles-by-doc:${JSON.stringify(settings.trustPolicies)}`,
    () => {
      const out = new Map<SourceDoc, string[]>();
      for (const [role, sources] of trustSources(index, settings)) {
        for (const source of sources) if (!out.get(source.doc)?.includes(role)) out.set(source.doc, [...(out.get(source.doc) ?? []), role]);
      }
      return out;
    },
    TRUST_KINDS,
  );
}

/** The trust policy that governs a role: the first source in priority order (of the asking file's cluster, when given). */
export function trustSourceFor(index: WorkspaceIndex, settings: Settings, roleName: string, from?: ParsedFile): TrustSource | undefined {
  const sources = trustSources(index, settings).get(roleName);
  if (!sources || !from) return sources?.[0];
  return inScope(index, settings, from, sources)[0];
}

function collect(index: WorkspaceIndex, settings: Settings): Map<string, TrustSource[]> {
  const out = new Map<string, TrustSource[]>();
  const add = (source: TrustSource) => {
    const list = out.get(source.roleName);
    if (!list) out.set(source.roleName, [source]);
    else if (!list.some((s) => s.file === source.file && s.doc === source.doc)) list.push(source);
  };
  const trustOf = (file: ParsedFile, doc: SourceDoc) => policiesOf(file, doc).filter((p) => p.role === 'trust');

  for (const [roleName, configured] of Object.entries(settings.trustPolicies)) {
    const wanted = configured.split(/[\\/]/).join(path.sep);
    for (const file of index.files()) {
      if (!file.fsPath || !(path.isAbsolute(wanted) ? file.fsPath === wanted : file.fsPath.endsWith(path.sep + wanted))) continue;
      for (const doc of file.docs) for (const policy of trustOf(file, doc)) add({ roleName, kind: 'setting', file, doc, policy });
    }
  }
  for (const { file, doc } of index.docsOfKind('iam-role')) {
    const roleName = getStr(doc.root, 'RoleName');
    // A templated name (`${cluster}-ingress`) is unknown: no reference can name it, and two such files are no duplicate.
    if (!roleName || isTemplated(roleName)) continue;
    for (const policy of trustOf(file, doc)) add({ roleName, kind: 'role-document', file, doc, policy });
  }
  for (const { file, doc } of index.docsOfKind('cloudformation')) {
    const resources = pairOf(doc.root, 'Resources')?.value;
    if (!isMap(resources)) continue;
    const policies = trustOf(file, doc);
    for (const resource of resources.pairs) {
      if (getStr(resource.value, 'Type') !== 'AWS::IAM::Role') continue;
      const roleName = str(pairOf(pairOf(resource.value, 'Properties')?.value, 'RoleName')?.value);
      const holder = pairOf(pairOf(resource.value, 'Properties')?.value, 'AssumeRolePolicyDocument');
      const policy = policies.find((p) => p.holder === holder);
      if (roleName && !isTemplated(roleName) && policy) add({ roleName, kind: 'cloudformation', file, doc, policy });
    }
  }
  for (const { file, doc } of index.docsOfKind('terraform')) {
    for (const role of terraformView(file, doc).roles) {
      if (role.name && role.trust) add({ roleName: role.name.value, kind: 'terraform', file, doc, policy: role.trust });
    }
  }
  for (const { file, doc } of index.docsOfKind('trust-policy')) {
    const match = FILE_NAME.exec(path.basename(file.fsPath ?? file.uri));
    if (!match) continue;
    for (const policy of trustOf(file, doc)) add({ roleName: match[1], kind: 'file-name', file, doc, policy });
  }
  // One order for the editor and the CLI, whatever order the files were read in:
  // by kind, then (for file names) by suffix as the README lists them, then by path.
  for (const list of out.values()) list.sort((a, b) => ORDER[a.kind] - ORDER[b.kind] || suffixRank(a) - suffixRank(b) || compare(a.file.fsPath ?? a.file.uri, b.file.fsPath ?? b.file.uri));
  return out;
}

const SUFFIXES = ['', '-trust', '-trust-policy', '.trust', '-assume-role-policy'];

function suffixRank(source: TrustSource): number {
  if (source.kind !== 'file-name') return 0;
  const base = path.basename(source.file.fsPath ?? source.file.uri).replace(/\.json$/i, '');
  const suffix = base.slice(source.roleName.length).toLowerCase();
  const rank = SUFFIXES.indexOf(suffix);
  return rank < 0 ? SUFFIXES.length : rank;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const ORDER: Record<TrustSourceKind, number> = { setting: 0, 'role-document': 1, cloudformation: 2, terraform: 3, 'file-name': 4 };
