import { useLocalAws } from './localAws';
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { awsRun } from '../../server/src/commands/awsCommands';
import { AwsRunResult } from '../../server/src/awsProtocol';
import { publicPemOf } from '../../server/src/ccoctl/keys';
import { aws, CREDREQUESTS, listFiles, TEST_KEY, tempDir } from '../unit/ccoctl/ccoctlHelpers';
import { FakeCloudFront } from './cloudFrontServer';
import { ACCOUNT, FakeIam } from './iamServer';
import { FakeS3 } from './s3Server';

// The fake numbers resources in creation order: the OAI first, then the distribution.
const OAI = 'E001OAITEST';
const DISTRIBUTION = 'E002DISTTEST';
const DOMAIN = 'd2test.cloudfront.net';
const ISSUER = `https://${DOMAIN}`;
const PROVIDER_ARN = `arn:aws:iam::${ACCOUNT}:oidc-provider/${DOMAIN}`;
const ROLE_EBS = 'demo-openshift-cluster-csi-drivers-ebs-cloud-credentials';
const ROLE_REGISTRY = 'demo-openshift-image-registry-installer-cloud-credentials';
const THUMBPRINT = '0123456789ABCDEF0123456789ABCDEF01234567';
const OWNER_TAG = 'openshift.io/cloud-credential-operator/demo';
const TAGS = [
  { Key: OWNER_TAG, Value: 'owned' },
  { Key: 'Name', Value: 'demo' },
];

