import { useLocalAws } from './localAws';
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { trustPolicy } from '../../server/src/ccoctl/createIamRoles';
import { aws } from '../unit/ccoctl/ccoctlHelpers';
import { tempTree } from '../unit/helpers';
import { FakeCloudFront } from './cloudFrontServer';
import { ACCOUNT, FakeIam } from './iamServer';
import { FakeS3 } from './s3Server';

const PROVIDER_ARN = `arn:aws:iam::${ACCOUNT}:oidc-provider/demo-oidc.s3.us-east-2.amazonaws.com`;
const ROLE_MACHINE = 'demo-openshift-machine-api-aws-cloud-credentials';
const ROLE_EFS = 'demo-openshift-cluster-csi-drivers-aws-efs-cloud-credentials';

const request = (name: string, ns: string, secret: string, sas: string[], actions: string[]) =>
  [
    'apiVersion: cloudcredential.openshift.io/v1',
    'kind: CredentialsRequest',
    'metadata:',
    `  name: ${name}`,
    '  namespace: openshift-cloud-credential-operator',
    'spec:',
    `  secretRef: {name: ${secret}, namespace: ${ns}}`,
    `  serviceAccountNames: [${sas.join(', ')}]`,
    '  providerSpec:',
    '    apiVersion: cloudcredential.openshift.io/v1',
    '    kind: AWSProviderSpec',
    '    statementEntries:',
    `    - {effect: Allow, action: [${actions.join(', ')}], resource: "*"}`,
    '',
  ].join('\n');

describe('sts-lens aws diff-credentials-requests --apply against a local IAM server', function () {
  this.timeout(30_000);
  const iam = new FakeIam();
  const local = useLocalAws({ iam, s3: new FakeS3(), cf: new FakeCloudFront() });

  it('updates the changed role (trust and policy) and creates the new one; a removed request\'s role is left alone', async () => {
    const dir = tempTree({
      'old/machine.yaml': request('openshift-machine-api-aws', 'openshift-machine-api', 'aws-cloud-credentials', ['machine-api-controllers'], ['ec2:DescribeImages']),
      'old/gone.yaml': request('openshift-gone', 'openshift-gone', 'gone-credentials', ['gone'], ['s3:ListBucket']),
      'new/machine.yaml': request('openshift-machine-api-aws', 'openshift-machine-api', 'aws-cloud-credentials', ['machine-api-controllers', 'machine-api-termination-handler'], ['ec2:DescribeImages', 'ec2:DescribeInstanceTypes']),
      'new/efs.yaml': request('openshift-aws-efs-csi-driver', 'openshift-cluster-csi-drivers', 'aws-efs-cloud-credentials', ['aws-efs-csi-driver-operator'], ['elasticfilesystem:DescribeAccessPoints']),
    });
    const oldTrust = trustPolicy(PROVIDER_ARN, 'openshift-machine-api', ['machine-api-controllers']);
    iam.addRole({ name: ROLE_MACHINE, trust: oldTrust, description: 'OpenShift role for openshift-machine-api/aws-cloud-credentials', tags: [], policies: new Map([[ROLE_MACHINE, '{"old":true}']]) });
    iam.addRole({ name: 'demo-openshift-gone-gone-credentials', trust: '{}', description: '', tags: [] });
    iam.calls.length = 0;

    const { code, stdout, stderr } = await aws(
      ['diff-credentials-requests', 'old', 'new', '--name', 'demo', '--apply', '--identity-provider-arn', PROVIDER_ARN, '--region', 'us-east-2', '--output-dir', local.out],
      dir,
    );
    assert.strictEqual(stderr, '');
    assert.strictEqual(code, 0, stdout);
    assert.deepStrictEqual(iam.writes(), [`CreateRole ${ROLE_EFS}`, `PutRolePolicy ${ROLE_EFS}`, `UpdateAssumeRolePolicy ${ROLE_MACHINE}`, `PutRolePolicy ${ROLE_MACHINE}`]);
    const machine = iam.roles.get(ROLE_MACHINE)!;
    assert.deepStrictEqual(JSON.parse(machine.trust).Statement[0].Condition.StringEquals['demo-oidc.s3.us-east-2.amazonaws.com:sub'], [
      'system:serviceaccount:openshift-machine-api:machine-api-controllers',
      'system:serviceaccount:openshift-machine-api:machine-api-termination-handler',
    ]);
    assert.deepStrictEqual(JSON.parse(machine.policies.get(ROLE_MACHINE)!).Statement[0].Action, ['ec2:DescribeImages', 'ec2:DescribeInstanceTypes']);
    assert.ok(iam.roles.has('demo-openshift-gone-gone-credentials'), 'never deletes');
    assert.match(stdout, /Replaced the trust policy of demo-openshift-machine-api-aws-cloud-credentials\./);
    const secret = fs.readFileSync(path.join(local.out, 'manifests/openshift-cluster-csi-drivers-aws-efs-cloud-credentials-credentials.yaml'), 'utf8');
    assert.match(secret, new RegExp(`role_arn = arn:aws:iam::${ACCOUNT}:role/${ROLE_EFS}\\n`));
  });
});
