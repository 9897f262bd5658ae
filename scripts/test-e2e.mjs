// npm run test:e2e — runs test/e2e/suite inside a real VS Code (code-server's
// workbench + Node extension host) driven by Debian's chromium, offline, once in
// each editor of scripts/lib/code-server.mjs (the current VS Code and the oldest
// that engines.vscode allows). How it works and how to debug it: test/e2e/README.md.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { CURRENT, EDITORS, ensureCodeServer, isInstalled, readTail } from './lib/code-server.mjs';
import { ensureDebianPackages } from './lib/debian-packages.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TIMEOUT_MS = Number(process.env.STS_LENS_E2E_TIMEOUT_S ?? 360) * 1000;
const CHROMIUM = process.env.STS_LENS_CHROMIUM ?? '/usr/bin/chromium';
const suiteIndex = path.join(repo, 'out/test/e2e/suite/index.js');

// The run in progress (editors run one after the other).
let tmp;
let userData;
let workspace;
let harness;
let serverLog;
let browserLog;
let artifacts;
let server; // code-server child process (own process group)
let browser;
let cleaning;
let deadline = Infinity;
let hangTimer;
let results; // the suite's latest results.json, also after a failure

process.on('SIGINT', () => abort('interrupted', 130));
process.on('SIGTERM', () => abort('terminated', 143));

const outcomes = [];
let exitCode = 1;
try {
  const editors = selectEditors(process.env.STS_LENS_E2E_EDITORS);
  checkBuilt();
  const ready = ensureDebianPackages('test', {
    editorInstalled: editors.every((e) => isInstalled(e.codeServer)),
    browser: !!process.env.STS_LENS_CHROMIUM,
  });
  if (!ready) exitCode = 3;
  else {
    if (!fs.existsSync(CHROMIUM)) throw new Error(`no browser at ${CHROMIUM}: apt-get install -y chromium, or set STS_LENS_CHROMIUM`);
    for (const editor of editors) outcomes.push(await runEditor(editor));
    exitCode = outcomes.every((o) => o.ok) ? 0 : 1;
  }
} catch (e) {
  console.log(`E2E: ${e instanceof Error ? e.message : e}`);
}
// The totals are the very last lines.
for (const o of outcomes) console.log(`E2E: VS Code ${o.vscode} (code-server ${o.codeServer}): ${o.passed} passed, ${o.failed} failed${o.ok ? '' : ', FAILED'} in ${o.seconds} s`);
const sum = (k) => outcomes.reduce((n, o) => n + o[k], 0);
console.log(`E2E: ${sum('passed')} passed, ${sum('failed')} failed`);
process.exit(exitCode);

/** STS_LENS_E2E_EDITORS: comma-separated VS Code or code-server versions, or `current` / `oldest`; all by default. */
function selectEditors(wanted) {
  if (!wanted) return EDITORS;
  return wanted.split(',').map((w) => w.trim()).filter(Boolean).map((w) => {
    const e = EDITORS.find((x) => x.vscode === w || x.codeServer === w || x.label.split(' ')[0] === w);
    if (!e) throw new Error(`STS_LENS_E2E_EDITORS: no editor ${JSON.stringify(w)}; known: ${EDITORS.map((x) => `${x.vscode} (code-server ${x.codeServer}, ${x.label})`).join(', ')}`);
    return e;
  });
}

function checkBuilt() {
  for (const [file, hint] of [[path.join(repo, 'dist/extension.js'), 'npm run build'], [suiteIndex, 'npx tsc -b']]) {
    if (!fs.existsSync(file)) throw new Error(`${path.relative(repo, file)} is missing: run \`${hint}\` first`);
  }
}

