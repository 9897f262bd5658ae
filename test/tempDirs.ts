import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const made: string[] = [];
let hooked = false;

/**
 * A fresh folder under the system temp dir, removed with everything in it when
 * the test process exits (pass or fail), so test runs leave nothing behind.
 * Set STS_LENS_KEEP_TEMP=1 to keep them for debugging.
 */
export function makeTempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `sts-lens-${prefix}-`));
  made.push(dir);
  if (!hooked) {
    hooked = true;
    process.on('exit', removeTempDirs);
  }
  return dir;
}

/** Removes every folder makeTempDir made so far (also called at exit). */
export function removeTempDirs(): void {
  if (process.env.STS_LENS_KEEP_TEMP) return;
  while (made.length > 0) {
    const dir = made.pop()!;
    try {
      fs.rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
    } catch {
      // A folder still in use (a child process on a slow machine) is left to the OS.
    }
  }
}
