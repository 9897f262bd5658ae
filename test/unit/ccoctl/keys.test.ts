import * as assert from 'assert';
import * as crypto from 'crypto';
import * as fs from 'fs';
import { generateKeyPair, jwksText, KeyPair, keyId } from '../../../server/src/ccoctl/keys';
import { TEST_KEY } from './ccoctlHelpers';

describe('ccoctl key pair and JWKS', () => {
  let pair: KeyPair;
  before(async function () {
    this.timeout(30_000);
    // RSA 4096 takes seconds: one pair for the whole file.
    pair = await generateKeyPair();
  });

  it('generates RSA 4096 as PEM PKCS#1 private and PKIX public', () => {
    assert.match(pair.privatePem!, /^-----BEGIN RSA PRIVATE KEY-----\n[\s\S]+\n-----END RSA PRIVATE KEY-----\n$/);
    assert.match(pair.publicPem, /^-----BEGIN PUBLIC KEY-----\n[\s\S]+\n-----END PUBLIC KEY-----\n$/);
    const key = crypto.createPrivateKey(pair.privatePem!);
    assert.strictEqual(key.asymmetricKeyDetails?.modulusLength, 4096);
    assert.strictEqual(key.asymmetricKeyDetails?.publicExponent, 65537n);
    assert.strictEqual(crypto.createPublicKey(key).export({ type: 'spki', format: 'pem' }), pair.publicPem);
  });

  it('writes a JWKS whose kid, n and e match the key as node:crypto reads it', () => {
    const jwks = JSON.parse(jwksText(pair.publicPem));
    const publicKey = crypto.createPublicKey(pair.publicPem);
    const der = publicKey.export({ type: 'spki', format: 'der' });
    const expectedKid = crypto.createHash('sha256').update(der).digest().toString('base64').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
    const jwk = publicKey.export({ format: 'jwk' });
    assert.deepStrictEqual(Object.keys(jwks.keys[0]), ['use', 'kty', 'kid', 'alg', 'n', 'e']);
    assert.deepStrictEqual(jwks.keys[0], { use: 'sig', kty: 'RSA', kid: expectedKid, alg: 'RS256', n: jwk.n, e: 'AQAB' });
    // A token signed with the private key verifies against the published JWK.
    const signature = crypto.sign('sha256', Buffer.from('payload'), pair.privatePem!);
    assert.ok(crypto.verify('sha256', Buffer.from('payload'), crypto.createPublicKey({ key: jwks.keys[0], format: 'jwk' }), signature));
  });

  it('indents the JWKS with 4 spaces like ccoctl', () => {
    assert.ok(jwksText(pair.publicPem).startsWith('{\n    "keys": [\n        {\n            "use": "sig",\n'));
  });

  it('computes the fixed test key\'s kid', () => {
    const publicPem = crypto.createPublicKey(fs.readFileSync(TEST_KEY, 'utf8')).export({ type: 'spki', format: 'pem' }).toString();
    assert.strictEqual(keyId(publicPem), '90o1ETI59U6w3RV6VuWvJUFGPinva_sUryHEBkgafpI');
  });

  it('rejects a key that is not RSA with a clear message', () => {
    const ec = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
    assert.throws(() => keyId(ec), /the public key is ec, not RSA/);
    assert.throws(() => keyId('not a key'), /not a PEM public key/);
  });
});
