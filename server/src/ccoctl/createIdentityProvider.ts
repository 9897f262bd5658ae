import { CLOUDFRONT_ISSUER_PLACEHOLDER, privateBucketDryRunFiles } from './cloudFront';
import { jwksText } from './keys';
import { ACCOUNT_PLACEHOLDER, DISTRIBUTION_DOMAIN, emptyPlan, MODE_PUBLIC, MODE_SECRET, ownerTagKey, ownerTags, partitionOf, Plan, s3DnsSuffix } from './plan';

export const AUTHENTICATION_FILE = 'manifests/cluster-authentication-02-config.yaml';
export const CLIENT_IDS = ['openshift', 'sts.amazonaws.com'];
export const THUMBPRINT_PLACEHOLDER = '<enter_tls_fingerprint_for_issuer_url_here>';
const DISCOVERY_KEY = '.well-known/openid-configuration';
export const KEYS_KEY = 'keys.json';

export interface IdentityProviderInputs {
  name: string;
  region: string;
  publicPem: string;
  /** Known in live runs (from the caller's identity) or given with --account-id; makes the provider ARN exact. */
  accountId?: string;
  createPrivateS3Bucket?: boolean;
}

export function bucketName(name: string): string {
  return `${name}-oidc`;
}

/** The bucket's regional host: the public issuer, or the CloudFront distribution's origin. */
export function bucketHostOf(name: string, region: string): string {
  return `${bucketName(name)}.s3.${region}.${s3DnsSuffix(region)}`;
}

export function issuerUrlOf(name: string, region: string): string {
  return `https://${bucketHostOf(name, region)}`;
}

/** `arn:<partition>:iam::<account>:oidc-provider/<issuer without https://>`. */
export function providerArnOf(issuerUrl: string, region: string, accountId: string | undefined): string {
  return `arn:${partitionOf(region)}:iam::${accountId ?? ACCOUNT_PLACEHOLDER}:oidc-provider/${issuerUrl.replace(/^https:\/\//, '')}`;
}

