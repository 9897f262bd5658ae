import * as assert from 'assert';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { parseFile } from '../../../server/src/model/parsedFile';
import { LruMap } from '../../../server/src/util/lruMap';
import { FileSource } from '../../../server/src/workspace/fileSource';
import { exposeGc } from '../../../server/src/workspace/indexGc';
import { WorkspaceIndex } from '../../../server/src/workspace/workspaceIndex';
import { tempTree } from '../helpers';

const SA = 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: app\n  namespace: demo\n';

describe('what the server keeps per file is bounded', () => {
  it('LruMap keeps the entries used last, up to its limit', () => {
    const map = new LruMap<string, number>(3);
    for (const [i, key] of ['a', 'b', 'c'].entries()) map.set(key, i);
    assert.strictEqual(map.get('a'), 0); // a is now the newest
    map.set('d', 3);
    assert.deepStrictEqual([...map.keys()], ['c', 'a', 'd']);
    assert.strictEqual(map.get('b'), undefined);
    map.set('c', 9); // setting counts as a use too
    map.set('e', 4);
    assert.deepStrictEqual([...map.keys()], ['d', 'c', 'e']);
    assert.strictEqual(map.size, 3);
  });

  it('an open file holds its editor parse only: the disk parse is dropped, and read again once it closes', async () => {
    const gc = exposeGc();
    if (!gc) return; // the runtime refuses to collect on request: nothing to observe
    const dir = tempTree({ 'sa.yaml': SA });
    const fsPath = path.join(dir, 'sa.yaml');
    const index = new WorkspaceIndex(new FileSource());
    index.buildSync([dir]);
    const disk = new WeakRef(index.fileAt(fsPath)!);
    const open = parseFile(pathToFileURL(fsPath).toString(), SA.replace('app', 'edited'), { fsPath, version: 1 });
    index.updateOpen(open);
    // WeakRef targets are kept until the current job ends.
    await new Promise((resolve) => setImmediate(resolve));
    gc();
    assert.strictEqual(disk.deref(), undefined);
    assert.strictEqual(index.file(fsPath), open);
    index.source.closeOpen(fsPath);
    index.refresh(fsPath);
    assert.match(index.file(fsPath)!.text, /name: app\n/);
  });
});
