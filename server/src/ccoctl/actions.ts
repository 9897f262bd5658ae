import { AwsClients, configuredRegion } from './awsClients';
import { planCreateAll } from './createAll';
import { planIamRoles } from './createIamRoles';
import { planIdentityProvider } from './createIdentityProvider';
import { planKeyPair, resolveKeys } from './createKeyPair';
import { loadCredentialsRequests } from './credentialsRequests';
import { planDelete } from './delete';
import { previewKeyPair } from './previewKeys';
import { planRotation, ROTATION_PHASES } from './rotateSigningKey';
import { callerAccount } from './executor';
import { mergePlans, Plan, Problem } from './plan';
import { ActionInputs, ActionName, REQUIRED } from '../awsProtocol';

export { ACTIONS, REQUIRED } from '../awsProtocol';
export type { ActionInputs, ActionName } from '../awsProtocol';

export interface Prepared {
  plan: Plan;
  /** generated / existing / public-key-file, when the action uses the signing key. */
  keysOrigin?: string;
  account?: string;
}

const NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;

export function validateInputs(action: ActionName, inputs: ActionInputs): Problem[] {
  const problems: Problem[] = [];
  for (const key of REQUIRED[action]) {
    if (!inputs[key]) problems.push({ severity: 'error', message: `--${flagOf(key)} is required for ${action}` });
  }
  const badName = inputs.name ? nameProblem(inputs.name) : undefined;
  if (badName) problems.push({ severity: 'error', message: badName });
  if (inputs.phase !== undefined && !(ROTATION_PHASES as readonly string[]).includes(inputs.phase)) problems.push({ severity: 'error', message: `--phase ${String(inputs.phase)}: give add or finish` });
  if (inputs.accountId && !/^\d{12}$/.test(inputs.accountId)) problems.push({ severity: 'error', message: `--account-id ${inputs.accountId} is not 12 digits` });
  if (inputs.identityProviderArn && !/^arn:[a-z-]+:iam::\d{12}:oidc-provider\/.+/.test(inputs.identityProviderArn)) {
    problems.push({ severity: 'error', message: `--identity-provider-arn ${inputs.identityProviderArn} is not an OIDC provider ARN (arn:aws:iam::<12 digits>:oidc-provider/<issuer>)` });
  }
  return problems;
}

/** What is wrong with a --name: it becomes an S3 bucket name (<name>-oidc), so it must be one. */
export function nameProblem(name: string): string | undefined {
  if (!NAME.test(name)) return `--name ${name}: use lower-case letters, digits and hyphens (it names the S3 bucket ${name}-oidc)`;
  if (name.length > 58) return `--name ${name} is longer than 58 characters: the bucket ${name}-oidc would exceed S3's 63`;
  return undefined;
}

