import * as assert from 'assert';
import * as path from 'path';
import { parseFile } from '../../../server/src/model/parsedFile';
import { complete } from '../../../server/src/services/completion';
import { tempTree } from '../helpers';
import { EKS_ISSUER, EKS_PROVIDER } from '../iam/policyFixtures';

/** `|` marks the cursor; `typed` is what the completion must replace (the text just before the cursor). */
function completeAt(marked: string, name: string, files: Record<string, string> = {}) {
  const offset = marked.indexOf('|');
  const text = marked.slice(0, offset) + marked.slice(offset + 1);
  const fsPath = path.join(tempTree(files), name);
  const file = parseFile(`file://${fsPath}`, text, { fsPath });
  const items = complete(file, offset);
  return { items, range: (typed: string) => file.rangeOf([offset - typed.length, offset]) };
}

const SA = 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: my-app\n  namespace: shop\n';

function cfnRole(condition: string): string {
  return `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  AppRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal:
              Federated: ${EKS_PROVIDER}
            Action: sts:AssumeRoleWithWebIdentity
            Condition:
              StringEquals:
${condition}
`;
}

describe('policy completion in YAML: sub and aud values', () => {
  it('CloudFormation: aud values after an issuer-prefixed key, over what is typed', () => {
    const { items, range } = completeAt(cfnRole(`                ${EKS_ISSUER}:aud: st|`), 'stack.yaml');
    assert.deepStrictEqual(items.map((i) => [i.label, i.detail, i.textEdit]), [
      ['sts.amazonaws.com', 'EKS / IRSA default audience', { range: range('st'), newText: 'sts.amazonaws.com' }],
      ['openshift', 'OpenShift (ccoctl) token audience', { range: range('st'), newText: 'openshift' }],
    ]);
  });

  it('CloudFormation: sub values from the ServiceAccount beside the template, the typed colons included', () => {
    const { items, range } = completeAt(cfnRole(`                ${EKS_ISSUER}:aud: sts.amazonaws.com\n                ${EKS_ISSUER}:sub: system:serviceaccount:|`), 'stack.yaml', { 'sa.yaml': SA });
    assert.deepStrictEqual(items.map((i) => [i.label, i.textEdit]), [['system:serviceaccount:shop:my-app', { range: range('system:serviceaccount:'), newText: 'system:serviceaccount:shop:my-app' }]]);
  });

  it('CloudFormation: a quoted issuer key and a quoted value', () => {
    const { items, range } = completeAt(cfnRole(`                "${EKS_ISSUER}:aud": "op|`), 'stack.yaml');
    assert.deepStrictEqual(items.map((i) => [i.label, i.textEdit]), [
      ['sts.amazonaws.com', { range: range('op'), newText: 'sts.amazonaws.com' }],
      ['openshift', { range: range('op'), newText: 'openshift' }],
    ]);
  });

  it('CloudFormation: sub values as items of a list under the issuer key', () => {
    const { items, range } = completeAt(cfnRole(`                ${EKS_ISSUER}:sub:\n                  - system:serviceaccount:shop:other\n                  - sys|`), 'stack.yaml', { 'sa.yaml': SA });
    assert.deepStrictEqual(items.map((i) => [i.label, i.textEdit]), [['system:serviceaccount:shop:my-app', { range: range('sys'), newText: 'system:serviceaccount:shop:my-app' }]]);
  });

  it('a key without a claim of its own (aws:SourceVpc) gets no sub/aud values', () => {
    const { items } = completeAt(cfnRole('                aws:SourceVpc: |'), 'stack.yaml');
    assert.deepStrictEqual(items, []);
  });

  it('CredentialsRequest policyCondition: aud and sub values', () => {
    const cr = (condition: string) => `apiVersion: cloudcredential.openshift.io/v1
kind: CredentialsRequest
metadata:
  name: web-identity
  namespace: openshift-cloud-credential-operator
spec:
  providerSpec:
    apiVersion: cloudcredential.openshift.io/v1
    kind: AWSProviderSpec
    statementEntries:
    - effect: Allow
      action:
      - sts:AssumeRoleWithWebIdentity
      resource: "*"
      policyCondition:
        StringEquals:
${condition}
`;
    const aud = completeAt(cr(`          ${EKS_ISSUER}:aud: |`), 'cr.yaml');
    assert.deepStrictEqual(aud.items.map((i) => [i.label, i.textEdit]), [
      ['sts.amazonaws.com', { range: aud.range(''), newText: 'sts.amazonaws.com' }],
      ['openshift', { range: aud.range(''), newText: 'openshift' }],
    ]);
    const sub = completeAt(cr(`          ${EKS_ISSUER}:sub:\n          - s|`), 'cr.yaml', { 'sa.yaml': SA });
    assert.deepStrictEqual(sub.items.map((i) => [i.label, i.textEdit]), [['system:serviceaccount:shop:my-app', { range: sub.range('s'), newText: 'system:serviceaccount:shop:my-app' }]]);
  });
});

