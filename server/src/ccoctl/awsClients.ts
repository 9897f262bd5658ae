import { CloudFrontClient } from '@aws-sdk/client-cloudfront';
import { IAMClient } from '@aws-sdk/client-iam';
import { S3Client } from '@aws-sdk/client-s3';
import { STSClient } from '@aws-sdk/client-sts';

export interface AwsClients {
  iam: IAMClient;
  s3: S3Client;
  sts: STSClient;
  /** Only `--create-private-s3-bucket` and `delete` use it; callers that never do may leave it out. */
  cloudfront?: CloudFrontClient;
}

/**
 * SDK clients with the default credential chain only (environment, SSO,
 * profiles, web identity, instance role): sts-lens never asks for access
 * keys. Endpoints follow the SDK's own `AWS_ENDPOINT_URL_<SERVICE>` settings;
 * an S3 endpoint set that way is usually an S3-compatible store, which wants
 * path-style addressing.
 */
export function defaultClients(region: string): AwsClients {
  quietSdkNodeNotice();
  const customS3 = Boolean(process.env.AWS_ENDPOINT_URL_S3 || process.env.AWS_ENDPOINT_URL);
  return {
    iam: new IAMClient({ region }),
    s3: new S3Client({ region, forcePathStyle: customS3, requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' }),
    sts: new STSClient({ region }),
    // CloudFront is global: its API lives in us-east-1 whatever the issuer's region.
    cloudfront: new CloudFrontClient({ region: 'us-east-1' }),
  };
}

/**
 * The region the SDK is configured with when no flag names one: `AWS_REGION`,
 * else the `region` of the profile (`AWS_PROFILE`, `~/.aws/config`), as
 * ccoctl's newAWSClient gets it from config.LoadDefaultConfig. Undefined when
 * nothing sets one.
 */
export async function configuredRegion(): Promise<string | undefined> {
  quietSdkNodeNotice();
  const probe = new STSClient({});
  try {
    return await probe.config.region();
  } catch {
    return undefined;
  } finally {
    probe.destroy();
  }
}

export function destroyClients(clients: AwsClients): void {
  clients.iam.destroy();
  clients.s3.destroy();
  clients.sts.destroy();
  clients.cloudfront?.destroy();
}

/** IAM's answer for a role or provider that does not exist. */
export function isNoSuchEntity(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e?.name === 'NoSuchEntityException' || e?.name === 'NoSuchEntity' || e?.$metadata?.httpStatusCode === 404;
}

/**
 * The SDK warns on every run under Node 20 that its releases from 2027 on
 * need Node 22. That concerns which SDK sts-lens bundles, not what the user
 * runs (an editor's extension host cannot be upgraded), so it is silenced
 * unless the user set the SDK's own switch.
 */
function quietSdkNodeNotice(): void {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
}
