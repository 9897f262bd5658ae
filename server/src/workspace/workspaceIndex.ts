import * as path from 'path';
import { DocKind } from '../model/kinds';
import { ParsedFile, SourceDoc } from '../model/parsedFile';
import { FileSource } from './fileSource';
import * as fs from 'fs';
import { CHECKED_EXTENSIONS, walkFiles } from './walk';
import { WorkspaceFiles } from './workspaceFiles';

export interface IndexedDoc {
  file: ParsedFile;
  doc: SourceDoc;
}

/**
 * Every YAML/JSON document of the workspace, kept current from open editors
 * and file-watcher events. Cross-file rules ask it for documents of a kind and
 * for lookups derived from them; derived lookups are memoized until the next
 * change, so a keystroke costs one re-parse plus the lookups it invalidates.
 */
export class WorkspaceIndex implements WorkspaceFiles {
  private readonly indexed = new Map<string, ParsedFile>();
  /** Folders walked in full: below them the index knows every checked file, so a miss needs no disk access. */
  private readonly roots: string[] = [];
  private readonly memo = new Map<string, unknown>();
  private byKind: Map<DocKind, IndexedDoc[]> | undefined;
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
   */
  async build(
    roots: ReadonlyArray<string>,
    options: { onProgress?: (done: number, total: number) => void; isCancelled?: () => boolean; batch?: number; exclude?: ReadonlyArray<string> } = {},
  ): Promise<void> {
    const paths = roots.length ? walkFiles(roots, options.exclude) : [];
    this.addRoots(roots);
    const batch = options.batch ?? 200;
    for (let i = 0; i < paths.length; i++) {
      if (options.isCancelled?.()) break;
      this.load(paths[i]);
      if (i % batch === batch - 1) {
        options.onProgress?.(i + 1, paths.length);
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    options.onProgress?.(paths.length, paths.length);
    this.changed();
  }

  /** Synchronous variant for the CLI and tests. */
  buildSync(roots: ReadonlyArray<string>): void {
    for (const p of walkFiles(roots)) this.load(p);
    this.addRoots(roots);
    this.changed();
  }

  /** A file was opened or edited: the editor's text wins over disk. */
  updateOpen(file: ParsedFile): void {
    if (!file.fsPath) return;
    this.source.setOpen(file);
    this.indexed.set(path.resolve(file.fsPath), file);
    this.changed();
  }

  /** A file changed, appeared or disappeared on disk (or its editor closed). */
  refresh(fsPath: string): void {
    const abs = path.resolve(fsPath);
    this.source.invalidate(abs);
    if (!this.load(abs)) this.indexed.delete(abs);
    this.changed();
  }

  files(): IterableIterator<ParsedFile> {
    return this.indexed.values();
  }

  fileAt(fsPath: string): ParsedFile | undefined {
    return this.indexed.get(path.resolve(fsPath));
  }

  docsOfKind(kind: DocKind): ReadonlyArray<IndexedDoc> {
    if (!this.byKind) {
      this.byKind = new Map();
      for (const file of this.indexed.values()) {
        for (const doc of file.docs) {
          const list = this.byKind.get(doc.kind);
          if (list) list.push({ file, doc });
          else this.byKind.set(doc.kind, [{ file, doc }]);
        }
      }
    }
    return this.byKind.get(kind) ?? [];
  }

  /** A lookup derived from the index, computed once per workspace state. */
  derived<T>(key: string, compute: (index: WorkspaceIndex) => T): T {
    if (this.memo.has(key)) return this.memo.get(key) as T;
    const value = compute(this);
    this.memo.set(key, value);
    return value;
  }

  file(fsPath: string): ParsedFile | undefined {
    const abs = path.resolve(fsPath);
    const known = this.indexed.get(abs);
    if (known || this.covers(abs)) return known;
    return this.source.file(abs);
  }

  exists(fsPath: string): boolean {
    return this.indexed.has(path.resolve(fsPath)) || this.source.exists(fsPath);
  }

  list(dirPath: string): string[] {
    return this.derived(`list:${path.resolve(dirPath)}`, () => this.source.list(dirPath));
  }

  private addRoots(roots: ReadonlyArray<string>): void {
    for (const root of roots) {
      const abs = path.resolve(root);
      try {
        if (fs.statSync(abs).isDirectory() && !this.roots.includes(abs)) this.roots.push(abs);
      } catch {
        // a root that does not exist covers nothing
      }
    }
  }

  /** A YAML/JSON path below a walked root: the index is its source of truth. */
  private covers(abs: string): boolean {
    return CHECKED_EXTENSIONS.test(abs) && this.roots.some((root) => abs.startsWith(root + path.sep));
  }

  private load(abs: string): boolean {
    const file = this.source.file(abs);
    if (!file) return false;
    this.indexed.set(path.resolve(abs), file);
    return true;
  }

  private changed(): void {
    this.generationValue++;
    this.byKind = undefined;
    this.memo.clear();
  }
}
