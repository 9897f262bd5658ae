// Runs first (suites run in file-name order), before any test opens a file: STS
// Lens is visibly running and checking the workspace, and the count of checked
// files does not change when a file is opened.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { codeOf, EXTENSION_ID, fixtureUri, openFixture, sleep, waitFor } from './helpers';

interface StatusSnapshot {
  text: string;
  busy: boolean;
  detail?: string;
  barVisible: boolean;
}

const status = () => vscode.commands.executeCommand<StatusSnapshot>('stsLens._status');

describe('activation and status', () => {
  let checked: string;

  it('starts with the workspace and shows its status in the status bar while no YAML or JSON file is open', async () => {
    assert.deepStrictEqual(vscode.workspace.textDocuments.filter((d) => d.uri.scheme === 'file' && /\.(ya?ml|json)$/.test(d.uri.fsPath)).map((d) => d.uri.fsPath), []);
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is not loaded`);
    await waitFor(() => (ext.isActive ? true : undefined), 'the extension to activate by itself', () => '', 30_000);
    const uri = fixtureUri('install/install-config.yaml');
    await waitFor(() => (vscode.languages.getDiagnostics(uri).some((d) => codeOf(d) === 'sts-manual-mode-required') ? true : undefined), 'findings on a file nobody opened', () => '', 30_000);
    let last: StatusSnapshot | undefined;
    for (let i = 0; i < 50 && !(last = await status())?.text.startsWith('Checked '); i++) await sleep(200);
    assert.ok(last && /^Checked \d+ file\(s\)$/.test(last.text), JSON.stringify(last));
    assert.strictEqual(last.barVisible, true);
    checked = last.text;
  });

  it('counts the same files once one is open, and hands over to the language status', async () => {
    await openFixture('install/install-config.yaml');
    await sleep(4500); // two workspace checks (the client asks every 2 s)
    const now = await status();
    assert.strictEqual(now.barVisible, false);
    const text = now.text.startsWith('Checked ') ? now.text : (await (async () => { await sleep(2500); return (await status()).text; })());
    assert.strictEqual(text, checked);
  });
});
