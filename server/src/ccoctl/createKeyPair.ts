import * as fs from 'fs';
import * as path from 'path';
import { pathExists } from './files';
import { generateKeyPair, KeyPair, parseRsaPublicKey, publicPemOf } from './keys';
import { emptyPlan, MODE_PUBLIC, MODE_SECRET, Plan } from './plan';

export const PRIVATE_KEY_FILE = 'serviceaccount-signer.private';
export const PUBLIC_KEY_FILE = 'serviceaccount-signer.public';
export const INSTALLER_KEY_FILE = 'tls/bound-service-account-signing-key.key';

export interface ResolvedKeys {
  keys: KeyPair;
  /** Where the key came from, for the log. */
  origin: 'generated' | 'existing' | 'public-key-file';
}

/**
 * The signing key to use: the one already in the output directory (ccoctl
 * reuses it: replacing it would invalidate a running cluster's tokens), the
 * `--public-key-file` given, or a new RSA 4096 pair.
 */
export async function resolveKeys(outputDir: string, publicKeyFile?: string): Promise<ResolvedKeys> {
  if (publicKeyFile) {
    let publicPem: string;
    try {
      publicPem = await fs.promises.readFile(publicKeyFile, 'utf8');
    } catch (error) {
      const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
      throw new Error(
        missing
          ? `${publicKeyFile} does not exist: run create-key-pair first (it writes ${PUBLIC_KEY_FILE} into the output directory), or give the key with --public-key-file`
          : `${publicKeyFile}: cannot be read (${(error as Error).message})`,
      );
    }
    try {
      parseRsaPublicKey(publicPem);
    } catch (error) {
      throw new Error(`${publicKeyFile}: ${(error as Error).message}`);
    }
    return { keys: { privatePem: undefined, publicPem }, origin: 'public-key-file' };
  }
  const existing = await readPrivateKey(path.join(outputDir, PRIVATE_KEY_FILE));
  if (existing) return { keys: existing, origin: 'existing' };
  return { keys: await generateKeyPair(), origin: 'generated' };
}

/**
 * The key pair of a PEM private key file, or undefined when there is no file.
 * A link to nothing or a file that is not a private key is an error: a new
 * key in its place could not be written over it, yet would be published.
 */
export async function readPrivateKey(privatePath: string): Promise<KeyPair | undefined> {
  const danglingTarget = await danglingLink(privatePath);
  if (danglingTarget !== undefined) {
    throw new Error(`${privatePath} is a symbolic link to ${danglingTarget}, which does not exist: restore the key it pointed to, or remove the link to generate a new key pair. Nothing was written.`);
  }
  if (!(await pathExists(privatePath))) return undefined;
  const privatePem = await fs.promises.readFile(privatePath, 'utf8');
  try {
    return { privatePem, publicPem: publicPemOf(privatePem) };
  } catch (error) {
    throw new Error(`${privatePath} exists but is not a PEM private key (${(error as Error).message}); it is left as it is: move it away to generate a new key`);
  }
}

/** The target of a symbolic link that leads nowhere, or undefined (no link, or a link to something). */
async function danglingLink(file: string): Promise<string | undefined> {
  try {
    if (!(await fs.promises.lstat(file)).isSymbolicLink()) return undefined;
  } catch {
    return undefined;
  }
  return (await pathExists(file)) ? undefined : fs.promises.readlink(file);
}

/**
 * The key pair files ccoctl writes, plus the copy the installer reads from
 * `tls/`. The signing key is never replaced; its copy always follows it (as
 * ccoctl's copyPrivateKeyForInstaller does on every run): an installer
 * signing with another key than the published one gets every token refused.
 */
export function planKeyPair(keys: KeyPair): Plan {
  const plan = emptyPlan();
  if (keys.privatePem === undefined) return plan;
  plan.files.push(
    { path: PRIVATE_KEY_FILE, content: keys.privatePem, mode: MODE_SECRET, keepExisting: true, early: true, description: 'service account signing key (PKCS#1)' },
    // Public, but kept with the key it belongs to; 0644 like any certificate.
    { path: PUBLIC_KEY_FILE, content: keys.publicPem, mode: MODE_PUBLIC, early: true, description: 'service account public key (PKIX)' },
    {
      path: INSTALLER_KEY_FILE,
      content: keys.privatePem,
      mode: MODE_SECRET,
      early: true,
      description: 'signing key for the installer',
      replacing: `it held another key than ${PRIVATE_KEY_FILE}, and the installer would have signed tokens that the published keys do not verify`,
    },
  );
  return plan;
}
