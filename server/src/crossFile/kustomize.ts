import * as path from 'path';
import { KUSTOMIZATION_NAMES, podSpecPath, WORKLOAD_KINDS } from '../model/kinds';
import { get, getStr, isMap, isSeq, OffsetRange, pairOf, SNode, str } from '../model/node';
import { ParsedFile, parseFile, SourceDoc } from '../model/parsedFile';
import { KustomizationView, kustomizationView, KustomizePatch } from '../views/kustomization';
import { IndexedDoc, WorkspaceIndex } from '../workspace/workspaceIndex';

/**
 * Kustomize without the kustomize binary: what each overlay makes of the
 * ServiceAccounts and workloads it includes. An overlay is a kustomization no
 * other kustomization of the workspace includes; it is rendered by following
 * `resources` (files, and folders with a kustomization) down through its
 * bases, applying at each level, innermost first, strategic-merge patches of
 * ServiceAccount annotations and workload service accounts, commonAnnotations,
 * `namespace`, and `namePrefix`/`nameSuffix` (with the service account names
 * workloads refer to renamed alike). Only files the workspace index holds are
 * read: a path that leaves the workspace finds nothing.
 */

/** Where a rendered annotation's value was written. */
export interface AnnotationSource {
  value: string | undefined;
  file: ParsedFile;
  range: OffsetRange;
}

/** A document of a base as one overlay renders it. */
export interface KustomizeRendering {
  /** The overlay's kustomization file. */
  overlay: ParsedFile;
  overlayDoc: SourceDoc;
  file: ParsedFile;
  doc: SourceDoc;
  name: string;
  /** The namespace the overlay (or a base) sets, else the document's own. */
  namespace: string | undefined;
  /** Annotations the kustomizations set, changed or removed (value undefined). */
  annotations: ReadonlyMap<string, AnnotationSource>;
  /** A workload's service account as rendered (renamed with the ServiceAccount, or patched). */
  serviceAccountName: string | undefined;
}

/** Something a kustomization asks for that was not followed, reported on its entry. */
export interface KustomizeNote {
  file: ParsedFile;
  doc: SourceDoc;
  range: OffsetRange;
  message: string;
}

export interface KustomizeRenderings {
  /** A document of a base -> one rendering per overlay that includes it (none when an overlay is not rendered). */
  byDoc: Map<SourceDoc, KustomizeRendering[]>;
  /** Documents some kustomization includes (as a resource or a patch): they are checked only as rendered. */
  included: Set<SourceDoc>;
  notes: KustomizeNote[];
}

/** Bounds against hostile or runaway input: nesting, kustomizations per overlay, documents per overlay and in all. */
const MAX_DEPTH = 20;
const MAX_KUSTOMIZATIONS_PER_OVERLAY = 200;
const MAX_DOCS_PER_OVERLAY = 5000;
const MAX_RENDERINGS = 50_000;

interface Item {
  file: ParsedFile;
  doc: SourceDoc;
  kind: string;
  originalName: string;
  name: string;
  namespace: string | undefined;
  annotations: Map<string, AnnotationSource>;
  serviceAccountName: string | undefined;
}

interface Kustomization {
  file: ParsedFile;
  doc: SourceDoc;
  view: KustomizationView;
}

/** How a rendering finds files: the index's, through a recorder of what was read. */
interface FileLookup {
  fileAt(fsPath: string): ParsedFile | undefined;
}

/** The kustomization of a folder, among the files the index holds. */
function kustomizationIn(index: FileLookup, dir: string): Kustomization | undefined {
  for (const name of KUSTOMIZATION_NAMES) {
    const file = index.fileAt(path.join(dir, name));
    const doc = file?.docs.find((d) => d.kind === 'kustomization' && isMap(d.root));
    if (file && doc && isMap(doc.root)) return { file, doc, view: kustomizationView(doc.root) };
  }
  return undefined;
}

export function kustomizeRenderings(index: WorkspaceIndex): KustomizeRenderings {
  return index.derived('kustomize-renderings', () => renderOrReuse(index), ['kustomization', 'service-account', 'workload', 'helm-release']);
}

