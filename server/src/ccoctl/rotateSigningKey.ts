import * as fs from 'fs';
import * as path from 'path';
import { bucketName, KEYS_KEY } from './createIdentityProvider';
import { INSTALLER_KEY_FILE, PRIVATE_KEY_FILE, PUBLIC_KEY_FILE, readPrivateKey } from './createKeyPair';
import { pathExists } from './files';
import { generateKeyPair, jwksText, KeyPair, keyId } from './keys';
import { emptyPlan, MODE_PUBLIC, MODE_SECRET, ownerTags, Plan } from './plan';

/**
 * Rotation of the bound service account signing key of a cluster in manual
 * mode, in two phases. `add`: a new key pair next to the current one (never
 * written over it) and a JWKS holding both keys, so that tokens signed by
 * either verify while the cluster switches. `finish`: a JWKS with only the new
 * key, which becomes `serviceaccount-signer.private` (the old one kept as a
 * backup file named after its key id).
 */
export const NEXT_PRIVATE_KEY_FILE = 'serviceaccount-signer.next.private';
export const NEXT_PUBLIC_KEY_FILE = 'serviceaccount-signer.next.public';
/** The Secret through which the kube-apiserver operator takes its next signing key. */
export const NEXT_KEY_SECRET_FILE = 'next-bound-service-account-signing-key.yaml';
export const NEXT_KEY_SECRET = { name: 'next-bound-service-account-signing-key', namespace: 'openshift-kube-apiserver-operator' };

export const ROTATION_PHASES = ['add', 'finish'] as const;
export type RotationPhase = (typeof ROTATION_PHASES)[number];

export interface RotationInputs {
  phase: RotationPhase;
  name: string;
  outputDir: string;
}

export interface RotationPlan extends Plan {
  /** The key ids in the keys.json this phase publishes, in order. */
  kids: string[];
  /** generated: a new next key; existing: the next key of an earlier `add`. */
  nextOrigin?: 'generated' | 'existing';
}

/** `serviceaccount-signer.retired-<kid>.private`: the old signing key, kept after `finish`. */
export function retiredKeyFile(kid: string): string {
  return `serviceaccount-signer.retired-${kid}.private`;
}

export async function planRotation(inputs: RotationInputs, generate: () => Promise<KeyPair> = generateKeyPair): Promise<RotationPlan> {
  const plan: RotationPlan = { ...emptyPlan(), kids: [] };
  const at = (file: string) => path.join(inputs.outputDir, file);
  const current = await readPrivateKey(at(PRIVATE_KEY_FILE));
  if (!current) {
    plan.problems.push({ severity: 'error', message: `${at(PRIVATE_KEY_FILE)} does not exist: the rotation starts from the cluster's current signing key (the --output-dir of create-key-pair or create-all). Nothing was written.` });
    return plan;
  }
  const next = await readPrivateKey(at(NEXT_PRIVATE_KEY_FILE));
  return inputs.phase === 'add' ? planAdd(plan, inputs, current, next, generate) : planFinish(plan, inputs, current, next);
}

async function planAdd(plan: RotationPlan, inputs: RotationInputs, current: KeyPair, existingNext: KeyPair | undefined, generate: () => Promise<KeyPair>): Promise<RotationPlan> {
  // A next key equal to the signing key is what a finished rotation leaves: this is a new rotation.
  const leftover = existingNext !== undefined && existingNext.publicPem === current.publicPem;
  const next = existingNext && !leftover ? existingNext : await generate();
  plan.nextOrigin = existingNext && !leftover ? 'existing' : 'generated';
  const replacing = leftover ? `it held the key the last rotation made the signing key, which ${PRIVATE_KEY_FILE} still holds` : undefined;
  plan.files.push(
    { path: NEXT_PRIVATE_KEY_FILE, content: next.privatePem!, mode: MODE_SECRET, keepExisting: !leftover, replacing, early: true, description: 'next signing key (PKCS#1)' },
    { path: NEXT_PUBLIC_KEY_FILE, content: next.publicPem, mode: MODE_PUBLIC, replacing, early: true, description: 'next public key (PKIX)' },
    { path: NEXT_KEY_SECRET_FILE, content: nextKeySecret(next), mode: MODE_SECRET, description: `the Secret ${NEXT_KEY_SECRET.namespace}/${NEXT_KEY_SECRET.name} that gives the cluster the next key` },
  );
  return publish(plan, inputs, [current, next]);
}

