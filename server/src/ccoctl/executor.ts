import {
  CreateOpenIDConnectProviderCommand,
  CreateRoleCommand,
  DeleteOpenIDConnectProviderCommand,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  GetOpenIDConnectProviderCommand,
  GetRoleCommand,
  ListOpenIDConnectProvidersCommand,
  ListRolePoliciesCommand,
  ListRolesCommand,
  ListRoleTagsCommand,
  PutRolePolicyCommand,
  TagOpenIDConnectProviderCommand,
  UpdateAssumeRolePolicyCommand,
} from '@aws-sdk/client-iam';
import {
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectCommand,
  GetBucketTaggingCommand,
  GetObjectTaggingCommand,
  HeadBucketCommand,
  ListObjectsV2Command,
  PutBucketPolicyCommand,
  PutBucketTaggingCommand,
  PutObjectCommand,
  PutPublicAccessBlockCommand,
} from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import * as path from 'path';
import { AwsClients } from './awsClients';
import { CloudFrontContext, CloudFrontState, deleteOwnedDistributions, deleteOwnedOriginAccessIdentities, ensureDistribution, ensureOriginAccessIdentity, putOaiBucketPolicy } from './cloudFrontSteps';
import { BLOCK_ALL_PUBLIC_ACCESS } from './cloudFront';
import { checkOutputPaths, ensureDir, FileOutcome, writePlannedFile } from './files';
import { AwsStep, DISTRIBUTION_DOMAIN, OWNED, Plan, PlannedFile, Tag } from './plan';
import { decodePolicy, samePolicy } from './policyCompare';
import { issuerThumbprint } from './thumbprint';

export interface Drift {
  roleName: string;
  live: string;
  wanted: string;
  updated: boolean;
}

export interface ExecuteOptions {
  outputDir: string;
  /** Write the plan's files only; make no AWS call. */
  dryRun: boolean;
  clients?: AwsClients;
  log: (line: string) => void;
  /** Replace the trust policy of an existing role that differs from the planned one (ccoctl never does). */
  updateTrust?: boolean;
  /** For `delete`: list what would be removed without removing it. */
  listOnly?: boolean;
  thumbprint?: (issuerUrl: string) => Promise<string>;
  signal?: AbortSignal;
  /** CloudFront waits (distribution deployment, a new origin access identity): poll interval and limit. Tests shorten them. */
  pollMs?: number;
  maxWaitMs?: number;
  /** Called before each step, for progress reporting. */
  onStep?: (index: number, total: number, step: AwsStep) => void;
}

export interface ExecuteResult {
  files: FileOutcome[];
  /** Resources created or deleted, as `<what> <id>`. */
  created: string[];
  deleted: string[];
  /**
   * delete carries on past a failure (as ccoctl's deleteCmd does) so that one
   * refused call leaves as little behind as possible; each failure is here,
   * as `<what>: <error>`.
   */
  failures: string[];
  drift: Drift[];
  thumbprint?: string;
  /** The issuer, when the run decided it (the CloudFront distribution's URL with --create-private-s3-bucket). */
  issuerUrl?: string;
}

export class CancelledError extends Error {
  constructor() {
    super('cancelled');
  }
}

/** The caller's account and partition, from STS (live runs use it to make every ARN exact). */
export async function callerAccount(clients: AwsClients, signal?: AbortSignal): Promise<{ account: string; arn: string }> {
  const identity = await clients.sts.send(new GetCallerIdentityCommand({}), { abortSignal: signal });
  return { account: identity.Account ?? '', arn: identity.Arn ?? '' };
}

/**
 * Carries out a plan: the key files first (a key generated for this run must
 * be on disk before AWS is told about it), then the AWS steps, then the rest
 * of the files (the Secrets name roles that now exist).
 */