export function discoveryDocument(issuerUrl: string): string {
  return JSON.stringify(
    {
      issuer: issuerUrl,
      jwks_uri: `${issuerUrl}/${KEYS_KEY}`,
      response_types_supported: ['id_token'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['RS256'],
      claims_supported: ['aud', 'exp', 'sub', 'iat', 'iss'],
    },
    null,
    4,
  );
}

export function authenticationManifest(issuerUrl: string): string {
  return `apiVersion: config.openshift.io/v1\nkind: Authentication\nmetadata:\n  name: cluster\nspec:\n  serviceAccountIssuer: ${issuerUrl}\n`;
}

/** Anonymous read of the issuer's two documents: what STS fetches them with. */
export function publicReadPolicy(bucket: string, region: string): string {
  return JSON.stringify(
    {
      Version: '2012-10-17',
      Statement: [{ Sid: 'AllowReadPublicAccess', Principal: '*', Effect: 'Allow', Action: ['s3:GetObject'], Resource: [`arn:${partitionOf(region)}:s3:::${bucket}/*`] }],
    },
    null,
    4,
  );
}

/**
 * The OIDC issuer (an S3 bucket holding the discovery document and the JWKS),
 * the IAM identity provider that trusts it, and the installer's Authentication
 * manifest. In dry run the AWS inputs are written as `01`-`04` files instead.
 */
export function planIdentityProvider(inputs: IdentityProviderInputs, dryRun: boolean): Plan {
  const plan = emptyPlan();
  const { name, region } = inputs;
  const isPrivate = inputs.createPrivateS3Bucket === true;
  const bucket = bucketName(name);
  // A private bucket is served by a CloudFront distribution whose domain is the issuer,
  // known only once it exists: dry-run files carry ccoctl's placeholder, a live plan
  // a token the executor replaces.
  const issuerUrl = !isPrivate ? issuerUrlOf(name, region) : dryRun ? CLOUDFRONT_ISSUER_PLACEHOLDER : `https://${DISTRIBUTION_DOMAIN}`;
  const providerArn = providerArnOf(issuerUrl, region, inputs.accountId);
  const discovery = discoveryDocument(issuerUrl);
  const jwks = jwksText(inputs.publicPem);
  const tags = ownerTags(name);
  plan.issuerUrl = issuerUrl;
  plan.providerArn = providerArn;
  if (dryRun) {
    const bucketInput: Record<string, unknown> = { ACL: 'private', Bucket: bucket };
    // us-east-1 is S3's default location: AWS rejects it as an explicit LocationConstraint.
    if (region !== 'us-east-1') bucketInput.CreateBucketConfiguration = { LocationConstraint: region };
    plan.files.push(
      { path: '01-oidc-bucket.json', content: `${JSON.stringify(bucketInput, null, '\t')}\n`, mode: MODE_PUBLIC, description: 'S3 bucket (aws s3api create-bucket --cli-input-json)' },
      { path: '02-openid-configuration', content: `${discovery}\n`, mode: MODE_PUBLIC, description: `OIDC discovery document (upload to ${bucket}/${DISCOVERY_KEY})` },
      { path: '03-keys.json', content: `${jwks}\n`, mode: MODE_PUBLIC, description: `JWKS (upload to ${bucket}/${KEYS_KEY})` },
      {
        path: '04-iam-identity-provider.json',
        content: `${JSON.stringify({ Url: issuerUrl, ClientIDList: CLIENT_IDS, ThumbprintList: [THUMBPRINT_PLACEHOLDER] }, null, '\t')}\n`,
        mode: MODE_PUBLIC,
        description: 'IAM OIDC identity provider (aws iam create-open-id-connect-provider --cli-input-json)',
      },
    );
    if (isPrivate) {
      for (const file of privateBucketDryRunFiles({ bucket, region, originDomain: bucketHostOf(name, region), callerReference: name, comment: ownerTagKey(name), tags })) {
        plan.files.push({ ...file, mode: MODE_PUBLIC });
      }
      plan.problems.push({
        severity: 'warning',
        message: `--create-private-s3-bucket: the issuer is the CloudFront distribution's https://<id>.cloudfront.net, known only once the distribution exists. The dry-run files carry ${CLOUDFRONT_ISSUER_PLACEHOLDER} instead (02-openid-configuration, 04-iam-identity-provider.json, the roles' trust policies, ${AUTHENTICATION_FILE}): replace it with the distribution's URL before using them, or run without --dry-run.`,
      });
    }
  }
  if (isPrivate) {
    plan.steps.push(
      { kind: 's3.ensureBucket', bucket, region, tags, publicReadPolicy: undefined },
      { kind: 'cloudfront.ensureOriginAccessIdentity', callerReference: name, comment: ownerTagKey(name) },
      { kind: 's3.putOaiBucketPolicy', bucket, region },
      { kind: 'cloudfront.ensureDistribution', originDomain: bucketHostOf(name, region), callerReference: name, comment: ownerTagKey(name), tags },
    );
  } else {
    plan.steps.push({ kind: 's3.ensureBucket', bucket, region, tags, publicReadPolicy: publicReadPolicy(bucket, region) });
  }
  plan.steps.push(
    { kind: 's3.putObject', bucket, key: DISCOVERY_KEY, body: discovery, tags },
    { kind: 's3.putObject', bucket, key: KEYS_KEY, body: jwks, tags },
    { kind: 'iam.ensureOidcProvider', url: issuerUrl, arn: inputs.accountId ? providerArn : undefined, clientIds: CLIENT_IDS, tags },
  );
  plan.files.push({ path: AUTHENTICATION_FILE, content: authenticationManifest(issuerUrl), mode: MODE_SECRET, description: 'Authentication manifest for the installer' });
  return plan;
}