async function planFinish(plan: RotationPlan, inputs: RotationInputs, current: KeyPair, next: KeyPair | undefined): Promise<RotationPlan> {
  if (!next) {
    plan.problems.push({ severity: 'error', message: `${path.join(inputs.outputDir, NEXT_PRIVATE_KEY_FILE)} does not exist: run rotate-signing-key --phase add first. Nothing was written.` });
    return plan;
  }
  if (next.publicPem === current.publicPem) {
    plan.problems.push({ severity: 'info', message: `${NEXT_PRIVATE_KEY_FILE} is already the signing key: the rotation was finished; keys.json is published with it alone again.` });
    return publish(plan, inputs, [current]);
  }
  const retired = retiredKeyFile(keyId(current.publicPem));
  const retiredPath = path.join(inputs.outputDir, retired);
  if ((await pathExists(retiredPath)) && (await fs.promises.readFile(retiredPath, 'utf8')) !== current.privatePem) {
    plan.problems.push({ severity: 'error', message: `${retiredPath} exists and is not the current signing key, which finish keeps there: move it away and run again. Nothing was written.` });
    return plan;
  }
  const why = `the rotation makes ${NEXT_PRIVATE_KEY_FILE} the signing key; the previous one is kept in ${retired}`;
  // The backup first: it is kept if it exists, and the run stops if it holds something else.
  plan.files.push(
    { path: retired, content: current.privatePem!, mode: MODE_SECRET, keepExisting: true, early: true, description: 'previous signing key (backup)' },
    { path: PRIVATE_KEY_FILE, content: next.privatePem!, mode: MODE_SECRET, early: true, replacing: why, description: 'service account signing key (PKCS#1)' },
    { path: PUBLIC_KEY_FILE, content: next.publicPem, mode: MODE_PUBLIC, early: true, replacing: why, description: 'service account public key (PKIX)' },
  );
  // The installer's copy follows the signing key wherever it exists (copies are kept in step).
  if (await pathExists(path.join(inputs.outputDir, INSTALLER_KEY_FILE))) {
    plan.files.push({ path: INSTALLER_KEY_FILE, content: next.privatePem!, mode: MODE_SECRET, early: true, replacing: why, description: 'signing key for the installer' });
  }
  return publish(plan, inputs, [next]);
}

/** keys.json with these keys, written to the output directory and uploaded to the issuer bucket as create-identity-provider does. */
function publish(plan: RotationPlan, inputs: RotationInputs, keys: KeyPair[]): RotationPlan {
  const jwks = jwksText(...keys.map((k) => k.publicPem));
  plan.kids = keys.map((k) => keyId(k.publicPem));
  plan.files.push({ path: KEYS_KEY, content: `${jwks}\n`, mode: MODE_PUBLIC, description: `JWKS with ${keys.length === 1 ? 'the key' : 'both keys'} (upload to ${bucketName(inputs.name)}/${KEYS_KEY})` });
  plan.steps.push({ kind: 's3.putObject', bucket: bucketName(inputs.name), key: KEYS_KEY, body: jwks, tags: ownerTags(inputs.name) });
  return plan;
}

/** The Secret the kube-apiserver operator reads its next signing key from (service-account.key and .pub). */
function nextKeySecret(next: KeyPair): string {
  const b64 = (text: string) => Buffer.from(text).toString('base64');
  return [
    'apiVersion: v1',
    'kind: Secret',
    'metadata:',
    `  name: ${NEXT_KEY_SECRET.name}`,
    `  namespace: ${NEXT_KEY_SECRET.namespace}`,
    'type: Opaque',
    'data:',
    `  service-account.key: ${b64(next.privatePem!)}`,
    `  service-account.pub: ${b64(next.publicPem)}`,
    '',
  ].join('\n');
}

/** What the user does after a phase, line by line: the CLI prints them, the editor logs and shows them. */
export function rotationNextSteps(phase: RotationPhase, outputDir: string, dryRun: boolean): string[] {
  if (phase === 'finish') {
    return [dryRun ? 'Review keys.json, then run again without --dry-run to publish it.' : 'The issuer now publishes only the new key; tokens signed with the previous key are no longer accepted by STS.'];
  }
  return [
    'Next:',
    `  ${dryRun ? '1. Upload keys.json to the issuer (or run again without --dry-run), then' : '1.'} give the cluster the new key: oc apply -f ${path.join(outputDir, NEXT_KEY_SECRET_FILE)}`,
    '  2. Wait until the kube-apiserver operator has rolled it out (oc get clusteroperator kube-apiserver: not Progressing), then until every pod',
    '     holds a token signed with it (the kubelet refreshes projected tokens; restarting the pods makes sure).',
    '  3. Run rotate-signing-key --phase finish: keys.json then holds only the new key.',
  ];
}
