// npm run test:e2e — runs test/e2e/suite inside a real VS Code (code-server's
// workbench + Node extension host) driven by Debian's chromium, offline.
// How it works and how to debug it: test/e2e/README.md and /work/shared/E2E.md.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TIMEOUT_MS = Number(process.env.STS_LENS_E2E_TIMEOUT_S ?? 360) * 1000;
const CHROMIUM = process.env.STS_LENS_CHROMIUM ?? '/usr/bin/chromium';
const suiteIndex = path.join(repo, 'out/test/e2e/suite/index.js');
const artifacts = path.join(repo, 'test-artifacts');

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sts-lens-e2e-'));
const userData = path.join(tmp, 'user-data');
const workspace = path.join(tmp, 'workspace');
const harness = path.join(workspace, '.sts-lens-e2e'); // must match harnessDir() in test/e2e/suite/helpers.ts
const serverLog = path.join(tmp, 'code-server.log');
const browserLog = path.join(tmp, 'browser-console.log');

let server; // code-server child process (own process group)
let browser;
let cleaning;
let deadline = Infinity;
let results; // the suite's latest results.json, also after a failure

process.on('SIGINT', () => abort('interrupted', 130));
process.on('SIGTERM', () => abort('terminated', 143));

const started = Date.now();
let ok = false;
try {
  await main();
  ok = summary().ok;
  if (!ok) printLogs();
} catch (e) {
  console.log(`E2E: ${e instanceof Error ? e.message : e}`);
  printLogs();
}
await finish(ok ? 0 : 1);

/** Stops everything, then prints the totals as the very last line. */
async function finish(exitCode) {
  await cleanup();
  if (exitCode === 0 && !process.env.STS_LENS_E2E_KEEP) fs.rmSync(tmp, { recursive: true, force: true });
  else console.log(`E2E: kept ${tmp} (user-data, workspace copy, logs) for debugging`);
  const { passed, failed } = summary();
  if (results?.done && !results.error && passed + failed === 0) console.log('E2E: no tests ran (are there out/test/e2e/suite/**/*.e2e.js files?)');
  console.log(`E2E: took ${Math.round((Date.now() - started) / 1000)} s`);
  console.log(`E2E: ${passed} passed, ${failed} failed`);
  process.exit(exitCode);
}

async function main() {
  for (const [file, hint] of [[path.join(repo, 'dist/extension.js'), 'npm run build'], [suiteIndex, 'npx tsc -b']]) {
    if (!fs.existsSync(file)) throw new Error(`${path.relative(repo, file)} is missing: run \`${hint}\` first`);
  }
  if (!fs.existsSync(CHROMIUM)) throw new Error(`no browser at ${CHROMIUM}: apt-get install -y chromium`);
  const codeServer = installCodeServer();
  // The time limit starts after the (once per machine, minutes long) install.
  deadline = Date.now() + TIMEOUT_MS;
  setTimeout(() => abort(`hung past the ${TIMEOUT_MS / 1000} s limit`, 1), TIMEOUT_MS + 60_000).unref();
  prepareDirs();

  const port = await freePort();
  const flags = optionalFlags(codeServer, ['--disable-workspace-trust', '--disable-getting-started-override']);
  const log = fs.openSync(serverLog, 'a');
  server = spawn(codeServer, [
    '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry', '--disable-update-check', ...flags,
    '--config', path.join(tmp, 'config.yaml'), '--user-data-dir', userData, '--extensions-dir', path.join(tmp, 'extensions'), workspace,
  ], { stdio: ['ignore', log, log], detached: true }); // detached: own process group, killed as a whole
  fs.closeSync(log);
  await waitForServer(port);

  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', '--disable-quic'],
  });
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  page.on('console', (m) => fs.appendFileSync(browserLog, `[${m.type()}] ${m.text()}\n`));
  page.on('pageerror', (e) => fs.appendFileSync(browserLog, `[pageerror] ${e.message}\n`));

  const remote = (p) => `vscode-remote://127.0.0.1:${port}${p}`;
  const payload = JSON.stringify([['extensionDevelopmentPath', remote(repo)], ['extensionTestsPath', remote(suiteIndex)]]);
  const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(payload)}`;
  await page.goto(url, { timeout: 60_000 });
  await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
  console.log(`E2E: VS Code workbench up on port ${port}, running ${path.relative(repo, suiteIndex)}`);

  await watchRun(page);
  console.log(`E2E: VS Code ${results.vscodeVersion}; screenshot ${results.screenshot ? 'saved' : 'NOT saved'}`);
  if (results.error) console.log(`E2E: error outside the tests:\n${results.error}`);
}

function installCodeServer() {
  const r = spawnSync('bash', [path.join(repo, 'scripts/install-code-server.sh')], { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
  if (r.status !== 0) {
    // Never skip: a missing editor must fail the run, not silently pass it.
    const why = r.status === 3
      ? 'the Debian packages named above are missing (install them, then rerun)'
      : `scripts/install-code-server.sh failed (exit ${r.status ?? r.signal})`;
    throw new Error(`cannot install code-server: ${why}`);
  }
  const bin = r.stdout.trim().split('\n').pop();
  if (!bin || !fs.existsSync(bin)) throw new Error(`install-code-server.sh printed no usable binary path: ${JSON.stringify(bin)}`);
  return bin;
}

function prepareDirs() {
  fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
  fs.mkdirSync(path.join(tmp, 'extensions'));
  // Our own config file, so ~/.config/code-server/config.yaml (password, cert...) cannot change the run.
  fs.writeFileSync(path.join(tmp, 'config.yaml'), 'auth: none\ncert: false\n');
  fs.writeFileSync(path.join(userData, 'User/settings.json'), JSON.stringify({
    'security.workspace.trust.enabled': false,
    'telemetry.telemetryLevel': 'off',
    'workbench.startupEditor': 'none',
    'workbench.welcomePage.walkthroughs.openOnInstall': false,
    'workbench.tips.enabled': false,
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'extensions.ignoreRecommendations': true,
    'update.mode': 'none',
    'git.enabled': false,
  }, null, 2));
  // A copy: the tests edit files, and results are exchanged inside it.
  fs.cpSync(path.join(repo, 'test/e2e/workspace'), workspace, { recursive: true });
  fs.mkdirSync(harness, { recursive: true });
  // Tells the suite a launcher is listening for screenshot requests.
  fs.writeFileSync(path.join(harness, 'harness.json'), JSON.stringify({ screenshots: true }));
  fs.mkdirSync(artifacts, { recursive: true });
  fs.rmSync(path.join(artifacts, 'problems-panel.png'), { force: true }); // never show a picture from an older run
}

/** Polls the harness files until the suite reports done, serving screenshot requests meanwhile. */
async function watchRun(page) {
  const resultsFile = path.join(harness, 'results.json');
  const request = path.join(harness, 'screenshot-request');
  const done = path.join(harness, 'screenshot-done');
  let printed = 0;
  let hostExitedAt;
  for (;;) {
    if (fs.existsSync(resultsFile)) results = JSON.parse(fs.readFileSync(resultsFile, 'utf8'));
    for (; results && printed < results.tests.length; printed++) printTest(results.tests[printed]);
    if (results?.done) return;

    if (fs.existsSync(request) && !fs.existsSync(done)) {
      const name = fs.readFileSync(request, 'utf8').trim();
      if (/^[a-z0-9-]+$/.test(name)) {
        const file = path.join(artifacts, `${name}.png`);
        await page.screenshot({ path: file });
        console.log(`E2E: saved ${path.relative(repo, file)}`);
      }
      fs.writeFileSync(`${done}.tmp`, name);
      fs.renameSync(`${done}.tmp`, done);
    }

    if (server.exitCode !== null) throw new Error(`code-server exited (code ${server.exitCode}) before the tests finished`);
    // The extension host exits once run() settles; results must follow promptly.
    if (!hostExitedAt && /Extension Host Process exited/i.test(readTail(serverLog, 200_000))) hostExitedAt = Date.now();
    if (hostExitedAt && Date.now() - hostExitedAt > 10_000) {
      throw new Error('the extension host exited without finishing the suite (did out/test/e2e/suite/index.js load? see the logs below)');
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${TIMEOUT_MS / 1000} s (${results ? `${results.tests.length} test(s) reported` : 'no results file yet'}); set STS_LENS_E2E_TIMEOUT_S to change the limit`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

