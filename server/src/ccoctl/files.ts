import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { MODE_DIR, PlannedFile } from './plan';

export interface FileOutcome {
  path: string;
  /** written: created or replaced; unchanged: same content already there; kept: an existing key we never replace. */
  status: 'written' | 'unchanged' | 'kept';
}

/** Creates a directory and its missing parents with mode 0700 (they end up holding keys and Secrets). */
export function ensureDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: MODE_DIR });
}

/**
 * Writes a file atomically: a temporary file in the same directory with the
 * final mode, then a rename (or, for files never to be replaced, a hard link,
 * which fails instead of overwriting when the target appeared meanwhile). A
 * reader never sees half a key, and an interrupted run leaves no partial file.
 */
export function writePlannedFile(outputDir: string, file: PlannedFile): FileOutcome {
  const target = path.join(outputDir, ...file.path.split('/'));
  ensureDir(path.dirname(target));
  if (fs.existsSync(target)) {
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
  return { path: file.path, status: 'written' };
}
