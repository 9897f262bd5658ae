import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { runCli } from '../../server/src/cli/main';
import { installConfig, tempTree } from './helpers';

async function run(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { cwd, color: false, stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) } });
  return { code, stdout, stderr };
}

/** An install-config with an error (publish: Externall), padded past 1 MiB with a comment. */
const BROKEN = installConfig('publish: Externall\n', 'Manual');
const LARGE = `${BROKEN}# ${'x'.repeat(1024 * 1024)}\n`;

describe('sts-lens check: files that are not checked', () => {
  it('warns on a named file over the size limit, and --max-file-size checks it', async () => {
    const dir = tempTree({ 'install-config.yaml': LARGE });
    const skipped = await run(['check', 'install-config.yaml'], dir);
    assert.strictEqual(skipped.code, 0);
    assert.strictEqual(
      skipped.stdout,
      `\ninstall-config.yaml\n  1:1  warning  Not checked: it is ${Buffer.byteLength(LARGE)} bytes, over the limit of 1048576 (raise it with --max-file-size or the stsLens.maxFileSize setting).  file-not-checked\n\n✖ 1 problem (0 errors, 1 warning)\n`,
    );
    const checked = await run(['check', 'install-config.yaml', '--max-file-size', '2m', '--format', 'json'], dir);
    assert.strictEqual(checked.code, 1);
    assert.ok(JSON.parse(checked.stdout).diagnostics.some((d: { code: string }) => d.code === 'install-config-schema'), checked.stdout);
    assert.strictEqual((await run(['check', '--max-file-size', 'huge'], dir)).code, 2);
  });

  it('warns on a named pipe and a dangling link in every format, with the reason', async () => {
    const dir = tempTree({ 'ok.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n' });
    assert.strictEqual(spawnSync('mkfifo', [path.join(dir, 'pipe.yaml')]).status, 0);
    fs.symlinkSync(path.join(dir, 'gone.yaml'), path.join(dir, 'dangling.yaml'));
    const json = await run(['check', 'pipe.yaml', 'dangling.yaml', 'ok.yaml', '--format', 'json'], dir);
    assert.strictEqual(json.code, 0);
    assert.deepStrictEqual(JSON.parse(json.stdout), {
      version: 1,
      diagnostics: [
        { file: 'pipe.yaml', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, severity: 'warning', code: 'file-not-checked', message: 'Not checked: it is not a regular file (a named pipe).' },
        { file: 'dangling.yaml', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, severity: 'warning', code: 'file-not-checked', message: 'Not checked: it is a symbolic link to a file that does not exist.' },
      ],
      skipped: [
        { file: 'pipe.yaml', reason: 'it is not a regular file (a named pipe)' },
        { file: 'dangling.yaml', reason: 'it is a symbolic link to a file that does not exist' },
      ],
    });
    const sarif = JSON.parse((await run(['check', 'pipe.yaml', '--format', 'sarif'], dir)).stdout);
    const [result] = sarif.runs[0].results;
    assert.strictEqual(result.ruleId, 'file-not-checked');
    assert.strictEqual(result.level, 'warning');
    assert.strictEqual(sarif.runs[0].tool.driver.rules[result.ruleIndex].id, 'file-not-checked');
  });

  it('counts the files a folder walk skipped in the text summary', async () => {
    const dir = tempTree({ 'cluster/install-config.yaml': LARGE, 'cluster/other.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n' });
    const { code, stdout } = await run(['check'], dir);
    assert.strictEqual(code, 0);
    assert.strictEqual(stdout, `No problems found.\n1 file not checked:\n  cluster/install-config.yaml: it is ${Buffer.byteLength(LARGE)} bytes, over the limit of 1048576 (raise it with --max-file-size or the stsLens.maxFileSize setting)\n`);
  });
});

describe('sts-lens check: text output escapes control characters', () => {
  it('shows ANSI escapes and line breaks from file names and values escaped', async () => {
    const name = 'evil\u001b[2J\u001b[31m.yaml';
    const dir = tempTree({ [name]: 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: app\n  annotations:\n    eks.amazonaws.com/role-arn: "arn:aws:iam::1\\e[8m\\nfake: line"\n' });
    const { code, stdout } = await run(['check'], dir);
    assert.strictEqual(code, 1);
    assert.ok(!/[\u0000-\u0009\u000b-\u001f]/.test(stdout), JSON.stringify(stdout));
    assert.ok(stdout.includes('evil\\u001b[2J\\u001b[31m.yaml'), stdout);
    assert.ok(stdout.includes('\\u001b[8m\\nfake: line'), stdout);
  });
});
