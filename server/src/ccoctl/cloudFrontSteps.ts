import {
  CloudFrontClient,
  CreateCloudFrontOriginAccessIdentityCommand,
  CreateDistributionWithTagsCommand,
  DeleteCloudFrontOriginAccessIdentityCommand,
  DeleteDistributionCommand,
  DistributionSummary,
  GetCloudFrontOriginAccessIdentityCommand,
  GetDistributionCommand,
  GetDistributionConfigCommand,
  ListCloudFrontOriginAccessIdentitiesCommand,
  ListDistributionsCommand,
  ListTagsForResourceCommand,
  UpdateDistributionCommand,
} from '@aws-sdk/client-cloudfront';
import { PutBucketPolicyCommand, S3Client } from '@aws-sdk/client-s3';
import { distributionConfig, oaiReadPolicy } from './cloudFront';
import { AwsStep, OWNED } from './plan';

/** What the CloudFront steps need from the executor. */
export interface CloudFrontContext {
  cloudfront: CloudFrontClient | undefined;
  s3: S3Client;
  signal?: AbortSignal;
  log: (line: string) => void;
  created: string[];
  deleted: string[];
  listOnly?: boolean;
  /** Between two status checks of a distribution, and two tries of the OAI's bucket policy (ccoctl: 30 s). */
  pollMs: number;
  /** How long to wait for a distribution to deploy, or a new OAI to become usable, before giving up. */
  maxWaitMs: number;
}

/** Carries the origin access identity from its step to the bucket policy and the distribution. */
export interface CloudFrontState {
  oaiId?: string;
  oaiCreated?: boolean;
  domain?: string;
}

