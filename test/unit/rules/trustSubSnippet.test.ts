import * as assert from 'assert';
import { parseFile } from '../../../server/src/model/parsedFile';
import { escapeSnippet, withTabStop } from '../../../server/src/rules/snippet';
import { FixEdit } from '../../../server/src/rules/rule';
import { check } from '../helpers';
import { EKS_ISSUER, eksTrust } from '../iam/policyFixtures';

const PLACEHOLDER = 'system:serviceaccount:<namespace>:<serviceaccount>';

function subFixEdit(files: Record<string, string>, target: string): FixEdit {
  const { findings, file } = check(files, target);
  return findings.find((f) => f.code === 'trust-sub-missing')!.fixes[0].edits[file.uri][0];
}

describe('trust-sub-missing: placeholder as a snippet tab stop', () => {
  it('YAML (CloudFormation): the inserted lines start a line, so the snippet keeps their indentation', () => {
    const stack = `Resources:\n  Role:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Principal:\n              Federated: arn:aws:iam::111122223333:oidc-provider/${EKS_ISSUER}\n            Action: sts:AssumeRoleWithWebIdentity\n      Path: /\n`;
    const edit = subFixEdit({ 'stack.yaml': stack }, 'stack.yaml');
    const lines = `            Condition:\n              StringEquals:\n                ${EKS_ISSUER}:sub: `;
    assert.strictEqual(edit.newText, `${lines}${PLACEHOLDER}\n`);
    assert.strictEqual(edit.snippet, `${lines}\${1:${PLACEHOLDER}}\n`);
  });

  it('inside ccoctl\'s JSON string: the escaped text, its backslashes and braces escaped again for the snippet', () => {
    const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Federated: 'arn:aws:iam::123456789012:oidc-provider/demo-oidc.s3.us-east-1.amazonaws.com' }, Action: 'sts:AssumeRoleWithWebIdentity' }] });
    const edit = subFixEdit({ '05-role.json': JSON.stringify({ AssumeRolePolicyDocument: policy, RoleName: 'r' }, null, 4) }, '05-role.json');
    assert.strictEqual(edit.newText, `,\\"Condition\\":{\\"StringEquals\\":{\\"demo-oidc.s3.us-east-1.amazonaws.com:sub\\":\\"${PLACEHOLDER}\\"}}`);
    assert.strictEqual(edit.snippet, `,\\\\"Condition\\\\":{\\\\"StringEquals\\\\":{\\\\"demo-oidc.s3.us-east-1.amazonaws.com:sub\\\\":\\\\"\${1:${PLACEHOLDER}}\\\\"\\}\\}`);
  });

  it('no snippet when the fix names real service accounts', () => {
    const sa = 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: my-app\n  namespace: shop\n';
    const edit = subFixEdit({ 'trust.json': eksTrust(null), 'sa.yaml': sa }, 'trust.json');
    assert.match(edit.newText, /"system:serviceaccount:shop:my-app"/);
    assert.strictEqual(edit.snippet, undefined);
  });
});

describe('withTabStop', () => {
  const range = (line: number, character: number) => ({ start: { line, character }, end: { line, character } });

  it('writes later lines relative to the whitespace before the insertion point, and escapes $ } \\', () => {
    const file = parseFile('file:///t.json', '{\n  "a": "x"\n}\n');
    const edit = withTabStop(file, { range: range(1, 10), newText: ',\n  "b": {"c": "${X}\\\\", "d": "<here>"}' }, '<here>');
    assert.strictEqual(edit.snippet, ',\n"b": {"c": "\\${X\\}\\\\\\\\", "d": "${1:<here>}"\\}');
  });

  it('stays plain text when a later line is indented less than the insertion point (a snippet cannot express it)', () => {
    const file = parseFile('file:///t.json', '{\n  "a": "x"\n}\n');
    const edit = withTabStop(file, { range: range(1, 10), newText: ',\n"b": "<here>"' }, '<here>');
    assert.strictEqual(edit.snippet, undefined);
  });

  it('escapeSnippet', () => assert.strictEqual(escapeSnippet('a$b}c\\d{'), 'a\\$b\\}c\\\\d{'));
});
