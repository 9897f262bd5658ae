// Entry point that VS Code's extension host calls (extensionTestsPath): runs every
// out/test/e2e/suite/**/*.e2e.js with mocha and reports to the launcher through
// files in <workspace>/.sts-lens-e2e/ (see scripts/test-e2e.mjs and ../README.md).
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
// From the repo's node_modules: the extension host resolves it from this file's location.
import Mocha = require('mocha');
import { harnessDir, requestScreenshot, sleep, writeAtomic } from './helpers';

export interface TestResult {
  title: string;
  state: 'passed' | 'failed' | 'pending';
  durationMs?: number;
  error?: string;
}

export interface Results {
  vscodeVersion: string;
  tests: TestResult[];
  /** Set once the run, including the screenshot, is over. */
  done: boolean;
  screenshot?: boolean;
  /** An error outside any test (e.g. a suite file that fails to load). */
  error?: string;
}

export async function run(): Promise<void> {
  const resultsFile = path.join(harnessDir(), 'results.json');
  const results: Results = { vscodeVersion: vscode.version, tests: [], done: false };
  // Rewritten after every test, so the launcher can print progress and keep
  // what was learned if the run hangs.
  const save = () => writeAtomic(resultsFile, JSON.stringify(results, null, 2));
  save();

  let failures = 0;
  try {
    failures = await runMocha(results, save);
  } catch (e) {
    results.error = e instanceof Error ? (e.stack ?? e.message) : String(e);
    failures++;
  }

  try {
    await vscode.commands.executeCommand('workbench.actions.view.problems');
    await sleep(1500); // let the panel render before the picture
    results.screenshot = await requestScreenshot('problems-panel');
  } catch (e) {
    console.error('sts-lens e2e: screenshot failed', e);
    results.screenshot = false;
  }
  results.done = true;
  save();
  if (failures > 0) throw new Error(`${failures} e2e test(s) failed`);
}

function runMocha(results: Results, save: () => void): Promise<number> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false });
  const only = selectedSuites();
  for (const file of findTests(__dirname)) if (!only || only.includes(path.basename(file, '.e2e.js'))) mocha.addFile(file);
  return new Promise((resolve) => {
    const runner = mocha.run((failures) => resolve(failures));
    const record = (r: TestResult) => {
      results.tests.push(r);
      save();
    };
    runner.on('pass', (t) => record({ title: t.fullTitle(), state: 'passed', durationMs: t.duration }));
    runner.on('pending', (t) => record({ title: t.fullTitle(), state: 'pending' }));
    // Also fires for failing hooks, whose title names the hook.
    runner.on('fail', (t, err: Error) =>
      record({ title: t.fullTitle(), state: 'failed', durationMs: t.duration, error: err?.stack ?? String(err) }));
  });
}

/** The suites the launcher was asked to run (`STS_LENS_E2E_FILES=ccoctl,operatorRole`), or undefined for all. */
function selectedSuites(): string[] | undefined {
  try {
    const files = JSON.parse(fs.readFileSync(path.join(harnessDir(), 'harness.json'), 'utf8')).files;
    return Array.isArray(files) ? files.map(String) : undefined;
  } catch {
    return undefined;
  }
}

function findTests(dir: string): string[] {
  const found: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...findTests(full));
    else if (entry.name.endsWith('.e2e.js')) found.push(full);
  }
  return found.sort();
}