describe('sts-lens aws --create-private-s3-bucket against local IAM, S3 and CloudFront servers', function () {
  this.timeout(30_000);
  const iam = new FakeIam();
  const s3 = new FakeS3();
  const cf = new FakeCloudFront();
  const local = useLocalAws({ iam, s3, cf });
  // The issuer's host is CloudFront's: the thumbprint hook answers only for the distribution's domain.
  const deps = { thumbprint: async (url: string) => (url === ISSUER ? THUMBPRINT : 'WRONG'), pollMs: 5 };
  const createAll = (...extra: string[]) =>
    aws(['create-all', '--create-private-s3-bucket', '--name', 'demo', '--region', 'us-east-2', '--credentials-requests-dir', CREDREQUESTS, '--output-dir', local.out, ...extra], '/', deps);
  const resetCalls = () => {
    iam.calls.length = 0;
    s3.calls.length = 0;
    cf.calls.length = 0;
  };

  it('create-all keeps the bucket private, serves it through CloudFront and uses the distribution as issuer', async () => {
    const { code, stdout, stderr } = await createAll();
    assert.strictEqual(stderr.replace(/^info: .*\n/gm, ''), '');
    assert.strictEqual(code, 0);
    assert.deepStrictEqual(
      cf.calls.map((c) => `${c.operation}${c.id ? ` ${c.id}` : ''}`),
      ['ListCloudFrontOriginAccessIdentities', 'CreateCloudFrontOriginAccessIdentity', 'ListDistributions', 'CreateDistributionWithTags', `GetDistribution ${DISTRIBUTION}`, `GetDistribution ${DISTRIBUTION}`],
    );
    assert.ok(stdout.includes(`Waiting 0.005 s for CloudFront distribution ${DISTRIBUTION} to be deployed (InProgress)\n`), stdout);
    // The origin access identity: found again by its comment (OAIs carry no tags).
    const oai = cf.oais.get(OAI)!;
    assert.deepStrictEqual({ callerReference: oai.callerReference, comment: oai.comment }, { callerReference: 'demo', comment: OWNER_TAG });
    // The distribution: the bucket's regional host as its only origin, read through the OAI, https only, tagged.
    const distribution = cf.distributions.get(DISTRIBUTION)!;
    assert.deepStrictEqual(distribution.tags, TAGS);
    assert.match(distribution.config, /<Origins><Quantity>1<\/Quantity><Items><Origin><Id>demo-oidc\.s3\.us-east-2\.amazonaws\.com<\/Id><DomainName>demo-oidc\.s3\.us-east-2\.amazonaws\.com<\/DomainName>/);
    assert.ok(distribution.config.includes(`<S3OriginConfig><OriginAccessIdentity>origin-access-identity/cloudfront/${OAI}</OriginAccessIdentity></S3OriginConfig>`), distribution.config);
    assert.ok(distribution.config.includes('<ViewerProtocolPolicy>https-only</ViewerProtocolPolicy>'));
    assert.ok(distribution.config.includes(`<Comment>${OWNER_TAG}</Comment>`));

    // S3: no public read anywhere; the only reader is the OAI.
    assert.deepStrictEqual(s3.writes(), [
      'CreateBucket demo-oidc',
      'PutBucketTagging demo-oidc',
      'PutBucketPublicAccessBlock demo-oidc',
      'PutBucketPolicy demo-oidc',
      'PutObject demo-oidc/.well-known/openid-configuration',
      'PutObject demo-oidc/keys.json',
    ]);
    const block = s3.publicAccessBlocks.get('demo-oidc')!;
    for (const setting of ['BlockPublicAcls', 'IgnorePublicAcls', 'BlockPublicPolicy', 'RestrictPublicBuckets']) assert.ok(block.includes(`<${setting}>true</${setting}>`), block);
    assert.deepStrictEqual(JSON.parse(s3.bucketPolicies.get('demo-oidc')!).Statement, [
      {
        Sid: 'AllowCloudFrontOriginAccessIdentity',
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::cloudfront:user/CloudFront Origin Access Identity ${OAI}` },
        Action: 's3:GetObject',
        Resource: 'arn:aws:s3:::demo-oidc/*',
      },
    ]);
    assert.deepStrictEqual(s3.bucketTags.get('demo-oidc'), TAGS);
    assert.deepStrictEqual(s3.objectTags.get('demo-oidc/.well-known/openid-configuration'), TAGS);

    // The issuer is the distribution's domain in the discovery document, the provider, the trust policies and the manifest.
    const discovery = JSON.parse(await (await fetch(`${s3.url}/demo-oidc/.well-known/openid-configuration`)).text());
    assert.strictEqual(discovery.issuer, ISSUER);
    assert.strictEqual(discovery.jwks_uri, `${ISSUER}/keys.json`);
    const create = iam.calls.find((c) => c.action === 'CreateOpenIDConnectProvider')!.params;
    assert.deepStrictEqual(create, { Url: ISSUER, 'ClientIDList.member.1': 'openshift', 'ClientIDList.member.2': 'sts.amazonaws.com', 'ThumbprintList.member.1': THUMBPRINT });
    assert.deepStrictEqual(iam.providers.get(PROVIDER_ARN)!.tags, TAGS);
    const trust = JSON.parse(iam.roles.get(ROLE_EBS)!.trust).Statement[0];
    assert.strictEqual(trust.Principal.Federated, PROVIDER_ARN);
    assert.deepStrictEqual(Object.keys(trust.Condition.StringEquals), [`${DOMAIN}:sub`]);
    assert.strictEqual(
      fs.readFileSync(path.join(local.out, 'manifests/cluster-authentication-02-config.yaml'), 'utf8'),
      `apiVersion: config.openshift.io/v1\nkind: Authentication\nmetadata:\n  name: cluster\nspec:\n  serviceAccountIssuer: ${ISSUER}\n`,
    );
    assert.ok(stdout.includes(`TLS thumbprint of ${ISSUER}: ${THUMBPRINT}\n`));
    assert.ok(stdout.includes(`Issuer URL (serviceAccountIssuer): ${ISSUER}\n`));
    // No stand-in for the domain reached AWS or a file.
    const everything = [JSON.stringify(iam.calls), JSON.stringify(cf.calls), ...listFiles(local.out).map((f) => fs.readFileSync(path.join(local.out, f), 'utf8'))].join('\n');
    assert.ok(!everything.includes('cloudfront-distribution-domain') && !everything.includes('enter_cloudfront'), everything);
    assert.deepStrictEqual(listFiles(local.out), [
      'manifests/cluster-authentication-02-config.yaml',
      'manifests/openshift-cluster-csi-drivers-ebs-cloud-credentials-credentials.yaml',
      'manifests/openshift-image-registry-installer-cloud-credentials-credentials.yaml',
      'serviceaccount-signer.private',
      'serviceaccount-signer.public',
      'tls/bound-service-account-signing-key.key',
    ]);
  });

  it('a second create-all finds the OAI and the distribution and creates nothing new', async () => {
    resetCalls();
    const { code, stdout } = await createAll();
    assert.strictEqual(code, 0);
    assert.deepStrictEqual(cf.writes(), []);
    assert.strictEqual(cf.oais.size, 1);
    assert.strictEqual(cf.distributions.size, 1);
    assert.deepStrictEqual(iam.writes(), [`PutRolePolicy ${ROLE_EBS}`, `PutRolePolicy ${ROLE_REGISTRY}`]);
    // The OAI policy is put again (it is what lets CloudFront read); nothing is created.
    assert.deepStrictEqual(s3.writes(), ['PutBucketPolicy demo-oidc', 'PutObject demo-oidc/.well-known/openid-configuration', 'PutObject demo-oidc/keys.json']);
    assert.ok(stdout.includes(`CloudFront distribution ${DISTRIBUTION} (${DOMAIN}) already serves demo-oidc.s3.us-east-2.amazonaws.com\n`), stdout);
    assert.ok(stdout.includes(`Issuer URL (serviceAccountIssuer): ${ISSUER}\n`));
  });

  it('delete --dry-run lists the distribution and the OAI without touching them', async () => {
    resetCalls();
    const { code, stdout } = await aws(['delete', '--dry-run', '--name', 'demo', '--region', 'us-east-2'], '/', deps);
    assert.strictEqual(code, 0);
    assert.ok(
      stdout.endsWith(
        `Would delete:\n  object s3://demo-oidc/.well-known/openid-configuration\n  object s3://demo-oidc/keys.json\n  bucket demo-oidc\n  CloudFront distribution ${DISTRIBUTION}\n  CloudFront origin access identity ${OAI}\n  role ${ROLE_EBS}\n  role ${ROLE_REGISTRY}\n  identity provider ${PROVIDER_ARN}\n`,
      ),
      stdout,
    );
    assert.deepStrictEqual(cf.writes(), []);
  });

  it('delete disables, waits for and deletes the distribution, then the OAI, and leaves what is not tagged for the name', async () => {
    // Another cluster's distribution and OAI, in the same account.
    const other = cf.distributions.get(DISTRIBUTION)!;
    cf.distributions.set('E900OTHER', {
      ...other,
      id: 'E900OTHER',
      arn: `arn:aws:cloudfront::${ACCOUNT}:distribution/E900OTHER`,
      domain: 'd900other.cloudfront.net',
      config: other.config.replaceAll(OAI, 'E901OTHER').replaceAll('demo-oidc', 'other-oidc').replace('<CallerReference>demo<', '<CallerReference>other<'),
      tags: [{ Key: 'openshift.io/cloud-credential-operator/other', Value: 'owned' }],
    });
    cf.oais.set('E901OTHER', { id: 'E901OTHER', canonicalUser: 'abc', callerReference: 'other', comment: 'openshift.io/cloud-credential-operator/other', etag: 1 });
    resetCalls();
    const { code, stdout, stderr } = await aws(['delete', '--name', 'demo', '--region', 'us-east-2'], '/', deps);
    assert.strictEqual(stderr, '');
    assert.strictEqual(code, 0, stdout);
    assert.deepStrictEqual(cf.writes(), [`UpdateDistribution ${DISTRIBUTION}`, `DeleteDistribution ${DISTRIBUTION}`, `DeleteCloudFrontOriginAccessIdentity ${OAI}`]);
    const update = cf.calls.find((c) => c.operation === 'UpdateDistribution')!;
    assert.strictEqual(update.ifMatch, 'ETAG1');
    assert.ok(update.body!.includes(`<Comment>${OWNER_TAG}</Comment><Enabled>false</Enabled>`), update.body);
    // Deleted only once the disabling is deployed, with the ETag of that state.
    const afterUpdate = cf.calls.slice(cf.calls.indexOf(update) + 1).map((c) => c.operation);
    assert.deepStrictEqual(afterUpdate.slice(0, 3), ['GetDistribution', 'GetDistribution', 'DeleteDistribution']);
    assert.strictEqual(cf.calls.find((c) => c.operation === 'DeleteDistribution')!.ifMatch, 'ETAG2');
    assert.deepStrictEqual([...cf.distributions.keys()], ['E900OTHER']);
    assert.deepStrictEqual([...cf.oais.keys()], ['E901OTHER']);
    assert.strictEqual(iam.providers.size, 0);
    assert.deepStrictEqual(s3.writes(), ['DeleteObject demo-oidc/.well-known/openid-configuration', 'DeleteObject demo-oidc/keys.json', 'DeleteBucket demo-oidc']);
    const again = await aws(['delete', '--name', 'demo', '--region', 'us-east-2'], '/', deps);
    assert.strictEqual(again.code, 0);
    assert.ok(again.stdout.endsWith('Nothing tagged for demo found.\n'), again.stdout);
  });

  it('the LSP command sts-lens.aws.run records the CloudFront calls and returns the issuer it decided', async () => {
    resetCalls();
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'serviceaccount-signer.public'), publicPemOf(fs.readFileSync(TEST_KEY, 'utf8')));
    // A new OAI (3) and distribution (4) after the delete above.
    const issuer = 'https://d4test.cloudfront.net';
    const result = (await awsRun(
      { action: 'create-identity-provider', inputs: { name: 'demo', region: 'us-east-2', outputDir: dir, dryRun: false, createPrivateS3Bucket: true }, trusted: true, confirmed: true },
      { thumbprint: async (url) => (url === issuer ? THUMBPRINT : 'WRONG'), pollMs: 5 },
    )) as AwsRunResult;
    assert.ok(!('error' in result), JSON.stringify(result));
    assert.strictEqual(result.issuerUrl, issuer);
    assert.deepStrictEqual(
      result.awsCalls.filter((c) => c.startsWith('CloudFront ')),
      ['CloudFront ListCloudFrontOriginAccessIdentities', 'CloudFront CreateCloudFrontOriginAccessIdentity', 'CloudFront ListDistributions', 'CloudFront CreateDistributionWithTags', 'CloudFront GetDistribution', 'CloudFront GetDistribution'],
    );
    assert.deepStrictEqual(result.created, ['bucket demo-oidc', 'CloudFront origin access identity E003OAITEST', 'CloudFront distribution E004DISTTEST', `identity provider arn:aws:iam::${ACCOUNT}:oidc-provider/d4test.cloudfront.net`]);
    assert.ok(fs.readFileSync(path.join(dir, 'manifests/cluster-authentication-02-config.yaml'), 'utf8').endsWith(`  serviceAccountIssuer: ${issuer}\n`));
  });
});
