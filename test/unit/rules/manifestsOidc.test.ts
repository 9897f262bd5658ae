import * as assert from 'assert';
import * as crypto from 'crypto';
import { applyEdits, check } from '../helpers';

const { publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
const jwk = publicKey.export({ format: 'jwk' }) as { n: string; e: string };
const kid = crypto.createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('base64url');

function jwks(keyId: string): string {
  return JSON.stringify({ keys: [{ use: 'sig', kty: 'RSA', kid: keyId, alg: 'RS256', n: jwk.n, e: jwk.e }] }, null, 4);
}

const DISCOVERY = {
  issuer: 'https://demo-oidc.s3.us-east-1.amazonaws.com',
  jwks_uri: 'https://demo-oidc.s3.us-east-1.amazonaws.com/keys.json',
  response_types_supported: ['id_token'],
  subject_types_supported: ['public'],
  id_token_signing_alg_values_supported: ['RS256'],
  claims_supported: ['aud', 'exp', 'sub', 'iat', 'iss'],
};

describe('oidc-discovery', () => {
  it('accepts ccoctl-shaped documents whose kid matches the public key in the folder', () => {
    assert.deepStrictEqual(check({ 'keys.json': jwks(kid), 'serviceaccount-signer.public': pem }, 'keys.json').summary, []);
    assert.deepStrictEqual(check({ 'openid-configuration.json': JSON.stringify(DISCOVERY, null, 2) }, 'openid-configuration.json').summary, []);
  });

  it('reports a kid that is not the key\'s own id, with the computed one as fix', () => {
    const text = jwks('not-the-kid');
    const result = check({ 'keys.json': text }, 'keys.json');
    assert.deepStrictEqual(result.summary, ['5:19-5:32 oidc-discovery']);
    assert.match(result.findings[0].message, new RegExp(`kube-apiserver signs with kid "${kid}"`));
    assert.strictEqual(applyEdits(result.file, result.findings[0].fixes[0].edits[result.file.uri]), jwks(kid));
  });

  it('reports a kid that matches no public key of the folder', () => {
    const other = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const result = check({ 'keys.json': jwks(kid), 'sa-signer-pkcs8.pub': other }, 'keys.json');
    assert.deepStrictEqual(result.summary, ['5:19-5:' + (21 + kid.length) + ' oidc-discovery']);
    assert.match(result.findings[0].message, /matches none of the public keys in this folder \(sa-signer-pkcs8.pub\)/);
  });

  it('a kops-style duplicate key with an empty kid is a hint; a lone key without kid an error', () => {
    const doc = JSON.parse(jwks(kid));
    doc.keys.push({ ...doc.keys[0], kid: '' });
    const result = check({ 'keys.json': JSON.stringify(doc, null, 2) }, 'keys.json');
    assert.deepStrictEqual(result.findings.map((f) => [f.code, f.severity]), [['oidc-discovery', 'hint']]);
    delete doc.keys[0].kid;
    doc.keys.pop();
    assert.deepStrictEqual(check({ 'keys.json': JSON.stringify(doc, null, 2) }, 'keys.json').findings.map((f) => f.severity), ['error']);
  });

  it('discovery: http issuer, jwks_uri elsewhere, no RS256', () => {
    const doc = { ...DISCOVERY, issuer: 'http://demo-oidc.s3.us-east-1.amazonaws.com', id_token_signing_alg_values_supported: ['ES256'] };
    const result = check({ 'discovery.json': JSON.stringify(doc, null, 2) }, 'discovery.json');
    assert.deepStrictEqual(result.summary, ['1:12-1:57 oidc-discovery', '9:43-11:3 oidc-discovery']);
    const moved = { ...DISCOVERY, jwks_uri: 'https://elsewhere.example.com/keys.json' };
    assert.deepStrictEqual(check({ 'discovery.json': JSON.stringify(moved, null, 2) }, 'discovery.json').summary, ['2:14-2:55 oidc-discovery']);
  });
});