/** Runs the whole suite in one editor and stops it again; never throws. */
async function runEditor(editor) {
  const started = Date.now();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), `sts-lens-e2e-${editor.vscode}-`));
  userData = path.join(tmp, 'user-data');
  workspace = path.join(tmp, 'workspace');
  harness = path.join(workspace, '.sts-lens-e2e'); // must match harnessDir() in test/e2e/suite/helpers.ts
  serverLog = path.join(tmp, 'code-server.log');
  browserLog = path.join(tmp, 'browser-console.log');
  // The current editor's pictures go to test-artifacts/, another's to test-artifacts/vscode-<version>/.
  artifacts = path.join(repo, 'test-artifacts', ...(editor === CURRENT ? [] : [`vscode-${editor.vscode}`]));
  server = browser = cleaning = results = undefined;
  deadline = Infinity;
  console.log(`E2E: VS Code ${editor.vscode} (code-server ${editor.codeServer}, the ${editor.label} editor)`);
  let ok = false;
  try {
    await main(editor);
    ok = summary().ok;
    if (!ok) printLogs();
  } catch (e) {
    console.log(`E2E: ${e instanceof Error ? e.message : e}`);
    printLogs();
  }
  clearTimeout(hangTimer);
  await cleanup();
  if (ok && !process.env.STS_LENS_E2E_KEEP) fs.rmSync(tmp, { recursive: true, force: true });
  else console.log(`E2E: kept ${tmp} (user-data, workspace copy, logs) for debugging`);
  tmp = undefined;
  const { passed, failed } = summary();
  if (results?.done && !results.error && passed + failed === 0) console.log('E2E: no tests ran (are there out/test/e2e/suite/**/*.e2e.js files?)');
  return { ...editor, ok, passed, failed, seconds: Math.round((Date.now() - started) / 1000) };
}

/** The environment without PORT: a PORT set for npm start (or by the machine) must not move the test editor. */
function withoutPort(env) {
  const { PORT: _port, ...rest } = env;
  return rest;
}

async function main(editor) {
  const codeServer = await ensureCodeServer(editor.codeServer, (line) => console.log(line));
  // The time limit starts after the (once per machine, minutes long) install.
  deadline = Date.now() + TIMEOUT_MS;
  hangTimer = setTimeout(() => abort(`hung past the ${TIMEOUT_MS / 1000} s limit`, 1), TIMEOUT_MS + 60_000);
  hangTimer.unref();
  prepareDirs();

  const port = await freePort();
  const flags = optionalFlags(codeServer, ['--disable-workspace-trust', '--disable-getting-started-override']);
  const log = fs.openSync(serverLog, 'a');
  server = spawn(codeServer, [
    '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry', '--disable-update-check', ...flags,
    '--config', path.join(tmp, 'config.yaml'), '--user-data-dir', userData, '--extensions-dir', path.join(tmp, 'extensions'), workspace,
  ], {
    stdio: ['ignore', log, log],
    detached: true, // own process group, killed as a whole
    env: withoutPort(process.env), // code-server's PORT variable would override --bind-addr's port
  });
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
  console.log(`E2E: workbench up on port ${port}, running ${path.relative(repo, suiteIndex)}`);

  await watchRun(page);
  console.log(`E2E: VS Code ${results.vscodeVersion}; screenshot ${results.screenshot ? 'saved' : 'NOT saved'}`);
  if (results.error) console.log(`E2E: error outside the tests:\n${results.error}`);
  // The editor that ran must be the one asked for: a wrong cache folder would otherwise pass unnoticed.
  if (results.vscodeVersion !== editor.vscode) throw new Error(`expected VS Code ${editor.vscode}, the extension host reports ${results.vscodeVersion}`);
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
  // Tells the suite a launcher is listening for screenshot requests, and which suites to run (STS_LENS_E2E_FILES).
  const files = process.env.STS_LENS_E2E_FILES?.split(',').map((f) => f.trim()).filter(Boolean);
  fs.writeFileSync(path.join(harness, 'harness.json'), JSON.stringify({ screenshots: true, ...(files?.length ? { files } : {}) }));
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

async function abort(why, code) {
  console.log(`E2E: ${why}, stopping code-server and chromium`);
  await cleanup();
  if (tmp) console.log(`E2E: kept ${tmp} (user-data, workspace copy, logs) for debugging`);
  process.exit(code);
}
