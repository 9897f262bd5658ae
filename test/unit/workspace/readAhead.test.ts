import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { FileSource } from '../../../server/src/workspace/fileSource';
import { readAhead, ReadAheadFile } from '../../../server/src/workspace/readAhead';
import { WorkspaceIndex } from '../../../server/src/workspace/workspaceIndex';
import { tempTree } from '../helpers';

const SA = (name: string) => `apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: ${name}\n  namespace: demo\n`;

async function readAll(paths: string[], maxSize: number, batch?: number): Promise<ReadAheadFile[][]> {
  const batches: ReadAheadFile[][] = [];
  for await (const files of readAhead(paths, maxSize, batch)) batches.push(files);
  return batches;
}

describe('reading ahead on a worker thread', () => {
  it('reads every path once, in order, as FileSource would: BOM dropped, size cap, folders and missing files skipped', async () => {
    const dir = tempTree({ 'a.yaml': SA('a'), 'b.yaml': `\ufeff${SA('b')}`, 'big.json': `{"x": "${'y'.repeat(200)}"}`, 'sub/c.yaml': SA('c') });
    const paths = ['a.yaml', 'b.yaml', 'big.json', 'sub', 'gone.yaml', 'sub/c.yaml'].map((p) => path.join(dir, p));
    const batches = await readAll(paths, 100, 4);
    assert.deepStrictEqual(batches.map((b) => b.length), [4, 2]);
    const files = batches.flat();
    assert.deepStrictEqual(files.map((f) => [path.relative(dir, f.path), f.skipped ?? 'read']), [
      ['a.yaml', 'read'],
      ['b.yaml', 'read'],
      ['big.json', 'too-large'],
      ['sub', 'not-a-file'],
      ['gone.yaml', 'unreadable'],
      [path.join('sub', 'c.yaml'), 'read'],
    ]);
    assert.strictEqual(files[1].text, SA('b'));
    assert.strictEqual(files[0].size, fs.statSync(paths[0]).size);
    assert.strictEqual(files[0].mtimeMs, fs.statSync(paths[0]).mtimeMs);
  });

  it('builds the same index as reading on the main thread', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 40; i++) files[`apps/app-${i}/sa.yaml`] = SA(`app-${i}`);
    files['iam/trust.json'] = '{"Version": "2012-10-17", "Statement": []}';
    const dir = tempTree(files);
    const ahead = new WorkspaceIndex(new FileSource());
    const found = await ahead.build([dir], { readAheadFrom: 0 });
    const here = new WorkspaceIndex(new FileSource());
    here.buildSync([dir]);
    assert.strictEqual(found.length, 41);
    const shape = (index: WorkspaceIndex) => [...index.files()].map((f) => [f.fsPath, f.docs.map((d) => [d.kind, JSON.stringify(d.root)])]);
    assert.deepStrictEqual(shape(ahead), shape(here));
    assert.strictEqual(ahead.docsOfKind('service-account').length, 40);
  });

  it('leaves a path it did not read for the caller, which reads it from disk', () => {
    const dir = tempTree({ 'a.yaml': SA('a') });
    const source = new FileSource();
    const parsed = source.fileFromReadAhead({ path: path.join(dir, 'a.yaml'), size: 0, mtimeMs: 0, skipped: 'unread' });
    assert.strictEqual(parsed?.docs[0].kind, 'service-account');
  });

  it('stops the worker when the caller stops early (cancelled indexing)', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 50; i++) files[`f${i}.yaml`] = SA(`f${i}`);
    const dir = tempTree(files);
    const index = new WorkspaceIndex(new FileSource());
    let asked = 0;
    await index.build([dir], { readAheadFrom: 0, batch: 10, isCancelled: () => ++asked > 5 });
    assert.strictEqual(index.size, 5);
  });
});
