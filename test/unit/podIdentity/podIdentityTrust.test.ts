import * as assert from 'assert';
import { applyEdits, check } from '../helpers';
import { parseFile } from '../../../server/src/model/parsedFile';
import { loadHcl } from '../../../server/src/model/hcl/treeSitter';
import { podIdentityAssociationsOf } from '../../../server/src/views/podIdentity';
import { ackAssociation, cfnAssociation, podTrust, scoped, tfAssociation } from './fixtures';

const of = (summary: string[], code: string) => summary.filter((s) => s.endsWith(` ${code}`));

describe('pod identity associations (sources)', () => {
  it('reads an ACK PodIdentityAssociation, a CloudFormation one and a Terraform one with the role of the same file', async () => {
    const ack = parseFile('file:///a.yaml', ackAssociation('app', 'web', 'arn:aws:iam::111122223333:role/app-role', ['  disableSessionTags: true']));
    const [a] = podIdentityAssociationsOf(ack, ack.docs[0]);
    assert.strictEqual(ack.docs[0].kind, 'pod-identity-association');
    assert.deepStrictEqual([a.source, a.namespace, a.serviceAccount, a.cluster, a.roleName, a.disableSessionTags, a.describe], ['ack', 'app', 'web', 'prod', 'app-role', true, 'PodIdentityAssociation app']);
    const cfn = parseFile('file:///c.yaml', cfnAssociation('pods.eks.amazonaws.com'));
    const [c] = podIdentityAssociationsOf(cfn, cfn.docs[0]);
    assert.deepStrictEqual([c.source, c.namespace, c.serviceAccount, c.roleName, c.roleLabel, c.localTrust?.statements.length], ['cloudformation', 'app', 'app', undefined, 'AppRole', 1]);
    await loadHcl();
    const tf = parseFile('file:///m.tf', tfAssociation('["sts:AssumeRole"]'), { fsPath: '/m.tf' });
    const [t] = podIdentityAssociationsOf(tf, tf.docs[0]);
    assert.deepStrictEqual([t.source, t.describe, t.namespace, t.roleName, t.localTrust?.statements.length], ['terraform', 'aws_eks_pod_identity_association.app', 'app', 'app-role', 1]);
  });
});

