// code-server (VS Code's workbench and Node extension host, published on npm) in a cache folder outside the
// checkout, one folder per version, installed once per machine and reused. Installing works offline except for
// the npm registry: ripgrep comes from Debian instead of GitHub, node-gyp uses the installed Node headers.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * The editors the real-editor suite runs on. The last is the oldest release of code-server on npm whose VS Code
 * is at or above engines.vscode (4.91/4.92 were never published; 4.90.3 ships VS Code 1.90); engines.vscode
 * and @types/vscode in package.json name its VS Code (a unit test holds them together).
 * The first is the newest release whose install script accepts Node 20.
 */
export const EDITORS = [
  { codeServer: '4.100.3', vscode: '1.100.3', label: 'current' },
  { codeServer: '4.93.1', vscode: '1.93.1', label: 'oldest supported' },
];
export const CURRENT = EDITORS[0];

/** Measured on 2-core machines, idle to heavily shared (about 300 MB downloaded, then node-gyp builds). */
const INSTALL_ESTIMATE = '3 to 10 minutes';

export function cacheRoot() {
  return process.env.STS_LENS_CACHE || path.join(os.homedir(), '.cache', 'sts-lens');
}

export function codeServerDir(version) {
  return path.join(cacheRoot(), `code-server-${version}`);
}

function binOf(version) {
  return path.join(codeServerDir(version), 'node_modules', '.bin', 'code-server');
}

export function isInstalled(version) {
  return fs.existsSync(path.join(codeServerDir(version), '.installed')) && fs.existsSync(binOf(version));
}

const home = (p) => (p.startsWith(os.homedir() + path.sep) ? `~${p.slice(os.homedir().length)}` : p);

/**
 * Returns the path of the code-server binary of `version`, installing it first when it is not cached.
 * Prints what it does to `log` (stderr by default): the reuse of the cache, or the install's progress.
 */
export async function ensureCodeServer(version, log = (s) => console.error(s)) {
  const dir = codeServerDir(version);
  if (isInstalled(version)) {
    log(`sts-lens: code-server ${version}: reusing ${home(dir)} (installed ${installedOn(dir)})`);
    return binOf(version);
  }
  const release = await lock(`${dir}.lock`, log, version);
  try {
    if (isInstalled(version)) return binOf(version); // another run installed it while we waited
    await install(version, dir, log);
    return binOf(version);
  } finally {
    release();
  }
}

function installedOn(dir) {
  return fs.statSync(path.join(dir, '.installed')).mtime.toISOString().slice(0, 10);
}

async function install(version, dir, log) {
  const rg = spawnSync('sh', ['-c', 'command -v rg'], { encoding: 'utf8' }).stdout.trim();
  if (!rg) throw new Error('ripgrep is not installed (apt-get install -y ripgrep): code-server\'s install needs it');
  seedRipgrepCache(rg);

  fs.mkdirSync(dir, { recursive: true });
  const pkg = path.join(dir, 'package.json');
  if (!fs.existsSync(pkg)) fs.writeFileSync(pkg, '{"name":"sts-lens-code-server","private":true}\n');
  const logFile = path.join(dir, 'install.log');
  log(`sts-lens: installing code-server ${version} (VS Code ${EDITORS.find((e) => e.codeServer === version)?.vscode ?? version}) into ${home(dir)}: `
    + `about 300 MB from npm, then native modules are built; usually ${INSTALL_ESTIMATE}, once per machine. Full log: ${home(logFile)}`);

  const env = {
    ...process.env,
    // code-server's install script refuses to run as root under npm without this.
    npm_config_unsafe_perm: 'true',
    // One nested install script runs `npx node-gyp`.
    npm_config_yes: 'true',
    // code-server is nothing without its install scripts (its workbench's modules, native builds); npm releases
    // that block dependencies' scripts by default would skip them. Older npm ignores the setting.
    npm_config_dangerously_allow_all_scripts: 'true',
  };
  // node-gyp downloads Node's headers unless told where they are; Node from Debian or NodeSource ships them.
  const nodePrefix = path.resolve(process.execPath, '..', '..');
  if (!env.npm_config_nodedir && fs.existsSync(path.join(nodePrefix, 'include', 'node', 'common.gypi'))) env.npm_config_nodedir = nodePrefix;

  const out = fs.openSync(logFile, 'w');
  const started = Date.now();
  const child = spawn('npm', ['install', '--no-audit', '--no-fund', '--foreground-scripts', '--loglevel=http', `code-server@${version}`],
    { cwd: dir, env, stdio: ['ignore', out, out] });
  fs.closeSync(out);
  const ticker = setInterval(() => log(`  ${clock(Date.now() - started)} ${phase(logFile)}`), 20_000);
  const code = await new Promise((resolve) => child.on('exit', (c, s) => resolve(c ?? s)));
  clearInterval(ticker);
  if (code !== 0) {
    throw new Error(`npm install code-server@${version} failed (exit ${code}); last lines of ${logFile}:\n${tail(logFile, 25)}`);
  }
  // The workbench's own modules come from code-server's post-install; without them nothing would start.
  if (!fs.existsSync(path.join(dir, 'node_modules', 'code-server', 'lib', 'vscode', 'node_modules'))) {
    throw new Error(`code-server ${version} was installed without running its install scripts (npm's allow-scripts setting?); see ${logFile}`);
  }
  fs.writeFileSync(path.join(dir, '.installed'), `${new Date().toISOString()}\n`);
  log(`sts-lens: code-server ${version} installed in ${clock(Date.now() - started)}; later runs reuse it.`);
}

