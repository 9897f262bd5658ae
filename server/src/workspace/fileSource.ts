import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { CHECKED_FILE, formatOf, ParsedFile, parseFile, TerraformModule } from '../model/parsedFile';
import { tfvarsNames } from '../model/parseHcl';
import { DiskFacts, StatFact } from './diskFacts';
import { ReadAheadFile } from './readAhead';
import { WorkspaceFiles } from './workspaceFiles';

/** Bounds on the files of a Terraform module (a folder) read for their definitions. */
const MAX_MODULE_FILES = 500;
const MAX_DEFINING_FILES = 50;
const MAX_MODULE_BYTES = 8 * 1024 * 1024;
const TF_FILE = /\.tf$/i;
/** Variable files: terraform.tfvars and *.auto.tfvars are loaded by Terraform itself, others with -var-file. */
const TFVARS_FILE = /\.tfvars(\.json)?$/i;
const MAX_TFVARS_BYTES = 256 * 1024;
/** Terraform's standard module structure keeps modules meant to be called under `modules/`. */
const CALLED_MODULE_DIR = /(^|[\\/])modules[\\/]/;
/** What another file of the module can define that this one reads: locals, variable defaults, OIDC provider URLs. */
const DEFINES = /\b(locals|variable|aws_iam_openid_connect_provider)\b/;

/** A folder's .tf and .tfvars files as a module, and a signature that changes when any of them does. */
interface ModuleState {
  members: ReadonlyArray<{ full: string; text?: string }>;
  tfvars: ReadonlyArray<string>;
  /** Called as a module: the variables its callers set (`all` when the callers are not known). */
  called: string[] | 'all' | undefined;
  signature: string;
}

/**
 * Reads and parses workspace files on demand: open editor buffers first, then
 * disk, cached by modification time so repeated checks do not re-parse.
 */
export class FileSource implements WorkspaceFiles {
  private readonly open = new Map<string, ParsedFile>();
  private readonly cache = new Map<string, { mtimeMs: number; size: number; parsed: ParsedFile }>();
  /** Files whose parse threw (a bug, not the file's fault): path -> the error, so the reason can be told. */
  private readonly failed = new Map<string, string>();
  /** Set while deferDisk runs: where disk questions are answered from. */
  private deferred: DiskFacts | undefined;
  /** Folder -> the .tf files there that define locals, variables or OIDC providers, and the variables its .tfvars set, per state of the folder. */
  private readonly modules = new Map<string, { signature: string; texts: Array<{ full: string; text: string }>; overridden: string[] | 'all' }>();
  /**
   * While a workspace is indexed (`indexing`): folder -> its .tf files with
   * their stats, listed once for all the .tf files of the folder instead of
   * once per file (a folder of n .tf files cost n listings and n² stats).
   */
  private moduleListings: Map<string, Array<{ name: string; stat: StatFact | null }>> | undefined;
  /** While a workspace is indexed: folder -> its module's state (moduleState), kept with the listings. */
  private readonly moduleStates = new Map<string, ModuleState>();
  /** Folders that `module` blocks of the workspace call by a local path -> the variables the calls set (set by the index). */
  private calledDirs: ReadonlyMap<string, ReadonlySet<string>> = new Map();
  private indexingDepth = 0;

  constructor(public maxFileSize = 1024 * 1024) {}

  /**
   * An editor's text wins over disk: the disk parse of that file is dropped
   * rather than kept beside it (closing the editor reads the disk again), so an
   * open file costs one parse, not two.
   */
  setOpen(file: ParsedFile): void {
    if (!file.fsPath) return;
    const abs = path.resolve(file.fsPath);
    this.open.set(abs, file);
    this.cache.delete(abs);
    this.moduleStates.delete(path.dirname(abs));
  }

  closeOpen(fsPath: string): void {
    const abs = path.resolve(fsPath);
    this.open.delete(abs);
    this.moduleStates.delete(path.dirname(abs));
  }

  /** Forget cached disk content (a file watcher saw a change). */
  invalidate(fsPath: string): void {
    const abs = path.resolve(fsPath);
    this.cache.delete(abs);
    this.moduleListings?.delete(path.dirname(abs));
    this.moduleListings?.delete(`${path.dirname(abs)}${path.sep}*.tfvars`);
    this.moduleStates.delete(path.dirname(abs));
  }

