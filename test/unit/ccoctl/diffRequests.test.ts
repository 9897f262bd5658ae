import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { runCli } from '../../../server/src/cli/main';
import { tempTree } from '../helpers';

const request = (o: { name: string; secretNs: string; secret: string; sas: string[]; actions: string[]; kind?: string; resource?: string }) =>
  [
    'apiVersion: cloudcredential.openshift.io/v1',
    'kind: CredentialsRequest',
    'metadata:',
    `  name: ${o.name}`,
    '  namespace: openshift-cloud-credential-operator',
    'spec:',
    '  secretRef:',
    `    name: ${o.secret}`,
    `    namespace: ${o.secretNs}`,
    '  serviceAccountNames:',
    ...o.sas.map((s) => `  - ${s}`),
    '  providerSpec:',
    '    apiVersion: cloudcredential.openshift.io/v1',
    `    kind: ${o.kind ?? 'AWSProviderSpec'}`,
    '    statementEntries:',
    '    - effect: Allow',
    '      action:',
    ...o.actions.map((a) => `      - ${a}`),
    `      resource: "${o.resource ?? '*'}"`,
    '',
  ].join('\n');

const machineApi = (sas: string[], actions: string[]) => request({ name: 'openshift-machine-api-aws', secretNs: 'openshift-machine-api', secret: 'aws-cloud-credentials', sas, actions });
const registry = request({ name: 'openshift-image-registry', secretNs: 'openshift-image-registry', secret: 'installer-cloud-credentials', sas: ['registry', 'cluster-image-registry-operator'], actions: ['s3:CreateBucket', 's3:PutObject'] });
const ingress = (secret: string) => request({ name: 'openshift-ingress', secretNs: 'openshift-ingress-operator', secret, sas: ['ingress-operator'], actions: ['route53:ChangeResourceRecordSets'] });
const ccm = request({ name: 'openshift-aws-cloud-controller-manager', secretNs: 'openshift-cloud-controller-manager', secret: 'aws-cloud-credentials', sas: ['cloud-controller-manager'], actions: ['ec2:DescribeInstances'] });
const efs = request({ name: 'openshift-aws-efs-csi-driver', secretNs: 'openshift-cluster-csi-drivers', secret: 'aws-efs-cloud-credentials', sas: ['aws-efs-csi-driver-operator', 'aws-efs-csi-driver-controller-sa'], actions: ['elasticfilesystem:DescribeAccessPoints', 'elasticfilesystem:CreateAccessPoint'] });
const gcp = request({ name: 'openshift-gcp-pd', secretNs: 'openshift-cluster-csi-drivers', secret: 'gcp-pd-cloud-credentials', sas: ['gcp-pd-csi-driver-operator'], actions: ['compute.instances.get'], kind: 'GCPProviderSpec' });

function releases(): string {
  return tempTree({
    'old/0000_30_machine-api.yaml': machineApi(['machine-api-controllers'], ['ec2:CreateTags', 'ec2:DescribeImages']),
    'old/0000_50_image-registry.yaml': registry,
    'old/0000_50_ingress.yaml': ingress('cloud-credentials'),
    'old/0000_26_cloud-controller-manager.yaml': ccm,
    'new/0000_30_machine-api.yaml': machineApi(['machine-api-controllers', 'machine-api-termination-handler'], ['ec2:DescribeImages', 'ec2:DescribeInstanceTypes']),
    'new/0000_50_image-registry.yaml': registry,
    'new/0000_50_ingress.yaml': ingress('ingress-cloud-credentials'),
    'new/0000_50_efs.yaml': efs,
    'new/0000_50_gcp.yaml': gcp,
  });
}

async function run(args: string[], cwd: string) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { cwd, color: false, stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) } });
  return { code, stdout, stderr };
}

