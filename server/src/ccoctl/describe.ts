import { AwsStep, DISTRIBUTION_DOMAIN } from './plan';

/** One line per AWS step, naming the API calls it may make: the dry-run preview users confirm. */
export function describeStep(step: AwsStep): string {
  switch (step.kind) {
    case 's3.ensureBucket':
      if (step.publicReadPolicy === undefined) return `S3: create private bucket ${step.bucket} in ${step.region} unless it exists (CreateBucket, PutBucketTagging, PutPublicAccessBlock: all public access blocked)`;
      return `S3: create bucket ${step.bucket} in ${step.region} unless it exists (CreateBucket, PutBucketTagging, PutPublicAccessBlock, PutBucketPolicy: public read of its objects)`;
    case 'cloudfront.ensureOriginAccessIdentity':
      return `CloudFront: create an origin access identity commented ${step.comment} unless one exists (ListCloudFrontOriginAccessIdentities, CreateCloudFrontOriginAccessIdentity)`;
    case 's3.putOaiBucketPolicy':
      return `S3: let only that origin access identity read the objects of ${step.bucket} (PutBucketPolicy)`;
    case 'cloudfront.ensureDistribution':
      return `CloudFront: create a distribution serving ${step.originDomain} through the origin access identity unless one exists, and wait until it is deployed (ListDistributions, CreateDistributionWithTags, GetDistribution); its domain ${DISTRIBUTION_DOMAIN}, known only then, is the issuer`;
    case 's3.putObject':
      return `S3: upload s3://${step.bucket}/${step.key} (PutObject)`;
    case 'iam.ensureOidcProvider':
      return `IAM: create the OIDC identity provider for ${step.url} with client IDs ${step.clientIds.join(', ')} unless one tagged for this name exists (CreateOpenIDConnectProvider, TagOpenIDConnectProvider)`;
    case 'iam.ensureRole':
      return `IAM: create role ${step.roleName} unless it exists; report a different trust policy (GetRole, CreateRole)`;
    case 'iam.putRolePolicy':
      return `IAM: put inline policy ${step.policyName} on role ${step.roleName} (PutRolePolicy)`;
    case 's3.deleteOwned':
      return `S3: delete the objects of bucket ${step.bucket} tagged ${step.tagKey}=owned, then the bucket if it is tagged so`;
    case 'iam.deleteOwnedRoles':
      return `IAM: delete every role tagged ${step.tagKey}=owned, with its inline policies`;
    case 'cloudfront.deleteOwnedDistributions':
      return `CloudFront: disable, wait for and delete the distributions tagged ${step.tagKey}=owned`;
    case 'cloudfront.deleteOwnedOriginAccessIdentities':
      return `CloudFront: delete the origin access identities commented ${step.comment}`;
    case 'iam.deleteOwnedOidcProviders':
      return `IAM: delete the OIDC identity providers tagged ${step.tagKey}=owned`;
  }
}
