import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { AwsCliDeps, runAwsCli } from '../../../server/src/cli/aws';
import { makeTempDir } from '../../tempDirs';

export const FIXTURES = path.resolve(__dirname, '../../../../test/fixtures/ccoctl');
export const CREDREQUESTS = path.join(FIXTURES, 'credrequests');
/** A fixed test-only signing key, so that dry-run output is byte-for-byte comparable. */
export const TEST_KEY = path.join(FIXTURES, 'test-signer.private');

export function tempDir(): string {
  return makeTempDir('ccoctl');
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

const GOLDEN = path.join(FIXTURES, 'golden');
const UPDATE = process.env.UPDATE_GOLDEN === '1';

/** Compares every file of `dir` with the golden folder `name` (UPDATE_GOLDEN=1 rewrites it; review the diff). */
export function assertGolden(dir: string, name: string): void {
  const golden = path.join(GOLDEN, name);
  if (UPDATE) {
    fs.rmSync(golden, { recursive: true, force: true });
    for (const file of listFiles(dir)) {
      fs.mkdirSync(path.dirname(path.join(golden, file)), { recursive: true });
      fs.copyFileSync(path.join(dir, file), path.join(golden, file));
    }
  }
  assert.deepStrictEqual(listFiles(dir), listFiles(golden));
  for (const file of listFiles(golden)) {
    assert.strictEqual(fs.readFileSync(path.join(dir, file), 'utf8'), fs.readFileSync(path.join(golden, file), 'utf8'), `${file} differs from ${name}/${file}`);
  }
}

/** Writes `count` copies of the EBS CSI driver's CredentialsRequest, each its own file, named operator-<i> with Secret creds-<i>. */
export function writeCredentialsRequests(dir: string, count: number): void {
  const ebs = fs.readFileSync(path.join(CREDREQUESTS, '01-ebs.yaml'), 'utf8');
  for (let i = 0; i < count; i++) {
    const text = ebs.replace(/^  name: openshift-aws-ebs-csi-driver-operator$/m, `  name: operator-${i}`).replace(/^    name: ebs-cloud-credentials$/m, `    name: creds-${i}`);
    assert.notStrictEqual(text.indexOf(`creds-${i}`), -1);
    fs.writeFileSync(path.join(dir, `${String(i).padStart(3, '0')}-operator.yaml`), text);
  }
}
