import * as assert from 'assert';
import { check } from '../helpers';

describe('IAM rules on malformed input', () => {
  it('report structure problems and never throw', () => {
    const docs = [
      '{"Version": "2012-10-17", "Statement": "x"}',
      '{"Version": "2012-10-17", "Statement": [1, null, {"Effect": 5, "Action": {"a": 1}, "Resource": [], "Condition": "x"}]}',
      '{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Principal": "*", "Action": "sts:AssumeRole", "Condition": {"StringEquals": ["x"]}}}',
      '{"AssumeRolePolicyDocument": 42, "RoleName": "r"}',
      '{"AssumeRolePolicyDocument": "not json", "RoleName": "r"}',
      `{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:${'*'.repeat(200)}x", "Resource": "*"}}`,
    ];
    for (const text of docs) {
      const started = Date.now();
      const { findings } = check({ 'p.json': text }, 'p.json');
      assert.ok(Date.now() - started < 2000, text);
      assert.ok(findings.every((f) => f.message.length > 0));
    }
    const { summary } = check({ 'p.json': docs[0] }, 'p.json');
    assert.deepStrictEqual(summary, ['0:39-0:42 iam-policy-schema']);
  });
});
