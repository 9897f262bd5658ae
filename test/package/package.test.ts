// The npm package as a user gets it: `npm pack`, installed into an empty folder
// with no registry reachable, then run; and the two CI integrations that use it,
// the GitHub Action (action.yml) and the pre-commit hook (.pre-commit-hooks.yaml).
import * as assert from 'assert';
import { spawnSync, SpawnSyncReturns } from 'child_process';
import * as fs from 'fs';
import { builtinModules } from 'module';
import * as path from 'path';
import { parse } from 'yaml';
import { makeTempDir } from '../tempDirs';
import { AUTH_MANIFEST, installConfig } from '../unit/helpers';

const repo = path.resolve(__dirname, '../../..');
const manifest = JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8'));

/** npm with a private cache and a registry that refuses connections: anything not in the tarball fails. */
function npm(args: string[], cwd: string, cache: string): SpawnSyncReturns<string> {
  const env = { ...process.env, npm_config_cache: cache, npm_config_registry: 'http://127.0.0.1:9/', npm_config_offline: 'true', npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' };
  return spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', args, { cwd, env, encoding: 'utf8' });
}

/** A workspace with one error: ccoctl output next to an install-config in Mint mode. */
function brokenInstallDir(): string {
  const dir = makeTempDir('package-ws');
  fs.mkdirSync(path.join(dir, 'cluster/manifests'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'cluster/install-config.yaml'), installConfig('', 'Mint'));
  fs.writeFileSync(path.join(dir, 'cluster/manifests/cluster-authentication-02-config.yaml'), AUTH_MANIFEST);
  return dir;
}

describe('the npm package', function () {
  this.timeout(180_000);
  let tarball: string;
  let cache: string;
  let installed: string;

  before(function () {
    if (!fs.existsSync(path.join(repo, 'dist/cli.js'))) throw new Error('dist/cli.js is missing: run `npm run build` first');
    const out = makeTempDir('pack');
    cache = makeTempDir('npm-cache');
    // --ignore-scripts packs the bundles just built instead of rebuilding them
    // (prepack makes the minified ones for a publish; the code is the same).
    const pack = npm(['pack', '--ignore-scripts', '--json', '--pack-destination', out], repo, cache);
    assert.strictEqual(pack.status, 0, pack.stderr);
    tarball = path.join(out, JSON.parse(pack.stdout)[0].filename);
    installed = makeTempDir('install');
    const install = npm(['install', '--no-package-lock', tarball], installed, cache);
    assert.strictEqual(install.status, 0, `npm install of the tarball into an empty folder, offline, failed:\n${install.stderr}`);
  });

  it('is publishable, builds its bundles before packing, and has no runtime dependencies', () => {
    assert.strictEqual(manifest.private, undefined);
    assert.strictEqual(manifest.dependencies, undefined, 'everything is bundled: runtime libraries belong in devDependencies');
    assert.strictEqual(manifest.scripts.prepack, 'node scripts/build.mjs --production');
    assert.deepStrictEqual(manifest.bin, { 'sts-lens': 'dist/cli.js' });
  });

  it('holds the bundles, the grammar, the README and the license, and nothing else', () => {
    const list = npm(['pack', '--ignore-scripts', '--dry-run', '--json'], repo, cache);
    assert.strictEqual(list.status, 0, list.stderr);
    const files = (JSON.parse(list.stdout)[0].files as Array<{ path: string }>).map((f) => f.path).sort();
    assert.deepStrictEqual(files, [
      'LICENSE', 'README.md', 'dist/cli.js', 'dist/extension.js', 'dist/iam-catalog.js', 'dist/server.js',
      // The Terraform parser: the tree-sitter runtime and the HCL grammar, both WebAssembly.
      'dist/tree-sitter-terraform.wasm', 'dist/tree-sitter.wasm',
      'package.json', 'syntaxes/iam.injection.tmLanguage.json',
    ]);
  });

  it('bundles need only Node itself and each other', () => {
    const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
    for (const bundle of ['cli.js', 'server.js', 'iam-catalog.js']) {
      const text = fs.readFileSync(path.join(installed, 'node_modules/sts-lens/dist', bundle), 'utf8');
      // Calls, not mentions: the AWS SDK quotes `[require("@aws-sdk/signature-v4-crt");]` in an error message.
      const required = new Set([...text.matchAll(/(?<![\w$.[])require\("([^"]+)"\)/g)].map((m) => m[1]));
      const foreign = [...required].filter((m) => !builtins.has(m) && !m.startsWith('./'));
      assert.deepStrictEqual(foreign, [], `${bundle} requires packages that are not installed with it`);
    }
  });

  it('runs from the installed bin: version, and a check with its findings and exit status', () => {
    const bin = path.join(installed, 'node_modules/.bin/sts-lens');
    const version = spawnSync(bin, ['--version'], { encoding: 'utf8' });
    assert.strictEqual(version.stdout, `${manifest.version}\n`);
    const check = spawnSync(bin, ['check', '--format', 'json'], { cwd: brokenInstallDir(), encoding: 'utf8' });
    assert.strictEqual(check.status, 1, check.stderr);
    assert.deepStrictEqual(
      JSON.parse(check.stdout).diagnostics.map((d: { file: string; code: string }) => `${d.file} ${d.code}`),
      ['cluster/install-config.yaml sts-manual-mode-required'],
    );
  });

  it('reads Terraform from the installed package (the .wasm parser ships with it)', () => {
    const dir = makeTempDir('tf-check');
    fs.writeFileSync(
      path.join(dir, 'iam.tf'),
      'resource "aws_iam_policy" "p" {\n  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:GetObjekt", Resource = "*" }] })\n}\n',
    );
    const check = spawnSync(path.join(installed, 'node_modules/.bin/sts-lens'), ['check', '--format', 'json'], { cwd: dir, encoding: 'utf8' });
    assert.strictEqual(check.status, 1, check.stderr);
    assert.deepStrictEqual(JSON.parse(check.stdout).diagnostics.map((d: { file: string; code: string }) => `${d.file} ${d.code}`), ['iam.tf iam-unknown-action']);
  });

  describe('GitHub Action (action.yml)', () => {
    const action = parse(fs.readFileSync(path.join(repo, 'action.yml'), 'utf8'));
    const step = (id: string | number) => action.runs.steps.find((s: { id?: string }, i: number) => s.id === id || i === id);

    /** Runs a step's script with bash as the runner does: `${{ inputs.x }}` only in env, outputs to $GITHUB_OUTPUT. */
    function runStep(s: { run: string; env?: Record<string, string> }, inputs: Record<string, string>, cwd: string) {
      const given = { ...Object.fromEntries(Object.entries(action.inputs).map(([k, v]) => [k, String((v as { default?: string }).default ?? '')])), ...inputs };
      assert.ok(!/\$\{\{/.test(s.run), 'inputs must reach the script through env, never spliced into its text');
      const env: Record<string, string> = {};
      for (const [k, v] of Object.entries(s.env ?? {})) env[k] = v.replace(/\$\{\{\s*inputs\.([\w-]+)\s*\}\}/g, (_m, name: string) => given[name]);
      const output = path.join(makeTempDir('gh-output'), 'output');
      fs.writeFileSync(output, '');
      const npmEnv = { npm_config_cache: cache, npm_config_registry: 'http://127.0.0.1:9/', npm_config_offline: 'true', npm_config_update_notifier: 'false' };
      const result = spawnSync('bash', ['-e', '-c', s.run], { cwd, env: { ...process.env, ...npmEnv, ...env, GITHUB_OUTPUT: output }, encoding: 'utf8' });
      const outputs = Object.fromEntries(fs.readFileSync(output, 'utf8').trim().split('\n').filter(Boolean).map((l) => l.split(/=(.*)/s).slice(0, 2)));
      return { result, outputs };
    }

    it('checks with npx, writes SARIF, and leaves failing to the step after the upload', () => {
      const dir = brokenInstallDir();
      fs.mkdirSync(path.join(dir, 'docs'));
      fs.writeFileSync(path.join(dir, 'docs/install-config.yaml'), installConfig('', 'Mint')); // not among the paths given
      const { result, outputs } = runStep(step('check'), { package: tarball, paths: 'cluster', args: '--rule install-config-region=off', 'sarif-file': 'out.sarif' }, dir);
      assert.strictEqual(result.status, 0, result.stderr);
      assert.deepStrictEqual(outputs, { 'sarif-file': 'out.sarif', 'exit-code': '1' });
      const sarif = JSON.parse(fs.readFileSync(path.join(dir, 'out.sarif'), 'utf8'));
      assert.deepStrictEqual(
        sarif.runs[0].results.map((r: { ruleId: string; locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }) => `${r.locations[0].physicalLocation.artifactLocation.uri} ${r.ruleId}`),
        ['cluster/install-config.yaml sts-manual-mode-required'],
      );
      const upload = action.runs.steps.find((s: { uses?: string }) => s.uses?.startsWith('github/codeql-action/upload-sarif@'));
      assert.deepStrictEqual(upload.with, { sarif_file: '${{ inputs.sarif-file }}', category: 'sts-lens' });
      const fail = action.runs.steps[action.runs.steps.length - 1];
      assert.strictEqual(fail.if, "inputs.fail-on-error == 'true' && steps.check.outputs.exit-code == '1'");
      assert.strictEqual(runStep(fail, {}, dir).result.status, 1);
    });

    it('fails the check step itself on a usage error, with sts-lens\'s message', () => {
      const { result, outputs } = runStep(step('check'), { package: tarball, args: '--rule no-such-rule=off' }, brokenInstallDir());
      assert.strictEqual(result.status, 2);
      assert.match(result.stderr, /unknown rule "no-such-rule"/);
      assert.strictEqual(outputs['exit-code'], '2');
    });

    it('defaults to the version of this package', () => {
      assert.strictEqual(action.inputs.package.default, `sts-lens@${manifest.version}`);
    });
  });

  describe('pre-commit hook (.pre-commit-hooks.yaml)', () => {
    const hooks = parse(fs.readFileSync(path.join(repo, '.pre-commit-hooks.yaml'), 'utf8'));

    it('is a node hook that pre-commit can install (npm install, npm pack, npm install -g) and that checks the whole repository', () => {
      assert.strictEqual(hooks.length, 1);
      const [hook] = hooks;
      assert.deepStrictEqual({ id: hook.id, language: hook.language, entry: hook.entry, pass_filenames: hook.pass_filenames }, { id: 'sts-lens', language: 'node', entry: 'sts-lens check', pass_filenames: false });
      const files = new RegExp(hook.files);
      assert.deepStrictEqual(['install-config.yaml', 'iam/app-trust.json', 'sa.yml', 'README.md', 'key.pem'].filter((f) => files.test(f)), ['install-config.yaml', 'iam/app-trust.json', 'sa.yml']);
    });

    it('runs its entry from the installed package and fails the commit on an error', () => {
      const [hook] = hooks;
      const [command, ...args] = hook.entry.split(' ');
      const run = spawnSync(path.join(installed, 'node_modules/.bin', command), args, { cwd: brokenInstallDir(), encoding: 'utf8' });
      assert.strictEqual(run.status, 1, run.stderr);
      assert.match(run.stdout, /sts-manual-mode-required/);
    });
  });
});
