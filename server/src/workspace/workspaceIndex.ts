import * as path from 'path';
import { DocKind } from '../model/kinds';
import { localModuleCalls, ModuleCall } from '../model/hcl/moduleCalls';
import { loadHcl } from '../model/hcl/treeSitter';
import { ParsedFile, SourceDoc } from '../model/parsedFile';
import { FileSource } from './fileSource';
import { READ_AHEAD_FROM, readAhead } from './readAhead';
import { walkFiles } from './walk';
import { WorkspaceFiles } from './workspaceFiles';

/** How many files, at most, the main thread reads itself while the read-ahead worker starts (see build). */
const READ_HERE_WHILE_THE_WORKER_STARTS = 512;
/** Terraform files, whose `module` blocks may call folders of the workspace. */
const TERRAFORM_FILE = /\.tf(\.json)?$/i;

/** A full collection, when the runtime lets us ask for one (see indexGc.ts). */
let collectGarbage: (() => void) | undefined;
export function setGarbageCollector(gc: (() => void) | undefined): void {
  collectGarbage = gc;
}

/** The kinds of the documents that differ between two versions of a file (an untouched document is the same object). */
function kindsOf(before: ParsedFile | undefined, after: ParsedFile | undefined): Set<DocKind> {
  const kinds = new Set<DocKind>();
  const earlier = new Set<SourceDoc>(before?.docs);
  const later = new Set<SourceDoc>(after?.docs);
  for (const doc of earlier) if (!later.has(doc)) kinds.add(doc.kind);
  for (const doc of later) if (!earlier.has(doc)) kinds.add(doc.kind);
  return kinds;
}

export interface BuildOptions {
  onProgress?: (done: number, total: number) => void;
  isCancelled?: () => boolean;
  batch?: number;
  exclude?: ReadonlyArray<string>;
  readAheadFrom?: number;
}

export interface IndexedDoc {
  readonly file: ParsedFile;
  readonly doc: SourceDoc;
}

/**
 * A document as the index lists it. The file is looked up when asked for:
 * a lookup kept across an edit of another document of the same file then
 * answers with the file as it is now (its text, version and line numbers).
 */
class IndexEntry implements IndexedDoc {
  constructor(
    private readonly indexed: ReadonlyMap<string, ParsedFile>,
    readonly key: string,
    private readonly listed: ParsedFile,
    readonly doc: SourceDoc,
  ) {}

  get file(): ParsedFile {
    return this.indexed.get(this.key) ?? this.listed;
  }
}

/**
 * Every YAML/JSON document of the workspace, kept current from open editors
 * and file-watcher events. Cross-file rules ask it for documents of a kind and
 * for lookups derived from them; derived lookups are memoized until the next
 * change, so a keystroke costs one re-parse plus the lookups it invalidates.
 */
export class WorkspaceIndex implements WorkspaceFiles {
  private readonly indexed = new Map<string, ParsedFile>();
  /** Terraform file -> the folders its `module` blocks call by a local path, with the variables set (see settleModuleCalls). */
  private readonly moduleCalls = new Map<string, ModuleCall[]>();
  private moduleCallsChanged = false;
  private readonly memo = new Map<string, { value: unknown; kinds: ReadonlySet<DocKind> | undefined }>();
  private readonly byKind = new Map<DocKind, IndexedDoc[]>();
  /** A document's entry, kept while the document is the same object: relisting a kind after a keystroke makes no new entries for the documents it did not touch. */
  private readonly entries = new WeakMap<SourceDoc, IndexEntry>();
  /** Every kind of the indexed documents has its list in byKind: a kind without one has no documents. */
  private everyKindListed = false;
  private generationValue = 0;

  constructor(readonly source: FileSource) {}

  /** Bumped on every change; lets callers cache per state of the workspace. */
  get generation(): number {
    return this.generationValue;
  }

  get size(): number {
    return this.indexed.size;
  }

  /**
   * Indexes every checked file under the roots, yielding to the event loop
   * between batches so requests are served while a large workspace loads.
   * A large workspace is read on a second thread while this one parses
   * (readAhead). Returns the files it found, in the walk's order.
   */
  async build(
    roots: ReadonlyArray<string>,
    options: BuildOptions = {},
  ): Promise<string[]> {
    await loadHcl();
    return this.source.indexing(() => this.indexAll(roots, options));
  }

