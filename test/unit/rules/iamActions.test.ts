import * as assert from 'assert';
import { applyEdits, check } from '../helpers';
import { spanOf } from '../iam/policyFixtures';

function permission(statement: Record<string, unknown>, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ Version: '2012-10-17', ...extra, Statement: [statement] }, null, 2) + '\n';
}

const IAM_ONLY = (summary: string[]) => summary.filter((s) => / (trust|iam)-/.test(s));

const MULTI_CLOUD = [
  'apiVersion: cloudcredential.openshift.io/v1',
  'kind: CredentialsRequest',
  'metadata:',
  '  name: app-gcp',
  '  namespace: openshift-cloud-credential-operator',
  'spec:',
  '  secretRef:',
  '    name: app-gcp',
  '    namespace: app',
  '  providerSpec:',
  '    apiVersion: cloudcredential.openshift.io/v1',
  '    kind: GCPProviderSpec',
  '    predefinedRoles:',
  '    - roles/storage.admin',
  '    statementEntries:',
  '    - effect: Allow',
  '      action:',
  '      - s3:PutObjects',
  '      resource: "*"',
  '---',
  'apiVersion: cloudcredential.openshift.io/v1',
  'kind: CredentialsRequest',
  'metadata:',
  '  name: app-aws',
  '  namespace: openshift-cloud-credential-operator',
  'spec:',
  '  secretRef:',
  '    name: app-aws',
  '    namespace: app',
  '  serviceAccountNames:',
  '  - app',
  '  providerSpec:',
  '    apiVersion: cloudcredential.openshift.io/v1',
  '    kind: AWSProviderSpec',
  '    statementEntries:',
  '    - effect: Allow',
  '      action:',
  '      - s3:GetObject',
  '      - s3:PutObjects',
  '      - ec2:Describe*',
  '      resource: "*"',
  '      policyCondition:',
  '        StringEquals:',
  '          aws:SourceVpce: vpce-1a2b3c4d',
  '',
].join('\n');

describe('iam-unknown-action', () => {
  it('fires on its own line in a multi-document, multi-cloud file, only for the AWS request', () => {
    const { summary, findings, file } = check({ 'cr.yaml': MULTI_CLOUD }, 'cr.yaml');
    assert.deepStrictEqual(IAM_ONLY(summary), ['38:8-38:21 iam-unknown-action']);
    const f = findings.find((x) => x.code === 'iam-unknown-action')!;
    assert.strictEqual(f.message, '"PutObjects" is not an action of Amazon S3 (s3): did you mean "s3:PutObject"? The statement does not grant it, and the call fails with AccessDenied.');
    assert.strictEqual(applyEdits(file, f.fixes[0].edits[file.uri]), MULTI_CLOUD.replace('      - s3:PutObjects\n      - ec2', '      - s3:PutObject\n      - ec2'));
  });

  it('reports a different case as a hint with the catalog spelling', () => {
    const text = permission({ Effect: 'Allow', Action: 's3:getobject', Resource: '*' });
    const { summary, findings, file } = check({ 'p.json': text }, 'p.json');
    assert.deepStrictEqual(summary, [spanOf(text, '"s3:getobject"', 'iam-unknown-action')]);
    assert.strictEqual(findings[0].severity, 'hint');
    assert.strictEqual(applyEdits(file, findings[0].fixes[0].edits[file.uri]), text.replace('s3:getobject', 's3:GetObject'));
  });

  it('stays quiet on the OpenShift release CredentialsRequests in examples/', () => {
    const fs = require('fs') as typeof import('fs');
    const path = require('path') as typeof import('path');
    const dir = path.resolve(__dirname, '../../../../examples/openshift-sts/credrequests');
    for (const name of fs.readdirSync(dir)) {
      const text = fs.readFileSync(path.join(dir, name), 'utf8');
      assert.deepStrictEqual(IAM_ONLY(check({ [name]: text }, name).summary), [], name);
    }
  });
});

describe('iam-unknown-service and iam-wildcard-matches-nothing', () => {
  it('suggests the nearest service prefix', () => {
    const text = permission({ Effect: 'Allow', Action: ['ec22:DescribeInstances', 's3:Gte*'], Resource: '*' });
    const { summary, findings, file } = check({ 'p.json': text }, 'p.json');
    assert.deepStrictEqual(summary, [spanOf(text, '"ec22:DescribeInstances"', 'iam-unknown-service'), spanOf(text, '"s3:Gte*"', 'iam-wildcard-matches-nothing')]);
    assert.strictEqual(findings[0].message, '"ec22" in "ec22:DescribeInstances" is not an AWS service prefix (did you mean "ec2"?): IAM accepts the policy but the statement grants nothing.');
    assert.strictEqual(applyEdits(file, findings[0].fixes[0].edits[file.uri]), text.replace('ec22:', 'ec2:'));
    assert.strictEqual(findings[1].message, '"s3:Gte*" matches no action of Amazon S3 (s3): the statement grants nothing through it. Check the spelling of the part before the wildcard.');
  });
});

