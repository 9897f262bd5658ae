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
export async function ensureDir(dir: string): Promise<void> {
  await fs.promises.mkdir(dir, { recursive: true, mode: MODE_DIR });
}

/** Whether something is at a path, links followed (as fs.existsSync answers, without blocking). */
export function pathExists(p: string): Promise<boolean> {
  return fs.promises.access(p).then(
    () => true,
    () => false,
  );
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
export async function checkOutputPaths(outputDir: string, files: readonly PlannedFile[]): Promise<void> {
  const root = await realRoot(outputDir);
  for (const file of files) {
    const parts = checkedParts(file.path);
    if (root === undefined) continue; // the output directory does not exist yet: nothing under it can be a link
    let current = root;
    for (const [i, part] of parts.entries()) {
      const next = path.join(current, part);
      const last = i === parts.length - 1;
      let stat: fs.Stats;
      try {
        stat = await fs.promises.lstat(next);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') break;
        throw error;
      }
      if (last) {
        if (stat.isSymbolicLink()) throw new OutputPathError(`${next} is a symbolic link: sts-lens writes no file through a link. Remove it and run again.`);
        if (!stat.isFile()) throw new OutputPathError(`${next} exists and is not a regular file.`);
        break;
      }
      if (stat.isSymbolicLink()) current = insideOrThrow(root, next, await fs.promises.realpath(next));
      else current = next;
      if (!(await fs.promises.stat(current)).isDirectory()) throw new OutputPathError(`${next} exists and is not a directory.`);
    }
  }
}

async function realRoot(outputDir: string): Promise<string | undefined> {
  try {
    return await fs.promises.realpath(outputDir);
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
export async function writePlannedFile(outputDir: string, file: PlannedFile): Promise<FileOutcome> {
  const target = path.join(outputDir, ...checkedParts(file.path));
  await ensureDir(path.dirname(target));
  // checkOutputPaths ran before the first write; this catches a folder swapped for a link since.
  insideOrThrow(await fs.promises.realpath(outputDir), path.dirname(target), await fs.promises.realpath(path.dirname(target)));
  if (await isSymbolicLink(target)) throw new OutputPathError(`${target} is a symbolic link: sts-lens writes no file through a link. Remove it and run again.`);
  const existed = await pathExists(target);
  if (existed) {
    const same = (await fs.promises.readFile(target, 'utf8')) === file.content;
    if (file.keepExisting) return { path: file.path, status: same ? 'unchanged' : 'kept' };
    if (same) {
      await fs.promises.chmod(target, file.mode);
      return { path: file.path, status: 'unchanged' };
    }
  }
  const temp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`);
  const handle = await fs.promises.open(temp, 'wx', file.mode);
  try {
    await handle.writeFile(file.content);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    // The umask may have narrowed the mode; the mode is part of the contract (0600 for keys and Secrets).
    await fs.promises.chmod(temp, file.mode);
    if (file.keepExisting) {
      try {
        await fs.promises.link(temp, target);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EEXIST') return { path: file.path, status: 'kept' };
        throw error;
      }
    } else {
      await fs.promises.rename(temp, target);
    }
  } finally {
    await fs.promises.rm(temp, { force: true });
  }
  return existed ? { path: file.path, status: 'written', replaced: true } : { path: file.path, status: 'written' };
}

async function isSymbolicLink(target: string): Promise<boolean> {
  try {
    return (await fs.promises.lstat(target)).isSymbolicLink();
  } catch {
    return false;
  }
}