/** What the install is doing, from npm's log: fetching packages, or which package's install script runs. */
export function phase(logFile) {
  const text = tail(logFile, 400, 256 * 1024);
  const scripts = [...text.matchAll(/^> (\S+?)@\S+ (?:pre|post)?install$/gm)].map((m) => m[1]);
  if (scripts.length) return `building native modules (now: ${scripts[scripts.length - 1]})`;
  const fetched = (text.match(/^npm http fetch /gm) ?? []).length;
  return fetched ? 'downloading packages from npm' : 'resolving packages';
}

function clock(ms) {
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** The last `bytes` of a file as text ('' when it cannot be read): logs of long runs, read without loading them whole. */
export function readTail(file, bytes) {
  try {
    const fd = fs.openSync(file, 'r');
    const size = fs.fstatSync(fd).size;
    const buf = Buffer.alloc(Math.min(bytes, size));
    fs.readSync(fd, buf, 0, buf.length, size - buf.length);
    fs.closeSync(fd);
    return buf.toString('utf8');
  } catch {
    return '';
  }
}

function tail(file, lines, bytes = 64 * 1024) {
  return readTail(file, bytes).split('\n').slice(-lines).join('\n');
}

/**
 * @vscode/ripgrep's install script downloads ripgrep from GitHub; it first looks for the tarball in
 * <tmpdir>/vscode-ripgrep-cache-<its version>/. A tarball holding Debian's rg there satisfies it.
 */
function seedRipgrepCache(rg) {
  const r = spawnSync('npm', ['view', '@vscode/ripgrep', 'versions', '--json'], { encoding: 'utf8' });
  let versions = [];
  try {
    versions = JSON.parse(r.stdout).filter((v) => /^1\.(1[5-9]|[2-9]\d)\./.test(v));
  } catch { /* registry unreachable: the install below fails with npm's own message */ }
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'sts-lens-rg-'));
  try {
    fs.copyFileSync(rg, path.join(work, 'rg'));
    fs.chmodSync(path.join(work, 'rg'), 0o755);
    // The ripgrep release each @vscode/ripgrep 1.15+ asks for (the tag is set in its postinstall).
    const tarballs = ['v13.0.0-10', 'v13.0.0-13'].map((tag) => `ripgrep-${tag}-x86_64-unknown-linux-musl.tar.gz`);
    for (const t of tarballs) spawnSync('tar', ['-C', work, '-czf', path.join(work, t), 'rg']);
    for (const v of versions) {
      const cache = path.join(os.tmpdir(), `vscode-ripgrep-cache-${v}`);
      fs.mkdirSync(cache, { recursive: true });
      for (const t of tarballs) if (!fs.existsSync(path.join(cache, t))) fs.copyFileSync(path.join(work, t), path.join(cache, t));
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/** One install per version at a time (several checkouts may share the cache); a dead holder's lock is taken over. */
async function lock(lockDir, log, version) {
  fs.mkdirSync(path.dirname(lockDir), { recursive: true });
  let told = false;
  for (;;) {
    try {
      fs.mkdirSync(lockDir);
      fs.writeFileSync(path.join(lockDir, 'pid'), String(process.pid));
      return () => fs.rmSync(lockDir, { recursive: true, force: true });
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
    }
    let pid = 0;
    let age = 0;
    try {
      age = Date.now() - fs.statSync(lockDir).mtimeMs;
      pid = Number(fs.readFileSync(path.join(lockDir, 'pid'), 'utf8'));
    } catch { /* just released, or its holder is still writing the pid */ }
    if (pid ? !alive(pid) : age > 10_000) {
      fs.rmSync(lockDir, { recursive: true, force: true });
      continue;
    }
    if (!told) log(`sts-lens: another run (pid ${pid || '?'}) is installing code-server ${version}; waiting for it`);
    told = true;
    await new Promise((r) => setTimeout(r, 2000));
  }
}

function alive(pid) {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
}
