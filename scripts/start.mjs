// npm start — try STS Lens in a real VS Code in the browser, offline: checks the Debian packages that
// installing code-server needs, packages the .vsix, installs code-server once into the cache, installs the .vsix
// into it (its own profile, not yours) and serves a fresh copy of examples/ on loopback until Ctrl-C.
// The copy is made again at every start: the editor saves automatically, and the repository's examples/
// (which a test pins) must stay as they are whatever quick fixes are tried.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CURRENT, cacheRoot, ensureCodeServer, isInstalled } from './lib/code-server.mjs';
import { ensureDebianPackages } from './lib/debian-packages.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const port = Number(process.env.PORT ?? 8080);
const home = path.join(cacheRoot(), 'start');
const extensionsDir = path.join(home, 'extensions');
const userData = path.join(home, 'user-data');
const folder = path.join(home, 'examples');
const say = (s) => console.error(s);
const shortHome = (p) => (p.startsWith(os.homedir() + path.sep) ? `~${p.slice(os.homedir().length)}` : p);

/** Runs a step to completion; `capture` returns its stdout instead of showing it. */
function run(cmd, args, what, capture = true) {
  const r = spawnSync(cmd, args, { cwd: repo, stdio: ['ignore', capture ? 'pipe' : 'inherit', 'inherit'], encoding: 'utf8' });
  if (r.status !== 0) {
    process.stdout.write(r.stdout ?? '');
    say(`sts-lens start: ${what} failed (exit ${r.status ?? r.signal})`);
    process.exit(1);
  }
  return r.stdout;
}

// First what may stop us, before any long step.
if (!ensureDebianPackages('start', { editorInstalled: isInstalled(CURRENT.codeServer) })) process.exit(3);

say('sts-lens: building and packaging the extension (npm run package, usually under a minute)');
const packagedAt = Date.now();
run('npm', ['run', '--silent', 'package'], 'npm run package');
say(`sts-lens: packaged sts-lens.vsix in ${Math.round((Date.now() - packagedAt) / 1000)} s`);

let codeServer;
try {
  codeServer = await ensureCodeServer(CURRENT.codeServer, say);
} catch (e) {
  say(`sts-lens start: ${e instanceof Error ? e.message : e}`);
  process.exit(1);
}

fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
fs.mkdirSync(extensionsDir, { recursive: true });
const settings = path.join(userData, 'User/settings.json');
// Only the first time: later edits made in the editor are kept.
if (!fs.existsSync(settings)) {
  fs.writeFileSync(settings, JSON.stringify({
    'security.workspace.trust.enabled': false,
    'telemetry.telemetryLevel': 'off',
    'workbench.startupEditor': 'none',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
  }, null, 2));
}
// An empty config, so ~/.config/code-server/config.yaml (password, cert, bind address) does not apply.
const config = path.join(home, 'config.yaml');
fs.writeFileSync(config, 'auth: none\ncert: false\n');
const common = ['--config', config, '--user-data-dir', userData, '--extensions-dir', extensionsDir];

run(codeServer, [...common, '--install-extension', path.join(repo, 'sts-lens.vsix'), '--force'], 'installing sts-lens.vsix');

// A fresh copy of examples/ every start: what the last session changed is gone, the checkout is never touched.
fs.rmSync(folder, { recursive: true, force: true });
fs.cpSync(path.join(repo, 'examples'), folder, { recursive: true });
say(`sts-lens: serving a fresh copy of examples/ from ${shortHome(folder)} (copied again at every start; the editor saves there, never into the checkout)`);

const child = spawn(codeServer, [
  ...common, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, // loopback only: no password is set
  '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', folder,
], { stdio: ['ignore', 'inherit', 'inherit'], detached: true }); // own group, so Ctrl-C reaches all of it through us

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    try { process.kill(-child.pid, signal); } catch { /* already gone */ }
  });
}
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)));

// Print the address once it answers, so the line is not lost in code-server's start-up log.
for (let i = 0; i < 240 && child.exitCode === null; i++) {
  try {
    if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) {
      console.log(`\nSTS Lens is running in VS Code ${CURRENT.vscode}: http://127.0.0.1:${port}/?folder=${encodeURIComponent(folder)}`
        + `\nThe workspace is a copy of examples/ in ${shortHome(folder)}. Ctrl-C stops it.\n`);
      break;
    }
  } catch { /* not listening yet */ }
  await new Promise((r) => setTimeout(r, 250));
}