  /**
   * The folders the workspace's `module` blocks call by a local path, with
   * the variables the calls set: those keep no default (the caller's value
   * runs). Returns the folders whose calls changed (their .tf files parse
   * differently now).
   */
  setCalledModules(calls: ReadonlyMap<string, ReadonlySet<string>>): string[] {
    const key = (names: ReadonlySet<string> | undefined) => (names ? [...names].sort().join(',') : undefined);
    const dirs = new Set([...calls.keys(), ...this.calledDirs.keys()]);
    const changed = [...dirs].filter((d) => key(calls.get(d)) !== key(this.calledDirs.get(d)));
    this.calledDirs = calls;
    for (const dir of changed) this.moduleStates.delete(dir);
    return changed;
  }

  /** Runs a workspace indexing pass: the disk is taken as it is at the start, apart from the changes `invalidate` is told of. */
  async indexing<T>(run: () => Promise<T>): Promise<T> {
    if (this.indexingDepth++ === 0) this.moduleListings = new Map();
    try {
      return await run();
    } finally {
      if (--this.indexingDepth === 0) {
        this.moduleListings = undefined;
        this.moduleStates.clear();
      }
    }
  }

  /**
   * Runs `compute` without reading the disk: what it asks of the disk is
   * answered from `facts`, and what they do not know yet is answered "nothing
   * there" and noted (`facts.misses` grows), so the caller fills the facts
   * asynchronously and computes again. The language server's request handlers
   * run their checks this way: a slow or hung disk never stops the event loop.
   */
  deferDisk<T>(facts: DiskFacts, compute: () => T): T {
    const outer = this.deferred;
    this.deferred = facts;
    try {
      return compute();
    } finally {
      this.deferred = outer;
    }
  }

  /** Questions the disk facts could not answer so far (0 when the disk is read directly). */
  get diskMisses(): number {
    return this.deferred?.misses ?? 0;
  }

  /** A stat, null when nothing is there, undefined when not known yet (deferred). */
  private statOf(abs: string): StatFact | null | undefined {
    if (this.deferred) return this.deferred.stat(abs);
    try {
      const stat = fs.statSync(abs);
      return { isFile: stat.isFile(), isDirectory: stat.isDirectory(), size: stat.size, mtimeMs: stat.mtimeMs };
    } catch {
      return null;
    }
  }

  file(fsPath: string): ParsedFile | undefined {
    const abs = path.resolve(fsPath);
    const open = this.open.get(abs);
    if (open) return open;
    if (!CHECKED_FILE.test(abs)) return undefined;
    const stat = this.statOf(abs);
    if (stat === undefined) {
      this.deferred?.text(abs); // asked together: one round to read a file not met before
      return undefined;
    }
    if (stat === null) {
      this.cache.delete(abs);
      return undefined;
    }
    if (!stat.isFile || stat.size > this.maxFileSize) return undefined;
    const deferred = this.deferred;
    return this.parsedFromDisk(abs, stat.mtimeMs, stat.size, () => (deferred ? deferred.text(abs) ?? undefined : readText(abs)));
  }

  /** A small file's text (a public key), undefined when it is missing, larger than `maxBytes` or not read yet. */
  smallText(fsPath: string, maxBytes: number): string | undefined {
    const abs = path.resolve(fsPath);
    const stat = this.statOf(abs);
    if (stat === undefined) this.deferred?.text(abs); // asked together, as in file()
    if (!stat || !stat.isFile || stat.size > maxBytes) return undefined;
    return this.deferred ? this.deferred.text(abs) ?? undefined : readText(abs);
  }

  /** A file read ahead on another thread (readAhead): parsed from that text, with no second trip to the disk. */
  fileFromReadAhead(read: ReadAheadFile, abs = path.resolve(read.path)): ParsedFile | undefined {
    const open = this.open.get(abs);
    if (open) return open;
    if (read.skipped === 'unread') return this.file(abs);
    if (read.text === undefined || !CHECKED_FILE.test(abs)) {
      this.cache.delete(abs);
      return undefined;
    }
    const text = read.text;
    return this.parsedFromDisk(abs, read.mtimeMs, read.size, () => text);
  }

