import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { generateKeyPair, jwksText, publicPemOf } from '../../../server/src/ccoctl/keys';
import { aws, TEST_KEY, tempDir } from './ccoctlHelpers';

const PRIVATE = 'serviceaccount-signer.private';
const INSTALLER = 'tls/bound-service-account-signing-key.key';

/**
 * The copy of the signing key the installer reads (tls/...) follows the
 * signing key on every run, as ccoctl's copyPrivateKeyForInstaller
 * (pkg/cmd/provisioning/create_key_pair.go, deferred in CreateKeys) does; the
 * signing key itself is never replaced.
 */
describe('ccoctl copyPrivateKeyForInstaller: the installer key follows the signing key', function () {
  this.timeout(30_000);
  let stale: string;
  before(async () => {
    stale = (await generateKeyPair()).privatePem!;
  });

  it('replaces a stale tls/ copy with the existing signing key, and says why', async () => {
    const out = tempDir();
    fs.copyFileSync(TEST_KEY, path.join(out, PRIVATE));
    fs.mkdirSync(path.join(out, 'tls'));
    fs.writeFileSync(path.join(out, INSTALLER), stale, { mode: 0o600 });
    const { code, stdout, stderr } = await aws(['create-key-pair', '--output-dir', out], '/');
    assert.strictEqual(stderr, '');
    assert.strictEqual(code, 0);
    assert.strictEqual(fs.readFileSync(path.join(out, INSTALLER), 'utf8'), fs.readFileSync(TEST_KEY, 'utf8'));
    assert.strictEqual(fs.readFileSync(path.join(out, PRIVATE), 'utf8'), fs.readFileSync(TEST_KEY, 'utf8'));
    assert.ok(
      stdout.includes(
        `Replaced ${path.join(out, INSTALLER)} (signing key for the installer): it held another key than ${PRIVATE}, and the installer would have signed tokens that the published keys do not verify.\n`,
      ),
      stdout,
    );
  });

  it('after the signing key was deleted, the new key goes to tls/ too, so the published JWKS verifies what the installer signs', async () => {
    const out = tempDir();
    fs.mkdirSync(path.join(out, 'tls'));
    fs.writeFileSync(path.join(out, INSTALLER), stale, { mode: 0o600 });
    const { code } = await aws(['create-key-pair', '--output-dir', out], '/');
    assert.strictEqual(code, 0);
    const signer = fs.readFileSync(path.join(out, PRIVATE), 'utf8');
    assert.notStrictEqual(signer, stale);
    assert.strictEqual(fs.readFileSync(path.join(out, INSTALLER), 'utf8'), signer);
    const idp = await aws(['create-identity-provider', '--dry-run', '--name', 'demo', '--region', 'us-east-2', '--output-dir', out], '/');
    assert.strictEqual(idp.code, 0);
    assert.strictEqual(fs.readFileSync(path.join(out, '03-keys.json'), 'utf8'), `${jwksText(publicPemOf(fs.readFileSync(path.join(out, INSTALLER), 'utf8')))}\n`);
  });

  it('refuses a dangling symbolic link in place of the signing key instead of publishing a key it cannot write', async () => {
    const out = tempDir();
    fs.symlinkSync(path.join(out, 'vault', 'signer.key'), path.join(out, PRIVATE));
    fs.mkdirSync(path.join(out, 'tls'));
    fs.writeFileSync(path.join(out, INSTALLER), stale, { mode: 0o600 });
    const { code, stdout, stderr } = await aws(['create-key-pair', '--output-dir', out], '/');
    assert.strictEqual(code, 1);
    assert.strictEqual(
      stderr,
      `sts-lens aws create-key-pair: ${path.join(out, PRIVATE)} is a symbolic link to ${path.join(out, 'vault', 'signer.key')}, which does not exist: restore the key it pointed to, or remove the link to generate a new key pair. Nothing was written.\n`,
    );
    assert.strictEqual(stdout, '');
    assert.deepStrictEqual(fs.readdirSync(out).sort(), [PRIVATE, 'tls']);
    assert.strictEqual(fs.readFileSync(path.join(out, INSTALLER), 'utf8'), stale);
  });
});