export async function executePlan(plan: Plan, options: ExecuteOptions): Promise<ExecuteResult> {
  const result: ExecuteResult = { files: [], created: [], deleted: [], failures: [], drift: [] };
  // delete plans write nothing and may come without an output directory.
  if (plan.files.length > 0) {
    // Every path is checked before the first write: a refusal leaves nothing half-written.
    await checkOutputPaths(options.outputDir, plan.files);
    await ensureDir(options.outputDir);
  }
  const write = async (files: PlannedFile[]) => {
    for (const file of files) {
      checkCancelled(options.signal);
      const outcome = await writePlannedFile(options.outputDir, file);
      result.files.push(outcome);
      const where = path.join(options.outputDir, file.path);
      if (outcome.status === 'kept') {
        // The key on disk is not the one this run would publish: stop before AWS hears of it.
        throw new Error(`${where} appeared or changed during the run and differs from the ${file.description} this run would publish; it is left as it is and nothing was changed in AWS. Run again to use it.`);
      }
      if (outcome.replaced && file.replacing) options.log(`Replaced ${where} (${file.description}): ${file.replacing}.`);
      else if (outcome.status === 'unchanged') options.log(`Unchanged ${where}`);
      else options.log(`Wrote ${where} (${file.description})`);
    }
  };
  await write(plan.files.filter((f) => f.early));
  let runner: StepRunner | undefined;
  if (!options.dryRun && plan.steps.length > 0) {
    if (!options.clients) throw new Error('no AWS clients for a live run');
    runner = new StepRunner(options.clients, options, result);
    for (const [index, step] of plan.steps.entries()) {
      checkCancelled(options.signal);
      options.onStep?.(index, plan.steps.length, step);
      await runner.run(runner.resolve(step, `step ${step.kind}`));
    }
  }
  // Files written after the steps may name the CloudFront issuer decided by them.
  await write(plan.files.filter((f) => !f.early).map((f) => (runner ? runner.resolve(f, f.path) : f)));
  return result;
}

function checkCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new CancelledError();
}

function isCancel(error: unknown, signal: AbortSignal | undefined): boolean {
  return error instanceof CancelledError || signal?.aborted === true || errorName(error) === 'AbortError';
}

function errorName(error: unknown): string {
  const e = error as { name?: string; Code?: string; $metadata?: { httpStatusCode?: number } };
  return e?.name ?? e?.Code ?? '';
}