  /**
   * The other .tf files of a .tf file's folder (its Terraform module), as
   * the editor or the disk has them; undefined for other files. The
   * signature (names, versions, sizes of the folder's .tf files) is cheap;
   * the texts are read when asked, once per state of the folder, and only
   * the files that define something this file can read are kept.
   */
  terraformModule(fsPath: string): { signature: string; read(): TerraformModule } | undefined {
    if (!TF_FILE.test(fsPath)) return undefined;
    const abs = path.resolve(fsPath);
    const dir = path.dirname(abs);
    const { members, tfvars, called, signature } = this.moduleState(dir);
    return {
      signature,
      read: () => {
        let defining = this.modules.get(dir);
        let complete = true;
        if (defining?.signature !== signature) {
          let total = 0;
          const texts: Array<{ full: string; text: string }> = [];
          const deferred = this.deferred;
          const textOf = (full: string) => (deferred ? deferred.text(full) ?? undefined : readText(full));
          for (const m of members) {
            if (total > MAX_MODULE_BYTES || texts.length >= MAX_DEFINING_FILES) break;
            const text = m.text ?? textOf(m.full);
            if (text === undefined) complete = false;
            if (text === undefined || !DEFINES.test(text)) continue;
            total += text.length;
            texts.push({ full: m.full, text });
          }
          // Variables set by a .tfvars file or by the module's callers keep no default; a module under modules/ whose callers are elsewhere keeps none.
          const overridden: string[] | 'all' = called === 'all' ? 'all' : [...(called ?? [])];
          for (const full of tfvars) {
            const text = textOf(full);
            if (text === undefined) complete = false;
            else if (overridden !== 'all') overridden.push(...tfvarsVariables(full, text));
          }
          defining = { signature, texts, overridden };
          // A text not read yet (a request that does not wait on the disk) is asked for again next time.
          if (complete) this.modules.set(dir, defining);
        }
        // A parse made without all of them is not the one for this signature: the next look parses again.
        return { signature: complete ? signature : `${signature}|partial`, texts: defining.texts.filter((t) => t.full !== abs).map((t) => t.text), overridden: defining.overridden };
      },
    };
  }

  /**
   * A folder's module files and the signature of their state (names, versions, sizes). While a workspace is
   * indexed it is worked out once per folder, not once per .tf file (n files of a folder cost n² otherwise).
   */
  private moduleState(dir: string): ModuleState {
    const states = this.moduleListings && !this.deferred ? this.moduleStates : undefined;
    const known = states?.get(dir);
    if (known) return known;
    const members: Array<{ full: string; text?: string }> = [];
    const parts: string[] = [];
    for (const { name, stat: listed } of this.moduleListing(dir)) {
      const full = path.join(dir, name);
      const open = this.open.get(full);
      if (open) {
        members.push({ full, text: open.text });
        parts.push(`${name}@v${open.version}:${open.text.length}`);
        continue;
      }
      const stat = listed === undefined ? this.statOf(full) : listed;
      if (!stat || !stat.isFile || stat.size > this.maxFileSize) continue;
      members.push({ full });
      parts.push(`${name}@${stat.mtimeMs}:${stat.size}`);
    }
    // Called by the workspace: the variables its callers set. Under modules/ with no caller here: all of them (callers are elsewhere).
    const passed = this.calledDirs.get(dir);
    const called: ModuleState['called'] = passed ? [...passed].sort() : CALLED_MODULE_DIR.test(dir) ? 'all' : undefined;
    const tfvars: string[] = [];
    // A called folder with .tfvars may also be run as a root module: what they set is unknown too.
    if (called !== 'all') {
      for (const { name, stat: listed } of this.moduleListing(dir, 'tfvars')) {
        const full = path.join(dir, name);
        const stat = listed === undefined ? this.statOf(full) : listed;
        if (!stat || !stat.isFile || stat.size > MAX_TFVARS_BYTES) continue;
        tfvars.push(full);
        parts.push(`${name}@${stat.mtimeMs}:${stat.size}`);
      }
    }
    if (called) parts.push(`called:${called === 'all' ? '*' : called.join(',')}`);
    const state = { members, tfvars, called, signature: parts.join('|') };
    states?.set(dir, state);
    return state;
  }

  /** A folder's .tf files, or its .tfvars files (the first MAX_MODULE_FILES by name), with their stats while indexing (undefined: ask the disk). */
  private moduleListing(dir: string, kind: 'tf' | 'tfvars' = 'tf'): ReadonlyArray<{ name: string; stat?: StatFact | null }> {
    const listings = this.deferred ? undefined : this.moduleListings;
    const key = kind === 'tf' ? dir : `${dir}${path.sep}*.tfvars`;
    const known = listings?.get(key);
    if (known) return known;
    const pattern = kind === 'tf' ? TF_FILE : TFVARS_FILE;
    const names = this.list(dir).filter((n) => pattern.test(n)).sort().slice(0, MAX_MODULE_FILES);
    if (!listings) return names.map((name) => ({ name }));
    const listing = names.map((name) => ({ name, stat: this.statOf(path.join(dir, name)) ?? null }));
    listings.set(key, listing);
    return listing;
  }