/** The last rendering of an index: the kustomizations it started from, every path it looked up with what it found, and its result. */
interface LastRendering {
  kustomizations: ReadonlyArray<IndexedDoc>;
  reads: Map<string, ParsedFile | undefined>;
  result: KustomizeRenderings;
}
const lastRenderings = new WeakMap<WorkspaceIndex, LastRendering>();

/**
 * A rendering is a function of the kustomizations and the files they read,
 * and the index keeps an unedited file as the same object: when all of them
 * are the same, the last rendering stands. A keystroke in a workload no
 * kustomization includes then costs a lookup per file read, not a render of
 * every overlay.
 */
function renderOrReuse(index: WorkspaceIndex): KustomizeRenderings {
  const kustomizations = index.docsOfKind('kustomization');
  const last = lastRenderings.get(index);
  if (last && sameDocs(last.kustomizations, kustomizations) && sameReads(index, last.reads)) return last.result;
  const reads = new Map<string, ParsedFile | undefined>();
  const lookup: FileLookup = {
    fileAt: (fsPath) => {
      const abs = path.resolve(fsPath);
      if (!reads.has(abs)) reads.set(abs, index.fileAt(abs));
      return reads.get(abs);
    },
  };
  const result = render(lookup, kustomizations);
  lastRenderings.set(index, { kustomizations, reads, result });
  return result;
}

function sameDocs(a: ReadonlyArray<IndexedDoc>, b: ReadonlyArray<IndexedDoc>): boolean {
  return a === b || (a.length === b.length && a.every((d, i) => d.file === b[i].file && d.doc === b[i].doc));
}

/** The renderings of a document, or undefined when no kustomization includes it (it is checked as written). */
export function renderingsOf(index: WorkspaceIndex | undefined, doc: SourceDoc): KustomizeRendering[] | undefined {
  if (!index || index.docsOfKind('kustomization').length === 0) return undefined;
  const renderings = kustomizeRenderings(index);
  return renderings.included.has(doc) ? renderings.byDoc.get(doc) ?? [] : undefined;
}

function sameReads(index: WorkspaceIndex, reads: ReadonlyMap<string, ParsedFile | undefined>): boolean {
  for (const [fsPath, file] of reads) if (index.fileAt(fsPath) !== file) return false;
  return true;
}

function render(index: FileLookup, kustomizations: ReadonlyArray<IndexedDoc>): KustomizeRenderings {
  const out: KustomizeRenderings = { byDoc: new Map(), included: new Set(), notes: [] };
  const all: Kustomization[] = [];
  for (const { file, doc } of kustomizations) {
    if (file.fsPath && isMap(doc.root)) all.push({ file, doc, view: kustomizationView(doc.root) });
  }
  // An overlay is a kustomization that no other one includes.
  const includedDirs = new Set<string>();
  for (const k of all) {
    const dir = path.dirname(k.file.fsPath!);
    for (const r of k.view.resources) {
      const target = path.resolve(dir, r.path);
      // A kustomization that lists its own folder is a cycle, not a base of itself.
      if (target !== dir) includedDirs.add(target);
    }
    // Whatever a kustomization lists is checked only as an overlay renders it, even one not rendered (cut off, uncertain).
    for (const listed of [...k.view.resources, ...k.view.patches]) {
      const file = listed.path !== undefined && !path.isAbsolute(listed.path) ? index.fileAt(path.resolve(dir, listed.path)) : undefined;
      if (file && file !== k.file) for (const doc of file.docs) out.included.add(doc);
    }
  }
  const noted = new Set<string>();
  const note = (k: Kustomization, range: OffsetRange, message: string) => {
    const key = `${k.file.uri}#${range[0]}#${message}`;
    if (noted.has(key)) return;
    noted.add(key);
    out.notes.push({ file: k.file, doc: k.doc, range, message });
  };
  let total = 0;
  const overlays = all.filter((k) => !includedDirs.has(path.dirname(k.file.fsPath!))).sort((a, b) => (a.file.fsPath! < b.file.fsPath! ? -1 : 1));
  for (const overlay of overlays) {
    const budget = { kustomizations: 0, docs: 0, certain: true };
    const items = build(index, overlay, [], budget, out, note);
    if (total + items.length > MAX_RENDERINGS) {
      note(overlay, overlay.doc.range, `this overlay was not rendered: the workspace's overlays hold more than ${MAX_RENDERINGS} documents in all`);
      continue;
    }
    // What an overlay makes of its resources is unknown when something in it can rename, move or annotate them.
    if (!budget.certain) continue;
    const seen = new Set<SourceDoc>();
    for (const item of items) {
      if (seen.has(item.doc)) continue;
      seen.add(item.doc);
      // What runs as a service account: ServiceAccounts, workloads, and Helm releases (their namespace decides the chart's).
      if (item.kind !== 'ServiceAccount' && !WORKLOAD_KINDS[item.kind] && item.doc.kind !== 'workload' && item.doc.kind !== 'helm-release') continue;
      total++;
      const rendering: KustomizeRendering = {
        overlay: overlay.file,
        overlayDoc: overlay.doc,
        file: item.file,
        doc: item.doc,
        name: item.name,
        namespace: item.namespace,
        annotations: item.annotations,
        serviceAccountName: item.serviceAccountName,
      };
      const list = out.byDoc.get(item.doc);
      if (list) list.push(rendering);
      else out.byDoc.set(item.doc, [rendering]);
    }
  }
  return out;
}

