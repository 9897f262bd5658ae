import * as assert from 'assert';
// The module object itself (not an import wrapper), so that the test can count calls to it.
import crypto = require('crypto');
import * as fs from 'fs';
import * as path from 'path';
import { awsPlan, awsRun } from '../../../server/src/commands/awsCommands';
import { AwsPlanResult } from '../../../server/src/awsProtocol';
import { CREDREQUESTS, TEST_KEY, tempDir } from './ccoctlHelpers';

/** Counts the RSA key pairs generated while `body` runs. */
async function countingKeys(body: () => Promise<void>): Promise<number> {
  const generate = crypto.generateKeyPair;
  let generated = 0;
  (crypto as { generateKeyPair: unknown }).generateKeyPair = (...args: unknown[]) => {
    generated++;
    return (generate as (...a: unknown[]) => unknown)(...args);
  };
  try {
    await body();
  } finally {
    (crypto as { generateKeyPair: unknown }).generateKeyPair = generate;
  }
  return generated;
}

describe('sts-lens.aws.plan in an untrusted workspace', function () {
  this.timeout(30_000);

  function workspace(): { root: string; requests: string; out: string } {
    const root = tempDir();
    const requests = path.join(root, 'credrequests');
    fs.mkdirSync(requests);
    for (const name of fs.readdirSync(CREDREQUESTS)) fs.copyFileSync(path.join(CREDREQUESTS, name), path.join(requests, name));
    return { root, requests, out: path.join(root, '_output') };
  }
  const inputs = (ws: { requests: string; out: string }) => ({ name: 'demo', region: 'us-east-2', credentialsRequestsDir: ws.requests, outputDir: ws.out, dryRun: true });

  it('refuses to read a folder outside the workspace folders', async () => {
    const ws = workspace();
    const elsewhere = tempDir();
    const result = await awsPlan({ action: 'create-all', inputs: { ...inputs(ws), credentialsRequestsDir: elsewhere }, trusted: false }, { workspaceRoots: [ws.root] });
    assert.deepStrictEqual(result, { error: `The workspace is not trusted: a plan there reads only files inside the workspace folders, and ${elsewhere} is not in one.` });
    // A link inside the workspace that leads out of it is outside too.
    fs.symlinkSync(elsewhere, path.join(ws.root, 'link'));
    const linked = await awsPlan({ action: 'create-all', inputs: { ...inputs(ws), outputDir: path.join(ws.root, 'link', 'out') }, trusted: false }, { workspaceRoots: [ws.root] });
    assert.ok('error' in linked && linked.error.includes('is not in one'), JSON.stringify(linked));
  });

  it('plans inside the workspace without generating a key, and writes nothing', async () => {
    const ws = workspace();
    const generated = await countingKeys(async () => {
      const plan = (await awsPlan({ action: 'create-all', inputs: inputs(ws), trusted: false }, { workspaceRoots: [ws.root] })) as AwsPlanResult;
      assert.strictEqual(plan.keysOrigin, 'generated');
      assert.deepStrictEqual(plan.files.slice(0, 3).map((f) => f.path), ['serviceaccount-signer.private', 'serviceaccount-signer.public', 'tls/bound-service-account-signing-key.key']);
      assert.strictEqual(plan.issuerUrl, 'https://demo-oidc.s3.us-east-2.amazonaws.com');
    });
    assert.strictEqual(generated, 0);
    assert.ok(!fs.existsSync(ws.out));
  });
});

describe('sts-lens.aws.plan in a trusted workspace', function () {
  this.timeout(60_000);

  it('generates no key where a run would (the run plans again with a real one): create-all and a rotation\'s add', async () => {
    const out = tempDir();
    const createAll = await countingKeys(async () => {
      const plan = (await awsPlan({ action: 'create-all', inputs: { name: 'demo', region: 'us-east-2', credentialsRequestsDir: CREDREQUESTS, outputDir: out, dryRun: true }, trusted: true })) as AwsPlanResult;
      assert.strictEqual(plan.keysOrigin, 'generated');
      assert.strictEqual(plan.files[0].path, 'serviceaccount-signer.private');
    });
    assert.strictEqual(createAll, 0);
    assert.deepStrictEqual(fs.readdirSync(out), []);
    // A rotation starts from an existing signing key; its next key is what a run generates.
    fs.copyFileSync(TEST_KEY, path.join(out, 'serviceaccount-signer.private'));
    const rotate = await countingKeys(async () => {
      const plan = (await awsPlan({ action: 'rotate-signing-key', inputs: { phase: 'add', name: 'demo', region: 'us-east-2', outputDir: out, dryRun: true }, trusted: true })) as AwsPlanResult;
      assert.strictEqual(plan.keysOrigin, 'generated');
      assert.ok(plan.files.some((f) => f.path === 'serviceaccount-signer.next.private'), JSON.stringify(plan.files));
    });
    assert.strictEqual(rotate, 0);
    assert.deepStrictEqual(fs.readdirSync(out), ['serviceaccount-signer.private']);
    // The run does generate it.
    const run = await countingKeys(async () => {
      const result = await awsRun({ action: 'rotate-signing-key', inputs: { phase: 'add', name: 'demo', region: 'us-east-2', outputDir: out, dryRun: true }, trusted: true });
      assert.ok(!('error' in result), JSON.stringify(result));
    });
    assert.strictEqual(run, 1);
  });
});