describe('policy completion inside a JSON string (ccoctl 05-*-role.json)', () => {
  const ISSUER = 'demo-oidc.s3.us-east-1.amazonaws.com';
  const role = (action: string, conditions: Record<string, string>) => {
    const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Federated: `arn:aws:iam::123456789012:oidc-provider/${ISSUER}` }, Action: action, Condition: { StringEquals: conditions } }] });
    return JSON.stringify({ AssumeRolePolicyDocument: policy, RoleName: 'demo-openshift-image-registry-installer-cloud-credentials' }, null, 4);
  };

  it('completes an action over what is typed between the escaped quotes', () => {
    const text = role('sts:AssumeRoleWithWeb', { [`${ISSUER}:aud`]: 'openshift' });
    const { items, range } = completeAt(text.replace('AssumeRoleWithWeb', 'AssumeRoleWithWeb|'), '05-role.json');
    const item = items.find((i) => i.label === 'sts:AssumeRoleWithWebIdentity')!;
    assert.match(item.detail!, /^Write: Grants permission to obtain a set of temporary security credentials/);
    assert.deepStrictEqual(item.textEdit, { range: range('sts:AssumeRoleWithWeb'), newText: 'sts:AssumeRoleWithWebIdentity' });
    assert.strictEqual(text.slice(text.indexOf('sts:AssumeRoleWithWeb') - 2, text.indexOf('sts:AssumeRoleWithWeb')), '\\"');
  });

  it('completes issuer-prefixed condition keys from the Federated ARN, first, over the typed part of the key', () => {
    const text = role('sts:AssumeRoleWithWebIdentity', { demo: 'openshift' });
    const { items, range } = completeAt(text.replace('demo\\"', 'demo|\\"'), '05-role.json');
    assert.deepStrictEqual(items.slice(0, 2).map((i) => [i.label, i.textEdit]), [
      [`${ISSUER}:sub`, { range: range('demo'), newText: `${ISSUER}:sub` }],
      [`${ISSUER}:aud`, { range: range('demo'), newText: `${ISSUER}:aud` }],
    ]);
  });

  it('completes aud values inside the string', () => {
    const text = role('sts:AssumeRoleWithWebIdentity', { [`${ISSUER}:aud`]: 'open' });
    const { items, range } = completeAt(text.replace('open\\"', 'open|\\"'), '05-role.json');
    assert.deepStrictEqual(items.map((i) => i.textEdit), [
      { range: range('open'), newText: 'sts.amazonaws.com' },
      { range: range('open'), newText: 'openshift' },
    ]);
  });

  it('offers nothing outside the string (on the RoleName value)', () => {
    const text = role('sts:AssumeRoleWithWebIdentity', { [`${ISSUER}:aud`]: 'openshift' });
    assert.deepStrictEqual(completeAt(text.replace('"demo-openshift', '"demo|-openshift'), '05-role.json').items, []);
  });
});

describe('policy completion of issuer keys on a new key line, while the JSON is incomplete', () => {
  const trust = (lines: string) => `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": { "Federated": "${EKS_PROVIDER}" },
      "Action": "sts:AssumeRoleWithWebIdentity",
      "Condition": {
        "StringEquals": {
${lines}
        }
      }
    }
  ]
}
`;
  const first2 = (marked: string) => {
    const { items, range } = completeAt(trust(marked), 'app-trust.json');
    return { top: items.slice(0, 2).map((i) => [i.label, i.textEdit]), range };
  };

  it('after a quote on the new line, with or without the comma that ends the line above', () => {
    for (const comma of [',', '']) {
      const { top, range } = first2(`          "${EKS_ISSUER}:aud": "sts.amazonaws.com"${comma}\n          "oi|`);
      assert.deepStrictEqual(top, [
        [`${EKS_ISSUER}:sub`, { range: range('oi'), newText: `${EKS_ISSUER}:sub` }],
        [`${EKS_ISSUER}:aud`, { range: range('oi'), newText: `${EKS_ISSUER}:aud` }],
      ], `comma: "${comma}"`);
    }
  });

  it('before any quote is typed: the key comes with its quotes', () => {
    const { top, range } = first2(`          "${EKS_ISSUER}:aud": "sts.amazonaws.com",\n          |`);
    assert.deepStrictEqual(top, [
      [`${EKS_ISSUER}:sub`, { range: range(''), newText: `"${EKS_ISSUER}:sub"` }],
      [`${EKS_ISSUER}:aud`, { range: range(''), newText: `"${EKS_ISSUER}:aud"` }],
    ]);
  });
});