describe('iam-admin-wildcard, iam-policy-schema, iam-unknown-condition-key, iam-policy-size', () => {
  it('warns on Allow * on *', () => {
    const text = permission({ Effect: 'Allow', Action: '*', Resource: '*' });
    assert.deepStrictEqual(check({ 'p.json': text }, 'p.json').summary, [spanOf(text, '"*"', 'iam-admin-wildcard')]);
    const iam = permission({ Effect: 'Allow', Action: ['iam:*', 's3:*'], Resource: '*' });
    assert.deepStrictEqual(check({ 'p.json': iam }, 'p.json').summary, [spanOf(iam, '"iam:*"', 'iam-admin-wildcard')]);
  });

  it('fixes a misspelled statement key, effect case, operator and missing Version', () => {
    const text = JSON.stringify({ Statement: [{ Effect: 'allow', Actions: 's3:GetObject', Resource: '*', Condition: { StringEqual: { 'aws:SourceVpce': 'vpce-1' } } }] }, null, 2);
    const { summary, findings, file } = check({ 'p.json': text }, 'p.json');
    assert.deepStrictEqual(summary, [
      spanOf(text, '"Statement"', 'iam-policy-schema'),
      spanOf(text, '{', 'iam-policy-schema', 1),
      spanOf(text, '"allow"', 'iam-policy-schema'),
      spanOf(text, '"Actions"', 'iam-policy-schema'),
      spanOf(text, '"StringEqual"', 'iam-policy-schema'),
    ]);
    const fix = (code: string, i: number) => applyEdits(file, findings.filter((f) => f.code === code)[i].fixes[0].edits[file.uri]);
    assert.strictEqual(fix('iam-policy-schema', 0), text.replace(/\n}$/, ',\n  "Version": "2012-10-17"\n}'));
    assert.strictEqual(fix('iam-policy-schema', 3), text.replace('"Actions"', '"Action"'));
    assert.strictEqual(fix('iam-policy-schema', 2), text.replace('"allow"', '"Allow"'));
    assert.strictEqual(fix('iam-policy-schema', 4), text.replace('"StringEqual"', '"StringEquals"'));
  });

  it('warns on an unknown global condition key, never on issuer keys', () => {
    const text = permission({ Effect: 'Deny', Action: '*', Resource: '*', Condition: { NotIpAddress: { 'aws:SourceIps': ['192.0.2.0/24'] } } });
    const { summary, findings, file } = check({ 'p.json': text }, 'p.json');
    assert.deepStrictEqual(summary, [spanOf(text, '"aws:SourceIps"', 'iam-unknown-condition-key')]);
    assert.strictEqual(applyEdits(file, findings[0].fixes[0].edits[file.uri]), text.replace('aws:SourceIps', 'aws:SourceIp'));
  });

  it('warns when an inline role policy is over 10,240 characters', () => {
    const actions = Array.from({ length: 700 }, () => 's3:GetObject');
    const doc = JSON.stringify({ PolicyName: 'p', RoleName: 'r', PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: actions, Resource: '*' }] } }, null, 2);
    assert.deepStrictEqual(check({ '06-policy.json': doc }, '06-policy.json').summary, [spanOf(doc, '"PolicyDocument"', 'iam-policy-size')]);
  });
});

describe('policies held in a JSON string', () => {
  it('reports a JSON error inside AssumeRolePolicyDocument at its own position', () => {
    const text = '{\n  "RoleName": "r",\n  "AssumeRolePolicyDocument": "{\\"Version\\": \\"2012-10-17\\" \\"Statement\\": []}"\n}\n';
    const { summary, findings } = check({ '05-role.json': text }, '05-role.json');
    assert.deepStrictEqual(summary, [spanOf(text, '\\"Statement\\"', 'iam-policy-schema')]);
    assert.strictEqual(findings[0].message, 'The policy in AssumeRolePolicyDocument is not valid JSON: Comma expected. IAM rejects it as MalformedPolicyDocument.');
  });
});