const DEPLOYED = 'Deployed';

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new Error('cancelled'));
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new Error('cancelled'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function client(ctx: CloudFrontContext): CloudFrontClient {
  if (!ctx.cloudfront) throw new Error('no CloudFront client: --create-private-s3-bucket needs one');
  return ctx.cloudfront;
}

function errorCode(error: unknown): string {
  const e = error as { name?: string; Code?: string };
  return e?.name ?? e?.Code ?? '';
}

export async function ensureOriginAccessIdentity(step: Extract<AwsStep, { kind: 'cloudfront.ensureOriginAccessIdentity' }>, ctx: CloudFrontContext, state: CloudFrontState): Promise<void> {
  const cf = client(ctx);
  const abortSignal = ctx.signal;
  let marker: string | undefined;
  do {
    const page = await cf.send(new ListCloudFrontOriginAccessIdentitiesCommand({ Marker: marker }), { abortSignal });
    const found = (page.CloudFrontOriginAccessIdentityList?.Items ?? []).find((oai) => oai.Comment === step.comment);
    if (found?.Id) {
      state.oaiId = found.Id;
      ctx.log(`CloudFront origin access identity ${found.Id} (${step.comment}) already exists`);
      return;
    }
    marker = page.CloudFrontOriginAccessIdentityList?.IsTruncated ? page.CloudFrontOriginAccessIdentityList.NextMarker : undefined;
  } while (marker);
  const created = await cf.send(
    new CreateCloudFrontOriginAccessIdentityCommand({ CloudFrontOriginAccessIdentityConfig: { CallerReference: step.callerReference, Comment: step.comment } }),
    { abortSignal },
  );
  const id = created.CloudFrontOriginAccessIdentity?.Id;
  if (!id) throw new Error('CloudFront created an origin access identity but returned no id');
  state.oaiId = id;
  state.oaiCreated = true;
  ctx.created.push(`CloudFront origin access identity ${id}`);
  ctx.log(`Created CloudFront origin access identity ${id}`);
}

/**
 * S3 refuses a policy naming an OAI that has not propagated yet ("Invalid
 * principal in policy"): ccoctl sleeps 30 s; we retry that error only, only
 * for an OAI this run created, for a bounded time.
 */
export async function putOaiBucketPolicy(step: Extract<AwsStep, { kind: 's3.putOaiBucketPolicy' }>, ctx: CloudFrontContext, state: CloudFrontState): Promise<void> {
  if (!state.oaiId) throw new Error('no origin access identity to grant read access to');
  const policy = oaiReadPolicy(step.bucket, step.region, state.oaiId);
  const deadline = Date.now() + ctx.maxWaitMs;
  for (;;) {
    try {
      await ctx.s3.send(new PutBucketPolicyCommand({ Bucket: step.bucket, Policy: policy }), { abortSignal: ctx.signal });
      ctx.log(`Bucket ${step.bucket}: only CloudFront origin access identity ${state.oaiId} may read its objects`);
      return;
    } catch (error) {
      if (!(state.oaiCreated && errorCode(error) === 'MalformedPolicy' && Date.now() + ctx.pollMs <= deadline)) throw error;
      ctx.log(`S3 does not know origin access identity ${state.oaiId} yet; trying again in ${ctx.pollMs / 1000} s`);
      await sleep(ctx.pollMs, ctx.signal);
    }
  }
}

async function listDistributions(cf: CloudFrontClient, signal: AbortSignal | undefined): Promise<DistributionSummary[]> {
  const all: DistributionSummary[] = [];
  let marker: string | undefined;
  do {
    const page = await cf.send(new ListDistributionsCommand({ Marker: marker }), { abortSignal: signal });
    all.push(...(page.DistributionList?.Items ?? []));
    marker = page.DistributionList?.IsTruncated ? page.DistributionList.NextMarker : undefined;
  } while (marker);
  return all;
}

async function isOwned(cf: CloudFrontClient, arn: string | undefined, tagKey: string, signal: AbortSignal | undefined): Promise<boolean> {
  if (!arn) return false;
  const tags = await cf.send(new ListTagsForResourceCommand({ Resource: arn }), { abortSignal: signal });
  return (tags.Tags?.Items ?? []).some((t) => t.Key === tagKey && t.Value === OWNED);
}

/** Polls until the distribution's change is live everywhere; returns its latest ETag. */
async function waitDeployed(ctx: CloudFrontContext, id: string, what: string): Promise<string | undefined> {
  const cf = client(ctx);
  const deadline = Date.now() + ctx.maxWaitMs;
  for (;;) {
    const got = await cf.send(new GetDistributionCommand({ Id: id }), { abortSignal: ctx.signal });
    if (got.Distribution?.Status === DEPLOYED) return got.ETag;
    if (Date.now() + ctx.pollMs > deadline) {
      throw new Error(`CloudFront distribution ${id} is still ${got.Distribution?.Status ?? 'not deployed'} after ${Math.round(ctx.maxWaitMs / 60000)} min; run the command again later to continue`);
    }
    ctx.log(`Waiting ${ctx.pollMs / 1000} s for CloudFront distribution ${id} to be ${what} (${got.Distribution?.Status ?? 'unknown'})`);
    await sleep(ctx.pollMs, ctx.signal);
  }
}

/** The distribution for the bucket, found by its origin (as ccoctl does) or created; its domain becomes the issuer. */
export async function ensureDistribution(step: Extract<AwsStep, { kind: 'cloudfront.ensureDistribution' }>, ctx: CloudFrontContext, state: CloudFrontState): Promise<void> {
  const cf = client(ctx);
  const tagKey = step.tags[0].Key;
  const existing = (await listDistributions(cf, ctx.signal)).find((d) => (d.Origins?.Items ?? []).some((o) => o.DomainName === step.originDomain));
  let id: string;
  let domain: string;
  if (existing?.Id && existing.DomainName) {
    id = existing.Id;
    domain = existing.DomainName;
    const owned = await isOwned(cf, existing.ARN, tagKey, ctx.signal);
    ctx.log(`CloudFront distribution ${id} (${domain}) already serves ${step.originDomain}${owned ? '' : `, but is not tagged ${tagKey}=owned: using it; delete will leave it alone`}`);
  } else {
    if (!state.oaiId) throw new Error('no origin access identity for the distribution');
    const created = await cf.send(
      new CreateDistributionWithTagsCommand({
        DistributionConfigWithTags: {
          DistributionConfig: distributionConfig({ originDomain: step.originDomain, oaiId: state.oaiId, callerReference: step.callerReference, comment: step.comment }),
          Tags: { Items: step.tags },
        },
      }),
      { abortSignal: ctx.signal },
    );
    if (!created.Distribution?.Id || !created.Distribution.DomainName) throw new Error('CloudFront created a distribution but returned no id or domain');
    id = created.Distribution.Id;
    domain = created.Distribution.DomainName;
    ctx.created.push(`CloudFront distribution ${id}`);
    ctx.log(`Created CloudFront distribution ${id} (${domain})`);
  }
  // STS fetches the documents (and we the TLS thumbprint) from the domain: it must be live first.
  await waitDeployed(ctx, id, 'deployed');
  state.domain = domain;
  ctx.log(`Issuer: https://${domain}`);
}

/** AccessDenied on a list means the caller never had CloudFront to themselves: nothing of ours can be there to find. */
async function tolerateDenied(ctx: CloudFrontContext, what: string, body: () => Promise<void>): Promise<void> {
  if (!ctx.cloudfront) return ctx.log(`Skipped CloudFront ${what}: no CloudFront client`);
  try {
    await body();
  } catch (error) {
    if (errorCode(error) !== 'AccessDenied') throw error;
    ctx.log(`Could not list CloudFront ${what} (AccessDenied): if --create-private-s3-bucket was used for this name, delete them in the CloudFront console`);
  }
}

/** Disable, wait until deployed, delete: CloudFront refuses to delete an enabled distribution. */
export async function deleteOwnedDistributions(step: Extract<AwsStep, { kind: 'cloudfront.deleteOwnedDistributions' }>, ctx: CloudFrontContext): Promise<void> {
  await tolerateDenied(ctx, 'distributions', async () => {
    const cf = client(ctx);
    const abortSignal = ctx.signal;
    for (const summary of await listDistributions(cf, abortSignal)) {
      if (!summary.Id || !(await isOwned(cf, summary.ARN, step.tagKey, abortSignal))) continue;
      ctx.deleted.push(`CloudFront distribution ${summary.Id}`);
      if (ctx.listOnly) continue;
      const got = await cf.send(new GetDistributionConfigCommand({ Id: summary.Id }), { abortSignal });
      let etag = got.ETag;
      if (got.DistributionConfig?.Enabled) {
        const updated = await cf.send(new UpdateDistributionCommand({ Id: summary.Id, IfMatch: etag, DistributionConfig: { ...got.DistributionConfig, Enabled: false } }), { abortSignal });
        etag = updated.ETag;
        ctx.log(`Disabled CloudFront distribution ${summary.Id}`);
      }
      etag = (await waitDeployed(ctx, summary.Id, 'disabled')) ?? etag;
      await cf.send(new DeleteDistributionCommand({ Id: summary.Id, IfMatch: etag }), { abortSignal });
      ctx.log(`Deleted CloudFront distribution ${summary.Id}`);
    }
  });
}

export async function deleteOwnedOriginAccessIdentities(step: Extract<AwsStep, { kind: 'cloudfront.deleteOwnedOriginAccessIdentities' }>, ctx: CloudFrontContext): Promise<void> {
  await tolerateDenied(ctx, 'origin access identities', async () => {
    const cf = client(ctx);
    const abortSignal = ctx.signal;
    let marker: string | undefined;
    const ids: string[] = [];
    do {
      const page = await cf.send(new ListCloudFrontOriginAccessIdentitiesCommand({ Marker: marker }), { abortSignal });
      for (const oai of page.CloudFrontOriginAccessIdentityList?.Items ?? []) if (oai.Id && oai.Comment === step.comment) ids.push(oai.Id);
      marker = page.CloudFrontOriginAccessIdentityList?.IsTruncated ? page.CloudFrontOriginAccessIdentityList.NextMarker : undefined;
    } while (marker);
    for (const id of ids) {
      ctx.deleted.push(`CloudFront origin access identity ${id}`);
      if (ctx.listOnly) continue;
      const got = await cf.send(new GetCloudFrontOriginAccessIdentityCommand({ Id: id }), { abortSignal });
      await cf.send(new DeleteCloudFrontOriginAccessIdentityCommand({ Id: id, IfMatch: got.ETag }), { abortSignal });
      ctx.log(`Deleted CloudFront origin access identity ${id}`);
    }
  });
}
