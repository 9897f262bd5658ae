import * as assert from 'assert';
import fs = require('fs');
import * as path from 'path';
import { DiskFacts } from '../../../server/src/workspace/diskFacts';
import { FileSource } from '../../../server/src/workspace/fileSource';
import { WorkspaceIndex } from '../../../server/src/workspace/workspaceIndex';
import { parseFile } from '../../../server/src/model/parsedFile';
import { pathToFileURL } from 'url';
import { installConfig, tempTree } from '../helpers';

const SYNC = ['statSync', 'lstatSync', 'readFileSync', 'existsSync', 'readdirSync', 'accessSync', 'openSync'] as const;

/** Runs `compute` as the server's request handlers do (withDisk), recording any synchronous fs call. */
async function deferred<T>(source: FileSource, facts: DiskFacts, compute: () => T): Promise<{ result: T; rounds: number; syncCalls: string[] }> {
  const syncCalls: string[] = [];
  const saved = SYNC.map((name) => [name, fs[name]] as const);
  for (const name of SYNC) {
    (fs as unknown as Record<string, unknown>)[name] = (...args: unknown[]) => {
      syncCalls.push(`${name} ${String(args[0])}`);
      return (saved.find(([n]) => n === name)![1] as (...a: unknown[]) => unknown)(...args);
    };
  }
  try {
    for (let rounds = 1; ; rounds++) {
      const misses = facts.misses;
      const result = source.deferDisk(facts, compute);
      if (facts.misses === misses) return { result, rounds, syncCalls };
      await facts.fill(source.maxFileSize);
    }
  } finally {
    for (const [name, fn] of saved) (fs as unknown as Record<string, unknown>)[name] = fn;
  }
}

describe('request handlers never read the disk synchronously', () => {
  it('answers files, folders and existence from facts read asynchronously, the same as reading the disk', async () => {
    const dir = tempTree({ 'install/install-config.yaml': installConfig(), 'install/tls/bound-service-account-signing-key.key': 'key', 'install/keys/sa.pub': 'PUBLIC' });
    const source = new FileSource();
    const index = new WorkspaceIndex(source); // empty: every answer comes from the disk
    const ask = () => [
      index.file(path.join(dir, 'install/install-config.yaml'))?.docs[0].kind,
      index.exists(path.join(dir, 'install/tls/bound-service-account-signing-key.key')),
      index.exists(path.join(dir, 'install/tls/other.key')),
      [...index.list(path.join(dir, 'install'))].sort(),
      source.smallText(path.join(dir, 'install/keys/sa.pub'), 64),
    ];
    const expected = ask(); // read directly
    assert.deepStrictEqual(expected, ['install-config', true, false, ['install-config.yaml', 'keys', 'tls'], 'PUBLIC']);
    const fresh = new FileSource();
    const freshIndex = new WorkspaceIndex(fresh);
    const facts = new DiskFacts();
    const { result, rounds, syncCalls } = await deferred(fresh, facts, () => [
      freshIndex.file(path.join(dir, 'install/install-config.yaml'))?.docs[0].kind,
      freshIndex.exists(path.join(dir, 'install/tls/bound-service-account-signing-key.key')),
      freshIndex.exists(path.join(dir, 'install/tls/other.key')),
      [...freshIndex.list(path.join(dir, 'install'))].sort(),
      fresh.smallText(path.join(dir, 'install/keys/sa.pub'), 64),
    ]);
    assert.deepStrictEqual(result, expected);
    assert.strictEqual(rounds, 2); // one to learn what is asked, one with the answers
    assert.deepStrictEqual(syncCalls, []);
    // Asked again, everything is known: one round, still nothing read synchronously.
    const again = await deferred(fresh, facts, () => freshIndex.exists(path.join(dir, 'install/tls/bound-service-account-signing-key.key')));
    assert.deepStrictEqual([again.result, again.rounds, again.syncCalls], [true, 1, []]);
  });

  it('does not keep a lookup computed while the disk was not known yet', async () => {
    const dir = tempTree({ 'a/x.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n' });
    const source = new FileSource();
    const index = new WorkspaceIndex(source);
    const facts = new DiskFacts();
    const seen: string[][] = [];
    await deferred(source, facts, () => seen.push(index.list(path.join(dir, 'a'))));
    // The first round saw an unknown folder ([]); the second saw its entries, and that is what stays.
    assert.deepStrictEqual(seen, [[], ['x.yaml']]);
    assert.deepStrictEqual(source.deferDisk(facts, () => index.list(path.join(dir, 'a'))), ['x.yaml']);
  });

  it('reads a file again once a watcher says it changed', async () => {
    const dir = tempTree({ 'k.pub': 'one' });
    const source = new FileSource();
    const facts = new DiskFacts();
    const file = path.join(dir, 'k.pub');
    assert.strictEqual((await deferred(source, facts, () => source.smallText(file, 64))).result, 'one');
    fs.writeFileSync(file, 'two');
    facts.forget(file);
    assert.strictEqual((await deferred(source, facts, () => source.smallText(file, 64))).result, 'two');
  });

  it('keeps the other .tf files of a folder indexed when an edit re-reads them before the disk is known', () => {
    const dir = tempTree({ 'infra/main.tf': 'resource "aws_iam_role" "a" {\n  name = var.name\n}\n', 'infra/variables.tf': 'variable "name" {\n  default = "app"\n}\n' });
    const source = new FileSource();
    const index = new WorkspaceIndex(source);
    index.buildSync([dir]);
    const main = path.join(dir, 'infra/main.tf');
    const variables = path.join(dir, 'infra/variables.tf');
    const facts = new DiskFacts(); // knows nothing yet
    const edited = parseFile(pathToFileURL(main).toString(), 'resource "aws_iam_role" "a" {\n  name = "${var.name}-api"\n}\n', { fsPath: main, version: 2 });
    source.deferDisk(facts, () => index.updateOpen(edited));
    assert.ok(facts.misses > 0, 'the edit asked the disk about the folder');
    assert.ok(index.fileAt(variables), 'variables.tf left the index while the disk was not known');
  });
});
