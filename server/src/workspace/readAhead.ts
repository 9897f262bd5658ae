import { Worker } from 'worker_threads';

/**
 * A file as read ahead: its text, or why there is none, or (`unread`) that
 * the worker could not get to it and the caller reads it itself.
 */
export interface ReadAheadFile {
  path: string;
  /** UTF-8 text with a leading BOM dropped, as FileSource reads it. */
  text?: string;
  size: number;
  mtimeMs: number;
  skipped?: 'too-large' | 'unreadable' | 'not-a-file' | 'unread';
}

/**
 * Below this many files a worker costs more to start than it saves: the
 * files are read on the calling thread instead.
 */
export const READ_AHEAD_FROM = 300;

/**
 * The worker's whole program: what FileSource.file does on disk (stat, a
 * regular file, the size cap, UTF-8 without a BOM), for each path in order,
 * posted in batches. Plain Node (fs and worker_threads only) in a string, so
 * it runs the same from the bundles in dist/, from tsc's out/ and in tests.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('worker_threads');
const fs = require('fs');
const { paths, maxSize, batch } = workerData;
let out = [];
for (const path of paths) {
  let file;
  try {
    const stat = fs.statSync(path);
    if (!stat.isFile()) file = { path, size: 0, mtimeMs: 0, skipped: 'not-a-file' };
    else if (stat.size > maxSize) file = { path, size: stat.size, mtimeMs: stat.mtimeMs, skipped: 'too-large' };
    else {
      let text = fs.readFileSync(path, 'utf8');
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      file = { path, text, size: stat.size, mtimeMs: stat.mtimeMs };
    }
  } catch {
    file = { path, size: 0, mtimeMs: 0, skipped: 'unreadable' };
  }
  out.push(file);
  if (out.length === batch) {
    parentPort.postMessage(out);
    out = [];
  }
}
parentPort.postMessage(out);
`;

/**
 * Reads files on a second thread while the caller parses what has arrived:
 * the system calls and UTF-8 decoding of a large workspace leave the main
 * thread, which on a cold disk cache is most of indexing. Batches come in
 * the order of `paths`, each path once. If the worker cannot start or dies,
 * the paths it did not read come back `unread`, for the caller to read.
 */
export async function* readAhead(paths: ReadonlyArray<string>, maxSize: number, batch = 100): AsyncGenerator<ReadAheadFile[]> {
  const queue: Array<ReadAheadFile[]> = [];
  let received = 0;
  let wake: (() => void) | undefined;
  let failed = false;
  let worker: Worker;
  try {
    worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { paths, maxSize, batch } });
  } catch {
    yield unread(paths);
    return;
  }
  worker.on('message', (files: ReadAheadFile[]) => {
    received += files.length;
    queue.push(files);
    wake?.();
  });
  worker.on('error', () => {
    failed = true;
    wake?.();
  });
  worker.on('exit', () => {
    if (received < paths.length) failed = true;
    wake?.();
  });
  let delivered = 0;
  try {
    while (delivered < paths.length) {
      const next = queue.shift();
      if (next) {
        delivered += next.length;
        yield next;
      } else if (failed) {
        yield unread(paths.slice(delivered));
        return;
      } else {
        await new Promise<void>((resolve) => (wake = resolve));
        wake = undefined;
      }
    }
  } finally {
    // Done, or the caller stopped early (cancelled indexing): the worker has nothing left to do.
    void worker.terminate();
  }
}

function unread(paths: ReadonlyArray<string>): ReadAheadFile[] {
  return paths.map((path) => ({ path, size: 0, mtimeMs: 0, skipped: 'unread' }));
}
