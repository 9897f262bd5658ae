import * as assert from 'assert';
// The module object itself (not an import wrapper), so that the test can replace its functions.
import fs = require('fs');
import * as path from 'path';
import { awsPlan, awsRun } from '../../../server/src/commands/awsCommands';
import { AwsPlanResult, AwsRunResult } from '../../../server/src/awsProtocol';
import { listFiles, tempDir, TEST_KEY, writeCredentialsRequests } from './ccoctlHelpers';

const REQUESTS = 150;

/** A workspace with many CredentialsRequests and an existing signing key (so that no key is generated). */
function workspace(): { root: string; requests: string; out: string } {
  const root = tempDir();
  const requests = path.join(root, 'credrequests');
  const out = path.join(root, '_output');
  fs.mkdirSync(requests);
  fs.mkdirSync(out, { mode: 0o700 });
  writeCredentialsRequests(requests, REQUESTS);
  fs.copyFileSync(TEST_KEY, path.join(out, 'serviceaccount-signer.private'));
  return { root, requests, out };
}

/**
 * Runs `body` with every synchronous fs function recording its calls, and
 * counts the event loop's turns meanwhile: a request that came in during
 * the plan is answered on such a turn.
 */
async function watched<T>(body: () => Promise<T>): Promise<{ result: T; syncCalls: string[]; turns: number }> {
  const syncCalls: string[] = [];
  const names = Object.keys(fs).filter((name) => name.endsWith('Sync') && typeof (fs as unknown as Record<string, unknown>)[name] === 'function');
  const saved = names.map((name) => [name, (fs as unknown as Record<string, (...a: unknown[]) => unknown>)[name]] as const);
  for (const [name, original] of saved) {
    (fs as unknown as Record<string, unknown>)[name] = (...args: unknown[]) => {
      syncCalls.push(`${name} ${String(args[0])}`);
      return original(...args);
    };
  }
  let turns = 0;
  let done = false;
  const turn = () => {
    if (done) return;
    turns++;
    setImmediate(turn);
  };
  setImmediate(turn);
  try {
    const result = await body();
    return { result, syncCalls, turns };
  } finally {
    done = true;
    for (const [name, original] of saved) (fs as unknown as Record<string, unknown>)[name] = original;
  }
}

describe('the AWS actions the server runs do not block it on the disk', function () {
  this.timeout(60_000);

  const inputs = (ws: { requests: string; out: string }) => ({ name: 'demo', region: 'us-east-2', credentialsRequestsDir: ws.requests, outputDir: ws.out, accountId: '123456789012', dryRun: true });

  before(async () => {
    // Modules the actions load on first use are read synchronously by require(): load them outside the watch.
    const ws = workspace();
    await awsPlan({ action: 'create-all', inputs: inputs(ws), trusted: true });
    await awsRun({ action: 'create-all', inputs: inputs(ws), trusted: true });
  });

  it('plans create-all over many CredentialsRequests without a synchronous fs call, the event loop turning between files', async () => {
    const ws = workspace();
    const { result, syncCalls, turns } = await watched(() => awsPlan({ action: 'create-all', inputs: inputs(ws), trusted: true }));
    const plan = result as AwsPlanResult;
    assert.deepStrictEqual(plan.problems, []);
    assert.strictEqual(plan.keysOrigin, 'existing');
    assert.strictEqual(plan.files.filter((f) => f.path.endsWith('-credentials.yaml')).length, REQUESTS);
    assert.deepStrictEqual(syncCalls, []);
    assert.ok(turns >= REQUESTS, `the event loop turned ${turns} times while ${REQUESTS} files were read`);
  });

  it('plans untrusted (inside the workspace) without a synchronous fs call', async () => {
    const ws = workspace();
    const { result, syncCalls } = await watched(() => awsPlan({ action: 'create-all', inputs: inputs(ws), trusted: false }, { workspaceRoots: [ws.root] }));
    assert.strictEqual((result as AwsPlanResult).keysOrigin, 'existing');
    assert.deepStrictEqual(syncCalls, []);
  });

  it('runs create-all (dry run) without a synchronous fs call, writing the same files with the same modes', async () => {
    const ws = workspace();
    const { result, syncCalls, turns } = await watched(() => awsRun({ action: 'create-all', inputs: inputs(ws), trusted: true }));
    const run = result as AwsRunResult;
    assert.ok(!('error' in run), JSON.stringify(run));
    assert.deepStrictEqual(syncCalls, []);
    assert.ok(turns >= REQUESTS, `the event loop turned ${turns} times while ${REQUESTS} files were read and written`);
    const written = listFiles(ws.out);
    assert.strictEqual(written.filter((f) => f.endsWith('-credentials.yaml')).length, REQUESTS);
    assert.ok(written.includes('tls/bound-service-account-signing-key.key'));
    assert.ok(!written.some((f) => f.endsWith('.tmp')), 'no temporary file is left');
    assert.strictEqual(fs.statSync(path.join(ws.out, 'manifests', 'openshift-cluster-csi-drivers-creds-0-credentials.yaml')).mode & 0o777, 0o600);
    assert.strictEqual(fs.readFileSync(path.join(ws.out, 'serviceaccount-signer.private'), 'utf8'), fs.readFileSync(TEST_KEY, 'utf8'));
  });

  it('stops between files once cancelled, before anything is written', async () => {
    const ws = workspace();
    const controller = new AbortController();
    let reads = 0;
    const readFile = fs.promises.readFile;
    (fs.promises as { readFile: unknown }).readFile = (...args: Parameters<typeof readFile>) => {
      if (++reads === 10) controller.abort();
      return readFile(...args);
    };
    try {
      await assert.rejects(awsRun({ action: 'create-all', inputs: inputs(ws), trusted: true }, { signal: controller.signal }), { message: 'cancelled' });
    } finally {
      (fs.promises as { readFile: unknown }).readFile = readFile;
    }
    assert.strictEqual(reads, 10);
    assert.deepStrictEqual(listFiles(ws.out), ['serviceaccount-signer.private']);
  });
});
