import { AwsStep } from './plan';

/** One line per AWS step, naming the API calls it may make: the dry-run preview users confirm. */
export function describeStep(step: AwsStep): string {
  switch (step.kind) {
    case 's3.ensureBucket':
      return `S3: create bucket ${step.bucket} in ${step.region} unless it exists (CreateBucket, PutBucketTagging, PutPublicAccessBlock, PutBucketPolicy: public read of its objects)`;
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
    case 'iam.deleteOwnedOidcProviders':
      return `IAM: delete the OIDC identity providers tagged ${step.tagKey}=owned`;
  }
}
