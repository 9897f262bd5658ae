import * as path from 'path';
import { PRIVATE_KEY_FILE, resolveKeys, ResolvedKeys } from './createKeyPair';
import { pathExists } from './files';
import type { KeyPair } from './keys';

/**
 * A fixed public key that stands in for the RSA 4096 pair a run would
 * generate, in plans that are only shown (sts-lens.aws.plan, trusted or not):
 * such a plan lists the key files a run would write but must not spend
 * seconds of CPU on a key per call. Nothing is ever written or uploaded with
 * it: a run plans again, with a real key.
 */
const PREVIEW_PUBLIC_KEY = `-----BEGIN PUBLIC KEY-----
MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA14CSlWv7fZNyugSv7Svm
wz3j80zYTdBZAmgSUFKrnUSZ/7bnQOlmckmoQlgn83ADEBUWD25Nf4g9iYwMYwlj
cCx6cH3FyztmmbZH6HlnagV1dWu6Vq+tNTbgz1KMnrJ8vlctZwf0O1A7ea+Vj68m
jJ/fa1isq8T/pQY9GgneYORtlo4gBIgGnKqe8N9Sl2iN2nGf0zMx/qSoiBtWqp0C
63XbuQWHyQq79oG1w5nmKxrrJb81MdItA4ZpTfS0hXsDISHPTXePdeAxsLF+nEH+
CnMxQ2OlT9B2GXjBiIvZ8U8+VJUo0GmgdzU2+67aJ8darCT8SvKTROZZVbiMedOZ
3QIDAQAB
-----END PUBLIC KEY-----
`;

/** Where a preview plan would generate a key: the placeholder instead (keysOrigin stays "generated"). */
export async function resolvePreviewKeys(outputDir: string, publicKeyFile?: string): Promise<ResolvedKeys> {
  if (publicKeyFile || (await pathExists(path.join(outputDir, PRIVATE_KEY_FILE)))) return resolveKeys(outputDir, publicKeyFile);
  return { keys: { privatePem: '', publicPem: PREVIEW_PUBLIC_KEY }, origin: 'generated' };
}

/** The placeholder as a key pair, for a shown plan of a key rotation (it has no private half: nothing is written with it). */
export async function previewKeyPair(): Promise<KeyPair> {
  return { privatePem: '', publicPem: PREVIEW_PUBLIC_KEY };
}
