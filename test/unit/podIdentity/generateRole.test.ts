import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { GENERATE_ROLE_COMMAND } from '../../../server/src/commands/generateRole';
import { applyToDisk, check, runServerCommand, tempTree } from '../helpers';
import { ackAssociation, tfAssociation } from './fixtures';

const SA = 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: uploader\n  namespace: media\n';

describe('Generate IAM role for this ServiceAccount, EKS Pod Identity form', () => {
  it('in a workspace with ACK associations: a trust policy for pods.eks.amazonaws.com scoped by session tags, a skeleton and an ACK association of the same cluster', () => {
    const dir = tempTree({ 'app/sa.yaml': SA, 'other/association.yaml': ackAssociation('app', 'web') });
    const result = runServerCommand(GENERATE_ROLE_COMMAND, dir, 'app/sa.yaml');
    assert.ok('edit' in result, JSON.stringify(result));
    assert.strictEqual(result.message, 'EKS Pod Identity role media-uploader for media/uploader (trusts pods.eks.amazonaws.com, scoped by session tags) and an ACK PodIdentityAssociation. Fill in the permissions.');
    applyToDisk(result.edit);
    assert.deepStrictEqual(JSON.parse(fs.readFileSync(path.join(dir, 'app/iam/media-uploader-trust-policy.json'), 'utf8')).Statement[0], {
      Sid: 'AllowEksAuthToAssumeRoleForPodIdentity',
      Effect: 'Allow',
      Principal: { Service: 'pods.eks.amazonaws.com' },
      Action: ['sts:AssumeRole', 'sts:TagSession'],
      Condition: { StringEquals: { 'aws:RequestTag/kubernetes-namespace': 'media', 'aws:RequestTag/kubernetes-service-account': 'uploader' } },
    });
    const association = fs.readFileSync(path.join(dir, 'app/uploader-pod-identity-association.yaml'), 'utf8');
    assert.ok(association.includes('  clusterName: prod\n  namespace: media\n  serviceAccount: uploader\n  roleARN: arn:aws:iam::111122223333:role/media-uploader\n'), association);
    assert.strictEqual(fs.readFileSync(path.join(dir, 'app/sa.yaml'), 'utf8'), SA);
    const read = (rel: string) => fs.readFileSync(path.join(dir, rel), 'utf8');
    const files = { 'app/sa.yaml': SA, 'app/uploader-pod-identity-association.yaml': association, 'app/iam/media-uploader-trust-policy.json': read('app/iam/media-uploader-trust-policy.json') };
    assert.deepStrictEqual(check(files, 'app/uploader-pod-identity-association.yaml').summary, []);
  });

  it('in a workspace with Terraform associations: the role, its policy and the association appended to that file, which then checks clean', () => {
    const dir = tempTree({ 'app/sa.yaml': SA, 'infra/main.tf': tfAssociation('["sts:AssumeRole", "sts:TagSession"]') });
    const result = runServerCommand(GENERATE_ROLE_COMMAND, dir, 'app/sa.yaml');
    assert.ok('edit' in result, JSON.stringify(result));
    assert.strictEqual(result.message, 'EKS Pod Identity role media-uploader for media/uploader and its association, added to main.tf. Fill in the permissions.');
    applyToDisk(result.edit);
    const tf = fs.readFileSync(path.join(dir, 'infra/main.tf'), 'utf8');
    assert.ok(tf.includes('resource "aws_eks_pod_identity_association" "media-uploader" {\n  cluster_name    = "prod"\n  namespace       = "media"\n  service_account = "uploader"\n  role_arn        = aws_iam_role.media-uploader.arn\n}\n'), tf);
    const files = { 'app/sa.yaml': SA, 'infra/main.tf': tf };
    const findings = check(files, 'infra/main.tf').findings.filter((f) => f.severity === 'error' || f.severity === 'warning');
    assert.deepStrictEqual(findings.map((f) => `${f.code}: ${f.message}`), []);
  });

  it('takes the Pod Identity form in a workspace that installs the eks-pod-identity-agent add-on, before any association exists', () => {
    const cluster = 'apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata:\n  name: prod\n  region: eu-west-1\naddons:\n  - name: eks-pod-identity-agent\n';
    const dir = tempTree({ 'app/sa.yaml': SA, 'cluster.yaml': cluster });
    const result = runServerCommand(GENERATE_ROLE_COMMAND, dir, 'app/sa.yaml');
    assert.ok('message' in result && result.message.startsWith('EKS Pod Identity role media-uploader for media/uploader'), JSON.stringify(result));
    // The same workspace without the add-on keeps the IRSA form.
    const without = tempTree({ 'app/sa.yaml': SA, 'cluster.yaml': cluster.replace('addons:\n  - name: eks-pod-identity-agent\n', '') });
    const irsa = runServerCommand(GENERATE_ROLE_COMMAND, without, 'app/sa.yaml');
    assert.ok('message' in irsa && irsa.message.startsWith('Role media-uploader for system:serviceaccount:media:uploader'), JSON.stringify(irsa));
  });

  it('keeps the IRSA form in a workspace without Pod Identity', () => {
    const dir = tempTree({ 'app/sa.yaml': SA });
    const result = runServerCommand(GENERATE_ROLE_COMMAND, dir, 'app/sa.yaml');
    assert.ok('message' in result && result.message.startsWith('Role media-uploader for system:serviceaccount:media:uploader'), JSON.stringify(result));
  });

  it('keeps the IRSA form for a ServiceAccount of a kops cluster, even with associations elsewhere in the workspace', () => {
    const kops = 'apiVersion: kops.k8s.io/v1alpha2\nkind: Cluster\nmetadata:\n  name: demo.example.com\nspec:\n  serviceAccountIssuer: https://demo-irsa.s3.eu-west-1.amazonaws.com\n';
    const dir = tempTree({ 'kops/cluster.yaml': kops, 'kops/app/sa.yaml': SA, 'eks/association.yaml': ackAssociation('app', 'web') });
    const result = runServerCommand(GENERATE_ROLE_COMMAND, dir, 'kops/app/sa.yaml');
    assert.ok('message' in result && result.message.startsWith('Role media-uploader for system:serviceaccount:media:uploader'), JSON.stringify(result));
  });
});