type Note = (k: Kustomization, range: OffsetRange, message: string) => void;

/** The documents a kustomization renders, with this level's transformations applied on top of its bases'. */
function build(index: FileLookup, k: Kustomization, stack: string[], budget: { kustomizations: number; docs: number; certain: boolean }, out: KustomizeRenderings, note: Note): Item[] {
  const dir = path.dirname(k.file.fsPath!);
  if (++budget.kustomizations > MAX_KUSTOMIZATIONS_PER_OVERLAY) {
    note(k, k.doc.range, `not followed: an overlay includes more than ${MAX_KUSTOMIZATIONS_PER_OVERLAY} kustomizations`);
    budget.certain = false;
    return [];
  }
  if (k.view.unsupported.some((u) => u.changesIdentity)) budget.certain = false;
  const items: Item[] = [];
  for (const resource of k.view.resources) {
    if (path.isAbsolute(resource.path)) {
      note(k, resource.node.range, `resource ${resource.path} is an absolute path, which kustomize refuses: not read`);
      continue;
    }
    const target = path.resolve(dir, resource.path);
    const file = index.fileAt(target);
    if (file && file.fsPath !== k.file.fsPath) {
      for (const doc of file.docs) {
        if (budget.docs >= MAX_DOCS_PER_OVERLAY) {
          note(k, resource.node.range, `not all read: an overlay includes more than ${MAX_DOCS_PER_OVERLAY} documents`);
          budget.certain = false;
          break;
        }
        const kind = getStr(doc.root, 'kind');
        const name = getStr(doc.root, 'metadata', 'name');
        if (!isMap(doc.root) || !kind || name === undefined) continue;
        budget.docs++;
        out.included.add(doc);
        items.push({ file, doc, kind, originalName: name, name, namespace: getStr(doc.root, 'metadata', 'namespace'), annotations: new Map(), serviceAccountName: undefined });
      }
      continue;
    }
    const base = kustomizationIn(index, target);
    if (!base) {
      note(k, resource.node.range, `resource ${resource.path} is not a file or a folder with a kustomization in the workspace: its resources are not checked`);
      continue;
    }
    if (base.file.fsPath === k.file.fsPath || stack.includes(base.file.fsPath!)) {
      note(k, resource.node.range, `resource ${resource.path} includes a kustomization that includes this one (a cycle, which kustomize refuses): not followed`);
      continue;
    }
    if (stack.length + 1 >= MAX_DEPTH) {
      note(k, resource.node.range, `resource ${resource.path} is not followed: bases nest more than ${MAX_DEPTH} deep`);
      budget.certain = false;
      continue;
    }
    items.push(...build(index, base, [...stack, k.file.fsPath!], budget, out, note));
  }
  for (const patch of k.view.patches) applyPatch(index, k, patch, items, out, note, budget);
  for (const pair of k.view.commonAnnotations) {
    for (const item of items) item.annotations.set(pair.key, { value: str(pair.value), file: k.file, range: pair.value.range });
  }
  if (k.view.namespace) for (const item of items) if (item.kind !== 'Namespace') item.namespace = k.view.namespace;
  if (k.view.namePrefix || k.view.nameSuffix) {
    const renamed = new Map<string, string>();
    for (const item of items) {
      if (item.kind === 'Namespace') continue;
      const before = item.name;
      item.name = `${k.view.namePrefix}${item.name}${k.view.nameSuffix}`;
      if (item.kind === 'ServiceAccount') renamed.set(before, item.name);
    }
    // kustomize renames what refers to a renamed ServiceAccount (a pod's serviceAccountName) along with it.
    for (const item of items) {
      const current = item.serviceAccountName ?? serviceAccountNameIn(item.doc.root);
      const now = current !== undefined ? renamed.get(current) : undefined;
      if (now) item.serviceAccountName = now;
    }
  }
  return items;
}

