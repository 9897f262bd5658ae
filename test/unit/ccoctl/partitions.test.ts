import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { planIdentityProvider } from '../../../server/src/ccoctl/createIdentityProvider';
import { publicPemOf } from '../../../server/src/ccoctl/keys';
import { aws, CREDREQUESTS, TEST_KEY, tempDir } from './ccoctlHelpers';

const PUBLIC = publicPemOf(fs.readFileSync(TEST_KEY, 'utf8'));

/**
 * ccoctl's getDNSSuffix (pkg/cmd/provisioning/aws/create_identity_provider.go)
 * takes the issuer host's suffix from the SDK's S3 endpoint for the region:
 * `s3.<region>.<suffix>`. Its getPartition knows only us-gov-, cn- and eusc-;
 * sts-lens takes the partition from the same SDK data as the suffix, so ISO
 * regions get `arn:aws-iso...` where ccoctl writes `arn:aws:...`.
 */
describe('ccoctl getDNSSuffix and getPartition: issuer host and ARNs per partition', () => {
  const cases: Array<[region: string, suffix: string, partition: string]> = [
    ['us-east-2', 'amazonaws.com', 'aws'],
    ['us-gov-west-1', 'amazonaws.com', 'aws-us-gov'],
    ['cn-north-1', 'amazonaws.com.cn', 'aws-cn'],
    ['eusc-de-east-1', 'amazonaws.eu', 'aws-eusc'],
    ['us-iso-east-1', 'c2s.ic.gov', 'aws-iso'],
    ['us-isob-east-1', 'sc2s.sgov.gov', 'aws-iso-b'],
    ['eu-isoe-west-1', 'cloud.adc-e.uk', 'aws-iso-e'],
    ['us-isof-south-1', 'csp.hci.ic.gov', 'aws-iso-f'],
  ];
  for (const [region, suffix, partition] of cases) {
    it(`${region}: issuer https://demo-oidc.s3.${region}.${suffix}, ARNs in ${partition}`, () => {
      const plan = planIdentityProvider({ name: 'demo', region, publicPem: PUBLIC, accountId: '123456789012' }, false);
      assert.strictEqual(plan.issuerUrl, `https://demo-oidc.s3.${region}.${suffix}`);
      assert.strictEqual(plan.providerArn, `arn:${partition}:iam::123456789012:oidc-provider/demo-oidc.s3.${region}.${suffix}`);
      const bucket = plan.steps.find((s) => s.kind === 's3.ensureBucket');
      assert.ok(bucket && bucket.kind === 's3.ensureBucket');
      assert.deepStrictEqual(JSON.parse(bucket.publicReadPolicy!).Statement[0].Resource, [`arn:${partition}:s3:::demo-oidc/*`]);
    });
  }

  it('create-all --dry-run in us-iso-east-1 writes the ISO issuer and arn:aws-iso everywhere', async () => {
    const out = tempDir();
    fs.copyFileSync(TEST_KEY, path.join(out, 'serviceaccount-signer.private'));
    const { code, stderr } = await aws(
      ['create-all', '--dry-run', '--name', 'demo', '--region', 'us-iso-east-1', '--credentials-requests-dir', CREDREQUESTS, '--output-dir', out, '--account-id', '123456789012'],
      '/',
    );
    assert.strictEqual(code, 0, stderr);
    const issuer = 'https://demo-oidc.s3.us-iso-east-1.c2s.ic.gov';
    assert.strictEqual(JSON.parse(fs.readFileSync(path.join(out, '02-openid-configuration'), 'utf8')).issuer, issuer);
    assert.strictEqual(JSON.parse(fs.readFileSync(path.join(out, '04-iam-identity-provider.json'), 'utf8')).Url, issuer);
    assert.ok(fs.readFileSync(path.join(out, 'manifests/cluster-authentication-02-config.yaml'), 'utf8').includes(`serviceAccountIssuer: ${issuer}\n`));
    const role = JSON.parse(fs.readFileSync(path.join(out, '05-0-demo-openshift-cluster-csi-drivers-ebs-cloud-credentials-role.json'), 'utf8'));
    assert.strictEqual(JSON.parse(role.AssumeRolePolicyDocument).Statement[0].Principal.Federated, 'arn:aws-iso:iam::123456789012:oidc-provider/demo-oidc.s3.us-iso-east-1.c2s.ic.gov');
    assert.ok(
      fs.readFileSync(path.join(out, 'manifests/openshift-cluster-csi-drivers-ebs-cloud-credentials-credentials.yaml'), 'utf8').includes(
        '    role_arn = arn:aws-iso:iam::123456789012:role/demo-openshift-cluster-csi-drivers-ebs-cloud-credentials\n',
      ),
    );
  });
});