describe('pod-identity-trust', () => {
  it('reports an ACK association whose role trust policy tags admit another service account, and the fix adds it', () => {
    const files = { 'k8s/association.yaml': ackAssociation('app', 'web'), 'iam/app-role-trust.json': podTrust(scoped('app', 'worker')) };
    const result = check(files, 'k8s/association.yaml');
    assert.deepStrictEqual(of(result.summary, 'pod-identity-trust'), ['9:11-9:50 pod-identity-trust']);
    const finding = result.findings.find((f) => f.code === 'pod-identity-trust')!;
    assert.strictEqual(
      finding.message,
      "PodIdentityAssociation app gives service account app/web of cluster prod role app-role, but the role's trust policy (../iam/app-role-trust.json) requires aws:RequestTag/kubernetes-service-account worker, and the association's sessions are tagged kubernetes-service-account=web: EKS Pod Identity cannot assume the role for it. Add the association's values to the trust policy's conditions, or change the association.",
    );
    const fix = finding.fixes![0];
    assert.strictEqual(fix.title, 'Admit kubernetes-service-account=web in the trust policy of app-role');
    const [uri] = Object.keys(fix.edits);
    assert.ok(uri.endsWith('iam/app-role-trust.json'));
    const trustFile = parseFile(uri, files['iam/app-role-trust.json']);
    const fixed = JSON.parse(applyEdits(trustFile, fix.edits[uri]));
    assert.deepStrictEqual(fixed.Statement[0].Condition.StringEquals['aws:RequestTag/kubernetes-service-account'], ['worker', 'web']);
    assert.deepStrictEqual(check({ ...files, 'iam/app-role-trust.json': JSON.stringify(fixed) }, 'k8s/association.yaml').findings.filter((f) => f.code === 'pod-identity-trust'), []);
  });

  it('reports a role that does not trust pods.eks.amazonaws.com, and the fix adds a statement scoped to the association', () => {
    const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] }, null, 2);
    const files = { 'association.yaml': ackAssociation('app', 'web'), 'app-role.json': trust };
    const result = check(files, 'association.yaml');
    const finding = result.findings.find((f) => f.code === 'pod-identity-trust')!;
    assert.strictEqual(
      finding.message,
      "PodIdentityAssociation app gives service account app/web of cluster prod role app-role, but the role's trust policy (app-role.json) does not allow pods.eks.amazonaws.com to call sts:AssumeRole: EKS Pod Identity cannot assume the role and the pods get no credentials. Add a statement that allows the service principal pods.eks.amazonaws.com sts:AssumeRole and sts:TagSession.",
    );
    const fix = finding.fixes![0];
    const [uri] = Object.keys(fix.edits);
    const fixed = JSON.parse(applyEdits(parseFile(uri, trust), fix.edits[uri]));
    assert.deepStrictEqual(fixed.Statement[1], {
      Effect: 'Allow',
      Principal: { Service: 'pods.eks.amazonaws.com' },
      Action: ['sts:AssumeRole', 'sts:TagSession'],
      Condition: { StringEquals: { 'aws:RequestTag/kubernetes-namespace': 'app', 'aws:RequestTag/kubernetes-service-account': 'web' } },
    });
    assert.deepStrictEqual(of(check({ ...files, 'app-role.json': JSON.stringify(fixed) }, 'association.yaml').summary, 'pod-identity-trust'), []);
  });

  it('reports a Terraform association whose role of the same file lacks sts:TagSession, and the fix adds it to the HCL list', () => {
    const files = { 'main.tf': tfAssociation('["sts:AssumeRole"]') };
    const result = check(files, 'main.tf');
    assert.deepStrictEqual(of(result.summary, 'pod-identity-trust'), ['16:20-16:40 pod-identity-trust']);
    const finding = result.findings.find((f) => f.code === 'pod-identity-trust')!;
    assert.strictEqual(
      finding.message,
      `aws_eks_pod_identity_association.app gives service account app/app of cluster prod role app-role, but the role's trust policy (main.tf) does not allow sts:TagSession for pods.eks.amazonaws.com: EKS Pod Identity attaches session tags when it assumes the role, so AssumeRole fails. Add "sts:TagSession" to the statement's actions.`,
    );
    const fixed = applyEdits(result.file, finding.fixes![0].edits[result.file.uri]);
    assert.ok(fixed.includes('Action    = ["sts:AssumeRole", "sts:TagSession"]'), fixed);
    assert.deepStrictEqual(of(check({ 'main.tf': fixed }, 'main.tf').summary, 'pod-identity-trust'), []);
  });

  it('reports a CloudFormation association whose role trusts another service', () => {
    const result = check({ 'stack.yaml': cfnAssociation('ec2.amazonaws.com') }, 'stack.yaml');
    assert.deepStrictEqual(of(result.summary, 'pod-identity-trust'), ['20:15-20:34 pod-identity-trust']);
    assert.ok(result.findings.find((f) => f.code === 'pod-identity-trust')!.message.startsWith('AWS::EKS::PodIdentityAssociation AppAssociation gives service account app/app of cluster prod role AppRole, but'));
    assert.deepStrictEqual(of(check({ 'stack.yaml': cfnAssociation('pods.eks.amazonaws.com') }, 'stack.yaml').summary, 'pod-identity-trust'), []);
  });

  it('reports tag conditions when the association disables session tags, and not IfExists ones', () => {
    const files = { 'association.yaml': ackAssociation('app', 'web', undefined, ['  disableSessionTags: true']), 'app-role.json': podTrust(scoped('app', 'web')) };
    const finding = check(files, 'association.yaml').findings.find((f) => f.code === 'pod-identity-trust')!;
    assert.strictEqual(
      finding.message,
      "PodIdentityAssociation app gives service account app/web of cluster prod role app-role, but the role's trust policy (app-role.json) admits EKS Pod Identity only with session tag conditions (aws:RequestTag/kubernetes-namespace), and the association disables session tags: no tags are sent, the conditions fail and the role cannot be assumed. Enable session tags or remove the tag conditions.",
    );
    const ifExists = podTrust({ Condition: { StringEqualsIfExists: { 'aws:RequestTag/kubernetes-namespace': 'app' } } });
    assert.deepStrictEqual(of(check({ ...files, 'app-role.json': ifExists }, 'association.yaml').summary, 'pod-identity-trust'), []);
  });

  it('stays quiet for an admitted association, a templated namespace, StringLike patterns, unknown roles and wildcard principals', () => {
    const quiet = (files: Record<string, string>) => assert.deepStrictEqual(of(check(files, 'association.yaml').summary, 'pod-identity-trust'), [], JSON.stringify(files));
    quiet({ 'association.yaml': ackAssociation('app', 'web'), 'app-role.json': podTrust(scoped('app', 'web')) });
    quiet({ 'association.yaml': ackAssociation('${NAMESPACE}', 'web'), 'app-role.json': podTrust(scoped('app', 'web')) });
    quiet({ 'association.yaml': ackAssociation('app', 'web'), 'app-role.json': podTrust({ Condition: { StringLike: { 'aws:RequestTag/kubernetes-service-account': 'w*' } } }) });
    quiet({ 'association.yaml': ackAssociation('app', 'web'), 'other-role.json': podTrust(scoped('x', 'y')) });
    quiet({ 'association.yaml': ackAssociation('app', 'web'), 'app-role.json': JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole' }] }) });
  });

  it('reads eksctl podIdentityAssociations: a roleARN is checked, a role eksctl creates is not', () => {
    const cluster = [
      'apiVersion: eksctl.io/v1alpha5',
      'kind: ClusterConfig',
      'metadata:',
      '  name: prod',
      '  region: eu-west-1',
      'iam:',
      '  podIdentityAssociations:',
      '    - namespace: app',
      '      serviceAccountName: web',
      '      roleARN: arn:aws:iam::111122223333:role/app-role',
      '    - namespace: app',
      '      serviceAccountName: worker',
      '      roleName: app-worker',
      '      permissionPolicyARNs: [arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess]',
      '',
    ].join('\n');
    const result = check({ 'cluster.yaml': cluster, 'app-role.json': podTrust(scoped('app', 'api')) }, 'cluster.yaml');
    assert.deepStrictEqual(of(result.summary, 'pod-identity-trust'), ['9:15-9:54 pod-identity-trust']);
    assert.ok(result.findings.find((f) => f.code === 'pod-identity-trust')!.message.startsWith("eksctl iam.podIdentityAssociations[0] gives service account app/web of cluster prod role app-role, but the role's trust policy (app-role.json) requires aws:RequestTag/kubernetes-service-account api"));
  });
});
