import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { keyId, publicPemOf } from '../../../server/src/ccoctl/keys';
import { aws, listFiles, modeOf, TEST_KEY, tempDir } from './ccoctlHelpers';

const rotate = (phase: string, out: string, ...extra: string[]) => aws(['rotate-signing-key', '--phase', phase, '--name', 'demo', '--region', 'us-east-2', '--output-dir', out, '--dry-run', ...extra], '/');
const read = (out: string, file: string) => fs.readFileSync(path.join(out, file), 'utf8');
const kids = (out: string) => (JSON.parse(read(out, 'keys.json')) as { keys: Array<{ kid: string; use: string; alg: string }> }).keys.map((k) => k.kid);

function withCurrentKey(installerCopy = false): { out: string; key: string; kid: string } {
  const out = tempDir();
  const key = fs.readFileSync(TEST_KEY, 'utf8');
  fs.writeFileSync(path.join(out, 'serviceaccount-signer.private'), key, { mode: 0o600 });
  if (installerCopy) {
    fs.mkdirSync(path.join(out, 'tls'));
    fs.writeFileSync(path.join(out, 'tls/bound-service-account-signing-key.key'), key, { mode: 0o600 });
  }
  return { out, key, kid: keyId(publicPemOf(key)) };
}

/**
 * ccoctl has no rotation command; the JWKS is the one ccoctl's
 * BuildJsonWebKeySet writes (use, kty, kid, alg, n, e; kid as KeyIDFromPublicKey
 * computes it), with one entry per published key.
 */