function serviceAccountNameIn(root: SNode | undefined): string | undefined {
  const specPath = podSpecPath(root);
  if (!specPath) return undefined;
  const spec = get(root, ...specPath);
  return getStr(spec, 'serviceAccountName') ?? getStr(spec, 'serviceAccount');
}

/** Strategic-merge patches: ServiceAccount annotations, a workload's service account, `$patch: delete`. */
function applyPatch(index: FileLookup, k: Kustomization, patch: KustomizePatch, items: Item[], out: KustomizeRenderings, note: Note, budget: { certain: boolean }): void {
  let docs: Array<{ file: ParsedFile; doc: SourceDoc }> = [];
  if (patch.path !== undefined) {
    const file = path.isAbsolute(patch.path) ? undefined : index.fileAt(path.resolve(path.dirname(k.file.fsPath!), patch.path));
    if (!file) {
      note(k, patch.node.range, `patch ${patch.path} is not in the workspace: what it changes is not known, so this overlay's resources are not checked`);
      budget.certain = false;
      return;
    }
    docs = file.docs.map((doc) => ({ file, doc }));
    for (const doc of file.docs) out.included.add(doc);
  } else if (patch.inline !== undefined) {
    // Values of an inline patch are placed on the patch entry of the kustomization (inlineRange below).
    docs = parseFile(`${k.file.uri}#patch`, patch.inline, { format: 'yaml' }).docs.map((doc) => ({ file: k.file, doc }));
  }
  for (const { file, doc } of docs) {
    const root = doc.root;
    if (isSeq(root) || (isMap(root) && pairOf(root, 'op') !== undefined)) {
      // A JSON 6902 patch (a list of operations) may change any field.
      note(k, patch.node.range, 'a JSON 6902 patch (a list of operations) is not applied: this overlay\'s resources are not checked');
      budget.certain = false;
      continue;
    }
    if (!isMap(root)) continue;
    const kind = patch.target?.kind ?? getStr(root, 'kind');
    const name = patch.target?.name ?? getStr(root, 'metadata', 'name');
    if (name && /[\\^$*+?()[\]{}|]/.test(name)) {
      // A target name is a regular expression to kustomize; which resources it picks is not worked out here.
      note(k, patch.node.range, `a patch whose target name is a pattern (${name}) is not applied: this overlay's resources are not checked`);
      budget.certain = false;
      continue;
    }
    const matches = items.filter((item) => (!kind || item.kind === kind) && (!name || name === item.name || name === item.originalName));
    if (getStr(root, '$patch') === 'delete') {
      for (const item of matches) items.splice(items.indexOf(item), 1);
      continue;
    }
    const inlineRange = patch.inline !== undefined ? patch.node.range : undefined;
    const annotations = get(root, 'metadata', 'annotations');
    for (const item of matches) {
      if (isMap(annotations)) {
        for (const pair of annotations.pairs) item.annotations.set(pair.key, { value: str(pair.value), file, range: inlineRange ?? pair.value.range });
      }
      const specPath = WORKLOAD_KINDS[item.kind] ?? podSpecPath(root);
      const spec = specPath ? get(root, ...specPath) : undefined;
      const serviceAccount = getStr(spec, 'serviceAccountName') ?? getStr(spec, 'serviceAccount');
      if (serviceAccount !== undefined) item.serviceAccountName = serviceAccount;
    }
  }
}
