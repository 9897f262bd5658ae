// npm start — try STS Lens in a real VS Code in the browser, offline: packages the
// .vsix, installs it into the cached code-server (its own profile, not yours) and
// serves examples/ on loopback until Ctrl-C.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const port = Number(process.env.PORT ?? 8080);
const home = path.join(process.env.STS_LENS_CACHE ?? path.join(os.homedir(), '.cache/sts-lens'), 'start');
const extensionsDir = path.join(home, 'extensions');
const userData = path.join(home, 'user-data');
const folder = path.join(repo, 'examples');

/** Runs a step to completion; `capture` returns its stdout instead of showing it. */
function run(cmd, args, what, capture = true) {
  const r = spawnSync(cmd, args, { cwd: repo, stdio: ['ignore', capture ? 'pipe' : 'inherit', 'inherit'], encoding: 'utf8' });
  if (r.status !== 0) {
    process.stdout.write(r.stdout ?? '');
    console.error(`sts-lens start: ${what} failed (exit ${r.status ?? r.signal})`);
    process.exit(1);
  }
  return r.stdout;
}

run('npm', ['run', 'package'], 'npm run package', false);
const codeServer = run('bash', [path.join(repo, 'scripts/install-code-server.sh')], 'installing code-server').trim().split('\n').pop();

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
    // examples/ lives inside this repository: don't ask whether to open it.
    'git.openRepositoryInParentFolders': 'never',
  }, null, 2));
}
// An empty config, so ~/.config/code-server/config.yaml (password, cert, bind address) does not apply.
const config = path.join(home, 'config.yaml');
fs.writeFileSync(config, 'auth: none\ncert: false\n');
const common = ['--config', config, '--user-data-dir', userData, '--extensions-dir', extensionsDir];

run(codeServer, [...common, '--install-extension', path.join(repo, 'sts-lens.vsix'), '--force'], 'installing sts-lens.vsix');

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
      console.log(`\nSTS Lens is running in VS Code: http://127.0.0.1:${port}/?folder=${encodeURIComponent(folder)}\nCtrl-C stops it.\n`);
      break;
    }
  } catch { /* not listening yet */ }
  await new Promise((r) => setTimeout(r, 250));
}