describe('sts-lens aws rotate-signing-key (dry run: files only)', function () {
  this.timeout(60_000);

  it('--phase add: a new key pair beside the current one, which is untouched, and keys.json with both kids', async () => {
    const { out, key, kid } = withCurrentKey();
    const { code, stdout, stderr } = await rotate('add', out);
    assert.strictEqual(code, 0, stderr);
    assert.strictEqual(stderr, '');
    assert.deepStrictEqual(listFiles(out), ['keys.json', 'next-bound-service-account-signing-key.yaml', 'serviceaccount-signer.next.private', 'serviceaccount-signer.next.public', 'serviceaccount-signer.private']);
    assert.strictEqual(read(out, 'serviceaccount-signer.private'), key);
    const next = read(out, 'serviceaccount-signer.next.private');
    assert.notStrictEqual(next, key);
    const nextKid = keyId(publicPemOf(next));
    assert.deepStrictEqual(kids(out), [kid, nextKid]);
    assert.strictEqual(modeOf(path.join(out, 'serviceaccount-signer.next.private')), '600');
    assert.strictEqual(modeOf(path.join(out, 'next-bound-service-account-signing-key.yaml')), '600');
    const secret = read(out, 'next-bound-service-account-signing-key.yaml');
    assert.ok(secret.startsWith('apiVersion: v1\nkind: Secret\nmetadata:\n  name: next-bound-service-account-signing-key\n  namespace: openshift-kube-apiserver-operator\ntype: Opaque\ndata:\n'), secret);
    assert.ok(secret.includes(`  service-account.key: ${Buffer.from(next).toString('base64')}\n`));
    assert.ok(stdout.includes('Generated a new RSA 4096 key pair for the rotation\n'));
    assert.ok(stdout.includes(`keys.json holds key ids ${kid}, ${nextKid}\n`));
    assert.ok(stdout.includes('Dry run: nothing was changed in AWS. A live run would:\n  S3: upload s3://demo-oidc/keys.json (PutObject)\n'), stdout);

    // Again: the same next key, nothing generated.
    const again = await rotate('add', out);
    assert.strictEqual(again.code, 0, again.stderr);
    assert.strictEqual(read(out, 'serviceaccount-signer.next.private'), next);
    assert.deepStrictEqual(kids(out), [kid, nextKid]);
    assert.ok(again.stdout.includes('Using the next key pair of the earlier --phase add'));
  });

  it('--phase finish: keys.json with only the new kid; the new key becomes the signing key, its copies follow, the old one is kept', async () => {
    const { out, key } = withCurrentKey(true);
    assert.strictEqual((await rotate('add', out)).code, 0);
    const next = read(out, 'serviceaccount-signer.next.private');
    const { code, stdout, stderr } = await rotate('finish', out);
    assert.strictEqual(code, 0, stderr);
    const oldKid = keyId(publicPemOf(key));
    const nextKid = keyId(publicPemOf(next));
    assert.deepStrictEqual(kids(out), [nextKid]);
    assert.strictEqual(read(out, 'serviceaccount-signer.private'), next);
    assert.strictEqual(read(out, 'serviceaccount-signer.public'), publicPemOf(next));
    assert.strictEqual(read(out, 'tls/bound-service-account-signing-key.key'), next);
    assert.strictEqual(read(out, `serviceaccount-signer.retired-${oldKid}.private`), key);
    assert.strictEqual(modeOf(path.join(out, `serviceaccount-signer.retired-${oldKid}.private`)), '600');
    assert.strictEqual(modeOf(path.join(out, 'serviceaccount-signer.private')), '600');
    assert.ok(stdout.includes(`Replaced ${path.join(out, 'serviceaccount-signer.private')} (service account signing key (PKCS#1)): the rotation makes serviceaccount-signer.next.private the signing key; the previous one is kept in serviceaccount-signer.retired-${oldKid}.private.\n`), stdout);

    // Finishing twice changes nothing; a new rotation generates another key.
    const twice = await rotate('finish', out);
    assert.strictEqual(twice.code, 0, twice.stderr);
    assert.ok(twice.stdout.includes('info: serviceaccount-signer.next.private is already the signing key'));
    assert.deepStrictEqual(kids(out), [nextKid]);
    assert.strictEqual((await rotate('add', out)).code, 0);
    const third = keyId(publicPemOf(read(out, 'serviceaccount-signer.next.private')));
    assert.notStrictEqual(third, nextKid);
    assert.deepStrictEqual(kids(out), [nextKid, third]);
    assert.strictEqual(read(out, 'serviceaccount-signer.private'), next);
  });

  it('refuses: no current key, finish before add, a different backup in the way, a bad phase or flag', async () => {
    const empty = tempDir();
    const noKey = await rotate('add', empty);
    assert.strictEqual(noKey.code, 1);
    assert.strictEqual(noKey.stderr, `error: ${path.join(empty, 'serviceaccount-signer.private')} does not exist: the rotation starts from the cluster's current signing key (the --output-dir of create-key-pair or create-all). Nothing was written.\n`);
    assert.deepStrictEqual(listFiles(empty), []);

    const { out, key, kid } = withCurrentKey();
    const early = await rotate('finish', out);
    assert.strictEqual(early.code, 1);
    assert.strictEqual(early.stderr, `error: ${path.join(out, 'serviceaccount-signer.next.private')} does not exist: run rotate-signing-key --phase add first. Nothing was written.\n`);
    assert.deepStrictEqual(listFiles(out), ['serviceaccount-signer.private']);

    assert.strictEqual((await rotate('add', out)).code, 0);
    fs.writeFileSync(path.join(out, `serviceaccount-signer.retired-${kid}.private`), 'something else');
    const blocked = await rotate('finish', out);
    assert.strictEqual(blocked.code, 1);
    assert.strictEqual(blocked.stderr, `error: ${path.join(out, `serviceaccount-signer.retired-${kid}.private`)} exists and is not the current signing key, which finish keeps there: move it away and run again. Nothing was written.\n`);
    assert.strictEqual(read(out, 'serviceaccount-signer.private'), key, 'the signing key is not replaced when its backup cannot be written');

    const phase = await rotate('begin', out);
    assert.strictEqual(phase.code, 2);
    assert.strictEqual(phase.stderr.split('\n')[0], 'sts-lens aws rotate-signing-key: --phase begin: give add or finish');
    const flag = await rotate('add', out, '--credentials-requests-dir', 'x');
    assert.strictEqual(flag.code, 2);
    assert.strictEqual(flag.stderr.split('\n')[0], 'sts-lens aws rotate-signing-key: --credentials-requests-dir is not a flag of rotate-signing-key (its flags: --phase, --name, --region, --output-dir, --dry-run)');
    const help = await aws(['rotate-signing-key', '--help'], '/');
    assert.strictEqual(help.stdout.split('\n')[0], 'Usage: sts-lens aws rotate-signing-key --phase add|finish --name <name> --region <region> [options]');
  });
});
