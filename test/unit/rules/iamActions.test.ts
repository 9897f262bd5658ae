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
    assert.strictEqual(f.message, '"PutObjects" is not an action of Amazon S3 (s3), today or in earlier editions of AWS\'s Service Authorization Reference: this entry grants nothing. Did you mean "s3:PutObject"?');
    assert.strictEqual(applyEdits(file, f.fixes[0].edits[file.uri]), MULTI_CLOUD.replace('      - s3:PutObjects\n      - ec2', '      - s3:PutObject\n      - ec2'));
  });

  it('does not report an action written in another case (IAM ignores case in action names)', () => {
    const text = permission({ Effect: 'Allow', Action: ['s3:getobject', 'EC2:describeinstances', 'tag:getResources'], Resource: '*' });
    assert.deepStrictEqual(check({ 'p.json': text }, 'p.json').summary, []);
  });

  it('keeps a misspelled action an error (s3:GetObjekt)', () => {
    const text = permission({ Effect: 'Allow', Action: 's3:GetObjekt', Resource: '*' });
    const { summary, findings, file } = check({ 'p.json': text }, 'p.json');
    assert.deepStrictEqual(summary, [spanOf(text, '"s3:GetObjekt"', 'iam-unknown-action')]);
    assert.strictEqual(findings[0].severity, 'error');
    assert.strictEqual(applyEdits(file, findings[0].fixes[0].edits[file.uri]), text.replace('GetObjekt', 'GetObject'));
  });

  it('offers the actions that start with the name before spelling neighbours (kms:ReEncrypt)', () => {
    const text = permission({ Effect: 'Allow', Action: ['kms:Decrypt', 'kms:ReEncrypt'], Resource: '*' });
    const { summary, findings, file } = check({ 'p.json': text }, 'p.json');
    assert.deepStrictEqual(summary, [spanOf(text, '"kms:ReEncrypt"', 'iam-unknown-action')]);
    assert.strictEqual(findings[0].message, '"ReEncrypt" is not an action of AWS Key Management Service (kms), today or in earlier editions of AWS\'s Service Authorization Reference: this entry grants nothing. Actions that start with it: "kms:ReEncryptFrom", "kms:ReEncryptTo" ("kms:ReEncrypt*" matches them all).');
    assert.deepStrictEqual(findings[0].fixes.map((f) => f.title), ['Change to "kms:ReEncrypt*"', 'Change to "kms:ReEncryptFrom"', 'Change to "kms:ReEncryptTo"']);
    assert.ok(findings[0].fixes.every((f) => !f.isPreferred));
    assert.strictEqual(applyEdits(file, findings[0].fixes[0].edits[file.uri]), text.replace('"kms:ReEncrypt"', '"kms:ReEncrypt*"'));
  });

  it('informs, without an error, on actions AWS retired or uses without documenting them', () => {
    const text = permission({ Effect: 'Allow', Action: ['cloudhsm:DescribeHapg', 'sso:DescribePermissionsPolicies', 'account:GetChallengeQuestions', 'dsql:CreateMultiRegionClusters', 'cloudhsm:*LunaClient'], Resource: '*' });
    const { summary, findings } = check({ 'p.json': text }, 'p.json');
    assert.deepStrictEqual(summary, [
      spanOf(text, '"cloudhsm:DescribeHapg"', 'iam-unknown-action'),
      spanOf(text, '"sso:DescribePermissionsPolicies"', 'iam-unknown-action'),
      spanOf(text, '"account:GetChallengeQuestions"', 'iam-unknown-action'),
      spanOf(text, '"dsql:CreateMultiRegionClusters"', 'iam-unknown-action'),
      spanOf(text, '"cloudhsm:*LunaClient"', 'iam-wildcard-matches-nothing'),
    ]);
    assert.deepStrictEqual(findings.map((f) => f.severity), ['information', 'information', 'information', 'information', 'information']);
    assert.strictEqual(findings[0].message, 'AWS does not document "cloudhsm:DescribeHapg" as an action of AWS CloudHSM, but its own managed policies name it (an internal, preview or retired action): if it is not an action, this entry grants nothing.');
    assert.strictEqual(findings[1].message, 'AWS no longer lists "sso:DescribePermissionsPolicies" among the actions of AWS IAM Identity Center (earlier editions of its Service Authorization Reference did): if AWS retired or renamed it, this entry grants nothing.');
    assert.ok(findings.every((f) => f.fixes.length === 0));
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
    assert.strictEqual(findings[0].message, '"ec22" in "ec22:DescribeInstances" is not an AWS service prefix, today or in earlier editions of AWS\'s Service Authorization Reference (did you mean "ec2"?): IAM stores the policy, but this entry grants nothing.');
    assert.strictEqual(findings[0].severity, 'error');
    assert.strictEqual(applyEdits(file, findings[0].fixes[0].edits[file.uri]), text.replace('ec22:', 'ec2:'));
    assert.strictEqual(findings[1].message, '"s3:Gte*" matches no action of Amazon S3 (s3): the statement grants nothing through it. Check the spelling of the part before the wildcard.');
  });

  it('informs on service prefixes AWS retired or uses without documenting them', () => {
    const prefixes = ['deepracer', 'iot1click', 'mobilehub', 'elastic-inference', 'catalog-admin', 'catalog-user', 'zocalo', 'sumerian', 'deeplens', 'deepcomposer', 'iotroborunner', 'crowd', 'sagemaker-groundtruth-synthetic', 'applicationwizard', 'ec2-reports', 'datazonecontrol'];
    const text = permission({ Effect: 'Allow', Action: prefixes.map((p) => `${p}:*`).concat(['DeepRacer:ListCars']), Resource: '*' });
    const { findings } = check({ 'p.json': text }, 'p.json');
    assert.deepStrictEqual(findings.map((f) => `${f.code} ${f.severity}`), [...prefixes, 'x'].map(() => 'iam-unknown-service information'));
    const deepracer = findings.find((f) => f.message.includes('"DeepRacer"'))!;
    assert.strictEqual(deepracer.message, 'AWS no longer documents the service prefix "DeepRacer" (AWS DeepRacer); earlier editions of its Service Authorization Reference or its managed policies used it. If the service is retired, this entry grants nothing.');
    const mobilehub = findings.find((f) => f.message.includes('"mobilehub"'))!;
    assert.strictEqual(mobilehub.message, 'AWS does not document the service prefix "mobilehub", but its own managed policies use it (an internal or retired service). If the service is retired, this entry grants nothing.');
  });

  it('keeps a typo AWS itself once made in a managed policy an error (codedpeloy)', () => {
    const text = permission({ Effect: 'Allow', Action: 'codedpeloy:GetApplication', Resource: '*' });
    const { findings } = check({ 'p.json': text }, 'p.json');
    assert.deepStrictEqual(findings.map((f) => `${f.code} ${f.severity}`), ['iam-unknown-service error']);
    assert.match(findings[0].message, /did you mean "codedeploy"\?/);
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

  it('matches every spelling of a condition-key template, tag keys with ":" included', () => {
    const text = permission({
      Effect: 'Allow',
      Action: ['s3:GetObject', 'secretsmanager:GetSecretValue'],
      Resource: '*',
      Condition: {
        StringEquals: {
          's3:ExistingObjectTag/classification': 'public',
          's3:RequestObjectTag/team': 'a',
          'secretsmanager:ResourceTag/aws:secretsmanager:owningService': 'rds',
          'secretsmanager:ResourceTag/team': 'a',
          'aws:RequestTag/kubernetes.io/cluster/demo': 'owned',
          'glacier:ResourceTag/team': 'a',
        },
      },
    });
    assert.deepStrictEqual(check({ 'p.json': text }, 'p.json').summary, []);
    const typo = text.replace('s3:ExistingObjectTag/classification', 's3:ExistingObjektTag/classification');
    assert.deepStrictEqual(check({ 'p.json': typo }, 'p.json').summary, [spanOf(typo, '"s3:ExistingObjektTag/classification"', 'iam-unknown-condition-key')]);
  });

  it('informs on condition keys AWS retired or uses without documenting them, and reads keys AWS uses as lists as multi-valued', () => {
    const text = permission({
      Effect: 'Allow',
      Action: ['deepracer:*', 'codestar-connections:UseConnection'],
      Resource: '*',
      Condition: { StringEquals: { 'deepracer:UserToken': 'true' }, 'ForAllValues:StringEquals': { 'codestar-connections:ProviderAction': ['ListRepositories'] } },
    });
    const { findings } = check({ 'p.json': text }, 'p.json');
    assert.deepStrictEqual(findings.map((f) => `${f.code} ${f.severity}`), ['iam-unknown-service information', 'iam-unknown-condition-key information']);
    assert.strictEqual(findings[1].message, 'AWS no longer lists the condition key "deepracer:UserToken" (earlier editions of its Service Authorization Reference did): if no request carries it any more, StringEquals is false.');
  });

  it('says what a missing key makes of the operator: true under negated and ...IfExists operators and ForAllValues', () => {
    const message = (operator: string) => {
      const text = permission({ Effect: 'Deny', NotAction: 'iam:*', Resource: '*', Condition: { [operator]: { 'aws:RequestRegion': ['us-east-2'] } } });
      return check({ 'p.json': text }, 'p.json').findings.find((f) => f.code === 'iam-unknown-condition-key')!.message;
    };
    assert.match(message('StringNotEquals'), /a key missing from the request makes StringNotEquals true\.$/);
    assert.match(message('StringEquals'), /a key missing from the request makes StringEquals false\.$/);
    assert.match(message('StringEqualsIfExists'), /makes StringEqualsIfExists true\.$/);
    assert.match(message('ForAllValues:StringEquals'), /makes ForAllValues:StringEquals true\.$/);
  });

  it("informs on AWS:SourceOwner, the undocumented key of SNS topics' default policy, with no fix", () => {
    const topic = JSON.stringify({
      Version: '2008-10-17',
      Id: '__default_policy_ID',
      Statement: [
        {
          Sid: '__default_statement_ID',
          Effect: 'Allow',
          Principal: { AWS: '*' },
          Action: ['SNS:GetTopicAttributes', 'SNS:Subscribe', 'SNS:Publish'],
          Resource: 'arn:aws:sns:us-east-2:111122223333:alerts',
          Condition: { StringEquals: { 'AWS:SourceOwner': '111122223333' } },
        },
      ],
    }, null, 2);
    const findings = check({ 'alerts-topic-policy.json': topic }, 'alerts-topic-policy.json').findings;
    assert.deepStrictEqual(findings.map((f) => [f.code, f.severity, f.fixes.length]), [['iam-unknown-condition-key', 'information', 0]]);
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
