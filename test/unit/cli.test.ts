import * as assert from 'assert';
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { runCli } from '../../server/src/cli/main';
import { AUTH_MANIFEST, installConfig, PULL_SECRET_TOKEN, tempTree } from './helpers';

async function run(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { cwd, color: false, stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) } });
  return { code, stdout, stderr };
}

function installDir(mode: string): string {
  return tempTree({
    'cluster/install-config.yaml': installConfig('', mode),
    'cluster/manifests/cluster-authentication-02-config.yaml': AUTH_MANIFEST,
    'cluster/tls/bound-service-account-signing-key.key': 'placeholder',
    'node_modules/pkg/install-config.yaml': 'apiVersion: v1\nbaseDomain: [',
    'generated/install-config.yaml': 'apiVersion: v1\nbaseDomain: [',
    '.gitignore': 'generated/\n',
  });
}

describe('sts-lens check (CLI)', function () {
  this.timeout(20_000);
  it('reports sts-manual-mode-required as JSON and exits 1', async () => {
    const dir = installDir('Mint');
    const { code, stdout } = await run(['check', '--format', 'json'], dir);
    assert.strictEqual(code, 1);
    assert.deepStrictEqual(JSON.parse(stdout), {
      version: 1,
      diagnostics: [
        {
          file: 'cluster/install-config.yaml',
          range: { start: { line: 2, character: 17 }, end: { line: 2, character: 21 } },
          severity: 'error',
          code: 'sts-manual-mode-required',
          message:
            'The install directory holds ccoctl output (manifests/cluster-authentication-02-config.yaml sets serviceAccountIssuer https://demo-oidc.s3.ap-northeast-1.amazonaws.com) but credentialsMode is "Mint": the installer will ignore those STS credentials. Set credentialsMode: Manual.',
        },
      ],
    });
    assert.ok(!stdout.includes(PULL_SECRET_TOKEN));
  });

  it('reports nothing and exits 0 with Manual (skipping node_modules and .gitignored folders)', async () => {
    const { code, stdout } = await run(['check'], installDir('Manual'));
    assert.strictEqual(stdout, 'No problems found.\n');
    assert.strictEqual(code, 0);
  });

  it('--cluster-root makes each named folder a cluster: the same role in two of them is no duplicate', async () => {
    const issuer = 'oidc.eks.eu-west-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF';
    const role = JSON.stringify({ RoleName: 'app', AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Federated: `arn:aws:iam::123456789012:oidc-provider/${issuer}` }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: { StringEquals: { [`${issuer}:sub`]: 'system:serviceaccount:shop:api', [`${issuer}:aud`]: 'sts.amazonaws.com' } } }] } });
    const dir = tempTree({ 'envs/prod/app.json': role, 'envs/dev/app.json': role });
    const codes = async (args: string[]) => (JSON.parse((await run(['check', '--format', 'json', ...args], dir)).stdout) as { diagnostics: Array<{ code: string }> }).diagnostics.map((d) => d.code);
    assert.deepStrictEqual(await codes([]), ['trust-policy-duplicate', 'trust-policy-duplicate']);
    assert.deepStrictEqual(await codes(['--cluster-root', 'envs/prod', '--cluster-root', 'envs/dev']), []);
    assert.deepStrictEqual(await codes(['--cluster-root', 'envs/*']), []);
  });

  it('prints eslint-style text', async () => {
    const { stdout } = await run(['check', 'cluster'], installDir('Mint'));
    const lines = stdout.split('\n');
    assert.strictEqual(lines[1], 'cluster/install-config.yaml');
    assert.match(lines[2], /^ {2}3:18 {2}error {2}The install directory holds ccoctl output .* {2}sts-manual-mode-required$/);
    assert.ok(stdout.includes('✖ 1 problem (1 error, 0 warnings)'));
  });

  it('writes SARIF 2.1.0 with rule help URIs', async () => {
    const { stdout } = await run(['check', '--format', 'sarif'], installDir('Mint'));
    const sarif = JSON.parse(stdout);
    assert.strictEqual(sarif.version, '2.1.0');
    const run0 = sarif.runs[0];
    const rule = run0.tool.driver.rules[run0.results[0].ruleIndex];
    assert.strictEqual(rule.id, 'sts-manual-mode-required');
    assert.strictEqual(rule.helpUri, 'https://github.com/sts-lens/sts-lens/blob/main/docs/rules/sts-manual-mode-required.md');
    assert.deepStrictEqual(run0.results[0].locations[0].physicalLocation, {
      artifactLocation: { uri: 'cluster/install-config.yaml', uriBaseId: '%SRCROOT%' },
      region: { startLine: 3, startColumn: 18, endLine: 3, endColumn: 22 },
    });
  });

  it('turns a rule off with --rule', async () => {
    const { code } = await run(['check', '--rule', 'sts-manual-mode-required=off'], installDir('Mint'));
    assert.strictEqual(code, 0);
  });

  it('exits 2 on usage errors', async () => {
    assert.strictEqual((await run(['lint'], '/')).code, 2);
    assert.strictEqual((await run(['check', '--format', 'xml'], '/')).code, 2);
    assert.strictEqual((await run(['check', '--rule', 'no-such-rule=off'], '/')).code, 2);
    const missing = await run(['check', 'does-not-exist'], installDir('Manual'));
    assert.strictEqual(missing.code, 2);
    assert.match(missing.stderr, /no such file or directory: does-not-exist/);
  });

  it('says which option, rule, severity or command was meant', async () => {
    const cases: Array<[string[], string]> = [
      [['check', '--fromat', 'json'], 'sts-lens: unknown option --fromat (did you mean --format?)'],
      [['check', '--Format=json'], 'sts-lens: unknown option --Format (did you mean --format?)'],
      [['check', '--format'], 'sts-lens: --format needs a value'],
      [['check', '--rule', '--format', 'json'], 'sts-lens: --rule needs a value ("--format" is an option)'],
      [['check', '--help=yes'], 'sts-lens: --help=yes: --help is a switch; give it alone, or =true or =false'],
      [['check', '--format', 'sarf'], 'sts-lens: unknown format "sarf" (did you mean "sarif"?) (text, json or sarif)'],
      [['check', '--rule', 'trust-sub-mising=off'], 'sts-lens: --rule trust-sub-mising=off: unknown rule "trust-sub-mising" (did you mean "trust-sub-missing"?)'],
      [['check', '--rule', 'trust-sub-missing=warn'], 'sts-lens: --rule trust-sub-missing=warn: unknown severity "warn" (did you mean "warning"?) (off, error, warning, information or hint)'],
      [['check', '--rule', 'trust-sub-missing'], 'sts-lens: --rule trust-sub-missing: no severity after "=" (off, error, warning, information or hint)'],
      [['chek', '.'], 'sts-lens: unknown command "chek" (did you mean "check"?)'],
      [['aws', 'create-al', '--name', 'x'], 'sts-lens aws: unknown command "create-al" (did you mean "create-all"?)'],
      [['aws', 'create-all', '--dry-run', '--name', 'x', '--region', 'us-east-9'], 'sts-lens aws create-all: unknown AWS region "us-east-9" (did you mean "us-east-1"?)'],
      [['aws', 'create-all', '--dryrun'], 'sts-lens aws create-all: unknown option --dryrun (did you mean --dry-run?)'],
      // Names every object inherits are unknown options too, with the same words as any other.
      [['check', '--constructor'], 'sts-lens: unknown option --constructor'],
      [['aws', 'create-all', '--__proto__'], 'sts-lens aws create-all: unknown option --__proto__'],
      [['aws', 'verify', '--region', 'eu-west-7'], 'sts-lens aws: unknown AWS region "eu-west-7" (did you mean "eu-west-1"?)'],
      [['aws', 'verify', '--format', 'yaml'], 'sts-lens aws: unknown format "yaml" (text, json or sarif)'],
    ];
    for (const [args, first] of cases) {
      const { code, stderr, stdout } = await run(args, '/');
      assert.strictEqual(code, 2, args.join(' '));
      assert.strictEqual(stderr.split('\n')[0], first, args.join(' '));
      assert.match(stderr, /\n\nUsage: sts-lens/, 'the usage follows');
      assert.strictEqual(stdout, '');
    }
  });

  it('accepts every region of the partition data, China and GovCloud included', async () => {
    for (const region of ['us-east-1', 'ap-northeast-3', 'cn-northwest-1', 'us-gov-west-1']) {
      const { stderr } = await run(['aws', 'create-all', '--dry-run', '--name', 'x', '--region', region, '--output-dir', tempTree({})], '/');
      assert.ok(!stderr.includes('unknown AWS region'), `${region}: ${stderr}`);
    }
  });

  it('documents in --help the formats the README lists', async () => {
    const readme = fs.readFileSync(path.resolve(__dirname, '../../../README.md'), 'utf8');
    const verifyUsage = (await run(['aws', 'verify', '--help'], '/')).stdout.split('\n')[0].replace(/^Usage: /, '');
    assert.strictEqual(verifyUsage, 'sts-lens aws verify [paths...] [--region <region>] [--format text|json|sarif]');
    assert.ok(readme.includes(verifyUsage.replace('sts-lens', 'npx sts-lens')), `README shows: ${verifyUsage}`);
    const checkUsage = (await run(['--help'], '/')).stdout;
    assert.ok(checkUsage.includes('--format text|json|sarif'));
    assert.ok(readme.includes('npx sts-lens check [paths...] [--format text|json|sarif]'));
  });

  it('ends quietly, with its own exit status, when the reader of its output goes away (| head)', async () => {
    const cli = path.resolve(__dirname, '../../../dist/cli.js');
    const files: Record<string, string> = {};
    for (let i = 0; i < 200; i++) files[`c${i}/install-config.yaml`] = installConfig('', 'Mint');
    for (let i = 0; i < 200; i++) files[`c${i}/manifests/cluster-authentication-02-config.yaml`] = AUTH_MANIFEST;
    const dir = tempTree(files);
    const child = spawn(process.execPath, [cli, 'check', '--format', 'sarif', '.'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    // Read one chunk, then close the pipe, as `head -c` does.
    child.stdout.once('data', () => child.stdout.destroy());
    const status = await new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    assert.strictEqual(stderr, '');
    assert.strictEqual(status, 1);
  });

  it('runs as the bundled dist/cli.js with the same exit codes', () => {
    const cli = path.resolve(__dirname, '../../../dist/cli.js');
    const bad = spawnSync(process.execPath, [cli, 'check', '--format', 'json'], { cwd: installDir('Mint'), encoding: 'utf8' });
    assert.strictEqual(bad.status, 1, bad.stderr);
    assert.strictEqual(JSON.parse(bad.stdout).diagnostics[0].code, 'sts-manual-mode-required');
    const good = spawnSync(process.execPath, [cli, 'check'], { cwd: installDir('Manual'), encoding: 'utf8' });
    assert.strictEqual(good.status, 0, good.stderr);
  });
});
