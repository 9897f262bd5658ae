import { useLocalAws } from './localAws';
import * as assert from 'assert';
import { aws, CREDREQUESTS } from '../unit/ccoctl/ccoctlHelpers';
import { FakeCloudFront } from './cloudFrontServer';
import { ACCOUNT, FakeIam } from './iamServer';
import { FakeS3 } from './s3Server';

const ROLE_EBS = 'demo-openshift-cluster-csi-drivers-ebs-cloud-credentials';
const ROLE_REGISTRY = 'demo-openshift-image-registry-installer-cloud-credentials';
const PROVIDER_ARN = `arn:aws:iam::${ACCOUNT}:oidc-provider/demo-oidc.s3.us-east-2.amazonaws.com`;

/**
 * ccoctl's deleteCmd (pkg/cmd/provisioning/aws/delete.go) logs the error of
 * each part and goes on to the next, but deleteIAMRoles returns at the first
 * role it cannot delete, leaving the roles after it. sts-lens goes on past
 * every failure, reports each, and exits 1.
 */
describe('sts-lens aws delete carries on past failures (ccoctl deleteCmd, deleteIAMRoles)', function () {
  this.timeout(30_000);
  const iam = new FakeIam();
  const s3 = new FakeS3();
  const cf = new FakeCloudFront();
  const local = useLocalAws({ iam, s3, cf });

  before(async () => {
    const created = await aws(['create-all', '--name', 'demo', '--region', 'us-east-2', '--credentials-requests-dir', CREDREQUESTS, '--output-dir', local.out], '/', { thumbprint: async () => 'AB'.repeat(20) });
    assert.strictEqual(created.code, 0, created.stderr);
  });

  it('deletes every other tagged resource when one role cannot be deleted, names the failure and exits 1', async () => {
    // Someone attached a managed policy to the first role: IAM refuses DeleteRole with DeleteConflict.
    iam.roleAttached.set(ROLE_EBS, ['arn:aws:iam::aws:policy/ReadOnlyAccess']);
    iam.calls.length = 0;
    const { code, stdout, stderr } = await aws(['delete', '--name', 'demo', '--region', 'us-east-2'], '/');
    assert.strictEqual(code, 1);
    assert.strictEqual(
      stderr,
      `error: could not delete role ${ROLE_EBS}: Cannot delete entity, must detach all policies first.\n1 failure(s): what they name is still in AWS; the rest was deleted. Fix the cause and run delete again.\n`,
    );
    assert.ok(stdout.endsWith(`Deleted:\n  object s3://demo-oidc/.well-known/openid-configuration\n  object s3://demo-oidc/keys.json\n  bucket demo-oidc\n  role ${ROLE_REGISTRY}\n  identity provider ${PROVIDER_ARN}\n`), stdout);
    assert.deepStrictEqual(iam.writes(), [`DeleteRolePolicy ${ROLE_EBS}`, `DeleteRole ${ROLE_EBS}`, `DeleteRolePolicy ${ROLE_REGISTRY}`, `DeleteRole ${ROLE_REGISTRY}`, `DeleteOpenIDConnectProvider ${PROVIDER_ARN}`]);
    assert.deepStrictEqual([...iam.roles.keys()], [ROLE_EBS]);
    assert.strictEqual(iam.providers.size, 0);
  });

  it('a second delete, once the cause is gone, removes the rest and exits 0', async () => {
    iam.roleAttached.delete(ROLE_EBS);
    const { code, stdout, stderr } = await aws(['delete', '--name', 'demo', '--region', 'us-east-2'], '/');
    assert.strictEqual(stderr, '');
    assert.strictEqual(code, 0);
    assert.ok(stdout.endsWith(`Deleted:\n  role ${ROLE_EBS}\n`), stdout);
    assert.strictEqual(iam.roles.size, 0);
  });
});
