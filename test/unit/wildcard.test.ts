import * as assert from 'assert';
import { wildcardMatch } from '../../server/src/util/wildcard';
import { check } from './helpers';
import { KUBE2IAM_DEPLOYMENT } from './rules/manifestsFixtures';

/** `s3:?*?*...?*Z`: with a regular expression built from it, each extra `?*` multiplied the time by about 3.5. */
const PATHOLOGICAL = `s3:${'?*'.repeat(40)}Z`;

describe('wildcardMatch', () => {
  it('matches * as any run and ? as one character, anchored at both ends', () => {
    const cases: Array<[string, string, boolean]> = [
      ['s3:Get*', 's3:GetObject', true],
      ['s3:Get*', 's3:PutObject', false],
      ['s3:*Object', 's3:GetObject', true],
      ['s3:*Object', 's3:GetObjectAcl', false],
      ['s3:Get?bject', 's3:GetObject', true],
      ['s3:Get?bject', 's3:GetObbject', false],
      ['*', '', true],
      ['?', '', false],
      ['a*b*c', 'abc', true],
      ['a*b*c', 'aXbYbZc', true],
      ['a*b*c', 'acb', false],
      ['a**b', 'ab', true],
      ['*ab*ab*', 'xabyab', true],
      ['*ab*ab*', 'xaby', false],
      ['ab*ba', 'aba', false],
      ['system:serviceaccount:shop:*', 'system:serviceaccount:shop:cart', true],
      ['system:serviceaccount:shop:*', 'system:serviceaccount:shopping:cart', false],
      ['a.b', 'aXb', false],
      ['(x)+[y]', '(x)+[y]', true],
    ];
    for (const [pattern, value, expected] of cases) assert.strictEqual(wildcardMatch(pattern, value), expected, `${pattern} ~ ${value}`);
  });

  it('ignores case when asked, and takes `?` as itself when only `*` is a wildcard', () => {
    assert.strictEqual(wildcardMatch('S3:get*', 's3:GetObject'), false);
    assert.strictEqual(wildcardMatch('S3:get*', 's3:GetObject', { ignoreCase: true }), true);
    assert.strictEqual(wildcardMatch('arn:aws:iam::123456789012:role/*', 'arn:aws:iam::123456789012:role/team/uploader', { starOnly: true }), true);
    assert.strictEqual(wildcardMatch('arn:aws:iam::123456789012:role?media', 'arn:aws:iam::123456789012:role/media', { starOnly: true }), false);
    assert.strictEqual(wildcardMatch('arn:aws:iam::123456789012:role?media', 'arn:aws:iam::123456789012:role?media', { starOnly: true }), true);
    assert.strictEqual(wildcardMatch('a\u0000c', 'abc', { starOnly: true }), false);
  });

  it('answers pathological patterns at once (no backtracking)', () => {
    assert.strictEqual(wildcardMatch(PATHOLOGICAL, `s3:${'a'.repeat(5000)}`, { ignoreCase: true }), false);
    assert.strictEqual(wildcardMatch(PATHOLOGICAL, `s3:${'a'.repeat(5000)}Z`, { ignoreCase: true }), true);
    assert.strictEqual(wildcardMatch(`${'*a'.repeat(200)}b`, 'a'.repeat(20000)), false);
  });
});

describe('pathological wildcards in checked files', () => {
  it('a policy action pattern: iam-wildcard-matches-nothing answers without hanging', () => {
    const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: [PATHOLOGICAL], Resource: '*' }] }, null, 2);
    const result = check({ 'policy.json': policy }, 'policy.json');
    assert.deepStrictEqual(result.findings.map((f) => f.code), ['iam-wildcard-matches-nothing']);
  });

  it('a StringLike sub in a trust policy: trust-sub-mismatch still matches the service account', () => {
    const issuer = 'oidc.eks.ap-northeast-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE';
    const trust = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Federated: `arn:aws:iam::123456789012:oidc-provider/${issuer}` },
          Action: 'sts:AssumeRoleWithWebIdentity',
          Condition: { StringLike: { [`${issuer}:sub`]: `system:serviceaccount:default:${'?*'.repeat(40)}z`, [`${issuer}:aud`]: 'sts.amazonaws.com' } },
        },
      ],
    });
    const sa = (name: string) => `apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: ${name}\n  namespace: default\n  annotations:\n    eks.amazonaws.com/role-arn: arn:aws:iam::123456789012:role/s3-echoer\n`;
    const long = 'a'.repeat(200);
    assert.deepStrictEqual(check({ 'sa.yaml': sa(long), 's3-echoer-trust.json': trust }, 'sa.yaml').findings.map((f) => f.code), ['trust-sub-mismatch']);
    assert.deepStrictEqual(check({ 'sa.yaml': sa(`${long}z`), 's3-echoer-trust.json': trust }, 'sa.yaml').findings.map((f) => f.code), []);
  });

  it('a kube2iam allowed-roles glob: the warning is decided without hanging', () => {
    const namespace = `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: media\n  annotations:\n    iam.amazonaws.com/allowed-roles: |\n      ["arn:aws:iam::123456789012:role/${'?*'.repeat(40)}Z"]\n`;
    const deployment = KUBE2IAM_DEPLOYMENT.replace('role/uploader', `role/${'u'.repeat(60)}`);
    const daemon = 'apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: kube2iam\nspec:\n  template:\n    spec:\n      containers:\n      - name: kube2iam\n        image: jtblin/kube2iam:0.11.2\n        args: ["--namespace-restrictions"]\n';
    const summary = check({ 'deploy.yaml': deployment, 'ns.yaml': namespace, 'kube2iam.yaml': daemon }, 'deploy.yaml').findings.map((f) => f.severity);
    assert.deepStrictEqual(summary, ['information', 'warning']);
  });
});