  private async indexAll(roots: ReadonlyArray<string>, options: BuildOptions): Promise<string[]> {
    const paths = roots.length ? walkFiles(roots, options.exclude) : [];
    const batch = options.batch ?? 200;
    let done = 0;
    const pause = async () => {
      options.onProgress?.(done, paths.length);
      // Parsing thousands of files leaves garbage V8 would collect late; collecting it as we go keeps the peak near the live size.
      if (done % (batch * 5) === 0) collectGarbage?.();
      await new Promise((resolve) => setImmediate(resolve));
    };
    if (paths.length >= (options.readAheadFrom ?? READ_AHEAD_FROM)) {
      // A worker takes tens of milliseconds to start: the first files are read here meanwhile, the rest on the worker.
      const head = Math.min(READ_HERE_WHILE_THE_WORKER_STARTS, Math.floor(paths.length / 4));
      const reader = readAhead(paths.slice(head), this.source.maxFileSize);
      const first = reader.next(); // starts the worker
      try {
        read: {
          for (const p of paths.slice(0, head)) {
            if (options.isCancelled?.()) break read;
            this.load(p);
            if (++done % batch === 0) await pause();
          }
          for (let next = await first; !next.done; next = await reader.next()) {
            for (const file of next.value) {
              if (options.isCancelled?.()) break read;
              const abs = file.path; // walkFiles gives absolute, normalized paths: resolving again only copies them
              const parsed = this.source.fileFromReadAhead(file, abs);
              if (parsed) this.put(abs, parsed);
              if (++done % batch === 0) await pause();
            }
          }
        }
      } finally {
        // Done, or cancelled: the worker has nothing left to do (not waited for).
        void reader.return(undefined);
      }
    } else {
      for (const p of paths) {
        if (options.isCancelled?.()) break;
        this.load(p);
        if (++done % batch === 0) await pause();
      }
    }
    options.onProgress?.(paths.length, paths.length);
    this.settleModuleCalls();
    this.changed();
    return paths;
  }

  /** Synchronous variant for the CLI and tests; returns the files it found (the walk's order). */
  buildSync(roots: ReadonlyArray<string>): string[] {
    const paths = walkFiles(roots);
    for (const p of paths) this.load(p);
    this.settleModuleCalls();
    this.changed();
    return paths;
  }

  /** A file was opened or edited: the editor's text wins over disk. */
  updateOpen(file: ParsedFile): void {
    if (!file.fsPath) return;
    const abs = path.resolve(file.fsPath);
    const before = this.indexed.get(abs);
    this.source.setOpen(file);
    this.put(abs, file);
    const kinds = kindsOf(before, file);
    if (before?.text !== file.text) this.reloadModule(abs, kinds);
    this.settleModuleCalls(kinds);
    this.changed(kinds);
  }

  /** A file changed, appeared or disappeared on disk (or its editor closed). */
  refresh(fsPath: string): void {
    const abs = path.resolve(fsPath);
    const before = this.indexed.get(abs);
    this.source.invalidate(abs);
    if (!this.load(abs)) this.drop(abs);
    const kinds = kindsOf(before, this.indexed.get(abs));
    this.reloadModule(abs, kinds);
    this.settleModuleCalls(kinds);
    this.changed(kinds);
  }

  /** The other .tf files of a changed .tf file's folder read its definitions: they are parsed again (when open, by the server). */
  private reloadModule(abs: string, kinds: Set<DocKind>): void {
    if (!/\.(tf|tfvars|tfvars\.json)$/i.test(abs)) return;
    const dir = path.dirname(abs);
    for (const other of [...this.indexed.keys()]) {
      if (other !== abs && path.dirname(other) === dir && /\.tf$/i.test(other)) this.reload(other, kinds);
    }
  }

  /** A file known to be gone (nothing is read). */
  forget(fsPath: string): void {
    const abs = path.resolve(fsPath);
    const before = this.indexed.get(abs);
    this.source.invalidate(abs);
    this.drop(abs);
    const kinds = kindsOf(before, undefined);
    this.settleModuleCalls(kinds);
    this.changed(kinds);
  }

  files(): IterableIterator<ParsedFile> {
    return this.indexed.values();
  }

  fileAt(fsPath: string): ParsedFile | undefined {
    // Keys are resolved paths, and most callers pass one: resolving again is the cost of a miss only.
    return this.indexed.get(fsPath) ?? this.indexed.get(path.resolve(fsPath));
  }

  docsOfKind(kind: DocKind): ReadonlyArray<IndexedDoc> {
    let list = this.byKind.get(kind);
    if (!list) {
      if (!this.everyKindListed) this.listMissingKinds();
      list = this.byKind.get(kind);
      if (!list) this.byKind.set(kind, (list = []));
    }
    return list;
  }

