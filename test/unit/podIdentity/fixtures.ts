/** Files of an EKS Pod Identity setup, shared by the pod identity tests. */

export const podTrust = (extra: Record<string, unknown> = {}, actions: string[] = ['sts:AssumeRole', 'sts:TagSession']) =>
  JSON.stringify(
    {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Service: 'pods.eks.amazonaws.com' }, Action: actions, ...extra }],
    },
    null,
    2,
  ) + '\n';

export const scoped = (namespace: string, serviceAccount: string) => ({
  Condition: { StringEquals: { 'aws:RequestTag/kubernetes-namespace': [namespace], 'aws:RequestTag/kubernetes-service-account': [serviceAccount] } },
});

export const ackAssociation = (namespace: string, serviceAccount: string, role = 'arn:aws:iam::111122223333:role/app-role', extra: string[] = []) =>
  [
    'apiVersion: eks.services.k8s.aws/v1alpha1',
    'kind: PodIdentityAssociation',
    'metadata:',
    '  name: app',
    '  namespace: app',
    'spec:',
    '  clusterName: prod',
    `  namespace: ${namespace}`,
    `  serviceAccount: ${serviceAccount}`,
    `  roleARN: ${role}`,
    ...extra,
    '',
  ].join('\n');

/** A role trusting Pod Identity and its association in one .tf file; `resources` go between them, `association` lines into the association. */
export const tfAssociation = (trustActions: string, resources: string[] = [], association: string[] = []) =>
  [
    'resource "aws_iam_role" "app" {',
    '  name = "app-role"',
    '  assume_role_policy = jsonencode({',
    '    Version = "2012-10-17"',
    '    Statement = [{',
    '      Effect    = "Allow"',
    '      Principal = { Service = "pods.eks.amazonaws.com" }',
    `      Action    = ${trustActions}`,
    '    }]',
    '  })',
    '}',
    '',
    ...resources,
    'resource "aws_eks_pod_identity_association" "app" {',
    '  cluster_name    = "prod"',
    '  namespace       = "app"',
    '  service_account = "app"',
    '  role_arn        = aws_iam_role.app.arn',
    ...association,
    '}',
    '',
  ].join('\n');

export const cfnAssociation = (principal: string) =>
  [
    'AWSTemplateFormatVersion: "2010-09-09"',
    'Resources:',
    '  AppRole:',
    '    Type: AWS::IAM::Role',
    '    Properties:',
    '      AssumeRolePolicyDocument:',
    '        Version: "2012-10-17"',
    '        Statement:',
    '          - Effect: Allow',
    '            Principal:',
    `              Service: ${principal}`,
    '            Action:',
    '              - sts:AssumeRole',
    '              - sts:TagSession',
    '  AppAssociation:',
    '    Type: AWS::EKS::PodIdentityAssociation',
    '    Properties:',
    '      ClusterName: prod',
    '      Namespace: app',
    '      ServiceAccount: app',
    '      RoleArn: !GetAtt AppRole.Arn',
    '',
  ].join('\n');
