import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { defaultClients } from '../../server/src/ccoctl/awsClients';
import { AwsCliDeps } from '../../server/src/cli/aws';
import { aws, CREDREQUESTS, tempDir } from '../unit/ccoctl/ccoctlHelpers';
import { FakeCloudFront } from './cloudFrontServer';
import { ACCOUNT, FakeIam } from './iamServer';
import { useLocalAws } from './localAws';
import { FakeS3 } from './s3Server';

const PROVIDER = `arn:aws:iam::${ACCOUNT}:oidc-provider/demo-oidc.s3.eu-west-3.amazonaws.com`;

/**
 * ccoctl's newAWSClient (pkg/cmd/provisioning/aws/aws.go) loads the SDK's
 * default configuration with the --region flag, which create-iam-roles does
 * not require: without it, the region is the SDK's (AWS_REGION, the profile's
 * region). sts-lens does the same instead of assuming us-east-1.
 */
describe('ccoctl newAWSClient: the region without --region is the SDK configuration\'s', function () {
  this.timeout(30_000);
  const iam = new FakeIam();
  const local = useLocalAws({ iam, s3: new FakeS3(), cf: new FakeCloudFront() });
  const regions: string[] = [];
  const deps: AwsCliDeps = {
    clients: (region) => {
      regions.push(region);
      return defaultClients(region);
    },
  };
  let saved: Record<string, string | undefined> = {};
  beforeEach(() => {
    regions.length = 0;
    saved = { AWS_REGION: process.env.AWS_REGION, AWS_PROFILE: process.env.AWS_PROFILE, AWS_CONFIG_FILE: process.env.AWS_CONFIG_FILE };
    delete process.env.AWS_REGION;
    delete process.env.AWS_PROFILE;
  });
  afterEach(() => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });
  const createRoles = (provider = PROVIDER) => aws(['create-iam-roles', '--name', 'demo', '--credentials-requests-dir', CREDREQUESTS, '--identity-provider-arn', provider, '--output-dir', local.out], '/', deps);

  it('create-iam-roles uses AWS_REGION', async () => {
    process.env.AWS_REGION = 'eu-west-3';
    const { code, stdout, stderr } = await createRoles();
    assert.strictEqual(code, 0, stderr);
    assert.deepStrictEqual(regions, ['eu-west-3']);
    assert.ok(stdout.startsWith("Region eu-west-3 (the AWS SDK's configured region: AWS_REGION or the profile's)\n"), stdout);
  });

  it("create-iam-roles uses the default profile's region from the config file", async () => {
    const config = path.join(tempDir(), 'config');
    fs.writeFileSync(config, '[default]\nregion = ap-south-1\n');
    process.env.AWS_CONFIG_FILE = config;
    const { code, stderr } = await createRoles();
    assert.strictEqual(code, 0, stderr);
    assert.deepStrictEqual(regions, ['ap-south-1']);
  });

  it('--region wins over the configuration', async () => {
    process.env.AWS_REGION = 'eu-west-3';
    const { code, stdout } = await aws(['create-iam-roles', '--name', 'demo', '--region', 'us-gov-west-1', '--credentials-requests-dir', CREDREQUESTS, '--identity-provider-arn', PROVIDER, '--output-dir', local.out], '/', deps);
    assert.strictEqual(code, 0);
    assert.deepStrictEqual(regions, ['us-gov-west-1']);
    assert.ok(!stdout.includes('Region '), stdout);
  });

  it('with no region anywhere: us-east-1 in the aws partition, an error in another', async () => {
    const commercial = await createRoles();
    assert.strictEqual(commercial.code, 0, commercial.stderr);
    assert.deepStrictEqual(regions, ['us-east-1']);
    assert.ok(commercial.stdout.startsWith('Region us-east-1 (no --region and none configured: IAM is global in the aws partition)\n'), commercial.stdout);
    const china = await createRoles(`arn:aws-cn:iam::${ACCOUNT}:oidc-provider/demo-oidc.s3.cn-north-1.amazonaws.com.cn`);
    assert.strictEqual(china.code, 1);
    assert.strictEqual(china.stderr, `sts-lens aws create-iam-roles: no region: give --region (a region of the aws-cn partition of arn:aws-cn:iam::${ACCOUNT}:oidc-provider/demo-oidc.s3.cn-north-1.amazonaws.com.cn) or set AWS_REGION\n`);
    assert.deepStrictEqual(regions, ['us-east-1']);
  });

  it("verify uses the configured region too", async () => {
    process.env.AWS_REGION = 'eu-central-1';
    const dir = tempDir();
    const { code } = await aws(['verify', dir], '/', deps);
    assert.strictEqual(code, 0);
    assert.deepStrictEqual(regions, ['eu-central-1']);
  });
});
