// Shared helpers for the real-editor suites (run inside VS Code's extension host).
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'sts-lens.sts-lens';

/** The copy of test/e2e/workspace that the launcher opened (tests may modify it). */
export function workspaceRoot(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('no workspace folder is open: the launcher must open a copy of test/e2e/workspace');
  return folder.uri.fsPath;
}

/**
 * Where the suite and the launcher exchange files. An environment variable cannot
 * reach the extension host reliably, but both sides know the workspace folder.
 */
export function harnessDir(): string {
  return path.join(workspaceRoot(), '.sts-lens-e2e');
}

export function fixtureUri(relative: string): vscode.Uri {
  return vscode.Uri.file(path.join(workspaceRoot(), ...relative.split('/')));
}

export async function openFixture(relative: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(fixtureUri(relative));
  return vscode.window.showTextDocument(doc, { preview: false });
}

/** Puts a fixture a test edited back as it was, saved: the suites share one workspace copy. */
export async function restoreFixture(relative: string, original: string): Promise<void> {
  const editor = await openFixture(relative);
  if (editor.document.getText() !== original) {
    const edit = new vscode.WorkspaceEdit();
    edit.replace(editor.document.uri, new vscode.Range(0, 0, editor.document.lineCount, 0), original);
    await vscode.workspace.applyEdit(edit);
  }
  if (editor.document.isDirty) await editor.document.save();
}

export async function activateExtension(): Promise<void> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  if (!ext) throw new Error(`${EXTENSION_ID} is not loaded: check extensionDevelopmentPath and that dist/extension.js was built`);
  await ext.activate();
}

/** A diagnostic's code as a string; LSP codes with a rule page arrive as `{ value, target }`. */
export function codeOf(d: vscode.Diagnostic): string | undefined {
  const code = d.code;
  if (code === undefined) return undefined;
  if (typeof code === 'object') return String(code.value);
  return String(code);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `probe` until it returns something other than undefined; `describe` explains a timeout. */
export async function waitFor<T>(probe: () => T | undefined, what: string, describe: () => string = () => '', timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) {
      const detail = describe();
      throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}${detail ? `\n${detail}` : ''}`);
    }
    await sleep(200);
  }
}

export function formatDiagnostics(uri: vscode.Uri): string {
  const all = vscode.languages.getDiagnostics(uri);
  if (all.length === 0) return `no diagnostics on ${vscode.workspace.asRelativePath(uri)}`;
  return all
    .map((d) => `  ${d.source ?? '?'} ${codeOf(d) ?? '-'} ${vscode.DiagnosticSeverity[d.severity]} ` +
      `${d.range.start.line + 1}:${d.range.start.character + 1}-${d.range.end.line + 1}:${d.range.end.character + 1} ${d.message}`)
    .join('\n');
}

/** Waits until the document has a diagnostic with this code (and passing `extra`), and returns it. */
export function waitForDiagnostic(uri: vscode.Uri, code: string, extra: (d: vscode.Diagnostic) => boolean = () => true, timeoutMs = 30_000): Promise<vscode.Diagnostic> {
  return waitFor(
    () => vscode.languages.getDiagnostics(uri).find((d) => codeOf(d) === code && extra(d)),
    `diagnostic ${code} on ${vscode.workspace.asRelativePath(uri)}`,
    () => formatDiagnostics(uri),
    timeoutMs,
  );
}

export async function waitForNoDiagnostic(uri: vscode.Uri, code: string, timeoutMs = 30_000): Promise<void> {
  await waitFor(
    () => (vscode.languages.getDiagnostics(uri).some((d) => codeOf(d) === code) ? undefined : true),
    `diagnostic ${code} to disappear from ${vscode.workspace.asRelativePath(uri)}`,
    () => formatDiagnostics(uri),
    timeoutMs,
  );
}

/** The range of the first occurrence of `needle` on the line that contains `lineMarker`. */
export function rangeOf(doc: vscode.TextDocument, lineMarker: string, needle: string): vscode.Range {
  for (let line = 0; line < doc.lineCount; line++) {
    const text = doc.lineAt(line).text;
    if (!text.includes(lineMarker)) continue;
    const col = text.indexOf(needle, text.indexOf(lineMarker));
    if (col < 0) break;
    return new vscode.Range(line, col, line, col + needle.length);
  }
  throw new Error(`no line with "${lineMarker}" followed by "${needle}" in ${vscode.workspace.asRelativePath(doc.uri)}`);
}

/**
 * Asks the launcher (scripts/test-e2e.mjs) to save test-artifacts/<name>.png of the
 * page and waits for it. Returns false without waiting when no launcher is
 * listening (e.g. under @vscode/test-electron), or after `timeoutMs`.
 */
export async function requestScreenshot(name: string, timeoutMs = 20_000): Promise<boolean> {
  if (!/^[a-z0-9-]+$/.test(name)) throw new Error(`screenshot name must be [a-z0-9-]+: ${name}`);
  const dir = harnessDir();
  if (!fs.existsSync(path.join(dir, 'harness.json'))) return false;
  const request = path.join(dir, 'screenshot-request');
  const done = path.join(dir, 'screenshot-done');
  fs.rmSync(done, { force: true });
  writeAtomic(request, name);
  const deadline = Date.now() + timeoutMs;
  try {
    while (Date.now() < deadline) {
      if (fs.existsSync(done) && fs.readFileSync(done, 'utf8') === name) return true;
      await sleep(200);
    }
    return false;
  } finally {
    // Request first: the launcher only acts on a request that has no answer yet.
    fs.rmSync(request, { force: true });
    fs.rmSync(done, { force: true });
  }
}

/** Write-then-rename, so the launcher never reads a half-written file. */
export function writeAtomic(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, file);
}