function printTest(t) {
  const mark = { passed: '✓', failed: '✗', pending: '-' }[t.state] ?? '?';
  console.log(`  ${mark} ${t.title}${t.durationMs !== undefined ? ` (${t.durationMs} ms)` : ''}`);
  if (t.error) console.log(t.error.replace(/^/gm, '      '));
}

function summary() {
  const count = (state) => results?.tests.filter((t) => t.state === state).length ?? 0;
  const passed = count('passed');
  const failed = count('failed');
  return { passed, failed, ok: !!results?.done && failed === 0 && passed > 0 && !results.error };
}

/** Prints the ends of the logs that explain most failures: code-server's, the extension host's, the extension's own. */
function printLogs() {
  const show = (file, lines = 40) => {
    if (!fs.existsSync(file)) return;
    const tail = readTail(file, 64_000).split('\n').slice(-lines).join('\n').trimEnd();
    if (tail) console.log(`----- ${path.relative(tmp, file)} (last ${lines} lines) -----\n${tail}`);
  };
  show(serverLog, 60);
  const logs = path.join(userData, 'logs');
  if (fs.existsSync(logs)) {
    // The extension host's own log and the extension's output channels; the rest is noise.
    for (const rel of fs.readdirSync(logs, { recursive: true }).sort()) {
      if (/remoteexthost\.log$|sts.?lens/i.test(rel) && fs.statSync(path.join(logs, rel)).isFile()) show(path.join(logs, rel));
    }
  }
  show(browserLog, 20);
}

function readTail(file, bytes) {
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

function optionalFlags(bin, flags) {
  const help = spawnSync(bin, ['--help'], { encoding: 'utf8' }).stdout ?? '';
  return flags.filter((f) => help.includes(f));
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer().once('error', reject).listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function waitForServer(port) {
  const until = Date.now() + 60_000;
  while (Date.now() < until) {
    if (server.exitCode !== null) throw new Error(`code-server exited at start (code ${server.exitCode})`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) return;
    } catch { /* not listening yet */ }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('code-server did not answer within 60 s');
}

async function cleanup() {
  cleaning ??= (async () => {
    await Promise.race([browser?.close().catch(() => {}), new Promise((r) => setTimeout(r, 5000))]);
    if (server && server.exitCode === null) {
      const exited = new Promise((r) => server.once('exit', r));
      killGroup('SIGTERM');
      if (await Promise.race([exited.then(() => true), new Promise((r) => setTimeout(() => r(false), 5000))]) === false) killGroup('SIGKILL');
    }
  })();
  return cleaning;
}

function killGroup(signal) {
  try {
    process.kill(-server.pid, signal); // the whole group: code-server forks its extension host and language server
  } catch { /* already gone */ }
}

async function abort(why, exitCode) {
  console.log(`E2E: ${why}, stopping code-server and chromium`);
  await finish(exitCode);
}