function isNotFound(error: unknown): boolean {
  const name = errorName(error);
  const status = (error as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
  return /NoSuchEntity|NotFound|NoSuchBucket|NoSuchTagSet|NoSuchKey/.test(name) || status === 404;
}

function hasOwnerTag(tags: ReadonlyArray<{ Key?: string; Value?: string }> | undefined, tagKey: string): boolean {
  return (tags ?? []).some((t) => t.Key === tagKey && t.Value === OWNED);
}

function taggingQuery(tags: Tag[]): string {
  return new URLSearchParams(tags.map((t): [string, string] => [t.Key, t.Value])).toString();
}

class StepRunner {
  private readonly cloudFront: CloudFrontState = {};
  private readonly cloudFrontContext: CloudFrontContext;

  constructor(
    private readonly clients: AwsClients,
    private readonly options: ExecuteOptions,
    private readonly result: ExecuteResult,
  ) {
    this.cloudFrontContext = {
      cloudfront: clients.cloudfront,
      s3: clients.s3,
      signal: options.signal,
      log: options.log,
      created: result.created,
      deleted: result.deleted,
      listOnly: options.listOnly,
      pollMs: options.pollMs ?? 30_000,
      maxWaitMs: options.maxWaitMs ?? 45 * 60_000,
    };
  }

  /**
   * Puts the CloudFront domain in place of DISTRIBUTION_DOMAIN once the
   * distribution step found it; anything still naming it before then is a
   * bug, never sent to AWS or written.
   */
  resolve<T extends AwsStep | PlannedFile>(item: T, what: string): T {
    let text = JSON.stringify(item);
    const original = text;
    if (text.includes(DISTRIBUTION_DOMAIN)) {
      if (!this.cloudFront.domain) throw new Error(`${what} needs the CloudFront distribution's domain, which no earlier step found`);
      text = text.replaceAll(DISTRIBUTION_DOMAIN, this.cloudFront.domain);
    }
    text = text.replace(/<iam-role-arn:([^>]*)>/g, (_, roleName: string) => {
      const arn = this.roleArns.get(roleName);
      if (!arn) throw new Error(`${what} needs the ARN of role ${roleName}, which no earlier step returned`);
      // Inside a JSON string: the ARN is JSON-escaped like the rest.
      return JSON.stringify(arn).slice(1, -1);
    });
    return text === original ? item : (JSON.parse(text) as T);
  }

  /** The ARN IAM returned for each role a step created or found (ccoctl's createRole writes that one into the Secret). */
  private readonly roleArns = new Map<string, string>();

  private log(line: string): void {
    this.options.log(line);
  }

  async run(step: AwsStep): Promise<void> {
    switch (step.kind) {
      case 's3.ensureBucket':
        return this.ensureBucket(step);
      case 'cloudfront.ensureOriginAccessIdentity':
        return ensureOriginAccessIdentity(step, this.cloudFrontContext, this.cloudFront);
      case 's3.putOaiBucketPolicy':
        return putOaiBucketPolicy(step, this.cloudFrontContext, this.cloudFront);
      case 'cloudfront.ensureDistribution':
        await ensureDistribution(step, this.cloudFrontContext, this.cloudFront);
        this.result.issuerUrl = `https://${this.cloudFront.domain}`;
        return;
      case 'cloudfront.deleteOwnedDistributions':
        return this.carryOn('CloudFront distributions', () => deleteOwnedDistributions(step, this.cloudFrontContext));
      case 'cloudfront.deleteOwnedOriginAccessIdentities':
        return this.carryOn('CloudFront origin access identities', () => deleteOwnedOriginAccessIdentities(step, this.cloudFrontContext));
      case 's3.putObject':
        await this.clients.s3.send(new PutObjectCommand({ Bucket: step.bucket, Key: step.key, Body: step.body, ContentType: 'application/json', Tagging: taggingQuery(step.tags) }), {
          abortSignal: this.options.signal,
        });
        this.log(`Uploaded s3://${step.bucket}/${step.key}`);
        return;
      case 'iam.ensureOidcProvider':
        return this.ensureProvider(step);
      case 'iam.ensureRole':
        return this.ensureRole(step);
      case 'iam.putRolePolicy':
        await this.clients.iam.send(new PutRolePolicyCommand({ RoleName: step.roleName, PolicyName: step.policyName, PolicyDocument: step.policyDocument }), { abortSignal: this.options.signal });
        this.log(`Put inline policy ${step.policyName} on role ${step.roleName}`);
        return;
      case 's3.deleteOwned':
        return this.carryOn(`bucket ${step.bucket}`, () => this.deleteBucket(step.bucket, step.tagKey));
      case 'iam.deleteOwnedRoles':
        return this.carryOn('IAM roles', () => this.deleteRoles(step.tagKey));
      case 'iam.deleteOwnedOidcProviders':
        return this.carryOn('IAM OIDC identity providers', () => this.deleteProviders(step.tagKey));
    }
  }

  /** Runs one part of delete; a failure is recorded and logged, and the rest goes on. Cancellation still stops. */
  private async carryOn(what: string, work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (error) {
      if (isCancel(error, this.options.signal)) throw error;
      const failure = `${what}: ${(error as Error).message}`;
      this.result.failures.push(failure);
      this.log(`Failed: ${failure}`);
    }
  }

  private async ensureBucket(step: Extract<AwsStep, { kind: 's3.ensureBucket' }>): Promise<void> {
    const s3 = this.clients.s3;
    const abortSignal = this.options.signal;
    try {
      await s3.send(new HeadBucketCommand({ Bucket: step.bucket }), { abortSignal });
      this.log(`Bucket ${step.bucket} already exists`);
      return;
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
    await s3.send(
      new CreateBucketCommand({ Bucket: step.bucket, ...(step.region === 'us-east-1' ? {} : { CreateBucketConfiguration: { LocationConstraint: step.region as never } }) }),
      { abortSignal },
    );
    this.result.created.push(`bucket ${step.bucket}`);
    this.log(`Created bucket ${step.bucket}`);
    await s3.send(new PutBucketTaggingCommand({ Bucket: step.bucket, Tagging: { TagSet: step.tags } }), { abortSignal });
    if (step.publicReadPolicy === undefined) {
      // The private variant: only CloudFront's origin access identity reads, through a non-public policy.
      await s3.send(new PutPublicAccessBlockCommand({ Bucket: step.bucket, PublicAccessBlockConfiguration: BLOCK_ALL_PUBLIC_ACCESS }), { abortSignal });
      this.log(`Bucket ${step.bucket}: tagged, all public access blocked`);
      return;
    }
    // Policies may grant public read; ACLs may not (S3's recommended setting).
    await s3.send(
      new PutPublicAccessBlockCommand({
        Bucket: step.bucket,
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: false, RestrictPublicBuckets: false },
      }),
      { abortSignal },
    );
    await s3.send(new PutBucketPolicyCommand({ Bucket: step.bucket, Policy: step.publicReadPolicy }), { abortSignal });
    this.log(`Bucket ${step.bucket}: tagged, public read of its objects allowed by policy`);
  }

  private async ensureProvider(step: Extract<AwsStep, { kind: 'iam.ensureOidcProvider' }>): Promise<void> {
    const iam = this.clients.iam;
    const abortSignal = this.options.signal;
    const tagKey = step.tags[0].Key;
    const host = step.url.replace(/^https:\/\//, '');
    const list = await iam.send(new ListOpenIDConnectProvidersCommand({}), { abortSignal });
    for (const entry of list.OpenIDConnectProviderList ?? []) {
      const arn = entry.Arn ?? '';
      const provider = await iam.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn }), { abortSignal });
      if (hasOwnerTag(provider.Tags, tagKey)) {
        this.log(`Identity provider ${arn} already exists`);
        return;
      }
      if (arn.endsWith(`:oidc-provider/${host}`)) {
        this.log(`Identity provider ${arn} already exists for ${step.url} but is not tagged ${tagKey}=owned: using it; delete will leave it alone.`);
        return;
      }
    }
    const thumbprint = await (this.options.thumbprint ?? issuerThumbprint)(step.url);
    this.result.thumbprint = thumbprint;
    this.log(`TLS thumbprint of ${step.url}: ${thumbprint}`);
    const created = await iam.send(new CreateOpenIDConnectProviderCommand({ Url: step.url, ClientIDList: step.clientIds, ThumbprintList: [thumbprint] }), { abortSignal });
    const arn = created.OpenIDConnectProviderArn ?? '';
    await iam.send(new TagOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn, Tags: step.tags }), { abortSignal });
    this.result.created.push(`identity provider ${arn}`);
    this.log(`Created identity provider ${arn}`);
  }

  private async ensureRole(step: Extract<AwsStep, { kind: 'iam.ensureRole' }>): Promise<void> {
    const iam = this.clients.iam;
    const abortSignal = this.options.signal;
    let live: string | undefined;
    try {
      const existing = await iam.send(new GetRoleCommand({ RoleName: step.roleName }), { abortSignal });
      live = decodePolicy(existing.Role?.AssumeRolePolicyDocument);
      if (existing.Role?.Arn) this.roleArns.set(step.roleName, existing.Role.Arn);
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
    if (live === undefined) {
      const created = await iam.send(
        new CreateRoleCommand({
          RoleName: step.roleName,
          Description: step.description,
          AssumeRolePolicyDocument: step.trustPolicy,
          Tags: step.tags,
          PermissionsBoundary: step.permissionsBoundary,
        }),
        { abortSignal },
      );
      if (created.Role?.Arn) this.roleArns.set(step.roleName, created.Role.Arn);
      this.result.created.push(`role ${step.roleName}`);
      this.log(`Created role ${created.Role?.Arn ?? step.roleName}`);
      return;
    }
    if (samePolicy(live, step.trustPolicy)) {
      this.log(`Role ${step.roleName} already exists with this trust policy`);
      return;
    }
    const drift: Drift = { roleName: step.roleName, live, wanted: step.trustPolicy, updated: false };
    if (this.options.updateTrust) {
      await iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: step.roleName, PolicyDocument: step.trustPolicy }), { abortSignal });
      drift.updated = true;
      this.log(`Role ${step.roleName} existed with another trust policy: updated it`);
    } else {
      this.log(`Role ${step.roleName} exists with another trust policy (drift): kept it. Live: ${live} Planned: ${step.trustPolicy}`);
    }
    this.result.drift.push(drift);
  }

  private async deleteBucket(bucket: string, tagKey: string): Promise<void> {
    const s3 = this.clients.s3;
    const abortSignal = this.options.signal;
    try {
      await s3.send(new HeadBucketCommand({ Bucket: bucket }), { abortSignal });
    } catch (error) {
      if (isNotFound(error)) return this.log(`No bucket ${bucket}`);
      throw error;
    }
    let token: string | undefined;
    do {
      const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: token }), { abortSignal });
      for (const object of page.Contents ?? []) {
        await this.carryOn(`object s3://${bucket}/${object.Key}`, async () => {
          const tagging = await s3.send(new GetObjectTaggingCommand({ Bucket: bucket, Key: object.Key }), { abortSignal });
          if (!hasOwnerTag(tagging.TagSet, tagKey)) return this.log(`Leaving s3://${bucket}/${object.Key}: not tagged ${tagKey}=owned`);
          if (!this.options.listOnly) await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: object.Key }), { abortSignal });
          this.result.deleted.push(`object s3://${bucket}/${object.Key}`);
        });
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    let owned = false;
    try {
      const tagging = await s3.send(new GetBucketTaggingCommand({ Bucket: bucket }), { abortSignal });
      owned = hasOwnerTag(tagging.TagSet, tagKey);
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
    if (!owned) return this.log(`Leaving bucket ${bucket}: not tagged ${tagKey}=owned`);
    if (!this.options.listOnly) await s3.send(new DeleteBucketCommand({ Bucket: bucket }), { abortSignal });
    this.result.deleted.push(`bucket ${bucket}`);
  }

  private async deleteRoles(tagKey: string): Promise<void> {
    const iam = this.clients.iam;
    const abortSignal = this.options.signal;
    let marker: string | undefined;
    do {
      const page = await iam.send(new ListRolesCommand({ Marker: marker }), { abortSignal });
      for (const role of page.Roles ?? []) {
        const roleName = role.RoleName ?? '';
        // One role that cannot be read or deleted does not keep the others (or the provider) alive.
        await this.carryOn(`role ${roleName}`, async () => {
          const tags = await iam.send(new ListRoleTagsCommand({ RoleName: roleName }), { abortSignal });
          if (!hasOwnerTag(tags.Tags, tagKey)) return;
          const policies = await iam.send(new ListRolePoliciesCommand({ RoleName: roleName }), { abortSignal });
          if (!this.options.listOnly) {
            for (const policyName of policies.PolicyNames ?? []) await iam.send(new DeleteRolePolicyCommand({ RoleName: roleName, PolicyName: policyName }), { abortSignal });
            await iam.send(new DeleteRoleCommand({ RoleName: roleName }), { abortSignal });
          }
          this.result.deleted.push(`role ${roleName}`);
        });
      }
      marker = page.IsTruncated ? page.Marker : undefined;
    } while (marker);
  }

  private async deleteProviders(tagKey: string): Promise<void> {
    const iam = this.clients.iam;
    const abortSignal = this.options.signal;
    const list = await iam.send(new ListOpenIDConnectProvidersCommand({}), { abortSignal });
    for (const entry of list.OpenIDConnectProviderList ?? []) {
      const arn = entry.Arn ?? '';
      await this.carryOn(`identity provider ${arn}`, async () => {
        const provider = await iam.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn }), { abortSignal });
        if (!hasOwnerTag(provider.Tags, tagKey)) return;
        if (!this.options.listOnly) await iam.send(new DeleteOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn }), { abortSignal });
        this.result.deleted.push(`identity provider ${arn}`);
      });
    }
  }
}
