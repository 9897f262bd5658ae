import * as assert from 'assert';
import { fargateNamespaces, fargateProfileFor } from '../../../server/src/crossFile/fargateProfiles';
import { loadHcl } from '../../../server/src/model/hcl/treeSitter';
import { FileSource } from '../../../server/src/workspace/fileSource';
import { WorkspaceIndex } from '../../../server/src/workspace/workspaceIndex';
import { tempTree } from '../helpers';

const EKSCTL = [
  'apiVersion: eksctl.io/v1alpha5',
  'kind: ClusterConfig',
  'metadata:',
  '  name: prod',
  '  region: eu-west-1',
  'fargateProfiles:',
  '  - name: fp-default',
  '    selectors:',
  '      - namespace: default',
  '      - namespace: kube-system',
  '        labels:',
  '          app: coredns',
  '  - name: fp-batch',
  '    selectors:',
  '      - namespace: batch-*',
  '',
].join('\n');

const CFN = [
  'AWSTemplateFormatVersion: "2010-09-09"',
  'Resources:',
  '  Jobs:',
  '    Type: AWS::EKS::FargateProfile',
  '    Properties:',
  '      ClusterName: prod',
  '      FargateProfileName: jobs',
  '      PodExecutionRoleArn: arn:aws:iam::123456789012:role/fargate-pods',
  '      Selectors:',
  '        - Namespace: jobs',
  '        - Namespace: reports',
  '          Labels:',
  '            - Key: tier',
  '              Value: batch',
  '',
].join('\n');

const TF = [
  'resource "aws_eks_fargate_profile" "web" {',
  '  cluster_name           = "prod"',
  '  fargate_profile_name   = "web"',
  '  pod_execution_role_arn = "arn:aws:iam::123456789012:role/fargate-pods"',
  '  selector {',
  '    namespace = "web"',
  '  }',
  '  selector {',
  '    namespace = "api"',
  '    labels    = { tier = "frontend" }',
  '  }',
  '  selector {',
  '    namespace = var.namespace',
  '  }',
  '}',
  '',
].join('\n');

describe('Fargate profiles (where EKS Pod Identity is not available)', () => {
  it('reads namespace-only selectors from eksctl, CloudFormation and Terraform; selectors with labels and unknown namespaces are left out', async () => {
    await loadHcl();
    const dir = tempTree({ 'eksctl/cluster.yaml': EKSCTL, 'cfn/fargate.yaml': CFN, 'tf/fargate.tf': TF });
    const index = new WorkspaceIndex(new FileSource());
    index.buildSync([dir]);
    const found = fargateNamespaces(index).map((f) => `${f.profile}:${f.namespace}`).sort();
    assert.deepStrictEqual(found, ['fp-batch:batch-*', 'fp-default:default', 'jobs:jobs', 'web:web']);
    const all = fargateNamespaces(index);
    assert.strictEqual(fargateProfileFor(all, 'batch-nightly')?.profile, 'fp-batch');
    assert.strictEqual(fargateProfileFor(all, 'web')?.profile, 'web');
    assert.strictEqual(fargateProfileFor(all, 'kube-system'), undefined);
    assert.strictEqual(fargateProfileFor(all, 'api'), undefined);
    assert.strictEqual(fargateProfileFor(all, 'reports'), undefined);
    assert.strictEqual(fargateProfileFor(all, '${NAMESPACE}'), undefined);
  });
});
