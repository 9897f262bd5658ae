import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { planIdentityProvider } from '../../../server/src/ccoctl/createIdentityProvider';
import { describeStep } from '../../../server/src/ccoctl/describe';
import { publicPemOf } from '../../../server/src/ccoctl/keys';
import { DISTRIBUTION_DOMAIN } from '../../../server/src/ccoctl/plan';
import { check } from '../helpers';
import { assertGolden, aws, CREDREQUESTS, TEST_KEY, tempDir } from './ccoctlHelpers';

const PLACEHOLDER = '<enter_cloudfront_distribution_url_here>';
const WARNING = `warning: --create-private-s3-bucket: the issuer is the CloudFront distribution's https://<id>.cloudfront.net, known only once the distribution exists. The dry-run files carry ${PLACEHOLDER} instead (02-openid-configuration, 04-iam-identity-provider.json, the roles' trust policies, manifests/cluster-authentication-02-config.yaml): replace it with the distribution's URL before using them, or run without --dry-run.\n`;

describe('sts-lens aws create-all --dry-run --create-private-s3-bucket', function () {
  this.timeout(30_000);
  let out: string;
  let stdout: string;

  before(async () => {
    out = tempDir();
    fs.copyFileSync(TEST_KEY, path.join(out, 'serviceaccount-signer.private'));
    fs.chmodSync(path.join(out, 'serviceaccount-signer.private'), 0o600);
    const result = await aws(
      ['create-all', '--dry-run', '--create-private-s3-bucket', '--name', 'demo', '--region', 'us-east-2', '--credentials-requests-dir', CREDREQUESTS, '--output-dir', out, '--account-id', '123456789012'],
      '/',
    );
    assert.strictEqual(result.stderr, WARNING);
    assert.strictEqual(result.code, 0);
    stdout = result.stdout;
  });

  it('writes ccoctl\'s files, the CloudFront ones (05-08) included, with its placeholders', () => {
    assertGolden(out, 'create-all-private');
  });

  it('keeps the bucket private in every file: no public-read policy, all public access blocked, the OAI as only reader', () => {
    const policyInput = JSON.parse(fs.readFileSync(path.join(out, '06-put-bucket-policy-to-allow-origin-access-identity.json'), 'utf8'));
    assert.deepStrictEqual(JSON.parse(policyInput.Policy).Statement[0].Principal, { AWS: 'arn:aws:iam::cloudfront:user/CloudFront Origin Access Identity <enter_cloudfront_origin_access_identity_here>' });
    const block = JSON.parse(fs.readFileSync(path.join(out, '07-block-public-access-to-oidc-bucket.json'), 'utf8'));
    assert.deepStrictEqual(block.PublicAccessBlockConfiguration, { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true });
    const all = fs.readdirSync(out).filter((f) => f.endsWith('.json')).map((f) => fs.readFileSync(path.join(out, f), 'utf8')).join('\n');
    assert.ok(!all.includes('AllowReadPublicAccess') && !all.includes('"Principal":"*"'), 'a public-read policy in a private-bucket dry run');
  });

  it('prints the placeholder issuer and the CloudFront steps of a live run, in order', () => {
    const lines = stdout.split('\n');
    assert.ok(lines.includes(`Issuer URL (serviceAccountIssuer): ${PLACEHOLDER}`));
    const steps = lines.slice(lines.indexOf('Dry run: nothing was changed in AWS. A live run would:') + 1, lines.indexOf('Dry run: nothing was changed in AWS. A live run would:') + 8);
    assert.deepStrictEqual(steps, [
      '  S3: create private bucket demo-oidc in us-east-2 unless it exists (CreateBucket, PutBucketTagging, PutPublicAccessBlock: all public access blocked)',
      '  CloudFront: create an origin access identity commented openshift.io/cloud-credential-operator/demo unless one exists (ListCloudFrontOriginAccessIdentities, CreateCloudFrontOriginAccessIdentity)',
      '  S3: let only that origin access identity read the objects of demo-oidc (PutBucketPolicy)',
      `  CloudFront: create a distribution serving demo-oidc.s3.us-east-2.amazonaws.com through the origin access identity unless one exists, and wait until it is deployed (ListDistributions, CreateDistributionWithTags, GetDistribution); its domain ${DISTRIBUTION_DOMAIN}, known only then, is the issuer`,
      '  S3: upload s3://demo-oidc/.well-known/openid-configuration (PutObject)',
      '  S3: upload s3://demo-oidc/keys.json (PutObject)',
      `  IAM: create the OIDC identity provider for ${PLACEHOLDER} with client IDs openshift, sts.amazonaws.com unless one tagged for this name exists (CreateOpenIDConnectProvider, TagOpenIDConnectProvider)`,
    ]);
  });

  it('leaves an Authentication manifest that the service-account-issuer rule flags as not a real issuer', () => {
    const manifest = fs.readFileSync(path.join(out, 'manifests/cluster-authentication-02-config.yaml'), 'utf8');
    const result = check({ 'manifests/cluster-authentication-02-config.yaml': manifest }, 'manifests/cluster-authentication-02-config.yaml');
    assert.deepStrictEqual(result.summary, [`5:24-5:${24 + PLACEHOLDER.length} service-account-issuer`]);
    assert.strictEqual(
      result.findings[0].message,
      `spec.serviceAccountIssuer "${PLACEHOLDER}" is a dry-run placeholder, not an issuer (with --create-private-s3-bucket the issuer is the CloudFront distribution's https://<id>.cloudfront.net, known only once the distribution exists): tokens carry the issuer verbatim in iss and STS compares it literally with the IAM OIDC provider's URL, so AssumeRoleWithWebIdentity fails with "No OpenIDConnect provider found in your account for ${PLACEHOLDER}". Use the https URL the discovery document is served from, e.g. https://<bucket>.s3.<region>.amazonaws.com.`,
    );
  });
});

describe('the live plan of --create-private-s3-bucket', () => {
  const plan = planIdentityProvider({ name: 'demo', region: 'cn-north-1', publicPem: publicPemOf(fs.readFileSync(TEST_KEY, 'utf8')), accountId: '123456789012', createPrivateS3Bucket: true }, false);

  it('orders the CloudFront calls before the documents and the provider, and names the issuer by the domain token', () => {
    assert.deepStrictEqual(plan.steps.map((s) => s.kind), [
      's3.ensureBucket',
      'cloudfront.ensureOriginAccessIdentity',
      's3.putOaiBucketPolicy',
      'cloudfront.ensureDistribution',
      's3.putObject',
      's3.putObject',
      'iam.ensureOidcProvider',
    ]);
    assert.strictEqual(plan.issuerUrl, `https://${DISTRIBUTION_DOMAIN}`);
    assert.strictEqual(plan.providerArn, `arn:aws-cn:iam::123456789012:oidc-provider/${DISTRIBUTION_DOMAIN}`);
    assert.deepStrictEqual(plan.problems, []);
    // The bucket step carries no public policy; the origin is the partition's S3 host.
    const bucket = plan.steps[0];
    assert.ok(bucket.kind === 's3.ensureBucket' && bucket.publicReadPolicy === undefined);
    assert.match(describeStep(plan.steps[3]), /serving demo-oidc\.s3\.cn-north-1\.amazonaws\.com\.cn /);
    // A live plan writes only the manifest; its issuer is resolved when the distribution exists.
    assert.deepStrictEqual(plan.files.map((f) => f.path), ['manifests/cluster-authentication-02-config.yaml']);
  });
});
