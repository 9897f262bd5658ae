import { useLocalAws } from './localAws';
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { jwksText, publicPemOf } from '../../server/src/ccoctl/keys';
import { aws, CREDREQUESTS, listFiles, TEST_KEY } from '../unit/ccoctl/ccoctlHelpers';
import { FakeCloudFront } from './cloudFrontServer';
import { ACCOUNT, FakeIam } from './iamServer';
import { FakeS3 } from './s3Server';

const ISSUER = 'https://demo-oidc.s3.us-east-2.amazonaws.com';
const PROVIDER_ARN = `arn:aws:iam::${ACCOUNT}:oidc-provider/demo-oidc.s3.us-east-2.amazonaws.com`;
const ROLE_EBS = 'demo-openshift-cluster-csi-drivers-ebs-cloud-credentials';
const ROLE_REGISTRY = 'demo-openshift-image-registry-installer-cloud-credentials';
const THUMBPRINT = '9E99A48A9960B14926BB7F3B02E22DA2B0AB7280';
const OWNER_TAG = 'openshift.io/cloud-credential-operator/demo';

/** The SDK's default chain reads these; nothing else in the code knows about the test servers. */
describe('sts-lens aws against local IAM and S3 servers', function () {
  this.timeout(30_000);
  const iam = new FakeIam();
  const s3 = new FakeS3();
  // delete also looks for --create-private-s3-bucket's CloudFront resources.
  const cf = new FakeCloudFront();
  const local = useLocalAws({ iam, s3, cf });
  const deps = { thumbprint: async (url: string) => (url === ISSUER ? THUMBPRINT : 'WRONG') };
  const createAll = (...extra: string[]) =>
    aws(['create-all', '--name', 'demo', '--region', 'us-east-2', '--credentials-requests-dir', CREDREQUESTS, '--output-dir', local.out, ...extra], '/', deps);

  it('create-all creates the bucket, documents, provider and roles, and writes the manifests', async () => {
    const { code, stdout, stderr } = await createAll();
    assert.strictEqual(stderr.replace(/^info: .*\n/gm, ''), '');
    assert.strictEqual(code, 0);
    assert.ok(stdout.includes(`TLS thumbprint of ${ISSUER}: ${THUMBPRINT}\n`));
    assert.deepStrictEqual(s3.writes(), [
      'CreateBucket demo-oidc',
      'PutBucketTagging demo-oidc',
      'PutBucketPublicAccessBlock demo-oidc',
      'PutBucketPolicy demo-oidc',
      'PutObject demo-oidc/.well-known/openid-configuration',
      'PutObject demo-oidc/keys.json',
    ]);
    assert.deepStrictEqual(iam.calls.map((c) => c.action), [
      'GetCallerIdentity',
      'ListOpenIDConnectProviders',
      'CreateOpenIDConnectProvider',
      'TagOpenIDConnectProvider',
      'GetRole',
      'CreateRole',
      'PutRolePolicy',
      'GetRole',
      'CreateRole',
      'PutRolePolicy',
    ]);
    const create = iam.calls.find((c) => c.action === 'CreateOpenIDConnectProvider')!.params;
    assert.deepStrictEqual(create, { Url: ISSUER, 'ClientIDList.member.1': 'openshift', 'ClientIDList.member.2': 'sts.amazonaws.com', 'ThumbprintList.member.1': THUMBPRINT });
    assert.deepStrictEqual(iam.providers.get(PROVIDER_ARN)!.tags, [
      { Key: OWNER_TAG, Value: 'owned' },
      { Key: 'Name', Value: 'demo' },
    ]);
    const role = iam.roles.get(ROLE_EBS)!;
    assert.strictEqual(role.description, 'OpenShift role for openshift-cluster-csi-drivers/ebs-cloud-credentials');
    assert.deepStrictEqual(JSON.parse(role.trust), {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Federated: PROVIDER_ARN },
          Action: 'sts:AssumeRoleWithWebIdentity',
          Condition: {
            StringEquals: {
              'demo-oidc.s3.us-east-2.amazonaws.com:sub': [
                'system:serviceaccount:openshift-cluster-csi-drivers:aws-ebs-csi-driver-operator',
                'system:serviceaccount:openshift-cluster-csi-drivers:aws-ebs-csi-driver-controller-sa',
              ],
            },
          },
        },
      ],
    });
    assert.deepStrictEqual(role.tags, [
      { Key: OWNER_TAG, Value: 'owned' },
      { Key: 'Name', Value: 'demo' },
    ]);
    assert.deepStrictEqual(JSON.parse(role.policies.get(ROLE_EBS)!), {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: ['ec2:AttachVolume', 'ec2:CreateVolume', 'ec2:DescribeVolumes'], Resource: '*' }],
    });
    // What STS will fetch: the JWKS of the key on disk, tagged as owned.
    assert.deepStrictEqual(s3.objectTags.get('demo-oidc/keys.json'), [
      { Key: OWNER_TAG, Value: 'owned' },
      { Key: 'Name', Value: 'demo' },
    ]);
    assert.deepStrictEqual(JSON.parse(s3.bucketPolicies.get('demo-oidc')!).Statement[0].Resource, ['arn:aws:s3:::demo-oidc/*']);
    // Live runs write no dry-run inputs, only what the installer needs.
    assert.deepStrictEqual(listFiles(local.out), [
      'manifests/cluster-authentication-02-config.yaml',
      'manifests/openshift-cluster-csi-drivers-ebs-cloud-credentials-credentials.yaml',
      'manifests/openshift-image-registry-installer-cloud-credentials-credentials.yaml',
      'serviceaccount-signer.private',
      'serviceaccount-signer.public',
      'tls/bound-service-account-signing-key.key',
    ]);
    assert.ok(fs.readFileSync(path.join(local.out, 'manifests/openshift-image-registry-installer-cloud-credentials-credentials.yaml'), 'utf8').includes(`    role_arn = arn:aws:iam::${ACCOUNT}:role/${ROLE_REGISTRY}\n`));
  });

  it('uploads the JWKS of the existing key', async () => {
    const res = await fetch(`${s3.url}/demo-oidc/keys.json`);
    assert.strictEqual(await res.text(), jwksText(publicPemOf(fs.readFileSync(TEST_KEY, 'utf8'))));
  });

  it('a second create-all creates nothing new', async () => {
    iam.calls.length = 0;
    s3.calls.length = 0;
    const { code } = await createAll();
    assert.strictEqual(code, 0);
    assert.deepStrictEqual(iam.writes(), [`PutRolePolicy ${ROLE_EBS}`, `PutRolePolicy ${ROLE_REGISTRY}`]);
    assert.deepStrictEqual(s3.writes(), ['PutObject demo-oidc/.well-known/openid-configuration', 'PutObject demo-oidc/keys.json']);
    assert.strictEqual(iam.providers.size, 1);
    assert.strictEqual(iam.roles.size, 2);
  });

  it('reports trust drift on an existing role, and replaces it only with --update-trust-policy', async () => {
    const role = iam.roles.get(ROLE_REGISTRY)!;
    const wanted = role.trust;
    role.trust = wanted.replace('system:serviceaccount:openshift-image-registry:registry', 'system:serviceaccount:openshift-image-registry:old-registry');
    iam.calls.length = 0;
    const first = await createAll();
    assert.strictEqual(first.code, 1);
    assert.match(first.stderr, new RegExp(`^drift: role ${ROLE_REGISTRY} exists with a different trust policy; its service accounts may be refused. Re-run with --update-trust-policy to replace it.\n  live: .*old-registry`, 'm'));
    assert.ok(!iam.calls.some((c) => c.action === 'UpdateAssumeRolePolicy'));
    const second = await createAll('--update-trust-policy');
    assert.strictEqual(second.code, 0);
    assert.deepStrictEqual(
      iam.calls.filter((c) => c.action === 'UpdateAssumeRolePolicy').map((c) => c.params.RoleName),
      [ROLE_REGISTRY],
    );
    assert.strictEqual(iam.roles.get(ROLE_REGISTRY)!.trust, wanted);
  });

  it('delete --dry-run lists what is tagged for the name and deletes nothing', async () => {
    iam.addRole({ name: 'someone-elses-role', trust: '{}', description: '', tags: [{ Key: 'openshift.io/cloud-credential-operator/other', Value: 'owned' }] });
    iam.addRole({ name: 'demo-untagged', trust: '{}', description: '', tags: [] });
    iam.calls.length = 0;
    s3.calls.length = 0;
    const { code, stdout } = await aws(['delete', '--dry-run', '--name', 'demo', '--region', 'us-east-2'], '/');
    assert.strictEqual(code, 0);
    assert.ok(
      stdout.endsWith(
        `Would delete:\n  object s3://demo-oidc/.well-known/openid-configuration\n  object s3://demo-oidc/keys.json\n  bucket demo-oidc\n  role ${ROLE_EBS}\n  role ${ROLE_REGISTRY}\n  identity provider ${PROVIDER_ARN}\n`,
      ),
      stdout,
    );
    assert.deepStrictEqual(iam.writes(), []);
    assert.deepStrictEqual(s3.writes(), []);
  });

  it('delete removes only what carries the owner tag', async () => {
    const { code } = await aws(['delete', '--name', 'demo', '--region', 'us-east-2'], '/');
    assert.strictEqual(code, 0);
    assert.deepStrictEqual([...iam.roles.keys()].sort(), ['demo-untagged', 'someone-elses-role']);
    assert.strictEqual(iam.providers.size, 0);
    assert.deepStrictEqual(iam.writes(), [`DeleteRolePolicy ${ROLE_EBS}`, `DeleteRole ${ROLE_EBS}`, `DeleteRolePolicy ${ROLE_REGISTRY}`, `DeleteRole ${ROLE_REGISTRY}`, `DeleteOpenIDConnectProvider ${PROVIDER_ARN}`]);
    assert.deepStrictEqual(s3.writes(), ['DeleteObject demo-oidc/.well-known/openid-configuration', 'DeleteObject demo-oidc/keys.json', 'DeleteBucket demo-oidc']);
    assert.deepStrictEqual(cf.calls.slice(-2).map((c) => c.operation), ['ListDistributions', 'ListCloudFrontOriginAccessIdentities']);
    assert.deepStrictEqual(cf.writes(), []);
    const again = await aws(['delete', '--name', 'demo', '--region', 'us-east-2'], '/');
    assert.strictEqual(again.code, 0);
    assert.ok(again.stdout.endsWith('Nothing tagged for demo found.\n'));
  });
});