describe('sts-lens aws diff-credentials-requests', function () {
  this.timeout(20_000);

  it('lists added, changed and removed AWS requests and what each needs in AWS, and exits 1', async () => {
    const dir = releases();
    const { code, stdout, stderr } = await run(['aws', 'diff-credentials-requests', 'old', 'new', '--name', 'sts-demo'], dir);
    assert.strictEqual(stderr, '');
    assert.strictEqual(code, 1);
    assert.strictEqual(
      stdout,
      [
        'CredentialsRequests old -> new',
        '',
        'Added (1):',
        '  openshift-cloud-credential-operator/openshift-aws-efs-csi-driver (0000_50_efs.yaml): Secret openshift-cluster-csi-drivers/aws-efs-cloud-credentials, role sts-demo-openshift-cluster-csi-drivers-aws-efs-cloud-credentials',
        '    service accounts: aws-efs-csi-driver-operator, aws-efs-csi-driver-controller-sa',
        '    Allow elasticfilesystem:DescribeAccessPoints, elasticfilesystem:CreateAccessPoint on *',
        '',
        'Changed (2):',
        '  openshift-cloud-credential-operator/openshift-machine-api-aws (0000_30_machine-api.yaml): Secret openshift-machine-api/aws-cloud-credentials, role sts-demo-openshift-machine-api-aws-cloud-credentials',
        '    service accounts: +machine-api-termination-handler',
        '    + Allow ec2:DescribeInstanceTypes on *',
        '    - Allow ec2:CreateTags on *',
        '  openshift-cloud-credential-operator/openshift-ingress (0000_50_ingress.yaml): Secret openshift-ingress-operator/ingress-cloud-credentials, role sts-demo-openshift-ingress-operator-ingress-cloud-credentials',
        '    secret: openshift-ingress-operator/cloud-credentials -> openshift-ingress-operator/ingress-cloud-credentials',
        '',
        'Removed (1):',
        '  openshift-cloud-credential-operator/openshift-aws-cloud-controller-manager (0000_26_cloud-controller-manager.yaml): Secret openshift-cloud-controller-manager/aws-cloud-credentials, role sts-demo-openshift-cloud-controller-manager-aws-cloud-credential',
        '',
        'Unchanged: 1',
        '',
        'In AWS, before the upgrade:',
        '  update the permission policy of sts-demo-openshift-machine-api-aws-cloud-credentials (the statement entries of openshift-cloud-credential-operator/openshift-machine-api-aws changed)',
        '  update the trust policy of sts-demo-openshift-machine-api-aws-cloud-credentials (the service accounts of openshift-cloud-credential-operator/openshift-machine-api-aws changed)',
        '  create role sts-demo-openshift-cluster-csi-drivers-aws-efs-cloud-credentials (new CredentialsRequest openshift-cloud-credential-operator/openshift-aws-efs-csi-driver (Secret openshift-cluster-csi-drivers/aws-efs-cloud-credentials))',
        '  create role sts-demo-openshift-ingress-operator-ingress-cloud-credentials (CredentialsRequest openshift-cloud-credential-operator/openshift-ingress now writes Secret openshift-ingress-operator/ingress-cloud-credentials, which names another role)',
        '  after the upgrade, delete role sts-demo-openshift-ingress-operator-cloud-credentials (CredentialsRequest openshift-cloud-credential-operator/openshift-ingress no longer writes Secret openshift-ingress-operator/cloud-credentials)',
        '  after the upgrade, delete role sts-demo-openshift-cloud-controller-manager-aws-cloud-credential (the new release has no CredentialsRequest openshift-cloud-credential-operator/openshift-aws-cloud-controller-manager)',
        'Then mark the cluster upgradeable: annotate the CloudCredential cluster with cloudcredential.openshift.io/upgradeable-to=<target version>.',
        '',
      ].join('\n'),
    );
  });

  it('gives the same as JSON, with <name> in role names when no --name is given', async () => {
    const { code, stdout } = await run(['aws', 'diff-credentials-requests', 'old', 'new', '--format', 'json'], releases());
    assert.strictEqual(code, 1);
    const diff = JSON.parse(stdout);
    assert.strictEqual(diff.version, 1);
    assert.deepStrictEqual(diff.added.map((a: { roleName: string }) => a.roleName), ['<name>-openshift-cluster-csi-drivers-aws-efs-cloud-credentials']);
    assert.deepStrictEqual(diff.unchanged, ['openshift-cloud-credential-operator/openshift-image-registry']);
    const machine = diff.changed[0];
    assert.deepStrictEqual(machine.serviceAccounts, { added: ['machine-api-termination-handler'], removed: [] });
    assert.deepStrictEqual(machine.permissions, {
      added: [{ effect: 'Allow', resource: '*', actions: ['ec2:DescribeInstanceTypes'] }],
      removed: [{ effect: 'Allow', resource: '*', actions: ['ec2:CreateTags'] }],
    });
    assert.deepStrictEqual(
      diff.aws.map((t: { action: string }) => t.action),
      ['update-role-policy', 'update-trust-policy', 'create-role', 'create-role', 'delete-role-after-upgrade', 'delete-role-after-upgrade'],
    );
  });

  it('exits 0 and says so when nothing changed, action order included', async () => {
    const same = machineApi(['machine-api-controllers'], ['ec2:DescribeImages', 'ec2:CreateTags']);
    const dir = tempTree({ 'a/m.yaml': machineApi(['machine-api-controllers'], ['ec2:CreateTags', 'ec2:DescribeImages']), 'b/m.yaml': same });
    const { code, stdout } = await run(['aws', 'diff-credentials-requests', 'a', 'b'], dir);
    assert.strictEqual(code, 0);
    assert.match(stdout, /Unchanged: 1\n\nNothing to do in AWS\.\n$/);
  });

  it('--apply --dry-run plans roles only for the new and changed requests, with the create-iam-roles files', async () => {
    const dir = releases();
    const provider = 'arn:aws:iam::123456789012:oidc-provider/sts-demo-oidc.s3.us-east-2.amazonaws.com';
    const { code, stdout, stderr } = await run(['aws', 'diff-credentials-requests', 'old', 'new', '--name', 'sts-demo', '--apply', '--dry-run', '--identity-provider-arn', provider, '--output-dir', 'out'], dir);
    assert.strictEqual(stderr, '');
    assert.strictEqual(code, 0);
    const written = fs.readdirSync(path.join(dir, 'out')).sort();
    assert.deepStrictEqual(written, [
      '05-0-sts-demo-openshift-machine-api-aws-cloud-credentials-role.json',
      '05-1-sts-demo-openshift-cluster-csi-drivers-aws-efs-cloud-credentials-role.json',
      '05-2-sts-demo-openshift-ingress-operator-ingress-cloud-credentials-role.json',
      '06-0-sts-demo-openshift-machine-api-aws-cloud-credentials-policy.json',
      '06-1-sts-demo-openshift-cluster-csi-drivers-aws-efs-cloud-credentials-policy.json',
      '06-2-sts-demo-openshift-ingress-operator-ingress-cloud-credentials-policy.json',
      'manifests',
    ]);
    const role = JSON.parse(fs.readFileSync(path.join(dir, 'out', written[0]), 'utf8'));
    assert.deepStrictEqual(JSON.parse(role.AssumeRolePolicyDocument).Statement[0].Condition.StringEquals['sts-demo-oidc.s3.us-east-2.amazonaws.com:sub'], [
      'system:serviceaccount:openshift-machine-api:machine-api-controllers',
      'system:serviceaccount:openshift-machine-api:machine-api-termination-handler',
    ]);
    assert.match(stdout, /Dry run: nothing was changed in AWS\. A live run would:\n {2}IAM: create role sts-demo-openshift-machine-api-aws-cloud-credentials unless it exists/);
    assert.ok(!stdout.includes('cloud-controller-manager-aws-cloud-credentials unless'), 'a removed request gets no role');
  });

  it('refuses --apply without the provider, and apply flags without --apply', async () => {
    const dir = releases();
    const missing = await run(['aws', 'diff-credentials-requests', 'old', 'new', '--apply', '--name', 'sts-demo'], dir);
    assert.strictEqual(missing.code, 2);
    assert.match(missing.stderr, /--apply: --identity-provider-arn is required/);
    const stray = await run(['aws', 'diff-credentials-requests', 'old', 'new', '--dry-run'], dir);
    assert.strictEqual(stray.code, 2);
    assert.match(stray.stderr, /--dry-run goes with --apply/);
    const notDir = await run(['aws', 'diff-credentials-requests', 'old', 'nope'], dir);
    assert.strictEqual(notDir.code, 2);
    assert.match(notDir.stderr, /not a directory: nope/);
  });

  it('reports a request that does not parse, naming the file and line, instead of a partial diff', async () => {
    const dir = releases();
    fs.writeFileSync(path.join(dir, 'new/0000_99_broken.yaml'), 'kind: CredentialsRequest\nspec: [\n');
    const { code, stdout, stderr } = await run(['aws', 'diff-credentials-requests', 'old', 'new'], dir);
    assert.strictEqual(code, 1);
    assert.strictEqual(stdout, '');
    assert.match(stderr, /^error: 0000_99_broken\.yaml:\d+:\d+: /);
  });
});