  /** One pass over the workspace lists every kind that has no list yet (the rules ask for a dozen kinds in turn). */
  private listMissingKinds(): void {
    const fresh = new Map<DocKind, IndexedDoc[]>();
    for (const [key, file] of this.indexed) {
      for (const doc of file.docs) {
        if (this.byKind.has(doc.kind)) continue;
        let list = fresh.get(doc.kind);
        if (!list) fresh.set(doc.kind, (list = []));
        let entry = this.entries.get(doc);
        if (!entry || entry.key !== key) this.entries.set(doc, (entry = new IndexEntry(this.indexed, key, file, doc)));
        list.push(entry);
      }
    }
    for (const [kind, list] of fresh) this.byKind.set(kind, list);
    this.everyKindListed = true;
  }

  /**
   * A lookup derived from the index, computed once per workspace state. When
   * `kinds` says which document kinds it reads, an edit that touches none of
   * them keeps it: typing in a Deployment does not rebuild the trust-policy map.
   */
  derived<T>(key: string, compute: (index: WorkspaceIndex) => T, kinds?: ReadonlyArray<DocKind>): T {
    const hit = this.memo.get(key);
    if (hit) return hit.value as T;
    const misses = this.source.diskMisses;
    const value = compute(this);
    // Computed while the disk was not known yet (FileSource.deferDisk): it will be computed again, not kept.
    if (this.source.diskMisses === misses) this.memo.set(key, { value, kinds: kinds ? new Set(kinds) : undefined });
    return value;
  }

  file(fsPath: string): ParsedFile | undefined {
    const abs = path.resolve(fsPath);
    // A file the walk skipped (gitignored, created since) is still read when asked for by name.
    return this.indexed.get(abs) ?? this.source.file(abs);
  }

  exists(fsPath: string): boolean {
    return this.indexed.has(path.resolve(fsPath)) || this.source.exists(fsPath);
  }

  list(dirPath: string): string[] {
    return this.derived(`list:${path.resolve(dirPath)}`, () => this.source.list(dirPath));
  }

  /** Parses an indexed file again; it leaves the index only when the disk says it is gone, not while the disk is not known yet. */
  private reload(abs: string, kinds: Set<DocKind> | undefined): void {
    const before = this.indexed.get(abs);
    const misses = this.source.diskMisses;
    if (!this.load(abs) && this.source.diskMisses === misses) this.drop(abs);
    if (kinds) for (const kind of kindsOf(before, this.indexed.get(abs))) kinds.add(kind);
  }

  private put(abs: string, file: ParsedFile): void {
    this.indexed.set(abs, file);
    if (TERRAFORM_FILE.test(abs)) this.noteModuleCalls(abs, localModuleCalls(file));
  }

  private drop(abs: string): void {
    this.indexed.delete(abs);
    if (TERRAFORM_FILE.test(abs)) this.noteModuleCalls(abs, []);
  }

  private noteModuleCalls(abs: string, calls: ModuleCall[]): void {
    const before = this.moduleCalls.get(abs) ?? [];
    if (JSON.stringify(before) === JSON.stringify(calls)) return;
    if (calls.length) this.moduleCalls.set(abs, calls);
    else this.moduleCalls.delete(abs);
    this.moduleCallsChanged = true;
  }

  /**
   * A folder that a `module` block calls by a local path gets the variables
   * the call sets from the caller, so its .tf files are read without those
   * defaults: when what is called changes, the called folders' .tf files are
   * parsed again. One pass: what a file calls (its literal `source`s and the
   * names it sets) does not depend on how its own folder is read.
   */
  private settleModuleCalls(kinds?: Set<DocKind>): void {
    if (!this.moduleCallsChanged) return;
    this.moduleCallsChanged = false;
    const called = new Map<string, Set<string>>();
    for (const calls of this.moduleCalls.values()) {
      for (const { dir, passes } of calls) {
        let set = called.get(dir);
        if (!set) called.set(dir, (set = new Set()));
        for (const name of passes) set.add(name);
      }
    }
    const changed = new Set(this.source.setCalledModules(called));
    if (changed.size === 0) return;
    for (const other of [...this.indexed.keys()]) {
      if (/\.tf$/i.test(other) && changed.has(path.dirname(other))) this.reload(other, kinds);
    }
  }

  private load(abs: string): boolean {
    const file = this.source.file(abs);
    if (!file) return false;
    this.put(path.resolve(abs), file);
    return true;
  }

  /** Drops what a change can affect: all of it, or what depends on the given kinds. */
  private changed(kinds?: ReadonlySet<DocKind>): void {
    this.generationValue++;
    this.everyKindListed = false;
    if (!kinds) {
      this.byKind.clear();
      this.memo.clear();
      return;
    }
    for (const kind of kinds) this.byKind.delete(kind);
    for (const [key, entry] of this.memo) {
      if (!entry.kinds || [...kinds].some((k) => entry.kinds!.has(k))) this.memo.delete(key);
    }
  }
}
