// A file deleted outside the editor (git checkout, rm in a terminal): its
// findings leave the Problems panel promptly, without opening anything.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { activateExtension, codeOf, waitFor, workspaceRoot } from './helpers';

const RELATIVE = 'deleted/install-config.yaml';
// An install-config whose region does not exist: install-config-region reports it.
const TEXT = 'apiVersion: v1\nbaseDomain: example.com\ncredentialsMode: Manual\nmetadata:\n  name: demo\nplatform:\n  aws:\n    region: us-east-9\npullSecret: \'{"auths":{}}\'\n';

describe('a file deleted outside the editor', () => {
  const file = () => path.join(workspaceRoot(), RELATIVE);

  before(activateExtension);
  after(() => fs.rmSync(path.dirname(file()), { recursive: true, force: true }));

  it('loses its findings within seconds, as it gained them, without being opened', async () => {
    fs.mkdirSync(path.dirname(file()), { recursive: true });
    fs.writeFileSync(file(), TEXT);
    const uri = vscode.Uri.file(file());
    const codes = () => vscode.languages.getDiagnostics(uri).map(codeOf);
    await waitFor(() => (codes().length > 0 ? true : undefined), `findings on ${RELATIVE} (written on disk, never opened)`, () => codes().join(', '), 30_000);
    assert.ok(codes().includes('install-config-region'), codes().join(', '));
    const deletedAt = Date.now();
    fs.rmSync(file());
    await waitFor(() => (codes().length === 0 ? true : undefined), `the findings of deleted ${RELATIVE} to go`, () => codes().join(', '), 10_000);
    assert.ok(Date.now() - deletedAt < 10_000);
  });
});
