import type { DistributionConfig } from '@aws-sdk/client-cloudfront';
import { partitionOf, Tag } from './plan';

/**
 * The CloudFront pieces of `--create-private-s3-bucket`: the bucket stays
 * private, an origin access identity (OAI) is the only reader, and a
 * distribution serves the two issuer documents over https from
 * `<id>.cloudfront.net`, which becomes the issuer.
 */

/** ccoctl's dry-run stand-in for the issuer: the distribution's domain is unknown until it exists. */
export const CLOUDFRONT_ISSUER_PLACEHOLDER = '<enter_cloudfront_distribution_url_here>';
export const OAI_PLACEHOLDER = '<enter_cloudfront_origin_access_identity_here>';
/** AWS's managed cache policy "CachingDisabled": a rotated key must reach STS at once. */
export const CACHING_DISABLED_POLICY_ID = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';

/** The principal a bucket policy names to let one origin access identity read. */
export function oaiPrincipal(oaiId: string, region: string): string {
  return `arn:${partitionOf(region)}:iam::cloudfront:user/CloudFront Origin Access Identity ${oaiId}`;
}

/** Read access for the origin access identity only: nothing public. */
export function oaiReadPolicy(bucket: string, region: string, oaiId: string): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Id: 'PolicyForCloudFrontPrivateContent',
    Statement: [{ Sid: 'AllowCloudFrontOriginAccessIdentity', Effect: 'Allow', Principal: { AWS: oaiPrincipal(oaiId, region) }, Action: 's3:GetObject', Resource: `arn:${partitionOf(region)}:s3:::${bucket}/*` }],
  });
}

export const BLOCK_ALL_PUBLIC_ACCESS = { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true };

export interface DistributionInputs {
  /** `<bucket>.s3.<region>.<dns suffix>`: also the origin's id, and how a later run finds the distribution. */
  originDomain: string;
  oaiId: string;
  callerReference: string;
  comment: string;
}

/**
 * The distribution ccoctl creates: one S3 origin read through the OAI,
 * https only, GET/HEAD, caching disabled, CloudFront's default certificate.
 * Shaped as CreateDistributionWithTags wants it (and the dry-run file).
 */
export function distributionConfig(inputs: DistributionInputs): DistributionConfig {
  const methods = { Quantity: 2, Items: ['HEAD' as const, 'GET' as const] };
  return {
    CallerReference: inputs.callerReference,
    Aliases: { Quantity: 0 },
    Origins: {
      Quantity: 1,
      Items: [
        {
          Id: inputs.originDomain,
          DomainName: inputs.originDomain,
          OriginPath: '',
          CustomHeaders: { Quantity: 0 },
          S3OriginConfig: { OriginAccessIdentity: `origin-access-identity/cloudfront/${inputs.oaiId}` },
          ConnectionAttempts: 3,
          ConnectionTimeout: 10,
          OriginShield: { Enabled: false },
        },
      ],
    },
    DefaultCacheBehavior: {
      TargetOriginId: inputs.originDomain,
      TrustedSigners: { Enabled: false, Quantity: 0 },
      TrustedKeyGroups: { Enabled: false, Quantity: 0 },
      ViewerProtocolPolicy: 'https-only',
      AllowedMethods: { ...methods, CachedMethods: methods },
      SmoothStreaming: false,
      Compress: false,
      LambdaFunctionAssociations: { Quantity: 0 },
      FunctionAssociations: { Quantity: 0 },
      FieldLevelEncryptionId: '',
      CachePolicyId: CACHING_DISABLED_POLICY_ID,
    },
    CacheBehaviors: { Quantity: 0 },
    CustomErrorResponses: { Quantity: 0 },
    Comment: inputs.comment,
    Logging: { Enabled: false, IncludeCookies: false, Bucket: '', Prefix: '' },
    PriceClass: 'PriceClass_All',
    Enabled: true,
    ViewerCertificate: { CloudFrontDefaultCertificate: true },
  };
}

export interface PrivateBucketFiles {
  bucket: string;
  region: string;
  originDomain: string;
  callerReference: string;
  comment: string;
  tags: Tag[];
}

const tabbed = (value: unknown) => `${JSON.stringify(value, null, '\t')}\n`;

/** ccoctl's dry-run files 05-08 (aws CLI --cli-input-json inputs), OAI id left as its placeholder. */
export function privateBucketDryRunFiles(inputs: PrivateBucketFiles): Array<{ path: string; content: string; description: string }> {
  return [
    {
      path: '05-cloudfront-origin-access-identity.json',
      content: tabbed({ CloudFrontOriginAccessIdentityConfig: { CallerReference: inputs.callerReference, Comment: inputs.comment } }),
      description: 'CloudFront origin access identity (aws cloudfront create-cloud-front-origin-access-identity --cli-input-json)',
    },
    {
      path: '06-put-bucket-policy-to-allow-origin-access-identity.json',
      content: tabbed({ Bucket: inputs.bucket, Policy: oaiReadPolicy(inputs.bucket, inputs.region, OAI_PLACEHOLDER) }),
      description: `bucket policy letting only the origin access identity read ${inputs.bucket} (aws s3api put-bucket-policy --cli-input-json)`,
    },
    {
      path: '07-block-public-access-to-oidc-bucket.json',
      content: tabbed({ Bucket: inputs.bucket, PublicAccessBlockConfiguration: BLOCK_ALL_PUBLIC_ACCESS }),
      description: `public access block of ${inputs.bucket} (aws s3api put-public-access-block --cli-input-json)`,
    },
    {
      path: '08-cloudfront-distribution.json',
      content: tabbed({
        DistributionConfigWithTags: {
          DistributionConfig: distributionConfig({ originDomain: inputs.originDomain, oaiId: OAI_PLACEHOLDER, callerReference: inputs.callerReference, comment: inputs.comment }),
          Tags: { Items: inputs.tags },
        },
      }),
      description: 'CloudFront distribution serving the issuer (aws cloudfront create-distribution-with-tags --cli-input-json)',
    },
  ];
}
