import * as assert from 'assert';
import * as path from 'path';
import { pathToFileURL } from 'url';

// The check that `npm start`, `npm test` and .ci/run make before any long step (scripts/lib/debian-packages.mjs),
// driven with made-up dpkg, uid and sudo answers: what a user sees on each path, and what is run as root.

interface Group { why: string; packages: string[] }
interface Run { (cmd: string, args: string[], opts?: unknown): { status: number | null; stdout?: string; error?: Error } }
interface Module {
  neededGroups(purpose: string, options?: { editorInstalled?: boolean; browser?: boolean }): Group[];
  allPackages(purpose: string): string[];
  missingPackages(packages: string[], run?: Run): string[] | null;
  ensureDebianPackages(purpose: string, options: { editorInstalled?: boolean; browser?: boolean },
    log: (s: string) => void, facts: { run: Run; uid: number | undefined }): boolean;
}

const repo = path.resolve(__dirname, '../../../..');
let mod: Module;
before(async () => {
  mod = await import(pathToFileURL(path.join(repo, 'scripts/lib/debian-packages.mjs')).href);
});

/** A machine whose dpkg knows `installed`; every command run is recorded, apt-get installs what it is given. */
function machine(installed: string[], { sudo = 'password' as 'password' | 'none' | 'ok', dpkg = true, aptFails = false } = {}) {
  const have = new Set(installed);
  const calls: string[] = [];
  const run: Run = (cmd, args) => {
    calls.push([cmd, ...args].join(' '));
    if (cmd === 'dpkg-query') {
      if (!dpkg) return { status: null, error: Object.assign(new Error('spawnSync dpkg-query ENOENT'), { code: 'ENOENT' }) };
      const asked = args.slice(2);
      const stdout = asked.filter((p) => have.has(p)).map((p) => `${p} ii \n`).join('');
      return { status: asked.every((p) => have.has(p)) ? 0 : 1, stdout };
    }
    if (cmd === 'sudo' && sudo === 'none') return { status: null, error: Object.assign(new Error('spawnSync sudo ENOENT'), { code: 'ENOENT' }) };
    if (cmd === 'sudo' && args.join(' ') === '-n true') return { status: sudo === 'ok' ? 0 : 1 };
    const apt = cmd === 'sudo' ? args.slice(1) : [cmd, ...args];
    if (apt[0] === 'apt-get' && apt[1] === 'install') {
      if (aptFails) return { status: 100 };
      for (const p of apt.slice(2).filter((a) => !a.startsWith('-'))) have.add(p);
    }
    return { status: 0 };
  };
  return { run, calls };
}

const BUILD = ['python3', 'make', 'g++', 'pkg-config', 'libkrb5-dev', 'libx11-dev', 'libxkbfile-dev', 'libsecret-1-dev', 'ripgrep'];

function check(purpose: string, m: ReturnType<typeof machine>, uid: number | undefined, options = {}) {
  const lines: string[] = [];
  const ok = mod.ensureDebianPackages(purpose, options, (s) => lines.push(s), { run: m.run, uid });
  return { ok, text: lines.join('\n') };
}

