import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { trustPolicy } from '../../server/src/ccoctl/createIamRoles';
import { aws, CREDREQUESTS } from '../unit/ccoctl/ccoctlHelpers';
import { FakeCloudFront } from './cloudFrontServer';
import { ACCOUNT, FakeIam } from './iamServer';
import { useLocalAws } from './localAws';
import { FakeS3 } from './s3Server';

const PROVIDER = `arn:aws:iam::${ACCOUNT}:oidc-provider/demo-oidc.s3.us-east-2.amazonaws.com`;
const ROLE_EBS = 'demo-openshift-cluster-csi-drivers-ebs-cloud-credentials';
const ROLE_REGISTRY = 'demo-openshift-image-registry-installer-cloud-credentials';

/**
 * ccoctl's createRole (pkg/cmd/provisioning/aws/create-iam-roles.go) writes
 * the Secret with `*role.Arn` as IAM returns it, from CreateRole or, for a
 * role that exists, from GetRole; an ARN built from the name alone is wrong
 * for a role with a path.
 */
describe('ccoctl createRole: the Secret names the role ARN IAM returns', function () {
  this.timeout(30_000);
  const iam = new FakeIam();
  const local = useLocalAws({ iam, s3: new FakeS3(), cf: new FakeCloudFront() });

  it('an existing role with a path keeps its path in the Secret; a created role gets the ARN CreateRole returned', async () => {
    const trust = trustPolicy(PROVIDER, 'openshift-cluster-csi-drivers', ['aws-ebs-csi-driver-operator', 'aws-ebs-csi-driver-controller-sa']);
    iam.addRole({ name: ROLE_EBS, path: '/openshift/storage/', trust, description: '', tags: [] });
    const { code, stderr } = await aws(
      ['create-iam-roles', '--name', 'demo', '--region', 'us-east-2', '--credentials-requests-dir', CREDREQUESTS, '--identity-provider-arn', PROVIDER, '--output-dir', local.out],
      '/',
    );
    assert.strictEqual(code, 0, stderr);
    const secret = (file: string) => fs.readFileSync(path.join(local.out, 'manifests', file), 'utf8');
    assert.ok(secret('openshift-cluster-csi-drivers-ebs-cloud-credentials-credentials.yaml').includes(`    role_arn = arn:aws:iam::${ACCOUNT}:role/openshift/storage/${ROLE_EBS}\n`));
    assert.ok(secret('openshift-image-registry-installer-cloud-credentials-credentials.yaml').includes(`    role_arn = ${iam.roles.get(ROLE_REGISTRY)!.arn}\n`));
    assert.deepStrictEqual(iam.writes(), [`PutRolePolicy ${ROLE_EBS}`, `CreateRole ${ROLE_REGISTRY}`, `PutRolePolicy ${ROLE_REGISTRY}`]);
  });
});
