import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { formatOf, ParsedFile, parseFile } from '../model/parsedFile';
import { ReadAheadFile } from './readAhead';
import { WorkspaceFiles } from './workspaceFiles';

const CHECKED_FILE = /\.(ya?ml|json)$/i;

/**
 * Reads and parses workspace files on demand: open editor buffers first, then
 * disk, cached by modification time so repeated checks do not re-parse.
 */
export class FileSource implements WorkspaceFiles {
  private readonly open = new Map<string, ParsedFile>();
  private readonly cache = new Map<string, { mtimeMs: number; size: number; parsed: ParsedFile }>();

  constructor(public maxFileSize = 1024 * 1024) {}

  setOpen(file: ParsedFile): void {
    if (file.fsPath) this.open.set(path.resolve(file.fsPath), file);
  }

  closeOpen(fsPath: string): void {
    this.open.delete(path.resolve(fsPath));
  }

  /** Forget cached disk content (a file watcher saw a change). */
  invalidate(fsPath: string): void {
    this.cache.delete(path.resolve(fsPath));
  }

  file(fsPath: string): ParsedFile | undefined {
    const abs = path.resolve(fsPath);
    const open = this.open.get(abs);
    if (open) return open;
    if (!CHECKED_FILE.test(abs)) return undefined;
    let stat: fs.Stats;
    try {
      stat = fs.statSync(abs);
    } catch {
      this.cache.delete(abs);
      return undefined;
    }
    if (!stat.isFile() || stat.size > this.maxFileSize) return undefined;
    return this.parsedFromDisk(abs, stat.mtimeMs, stat.size, () => readText(abs));
  }

  /** A file read ahead on another thread (readAhead): parsed from that text, with no second trip to the disk. */
  fileFromReadAhead(read: ReadAheadFile): ParsedFile | undefined {
    const abs = path.resolve(read.path);
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

  /** The cached parse while the file's time and size are unchanged, else a parse of its text (read only then). */
  private parsedFromDisk(abs: string, mtimeMs: number, size: number, text: () => string | undefined): ParsedFile | undefined {
    const cached = this.cache.get(abs);
    if (cached && cached.mtimeMs === mtimeMs && cached.size === size) return cached.parsed;
    const content = text();
    if (content === undefined) return undefined;
    const parsed = parseFile(pathToFileURL(abs).toString(), content, { fsPath: abs, format: formatOf(abs) });
    this.cache.set(abs, { mtimeMs, size, parsed });
    return parsed;
  }

  exists(fsPath: string): boolean {
    return this.open.has(path.resolve(fsPath)) || fs.existsSync(fsPath);
  }

  list(dirPath: string): string[] {
    try {
      return fs.readdirSync(dirPath);
    } catch {
      return [];
    }
  }
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