  /** The cached parse while the file's time and size (and its module's files) are unchanged, else a parse of its text (read only then). */
  private parsedFromDisk(abs: string, mtimeMs: number, size: number, text: () => string | undefined): ParsedFile | undefined {
    const cached = this.cache.get(abs);
    const module = this.terraformModule(abs);
    if (cached && cached.mtimeMs === mtimeMs && cached.size === size && cached.parsed.module === module?.signature) return cached.parsed;
    const content = text();
    if (content === undefined) return undefined;
    let parsed: ParsedFile;
    try {
      parsed = parseFile(fileUri(abs), content, { fsPath: abs, format: formatOf(abs), module: module?.read() });
    } catch (error) {
      // One file must never stop the check of the others.
      this.failed.set(abs, String((error as Error)?.message ?? error));
      return undefined;
    }
    this.failed.delete(abs);
    this.cache.set(abs, { mtimeMs, size, parsed });
    this.deferred?.dropText(abs);
    return parsed;
  }

  /** Why file() gives nothing for this path, in words for a user; undefined when it is checked. */
  whyNotChecked(fsPath: string): string | undefined {
    const abs = path.resolve(fsPath);
    if (this.open.has(abs)) return undefined;
    const failure = this.failed.get(abs);
    if (failure !== undefined) return `sts-lens failed while reading it (${failure}); please report this`;
    let link: fs.Stats;
    try {
      link = fs.lstatSync(abs);
    } catch {
      return 'it does not exist';
    }
    let stat: fs.Stats;
    try {
      stat = fs.statSync(abs);
    } catch {
      return link.isSymbolicLink() ? 'it is a symbolic link to a file that does not exist' : 'it cannot be read';
    }
    if (stat.isDirectory()) return undefined;
    if (!stat.isFile()) return `it is not a regular file (${stat.isFIFO() ? 'a named pipe' : stat.isCharacterDevice() || stat.isBlockDevice() ? 'a device' : stat.isSocket() ? 'a socket' : 'a special file'})`;
    if (!CHECKED_FILE.test(abs)) return 'only .yaml, .yml and .json files are checked';
    if (stat.size > this.maxFileSize) return `it is ${stat.size} bytes, over the limit of ${this.maxFileSize} (raise it with --max-file-size or the stsLens.maxFileSize setting)`;
    try {
      fs.accessSync(abs, fs.constants.R_OK);
    } catch (error) {
      return `it cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`;
    }
    return undefined;
  }

  exists(fsPath: string): boolean {
    const abs = path.resolve(fsPath);
    if (this.open.has(abs)) return true;
    return this.deferred ? Boolean(this.deferred.stat(abs)) : fs.existsSync(abs);
  }

  list(dirPath: string): string[] {
    if (this.deferred) return this.deferred.list(path.resolve(dirPath)) ?? [];
    try {
      return fs.readdirSync(dirPath);
    } catch {
      return [];
    }
  }
}

/** A path pathToFileURL leaves as it is (no character to encode): the common case, without building a URL object per file. */
const PLAIN_POSIX_PATH = /^\/[A-Za-z0-9/._+-]*$/;

/** The file: URI of an absolute, resolved path, as pathToFileURL writes it. */
function fileUri(abs: string): string {
  return process.platform !== 'win32' && PLAIN_POSIX_PATH.test(abs) ? `file://${abs}` : pathToFileURL(abs).toString();
}

/** Reads a file as the editor would show it: UTF-8 with a leading BOM dropped. */
export function readText(fsPath: string): string | undefined {
  try {
    const text = fs.readFileSync(fsPath, 'utf8');
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  } catch {
    return undefined;
  }
}

/** The variables a .tfvars (HCL) or .tfvars.json file sets; none when it does not parse. */
function tfvarsVariables(full: string, text: string): string[] {
  if (!/\.json$/i.test(full)) return tfvarsNames(text);
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value) ? Object.keys(value) : [];
  } catch {
    return [];
  }
}
