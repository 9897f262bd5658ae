// install-config.yaml in a real editor: diagnostic, quick fix and completion,
// all through the public vscode API, as a user's VS Code would ask for them.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import {
  activateExtension, openFixture, rangeOf,
  waitForDiagnostic, waitForNoDiagnostic, workspaceRoot,
} from './helpers';

const INSTALL_CONFIG = 'install/install-config.yaml';
const RULE = 'sts-manual-mode-required';
const FIX_TITLE = 'Set credentialsMode: Manual';

describe('install-config.yaml', () => {
  let doc: vscode.TextDocument;
  let original: string;

  before(async () => {
    await activateExtension();
    doc = (await openFixture(INSTALL_CONFIG)).document;
    original = doc.getText();
  });

  after(async () => {
    // Later suites share the workspace: put the file back as the fixture has it,
    // saved, whatever state the tests left it in (this also brings the
    // diagnostic back for the Problems-panel screenshot).
    if (!doc || doc.getText() === original) return;
    const edit = new vscode.WorkspaceEdit();
    edit.replace(doc.uri, new vscode.Range(0, 0, doc.lineCount, 0), original);
    await vscode.workspace.applyEdit(edit);
    await doc.save();
    await waitForDiagnostic(doc.uri, RULE, () => true, 10_000).catch(() => undefined);
  });

  it(`reports ${RULE} on the credentialsMode value`, async () => {
    const mint = rangeOf(doc, 'credentialsMode:', 'Mint');
    const d = await waitForDiagnostic(doc.uri, RULE);
    assert.strictEqual(d.source, 'sts-lens');
    assert.strictEqual(d.severity, vscode.DiagnosticSeverity.Error, `severity ${vscode.DiagnosticSeverity[d.severity]}`);
    assert.strictEqual(d.range.start.line, mint.start.line, `diagnostic starts on line ${d.range.start.line + 1}, credentialsMode is on line ${mint.start.line + 1}`);
    assert.ok(d.range.contains(mint), `range ${JSON.stringify(d.range)} does not cover "Mint" ${JSON.stringify(mint)}`);
  });

  it(`quick fix "${FIX_TITLE}" rewrites the value and clears the diagnostic`, async () => {
    const d = await waitForDiagnostic(doc.uri, RULE);
    // The last argument asks VS Code to resolve lazily computed edits.
    const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
      'vscode.executeCodeActionProvider', doc.uri, d.range, undefined, 10);
    const titles = (actions ?? []).map((a) => a.title);
    const fix = (actions ?? []).find((a): a is vscode.CodeAction => a.title === FIX_TITLE && 'edit' in a);
    assert.ok(fix, `no code action "${FIX_TITLE}" with an edit; got: ${JSON.stringify(titles)}`);
    assert.ok(fix.edit, `"${FIX_TITLE}" has no edit`);
    assert.strictEqual(await vscode.workspace.applyEdit(fix.edit), true, 'applyEdit refused the edit');
    assert.match(doc.getText(), /^credentialsMode: Manual$/m);
    await waitForNoDiagnostic(doc.uri, RULE);
  });

  it('completes top-level keys on an empty line, without keys already present', async () => {
    const line = doc.getText().split(/\r?\n/).findIndex((l) => l.startsWith('pullSecret:')) - 1;
    assert.ok(line >= 0 && doc.lineAt(line).text === '', 'the fixture needs an empty line before pullSecret:');
    const labels = await completionLabels(doc.uri, new vscode.Position(line, 0));
    assert.ok(labels.includes('publish'), `publish missing from ${JSON.stringify(labels)}`);
    for (const present of ['credentialsMode', 'baseDomain']) {
      assert.ok(!labels.includes(present), `${present} is already in the file but was offered again`);
    }
  });

  it('completes credentialsMode, publish and baseDomain in an install-config with nothing written yet', async () => {
    // Written at run time, so no half-empty install-config lingers in the
    // workspace (or in the Problems panel) for the other tests.
    const file = path.join(workspaceRoot(), 'scratch', 'install-config.yaml');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, 'apiVersion: v1\n\n');
    try {
      const scratch = (await openFixture('scratch/install-config.yaml')).document;
      const labels = await completionLabels(scratch.uri, new vscode.Position(1, 0));
      for (const key of ['credentialsMode', 'publish', 'baseDomain']) {
        assert.ok(labels.includes(key), `${key} missing from ${JSON.stringify(labels)}`);
      }
    } finally {
      await closeEditorsOf(vscode.Uri.file(file));
      fs.rmSync(path.dirname(file), { recursive: true, force: true });
    }
  });
});

async function closeEditorsOf(uri: vscode.Uri): Promise<void> {
  const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs)
    .filter((t) => t.input instanceof vscode.TabInputText && t.input.uri.toString() === uri.toString());
  await vscode.window.tabGroups.close(tabs);
}

async function completionLabels(uri: vscode.Uri, at: vscode.Position): Promise<string[]> {
  const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', uri, at);
  return (list?.items ?? []).map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
}
