import * as assert from 'assert';
import { spawn } from 'child_process';
import * as path from 'path';
import { tempDir } from '../unit/ccoctl/ccoctlHelpers';
import { localSdkEnv } from './localAws';

const CLI = path.resolve(__dirname, '../../../dist/cli.js');

describe('AWS SDK notices', () => {
  it("keeps the SDK's Node version notice out of a live command's output: only the command's own lines reach stderr", async () => {
    // Nothing listens on port 9: every call fails at once, on loopback.
    const env = localSdkEnv({ iam: 'http://127.0.0.1:9', s3: 'http://127.0.0.1:9', cloudfront: 'http://127.0.0.1:9' });
    const { code, stderr } = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [CLI, 'aws', 'delete', '--name', 'demo', '--region', 'us-east-1', '--dry-run'], { cwd: tempDir(), env, stdio: ['ignore', 'ignore', 'pipe'] });
      let err = '';
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      child.on('close', (c) => resolve({ code: c, stderr: err }));
    });
    assert.notStrictEqual(code, 0);
    assert.ok(!/NodeVersionSupportWarning|Warning:/.test(stderr), stderr);
    assert.match(stderr, /^error: could not delete bucket demo-oidc: connect ECONNREFUSED 127\.0\.0\.1:9$/m);
  });
});
