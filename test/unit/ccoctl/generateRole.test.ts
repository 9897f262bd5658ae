import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { executeServerCommand } from '../../../server/src/commands';
import { GENERATE_ROLE_COMMAND } from '../../../server/src/commands/generateRole';
import { FileSource } from '../../../server/src/workspace/fileSource';
import { applyToDisk, check, runServerCommand, tempTree } from '../helpers';

const SA = `apiVersion: v1
kind: ServiceAccount
metadata:
  name: uploader
  namespace: media
  labels:
    app: uploader
`;
const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: uploader
  namespace: media
spec:
  template:
    spec:
      serviceAccountName: uploader
      containers:
      - name: app
        image: example/uploader:1
`;
const KOPS = `apiVersion: kops.k8s.io/v1alpha2
kind: Cluster
metadata:
  name: demo.example.com
spec:
  serviceAccountIssuer: https://demo-irsa.s3.eu-west-1.amazonaws.com
`;
const PROVIDER = '{"Url": "https://demo-irsa.s3.eu-west-1.amazonaws.com", "ClientIDList": ["sts.amazonaws.com"], "Arn": "arn:aws:iam::210987654321:oidc-provider/demo-irsa.s3.eu-west-1.amazonaws.com"}\n';

function run(dir: string, file: string, position?: { line: number; character: number }) {
  return runServerCommand(GENERATE_ROLE_COMMAND, dir, file, position);
}

describe('Generate IAM role for this ServiceAccount', () => {
  it('writes a trust policy for the exact sub and aud of the workspace issuer, a policy skeleton and the annotation', () => {
    const dir = tempTree({ 'app/sa.yaml': SA, 'cluster/cluster.yaml': KOPS, 'cluster/provider.json': PROVIDER });
    const result = run(dir, 'app/sa.yaml', { line: 3, character: 5 });
    assert.ok('edit' in result, JSON.stringify(result));
    assert.strictEqual(result.message, 'Role media-uploader for system:serviceaccount:media:uploader (audience sts.amazonaws.com, issuer demo-irsa.s3.eu-west-1.amazonaws.com). Fill in the permissions.');
    applyToDisk(result.edit);
    assert.deepStrictEqual(JSON.parse(fs.readFileSync(path.join(dir, 'app/iam/media-uploader-trust-policy.json'), 'utf8')), {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Federated: 'arn:aws:iam::210987654321:oidc-provider/demo-irsa.s3.eu-west-1.amazonaws.com' },
          Action: 'sts:AssumeRoleWithWebIdentity',
          Condition: {
            StringEquals: {
              'demo-irsa.s3.eu-west-1.amazonaws.com:sub': 'system:serviceaccount:media:uploader',
              'demo-irsa.s3.eu-west-1.amazonaws.com:aud': 'sts.amazonaws.com',
            },
          },
        },
      ],
    });
    assert.strictEqual(
      fs.readFileSync(path.join(dir, 'app/sa.yaml'), 'utf8'),
      SA.replace('  labels:\n', '  annotations:\n    eks.amazonaws.com/role-arn: arn:aws:iam::210987654321:role/media-uploader\n  labels:\n'),
    );
    assert.ok(fs.existsSync(path.join(dir, 'app/iam/media-uploader-permissions-policy.json')));
  });

  it('passes the workspace checks it is meant to satisfy', () => {
    const dir = tempTree({ 'app/sa.yaml': SA, 'cluster/cluster.yaml': KOPS, 'cluster/provider.json': PROVIDER });
    const result = run(dir, 'app/sa.yaml');
    assert.ok('edit' in result);
    applyToDisk(result.edit);
    const files: Record<string, string> = {};
    for (const rel of ['app/sa.yaml', 'app/iam/media-uploader-trust-policy.json', 'cluster/cluster.yaml', 'cluster/provider.json']) files[rel] = fs.readFileSync(path.join(dir, rel), 'utf8');
    for (const target of ['app/sa.yaml', 'app/iam/media-uploader-trust-policy.json']) {
      const serious = check(files, target).findings.filter((f) => f.severity === 'error' || f.severity === 'warning');
      assert.deepStrictEqual(serious.map((f) => `${f.code}: ${f.message}`), [], target);
    }
  });

  it('from a workload, annotates its ServiceAccount in the same folder and keeps the audience it asks for', () => {
    const sa = SA.replace('  labels:\n    app: uploader\n', '  annotations:\n    eks.amazonaws.com/audience: uploader-aud\n');
    const dir = tempTree({ 'app/deploy.yaml': DEPLOYMENT, 'app/sa.yaml': sa });
    const result = run(dir, 'app/deploy.yaml', { line: 8, character: 10 });
    assert.ok('edit' in result);
    applyToDisk(result.edit);
    assert.strictEqual(
      fs.readFileSync(path.join(dir, 'app/sa.yaml'), 'utf8'),
      sa.replace('  annotations:\n', '  annotations:\n    eks.amazonaws.com/role-arn: arn:aws:iam::REPLACE_WITH_ACCOUNT_ID:role/media-uploader\n'),
    );
    const trust = JSON.parse(fs.readFileSync(path.join(dir, 'app/iam/media-uploader-trust-policy.json'), 'utf8'));
    assert.deepStrictEqual(trust.Statement[0].Condition.StringEquals, {
      'REPLACE-WITH-CLUSTER-ISSUER-HOST:sub': 'system:serviceaccount:media:uploader',
      'REPLACE-WITH-CLUSTER-ISSUER-HOST:aud': 'uploader-aud',
    });
    assert.strictEqual(result.message, 'Role media-uploader for system:serviceaccount:media:uploader (audience uploader-aud, issuer unknown). Fill in the cluster issuer (no Authentication, kops Cluster or discovery document in the workspace), the AWS account ID, the permissions.');
  });

  it('creates the ServiceAccount when the workload\'s is nowhere', () => {
    const dir = tempTree({ 'app/deploy.yaml': DEPLOYMENT });
    const result = run(dir, 'app/deploy.yaml');
    assert.ok('edit' in result);
    applyToDisk(result.edit);
    assert.strictEqual(
      fs.readFileSync(path.join(dir, 'app/uploader-serviceaccount.yaml'), 'utf8'),
      'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: uploader\n  namespace: media\n  annotations:\n    eks.amazonaws.com/role-arn: arn:aws:iam::REPLACE_WITH_ACCOUNT_ID:role/media-uploader\n',
    );
  });

  it('in an OpenShift install directory in Manual mode, writes a CredentialsRequest instead', () => {
    const dir = tempTree({ 'install/install-config.yaml': 'apiVersion: v1\nbaseDomain: example.com\ncredentialsMode: Manual\nplatform:\n  aws:\n    region: us-east-1\n', 'install/apps/sa.yaml': SA });
    const result = run(dir, 'install/apps/sa.yaml');
    assert.ok('edit' in result);
    assert.deepStrictEqual(result.created, [path.join(dir, 'install/credrequests/media-uploader-credentials-request.yaml')]);
    applyToDisk(result.edit);
    const text = fs.readFileSync(result.created[0], 'utf8');
    assert.ok(text.includes('  secretRef:\n    name: uploader-aws-credentials\n    namespace: media\n  serviceAccountNames:\n  - uploader\n'), text);
    assert.strictEqual(fs.readFileSync(path.join(dir, 'install/apps/sa.yaml'), 'utf8'), SA, 'the ServiceAccount is left alone');
  });

  it('answers with a message, not a crash, off a ServiceAccount or workload', () => {
    const dir = tempTree({ 'x.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n' });
    assert.deepStrictEqual(run(dir, 'x.yaml'), { error: 'Put the cursor on a ServiceAccount or a workload (Deployment, Pod, Job, ...).' });
    assert.deepStrictEqual(executeServerCommand('nope', [], { fileFor: () => undefined, workspace: new FileSource(), roots: [] }), { error: 'unknown command nope' });
  });
});