export function flagOf(key: keyof ActionInputs): string {
  return key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/**
 * Everything before the first change: inputs checked, CredentialsRequests
 * read, the signing key loaded or generated (in memory), the account asked of
 * STS in a live run, and the plan computed.
 */
export async function prepareAction(
  action: ActionName,
  inputs: ActionInputs,
  clients: AwsClients | undefined,
  signal?: AbortSignal,
  /** Plans that are only shown (sts-lens.aws.plan) take a placeholder where a run would generate a key. */
  keysFor: typeof resolveKeys = resolveKeys,
): Promise<Prepared> {
  const invalid = validateInputs(action, inputs);
  if (invalid.length > 0) return { plan: { files: [], steps: [], problems: invalid } };
  let account = inputs.accountId;
  if (!inputs.dryRun && action !== 'create-key-pair' && action !== 'delete') {
    if (!clients) throw new Error('no AWS clients for a live run');
    account = (await callerAccount(clients, signal)).account;
  }
  const name = inputs.name ?? '';
  const region = inputs.region ?? 'us-east-1';
  switch (action) {
    case 'create-key-pair': {
      const resolved = await keysFor(inputs.outputDir);
      return { plan: planKeyPair(resolved.keys), keysOrigin: resolved.origin };
    }
    case 'create-identity-provider': {
      const resolved = await keysFor(inputs.outputDir, inputs.publicKeyFile ?? `${inputs.outputDir}/serviceaccount-signer.public`);
      const plan = planIdentityProvider({ name, region, publicPem: resolved.keys.publicPem, accountId: account, createPrivateS3Bucket: inputs.createPrivateS3Bucket }, inputs.dryRun);
      return { plan, keysOrigin: resolved.origin, account };
    }
    case 'create-iam-roles': {
      const loaded = await loadCredentialsRequests(inputs.credentialsRequestsDir!, inputs.enableTechPreview === true, signal);
      const plan = planIamRoles({ name, requests: loaded.requests, providerArn: inputs.identityProviderArn!, permissionsBoundaryArn: inputs.permissionsBoundaryArn }, inputs.dryRun);
      return { plan: mergePlans({ files: [], steps: [], problems: loaded.problems }, plan), account };
    }
    case 'create-all': {
      const loaded = await loadCredentialsRequests(inputs.credentialsRequestsDir!, inputs.enableTechPreview === true, signal);
      if (loaded.problems.some((p) => p.severity === 'error')) return { plan: { files: [], steps: [], problems: loaded.problems } };
      const resolved = await keysFor(inputs.outputDir, inputs.publicKeyFile);
      const plan = planCreateAll(
        {
          name,
          region,
          keys: resolved.keys,
          requests: loaded.requests,
          accountId: account,
          permissionsBoundaryArn: inputs.permissionsBoundaryArn,
          createPrivateS3Bucket: inputs.createPrivateS3Bucket,
        },
        inputs.dryRun,
      );
      return { plan: mergePlans({ files: [], steps: [], problems: loaded.problems }, plan), keysOrigin: resolved.origin, account };
    }
    case 'delete':
      return { plan: planDelete(name) };
    case 'rotate-signing-key': {
      // A plan that is only shown (keysFor is not resolveKeys) spends no CPU on a real next key: its run plans again.
      const plan = await planRotation({ phase: inputs.phase!, name, outputDir: inputs.outputDir }, keysFor === resolveKeys ? undefined : previewKeyPair);
      return { plan, keysOrigin: plan.nextOrigin, account };
    }
  }
}

export interface RegionChoice {
  region: string;
  /** flag: --region; sdk: the SDK's configuration (AWS_REGION, profile); default: us-east-1, for IAM-only work in the aws partition. */
  from: 'flag' | 'sdk' | 'default';
}

/**
 * The region to call AWS in: the flag, else the SDK's configured region (as
 * ccoctl's newAWSClient), else us-east-1 for work that only calls IAM and
 * STS in the commercial partition (IAM is global there). Another partition
 * without a region is an error: its endpoints are not us-east-1's.
 */
export async function chooseRegion(given: string | undefined, providerArn?: string, sdkRegion: () => Promise<string | undefined> = configuredRegion): Promise<RegionChoice | { error: string }> {
  if (given) return { region: given, from: 'flag' };
  const configured = await sdkRegion();
  if (configured) return { region: configured, from: 'sdk' };
  const partition = providerArn ? /^arn:([a-z-]+):/.exec(providerArn)?.[1] : undefined;
  if (partition && partition !== 'aws') return { error: `no region: give --region (a region of the ${partition} partition of ${providerArn}) or set AWS_REGION` };
  return { region: 'us-east-1', from: 'default' };
}

/**
 * The inputs with the region an AWS-calling run uses filled in, when the
 * action does not require --region (create-iam-roles: ccoctl's flag is
 * "only required for GovCloud"). Required regions stay required, as in ccoctl.
 */
export async function withRegion(action: ActionName, inputs: ActionInputs): Promise<{ inputs: ActionInputs; from: RegionChoice['from'] } | { error: string }> {
  if (inputs.region || REQUIRED[action].includes('region') || !runCallsAws(action, inputs)) return { inputs, from: 'flag' };
  const choice = await chooseRegion(undefined, inputs.identityProviderArn);
  if ('error' in choice) return choice;
  return { inputs: { ...inputs, region: choice.region }, from: choice.from };
}

/** Whether running an action calls AWS at all: delete's dry run still lists what is tagged; create's dry run never calls it. */
export function runCallsAws(action: ActionName, inputs: ActionInputs): boolean {
  return action === 'delete' || (!inputs.dryRun && action !== 'create-key-pair');
}

/** How the executor runs an action: delete's dry run only lists; other dry runs write files and call nothing. */
export function executionMode(action: ActionName, inputs: ActionInputs): { outputDir: string; dryRun: boolean; listOnly: boolean; updateTrust: boolean } {
  const listOnly = action === 'delete' && inputs.dryRun === true;
  return { outputDir: inputs.outputDir, dryRun: inputs.dryRun === true && !listOnly, listOnly, updateTrust: inputs.updateTrust === true };
}