describe('Debian package check (npm start, npm test, .ci/run)', () => {
  it('npm start needs what builds and serves code-server, no browser; npm test adds chromium and openssl', () => {
    assert.deepStrictEqual(mod.allPackages('start'), BUILD);
    assert.deepStrictEqual(mod.allPackages('test'), [...BUILD, 'chromium', 'openssl']);
    // With code-server in the cache nothing is built; with another browser chromium is not needed.
    assert.deepStrictEqual(mod.neededGroups('start', { editorInstalled: true }), []);
    assert.deepStrictEqual(mod.neededGroups('test', { editorInstalled: true, browser: true }).flatMap((g) => g.packages), ['openssl']);
  });

  it('says nothing and runs nothing when every package is installed', () => {
    const m = machine([...BUILD, 'chromium', 'openssl']);
    const { ok, text } = check('test', m, 1000);
    assert.strictEqual(ok, true);
    assert.strictEqual(text, '');
    assert.deepStrictEqual(m.calls, [`dpkg-query -W -f=\${Package} \${db:Status-Abbrev}\n ${[...BUILD, 'chromium', 'openssl'].join(' ')}`]);
  });

  it('as root installs only the missing packages with apt-get, saying which and why', () => {
    const m = machine(BUILD);
    const { ok, text } = check('test', m, 0);
    assert.strictEqual(ok, true);
    assert.deepStrictEqual(m.calls.slice(1, 3), [
      'apt-get update',
      'apt-get install -y --no-install-recommends chromium openssl',
    ]);
    assert.match(text, /^sts-lens: npm test needs 2 Debian package\(s\) that are not installed:\n  chromium: the browser that drives the real-editor tests\n  openssl: makes the certificates of the AWS thumbprint test\nInstalling them now with apt-get \(running as root\)/);
    assert.match(text, /\nsts-lens: Debian packages installed in \d+ s\.$/);
  });

  it('not root but with password-less sudo installs through sudo -n', () => {
    const m = machine(['chromium', 'openssl'], { sudo: 'ok' });
    const { ok, text } = check('start', m, 1000);
    assert.strictEqual(ok, true);
    assert.deepStrictEqual(m.calls.slice(1, 4), [
      'sudo -n true',
      'sudo -n apt-get update',
      `sudo -n apt-get install -y --no-install-recommends ${BUILD.join(' ')}`,
    ]);
    assert.match(text, /^sts-lens: npm start needs 9 Debian package\(s\)/);
    assert.match(text, /\n  python3 make g\+\+ pkg-config libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev: to build code-server's native modules/);
    assert.match(text, /Installing them now with sudo apt-get \(password-less sudo\)/);
    assert.doesNotMatch(text, /chromium/);
  });

  it('not root and without password-less sudo stops before anything long, with the one command to run', () => {
    const m = machine([...BUILD, 'openssl']);
    const { ok, text } = check('test', m, 1000);
    assert.strictEqual(ok, false);
    assert.strictEqual(text, [
      'sts-lens: npm test needs 1 Debian package(s) that are not installed:',
      '  chromium: the browser that drives the real-editor tests',
      'Not running as root and sudo asks for a password, so nothing was installed. Run this, then run npm test again:',
      '  sudo apt-get update && sudo apt-get install -y --no-install-recommends chromium',
    ].join('\n'));
    assert.ok(!m.calls.some((c) => c.includes('apt-get')), m.calls.join('\n'));
  });

  it('not root and without sudo stops with the command to run as root through su', () => {
    const m = machine(['chromium', 'openssl'], { sudo: 'none' });
    const { ok, text } = check('start', m, 1000);
    assert.strictEqual(ok, false);
    assert.strictEqual(text, [
      'sts-lens: npm start needs 9 Debian package(s) that are not installed:',
      "  python3 make g++ pkg-config libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev: to build code-server's native modules (compiler, headers)",
      "  ripgrep: for code-server's search (stands in for the ripgrep download from GitHub)",
      "Not running as root and sudo is not installed, so nothing was installed. Run this (it asks for root's password), then run npm start again:",
      `  su -c 'apt-get update && apt-get install -y --no-install-recommends ${BUILD.join(' ')}'`,
    ].join('\n'));
    assert.ok(!m.calls.some((c) => c.includes('apt-get')), m.calls.join('\n'));
  });

  it('a failing apt-get stops the run and names the command', () => {
    const m = machine(BUILD, { aptFails: true });
    const { ok, text } = check('test', m, 0);
    assert.strictEqual(ok, false);
    assert.match(text, /\nsts-lens: `apt-get install -y --no-install-recommends chromium openssl` failed \(exit 100\); install the packages above, then rerun\.$/);
  });

  it('without dpkg (not Debian or Ubuntu) names what to install and goes on', () => {
    const m = machine([], { dpkg: false });
    const { ok, text } = check('start', m, 1000, { editorInstalled: false });
    assert.strictEqual(ok, true);
    assert.strictEqual(text, `sts-lens: npm start cannot check packages here (no dpkg-query: not Debian or Ubuntu). Make sure these or their equivalents are installed: ${BUILD.join(' ')}`);
  });

  it('reads dpkg-query: a package known but not installed, or unknown to dpkg, is missing', () => {
    const run: Run = () => ({ status: 1, stdout: 'ripgrep ii \nchromium un \nlibx11-dev:amd64 ii \n' });
    assert.deepStrictEqual(mod.missingPackages(['ripgrep', 'chromium', 'libx11-dev', 'openssl'], run), ['chromium', 'openssl']);
  });
});
