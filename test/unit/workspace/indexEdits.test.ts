import * as assert from 'assert';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { parseFile } from '../../../server/src/model/parsedFile';
import { FileSource } from '../../../server/src/workspace/fileSource';
import { WorkspaceIndex } from '../../../server/src/workspace/workspaceIndex';
import { tempTree } from '../helpers';

const SA = 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: app\n  namespace: demo\n';
const DEPLOY = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app\nspec:\n  replicas: 2\n  template:\n    spec:\n      serviceAccountName: app\n      containers: [{name: main, image: x}]\n';

function setup() {
  const text = `${DEPLOY}---\n${SA}`;
  const dir = tempTree({ 'app.yaml': text });
  const fsPath = path.join(dir, 'app.yaml');
  const index = new WorkspaceIndex(new FileSource());
  index.buildSync([dir]);
  const before = parseFile(pathToFileURL(fsPath).toString(), text, { fsPath, version: 1 });
  index.updateOpen(before);
  return { index, before, fsPath, text };
}

describe('workspace index across edits', () => {
  it('keeps the documents an edit did not touch, and the lookups of kinds it did not touch', () => {
    const { index, before, fsPath, text } = setup();
    const accounts = index.docsOfKind('service-account');
    const edited = text.replace('replicas: 2', 'replicas: 3');
    const after = parseFile(before.uri, edited, { fsPath, version: 2, previous: before });
    index.updateOpen(after);
    assert.notStrictEqual(after.docs[0], before.docs[0]);
    assert.strictEqual(after.docs[1], before.docs[1]);
    // The ServiceAccount list survived the keystroke, and answers with the file as it is now.
    assert.strictEqual(index.docsOfKind('service-account'), accounts);
    assert.strictEqual(accounts[0].file, after);
    assert.strictEqual(accounts[0].file.text, edited);
  });

  it('treats a document moved down a line by a same-length edit above it as changed', () => {
    const { index, before, fsPath, text } = setup();
    const accounts = index.docsOfKind('service-account');
    // One character becomes a line break: every offset stays, every line below moves.
    const edited = text.replace('replicas: 2', 'replicas:\n2');
    assert.strictEqual(edited.length, text.length);
    const after = parseFile(before.uri, edited, { fsPath, version: 2, previous: before });
    index.updateOpen(after);
    assert.notStrictEqual(after.docs[1], before.docs[1]);
    const now = index.docsOfKind('service-account');
    assert.notStrictEqual(now, accounts);
    assert.strictEqual(now[0].file.positionAt(now[0].doc.range[0]).line, before.positionAt(before.docs[1].range[0]).line + 1);
  });
});
