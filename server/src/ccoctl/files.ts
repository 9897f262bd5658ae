import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { MODE_DIR, PlannedFile } from './plan';

export interface FileOutcome {
  path: string;
  /** written: created or replaced; unchanged: same content already there; kept: an existing key we never replace. */
  status: 'written' | 'unchanged' | 'kept';
  /** A different file was there before and is now replaced. */
  replaced?: boolean;
}

/** Creates a directory and its missing parents with mode 0700 (they end up holding keys and Secrets). */
export function ensureDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: MODE_DIR });
}

/** A planned file that would land outside the output directory, or go through a link or a non-directory: nothing is written. */
export class OutputPathError extends Error {}

/** Longest file-name component most file systems take (bytes). */
const MAX_COMPONENT = 255;

/**
 * Checks every planned path before the first write, so that a refusal leaves
 * nothing half-written: each is relative, made of plain names (no `..`, no
 * control characters, none longer than a file system takes), and every
 * folder on the way that already exists is a directory whose real path
 * (symbolic links resolved) is inside the output directory. An existing
 * symbolic link in the place of a file is refused too: writing through it
 * could replace a file elsewhere.
 */
export function checkOutputPaths(outputDir: string, files: readonly PlannedFile[]): void {
  const root = realRoot(outputDir);
  for (const file of files) {
    const parts = checkedParts(file.path);
    if (root === undefined) continue; // the output directory does not exist yet: nothing under it can be a link
    let current = root;
    for (const [i, part] of parts.entries()) {
      const next = path.join(current, part);
      const last = i === parts.length - 1;
      let stat: fs.Stats;
      try {
        stat = fs.lstatSync(next);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') break;
        throw error;
      }
      if (last) {
        if (stat.isSymbolicLink()) throw new OutputPathError(`${next} is a symbolic link: sts-lens writes no file through a link. Remove it and run again.`);
        if (!stat.isFile()) throw new OutputPathError(`${next} exists and is not a regular file.`);
        break;
      }
      if (stat.isSymbolicLink()) current = insideOrThrow(root, next, fs.realpathSync(next));
      else current = next;
      if (!fs.statSync(current).isDirectory()) throw new OutputPathError(`${next} exists and is not a directory.`);
    }
  }
}

function realRoot(outputDir: string): string | undefined {
  try {
    return fs.realpathSync(outputDir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function checkedParts(relative: string): string[] {
  const parts = relative.split('/');
  for (const part of parts) {
    const bad =
      part === '' || part === '.' || part === '..' ? 'an empty, "." or ".." component' : /[\u0000-\u001f\u007f\\]/.test(part) ? 'a control character or a backslash' : Buffer.byteLength(part) > MAX_COMPONENT ? `a name longer than ${MAX_COMPONENT} bytes` : undefined;
    if (bad) throw new OutputPathError(`Refusing to write ${JSON.stringify(relative)}: the path has ${bad}. Nothing was written.`);
  }
  return parts;
}

function insideOrThrow(root: string, shown: string, real: string): string {
  if (real !== root && !real.startsWith(root.endsWith(path.sep) ? root : root + path.sep)) {
    throw new OutputPathError(`${shown} leads to ${real}, outside the output directory ${root}: sts-lens writes nothing outside it. Nothing was written.`);
  }
  return real;
}

/**
 * Writes a file atomically: a temporary file in the same directory with the
 * final mode, then a rename (or, for files never to be replaced, a hard link,
 * which fails instead of overwriting when the target appeared meanwhile). A
 * reader never sees half a key, and an interrupted run leaves no partial file.
 */
export function writePlannedFile(outputDir: string, file: PlannedFile): FileOutcome {
  const target = path.join(outputDir, ...checkedParts(file.path));
  ensureDir(path.dirname(target));
  // checkOutputPaths ran before the first write; this catches a folder swapped for a link since.
  insideOrThrow(fs.realpathSync(outputDir), path.dirname(target), fs.realpathSync(path.dirname(target)));
  if (isSymbolicLink(target)) throw new OutputPathError(`${target} is a symbolic link: sts-lens writes no file through a link. Remove it and run again.`);
  const existed = fs.existsSync(target);
  if (existed) {
    const same = fs.readFileSync(target, 'utf8') === file.content;
    if (file.keepExisting) return { path: file.path, status: same ? 'unchanged' : 'kept' };
    if (same) {
      fs.chmodSync(target, file.mode);
      return { path: file.path, status: 'unchanged' };
    }
  }
  const temp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`);
  const fd = fs.openSync(temp, 'wx', file.mode);
  try {
    fs.writeFileSync(fd, file.content);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  try {
    // The umask may have narrowed the mode; the mode is part of the contract (0600 for keys and Secrets).
    fs.chmodSync(temp, file.mode);
    if (file.keepExisting) {
      try {
        fs.linkSync(temp, target);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EEXIST') return { path: file.path, status: 'kept' };
        throw error;
      }
    } else {
      fs.renameSync(temp, target);
    }
  } finally {
    fs.rmSync(temp, { force: true });
  }
  return existed ? { path: file.path, status: 'written', replaced: true } : { path: file.path, status: 'written' };
}

function isSymbolicLink(target: string): boolean {
  try {
    return fs.lstatSync(target).isSymbolicLink();
  } catch {
    return false;
  }
}
