import * as crypto from 'crypto';

/** The service-account signing key pair, as ccoctl writes it. */
export interface KeyPair {
  /** PEM `RSA PRIVATE KEY` (PKCS#1); undefined when only the public key is known (`--public-key-file`). */
  privatePem: string | undefined;
  /** PEM `PUBLIC KEY` (PKIX). */
  publicPem: string;
}

export interface Jwk {
  use: 'sig';
  kty: 'RSA';
  kid: string;
  alg: 'RS256';
  n: string;
  e: string;
}

/** RSA 4096, the size ccoctl uses (and the apiserver accepts); takes 1-3 s. */
export function generateKeyPair(): Promise<KeyPair> {
  return new Promise((resolve, reject) => {
    crypto.generateKeyPair(
      'rsa',
      { modulusLength: 4096, publicExponent: 0x10001, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs1', format: 'pem' } },
      (error, publicPem, privatePem) => (error ? reject(error) : resolve({ publicPem, privatePem })),
    );
  });
}

/** The PKIX public key of a PEM private key (PKCS#1 or PKCS#8). */
export function publicPemOf(privatePem: string): string {
  return crypto.createPublicKey(crypto.createPrivateKey(privatePem)).export({ type: 'spki', format: 'pem' }).toString();
}

/** Reads a public key PEM, rejecting anything but RSA (the only kind the apiserver's OIDC issuer serves here). */
export function parseRsaPublicKey(pem: string): crypto.KeyObject {
  let key: crypto.KeyObject;
  try {
    key = crypto.createPublicKey(pem);
  } catch (error) {
    throw new Error(`not a PEM public key (${(error as Error).message})`);
  }
  if (key.asymmetricKeyType !== 'rsa') throw new Error(`the public key is ${key.asymmetricKeyType}, not RSA`);
  return key;
}

/**
 * kid = base64url(SHA-256(DER of the PKIX public key)), no padding: the value
 * kube-apiserver writes into the tokens it signs, so the JWKS must carry the same.
 */
export function keyId(publicPem: string): string {
  const der = parseRsaPublicKey(publicPem).export({ type: 'spki', format: 'der' });
  return crypto.createHash('sha256').update(der).digest('base64url');
}

export function jwkOf(publicPem: string): Jwk {
  const jwk = parseRsaPublicKey(publicPem).export({ format: 'jwk' });
  return { use: 'sig', kty: 'RSA', kid: keyId(publicPem), alg: 'RS256', n: String(jwk.n), e: String(jwk.e) };
}

/** `keys.json`: 4-space indent like ccoctl, key order use, kty, kid, alg, n, e; one key per public key given. */
export function jwksText(...publicPems: string[]): string {
  return JSON.stringify({ keys: publicPems.map(jwkOf) }, null, 4);
}
