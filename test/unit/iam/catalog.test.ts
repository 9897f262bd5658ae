import * as assert from 'assert';
import { action, IAM_DATA_VERSION, matchingActions, service } from '../../../server/src/iam/catalog';
import { lookupConditionKey, parseOperator } from '../../../server/src/iam/conditions';
import { parseFederated } from '../../../server/src/iam/principals';

describe('IAM catalog', () => {
  it('knows services and actions with access level, description and resource types', () => {
    assert.match(IAM_DATA_VERSION, /^\d+\.\d+\.\d+$/);
    const a = action('STS', 'assumerolewithwebidentity')!;
    assert.strictEqual(a.name, 'AssumeRoleWithWebIdentity');
    assert.strictEqual(a.access, 'Write');
    assert.match(a.description, /^Grants permission to obtain a set of temporary security credentials/);
    assert.deepStrictEqual(a.resourceTypes, ['role*']);
    assert.strictEqual(service('s3')!.name, 'Amazon S3');
    assert.strictEqual(action('s3', 'PutObjects'), undefined);
  });

  it('expands wildcards case-insensitively', () => {
    assert.ok(matchingActions('s3', 'get*').some((x) => x.name === 'GetObject'));
    assert.deepStrictEqual(matchingActions('s3', 'Gte*'), []);
    assert.deepStrictEqual(matchingActions('sts', 'AssumeRoleWith?AML').map((x) => x.name), ['AssumeRoleWithSAML']);
  });

  it('recognises global, service and issuer-prefixed condition keys', () => {
    for (const key of ['aws:SourceIp', 'aws:PrincipalTag/team', 's3:prefix', 'sts:ExternalId', 'oidc.eks.us-east-1.amazonaws.com/id/ABC:sub', 'demo-oidc.s3.us-east-1.amazonaws.com:aud', 'rh-oidc.s3.us-east-1.amazonaws.com/1a2b:aud', 'oidc.eks.cn-north-1.amazonaws.com.cn/id/X:sub']) {
      assert.strictEqual(lookupConditionKey(key).known, true, key);
    }
    assert.deepStrictEqual(lookupConditionKey('aws:SourceIpp'), { known: false, prefixKnown: true });
    assert.deepStrictEqual(lookupConditionKey('foo:bar'), { known: false, prefixKnown: false });
  });

  it('parses operators with set prefixes and IfExists', () => {
    assert.deepStrictEqual(parseOperator('ForAllValues:StringLikeIfExists'), { base: 'StringLike', set: 'ForAllValues', ifExists: true });
    assert.strictEqual(parseOperator('StringEqual'), undefined);
    assert.strictEqual(parseOperator('NullIfExists'), undefined);
  });

  it('parses federated principals in every partition', () => {
    assert.deepStrictEqual(parseFederated('arn:aws-cn:iam::123456789012:oidc-provider/oidc.eks.cn-north-1.amazonaws.com.cn/id/ABC'), { kind: 'oidc', partition: 'aws-cn', account: '123456789012', issuer: 'oidc.eks.cn-north-1.amazonaws.com.cn/id/ABC' });
    assert.strictEqual(parseFederated('arn:aws-us-gov:iam::123456789012:oidc-provider/oidc.eks.us-gov-west-1.amazonaws.com/id/ABC').kind, 'oidc');
    assert.strictEqual(parseFederated('arn:aws:iam::123456789012:saml-provider/okta').kind, 'saml');
    assert.strictEqual(parseFederated('cognito-identity.amazonaws.com').kind, 'builtin');
    assert.deepStrictEqual(parseFederated('arn:aws:iam::12345:oidc-provider/x.example.com'), { kind: 'invalid', problem: 'the account "12345" is not 12 digits' });
  });
});
