// A file deleted outside the editor (git checkout, rm in a terminal): its
// findings leave the Problems panel within seconds, without opening anything,
// even when the file watcher does not report the deletion.
import * as assert from 'assert';
import * as fs from 'fs';
import * as vscode from 'vscode';
import { activateExtension, codeOf, fixtureUri, waitFor } from './helpers';

// An install-config of the workspace that no suite opens; its region does not exist.
const RELATIVE = 'deleted/install-config.yaml';

describe('a file deleted outside the editor', () => {
  before(activateExtension);

  it('loses its findings within seconds, never having been opened', async () => {
    const uri = fixtureUri(RELATIVE);
    const codes = () => vscode.languages.getDiagnostics(uri).map(codeOf);
    await waitFor(() => (codes().includes('install-config-region') ? true : undefined), `install-config-region on ${RELATIVE}, from the workspace check`, () => codes().join(', '), 30_000);
    assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString()), 'the file was never opened');
    fs.rmSync(uri.fsPath);
    await waitFor(() => (codes().length === 0 ? true : undefined), `the findings of deleted ${RELATIVE} to go`, () => codes().join(', '), 10_000);
  });
});
