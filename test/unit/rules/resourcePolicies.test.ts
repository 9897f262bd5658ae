import * as assert from 'assert';
import { check } from '../helpers';

const serious = (files: Record<string, string>, target: string) =>
  check(files, target).findings.filter((f) => f.severity === 'error' || f.severity === 'warning').map((f) => `${f.code}: ${f.message}`);

const json = (value: unknown) => JSON.stringify(value, null, 2);

describe('policies that are not identity policies: control, endpoint and resource policies', () => {
  it('a resource control policy or an STS endpoint policy that names sts actions is not a trust policy', () => {
    const rcp = json({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'EnforceOrgIdentities',
          Effect: 'Deny',
          Principal: '*',
          Action: ['sts:AssumeRole', 's3:*'],
          Resource: '*',
          Condition: { StringNotEqualsIfExists: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' }, BoolIfExists: { 'aws:PrincipalIsAWSService': 'false' } },
        },
      ],
    });
    assert.deepStrictEqual(serious({ 'rcps/data-perimeter.json': rcp }, 'rcps/data-perimeter.json'), []);
    const endpoint = json({ Statement: [{ Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } } }] });
    assert.deepStrictEqual(serious({ 'sts-endpoint-policy.json': endpoint }, 'sts-endpoint-policy.json'), []);
    // A file named as a trust policy with a Resource is a trust policy written by mistake: IAM refuses it.
    const trust = json({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole', Resource: '*' }] });
    assert.deepStrictEqual(serious({ 'app-trust.json': trust }, 'app-trust.json').map((s) => s.split(':')[0]), ['iam-policy-schema']);
  });

  it("AWS's default VPC endpoint policy (no Version, Principal and Action \"*\") gets no error or warning", () => {
    const endpoint = json({ Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }] });
    const findings = check({ 'endpoint-policy.json': endpoint }, 'endpoint-policy.json').findings;
    assert.deepStrictEqual(findings.map((f) => [f.code, f.severity]), [['iam-policy-schema', 'information']]);
    // The missing Version matters where policy variables are used.
    const variables = json({ Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::home/${aws:username}/*' }] });
    assert.deepStrictEqual(check({ 'home.json': variables }, 'home.json').findings.map((f) => [f.code, f.severity]), [['iam-policy-schema', 'error']]);
  });

  it('an ECR repository policy leaves its resource implicit', () => {
    const ecr = json({
      Version: '2012-10-17',
      Statement: [{ Sid: 'AllowPull', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::444455556666:root' }, Action: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'] }],
    });
    assert.deepStrictEqual(serious({ 'ecr/repository-policy.json': ecr }, 'ecr/repository-policy.json'), []);
    // An identity policy still needs one.
    const identity = json({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'ecr:BatchGetImage' }] });
    assert.deepStrictEqual(serious({ 'policy.json': identity }, 'policy.json').length, 1);
  });

  it('an allow-list service control policy grants nothing: no admin warning in an scps/ folder', () => {
    const scp = json({ Version: '2012-10-17', Statement: [{ Sid: 'AllowListedServices', Effect: 'Allow', Action: ['iam:*', 'sts:*', 's3:*'], Resource: '*' }] });
    assert.deepStrictEqual(serious({ 'organizations/scps/sandbox.json': scp }, 'organizations/scps/sandbox.json'), []);
    assert.deepStrictEqual(serious({ 'iam/sandbox.json': scp }, 'iam/sandbox.json').map((s) => s.split(':')[0]), ['iam-admin-wildcard', 'iam-admin-wildcard']);
  });

  it('Terraform principals { type = "*", identifiers = ["*"] } is "Principal": "*"', () => {
    const tf = [
      'data "aws_iam_policy_document" "queue" {',
      '  statement {',
      '    effect    = "Deny"',
      '    actions   = ["sqs:*"]',
      '    resources = ["arn:aws:sqs:us-east-2:111122223333:orders"]',
      '    principals {',
      '      type        = "*"',
      '      identifiers = ["*"]',
      '    }',
      '    condition {',
      '      test     = "Bool"',
      '      variable = "aws:SecureTransport"',
      '      values   = ["false"]',
      '    }',
      '  }',
      '}',
      '',
    ].join('\n');
    assert.deepStrictEqual(serious({ 'sqs.tf': tf }, 'sqs.tf'), []);
  });
});
