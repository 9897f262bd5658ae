import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { AwsCliDeps, runAwsCli } from '../../../server/src/cli/aws';

export const FIXTURES = path.resolve(__dirname, '../../../../test/fixtures/ccoctl');
export const CREDREQUESTS = path.join(FIXTURES, 'credrequests');
/** A fixed test-only signing key, so that dry-run output is byte-for-byte comparable. */
export const TEST_KEY = path.join(FIXTURES, 'test-signer.private');

export function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'sts-lens-ccoctl-'));
}

export async function aws(args: string[], cwd: string, deps?: AwsCliDeps): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runAwsCli(args, { cwd, color: false, stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) } }, deps);
  return { code, stdout, stderr };
}

/** Every file under dir, relative, `/`-separated, sorted. */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (sub: string) => {
    for (const entry of fs.readdirSync(path.join(dir, sub), { withFileTypes: true })) {
      const rel = sub ? `${sub}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(rel);
      else out.push(rel);
    }
  };
  walk('');
  return out.sort();
}

export function modeOf(file: string): string {
  return (fs.statSync(file).mode & 0o777).toString(8);
}
