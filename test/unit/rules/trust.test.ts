import * as assert from 'assert';
import { normalizeSettings } from '../../../server/src/settings';
import { applyEdits, check } from '../helpers';
import { EKS_ISSUER, EKS_PROVIDER, eksTrust, spanOf } from '../iam/policyFixtures';

const ONLY_TRUST = (summary: string[]) => summary.filter((s) => / (trust|iam)-/.test(s));

describe('trust policies: real-world valid shapes stay clean', () => {
  const clean = (files: Record<string, string>, target: string) => {
    const { findings } = check(files, target);
    assert.deepStrictEqual(findings.filter((f) => f.severity === 'error' || f.severity === 'warning').map((f) => `${f.code}: ${f.message}`), []);
  };

  it('eksctl iamserviceaccount output', () => clean({ 'trust.json': eksTrust() }, 'trust.json'));

  it('ccoctl 05-*-role.json (policy as a JSON string, no aud)', () => {
    const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Federated: 'arn:aws:iam::123456789012:oidc-provider/demo-oidc.s3.us-east-1.amazonaws.com' }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: { StringEquals: { 'demo-oidc.s3.us-east-1.amazonaws.com:sub': ['system:serviceaccount:openshift-image-registry:registry'] } } }] });
    clean({ '05-1-demo-role.json': JSON.stringify({ AssumeRolePolicyDocument: policy, RoleName: 'demo-openshift-image-registry-installer-cloud-credentials' }, null, 4) }, '05-1-demo-role.json');
  });

  it('ROSA (rh-oidc with a path), China and GovCloud partitions', () => {
    const rosa = 'rh-oidc.s3.us-east-1.amazonaws.com/1a2b3c4d5e';
    clean({ 't.json': eksTrust({ StringEquals: { [`${rosa}:sub`]: ['system:serviceaccount:openshift-ingress-operator:ingress-operator'] } }, { Federated: `arn:aws:iam::123456789012:oidc-provider/${rosa}` }) }, 't.json');
    const cn = 'oidc.eks.cn-north-1.amazonaws.com.cn/id/ABCDEF';
    clean({ 't.json': eksTrust({ StringEquals: { [`${cn}:sub`]: 'system:serviceaccount:kube-system:aws-node', [`${cn}:aud`]: 'sts.amazonaws.com' } }, { Federated: `arn:aws-cn:iam::123456789012:oidc-provider/${cn}` }) }, 't.json');
    const gov = 'oidc.eks.us-gov-west-1.amazonaws.com/id/ABCDEF';
    clean({ 't.json': eksTrust({ StringEquals: { [`${gov}:sub`]: 'system:serviceaccount:kube-system:aws-node' } }, { Federated: `arn:aws-us-gov:iam::123456789012:oidc-provider/${gov}` }) }, 't.json');
  });

  it('EKS Pod Identity, EC2 and account principals', () => {
    const pod = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'pods.eks.amazonaws.com' }, Action: ['sts:AssumeRole', 'sts:TagSession'] }] }, null, 2);
    const { summary } = check({ 'pod-identity-trust.json': pod }, 'pod-identity-trust.json');
    assert.deepStrictEqual(summary, []);
    const ec2 = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: ['ec2.amazonaws.com'], AWS: ['arn:aws:iam::123456789012:role/nodes', '123456789012'] }, Action: 'sts:AssumeRole' }] }, null, 2);
    assert.deepStrictEqual(check({ 'ec2-trust.json': ec2 }, 'ec2-trust.json').summary, []);
  });

  it('CloudFormation YAML with intrinsic tags', () => {
    const cfn = [
      'AWSTemplateFormatVersion: "2010-09-09"',
      'Resources:',
      '  AppRole:',
      '    Type: AWS::IAM::Role',
      '    Properties:',
      '      RoleName: !Sub "${AWS::StackName}-app"',
      '      AssumeRolePolicyDocument:',
      '        Version: "2012-10-17"',
      '        Statement:',
      '          - Effect: Allow',
      '            Principal:',
      '              Federated: !Sub "arn:${AWS::Partition}:iam::${AWS::AccountId}:oidc-provider/${Issuer}"',
      '            Action: sts:AssumeRoleWithWebIdentity',
      '            Condition:',
      '              StringEquals:',
      `                ${EKS_ISSUER}:sub: system:serviceaccount:default:app`,
      '',
    ].join('\n');
    assert.deepStrictEqual(ONLY_TRUST(check({ 'stack.yaml': cfn }, 'stack.yaml').summary), []);
  });

  it('CloudFormation JSON with intrinsic functions in long form (Fn::Sub policy string, Fn::If statement, effect, principal and condition)', () => {
    const sub = { 'Fn::Sub': '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Federated": "${ProviderArn}"}, "Action": "sts:AssumeRoleWithWebIdentity"}]}' };
    const statement = (extra: object) => ({ Effect: 'Allow', Action: 's3:GetObject', Resource: { 'Fn::Sub': 'arn:${AWS::Partition}:s3:::${Bucket}/*' }, ...extra });
    const template = {
      AWSTemplateFormatVersion: '2010-09-09',
      Resources: {
        AppRole: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: sub } },
        AppPolicy: {
          Type: 'AWS::IAM::Policy',
          Properties: {
            PolicyName: 'app',
            Roles: [{ Ref: 'AppRole' }],
            PolicyDocument: {
              Version: '2012-10-17',
              Statement: [
                statement({ Condition: { 'Fn::If': ['Scoped', { StringEquals: { 's3:prefix': 'app/' } }, { Ref: 'AWS::NoValue' }] } }),
                { 'Fn::If': ['UseKms', { Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*' }, { Ref: 'AWS::NoValue' }] },
                { ...statement({}), Effect: { 'Fn::If': ['ReadOnly', 'Deny', 'Allow'] } },
              ],
            },
          },
        },
        Other: { Type: 'AWS::IAM::ManagedPolicy', Properties: { PolicyDocument: { 'Fn::If': ['UseKms', { Version: '2012-10-17', Statement: [] }, { Ref: 'AWS::NoValue' }] } } },
        Assumer: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { 'Fn::If': ['Cross', { AWS: '111122223333' }, { Service: 'ec2.amazonaws.com' }] }, Action: 'sts:AssumeRole' }] } } },
      },
    };
    assert.deepStrictEqual(ONLY_TRUST(check({ 'stack.json': JSON.stringify(template, null, 2) }, 'stack.json').summary), []);
    // A misspelt key beside them is still reported.
    template.Resources.AppPolicy.Properties.PolicyDocument.Statement[0] = { ...statement({}), Actions: 's3:PutObject' } as never;
    assert.deepStrictEqual(ONLY_TRUST(check({ 'stack.json': JSON.stringify(template, null, 2) }, 'stack.json').summary).map((s) => s.split(' ')[1]), ['iam-policy-schema']);
  });
});

describe('trust-sub-missing', () => {
  it('fires on the Federated ARN and adds a sub for the ServiceAccount beside it', () => {
    const text = eksTrust({ StringEquals: { [`${EKS_ISSUER}:aud`]: 'sts.amazonaws.com' } });
    const sa = 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: my-app\n  namespace: shop\n';
    const { summary, findings, file } = check({ 'trust.json': text, 'sa.yaml': sa }, 'trust.json');
    assert.deepStrictEqual(summary, [spanOf(text, `"${EKS_PROVIDER}"`, 'trust-sub-missing')]);
    assert.strictEqual(findings[0].message, `No "${EKS_ISSUER}:sub" condition: any service account of the cluster (any token issued by ${EKS_ISSUER}) can assume this role. Add a StringEquals condition on "${EKS_ISSUER}:sub" naming the service account, as system:serviceaccount:<namespace>:<name>.`);
    assert.strictEqual(findings[0].fixes[0].title, 'Add a sub condition for system:serviceaccount:shop:my-app');
    const fixed = applyEdits(file, findings[0].fixes[0].edits[file.uri]);
    assert.strictEqual(fixed, eksTrust({ StringEquals: { [`${EKS_ISSUER}:aud`]: 'sts.amazonaws.com', [`${EKS_ISSUER}:sub`]: 'system:serviceaccount:shop:my-app' } }));
  });

  it('adds a Condition block with a placeholder when there is none (eksctl add-on style without conditions)', () => {
    const text = eksTrust(null);
    const { findings, file } = check({ 'trust.json': text }, 'trust.json');
    const sub = findings.find((f) => f.code === 'trust-sub-missing')!;
    assert.strictEqual(sub.fixes[0].title, 'Add a sub condition (placeholder)');
    const fixed = applyEdits(file, sub.fixes[0].edits[file.uri]);
    assert.strictEqual(fixed, eksTrust({ StringEquals: { [`${EKS_ISSUER}:sub`]: 'system:serviceaccount:<namespace>:<serviceaccount>' } }));
  });

  it('edits inside a ccoctl JSON string, escaped', () => {
    const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Federated: 'arn:aws:iam::123456789012:oidc-provider/demo-oidc.s3.us-east-1.amazonaws.com' }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: { StringEquals: { 'demo-oidc.s3.us-east-1.amazonaws.com:aud': 'openshift' } } }] });
    const text = JSON.stringify({ AssumeRolePolicyDocument: policy, RoleName: 'r' }, null, 4);
    const { summary, findings, file } = check({ '05-role.json': text }, '05-role.json');
    assert.deepStrictEqual(summary, [spanOf(text, '\\"arn:aws:iam::123456789012:oidc-provider/demo-oidc.s3.us-east-1.amazonaws.com\\"', 'trust-sub-missing')]);
    const fixed = JSON.parse(applyEdits(file, findings[0].fixes[0].edits[file.uri]));
    assert.deepStrictEqual(JSON.parse(fixed.AssumeRolePolicyDocument).Statement[0].Condition.StringEquals, {
      'demo-oidc.s3.us-east-1.amazonaws.com:aud': 'openshift',
      'demo-oidc.s3.us-east-1.amazonaws.com:sub': 'system:serviceaccount:<namespace>:<serviceaccount>',
    });
  });
});

describe('trust-condition-issuer', () => {
  it('fires on a key for another issuer and rewrites it', () => {
    const wrong = 'oidc.us-west-2.eks.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE';
    const text = eksTrust({ StringEquals: { [`${wrong}:sub`]: 'system:serviceaccount:default:my-app', [`${EKS_ISSUER}:aud`]: 'sts.amazonaws.com' } });
    const { summary, findings, file } = check({ 'trust.json': text }, 'trust.json');
    assert.deepStrictEqual(ONLY_TRUST(summary), [spanOf(text, `"${wrong}:sub"`, 'trust-condition-issuer')]);
    const f = findings.find((x) => x.code === 'trust-condition-issuer')!;
    assert.strictEqual(f.message, `Condition key "${wrong}:sub" names issuer "${wrong}" but the Federated principal is the provider for "${EKS_ISSUER}": the key never matches a token from that provider. Use "${EKS_ISSUER}:sub".`);
    assert.strictEqual(applyEdits(file, f.fixes[0].edits[file.uri]), text.replace(wrong, EKS_ISSUER));
  });

  it('fires on https:// in the key', () => {
    const text = eksTrust({ StringEquals: { [`https://${EKS_ISSUER}:sub`]: 'system:serviceaccount:default:my-app', [`${EKS_ISSUER}:aud`]: 'sts.amazonaws.com' } });
    const { findings, file } = check({ 'trust.json': text }, 'trust.json');
    const f = findings.find((x) => x.code === 'trust-condition-issuer')!;
    assert.match(f.message, /starts with "https:\/\/"/);
    assert.strictEqual(applyEdits(file, f.fixes[0].edits[file.uri]), text.replace('https://', ''));
  });
});

describe('trust-wildcard-operator', () => {
  it('fires on the value and switches StringEquals to StringLike', () => {
    const text = eksTrust({ StringEquals: { [`${EKS_ISSUER}:sub`]: 'system:serviceaccount:shop:*', [`${EKS_ISSUER}:aud`]: 'sts.amazonaws.com' } });
    const { summary, findings, file } = check({ 'trust.json': text }, 'trust.json');
    assert.deepStrictEqual(ONLY_TRUST(summary), [spanOf(text, '"system:serviceaccount:shop:*"', 'trust-wildcard-operator')]);
    const f = findings[0];
    assert.strictEqual(f.message, `"system:serviceaccount:shop:*" is under StringEquals, which compares literally: the "*" only matches that character, so "${EKS_ISSUER}:sub" never matches a real value. Use StringLike for wildcards.`);
    assert.strictEqual(f.fixes[0].title, 'Change StringEquals to StringLike');
    assert.strictEqual(applyEdits(file, f.fixes[0].edits[file.uri]), text.replace('"StringEquals"', '"StringLike"'));
  });

  it('offers no rename when a StringLike block already exists', () => {
    const text = eksTrust({ StringEquals: { [`${EKS_ISSUER}:sub`]: 'system:serviceaccount:shop:*' }, StringLike: { [`${EKS_ISSUER}:aud`]: 'sts.amazonaws.com' } });
    const f = check({ 'trust.json': text }, 'trust.json').findings.find((x) => x.code === 'trust-wildcard-operator')!;
    assert.deepStrictEqual(f.fixes, []);
  });
});

describe('trust-sub-format', () => {
  it('fires on a malformed subject and fixes the obvious typo', () => {
    const text = eksTrust({ StringEquals: { [`${EKS_ISSUER}:sub`]: 'system:serviceaccounts:shop:my-app', [`${EKS_ISSUER}:aud`]: 'sts.amazonaws.com' } });
    const { summary, findings, file } = check({ 'trust.json': text }, 'trust.json');
    assert.deepStrictEqual(ONLY_TRUST(summary), [spanOf(text, '"system:serviceaccounts:shop:my-app"', 'trust-sub-format')]);
    assert.strictEqual(findings[0].message, '"system:serviceaccounts:shop:my-app" can never match a service-account token\'s sub: it is not system:serviceaccount:<namespace>:<serviceaccount>. Tokens carry "system:serviceaccount:<namespace>:<serviceaccount>". Did you mean "system:serviceaccount:shop:my-app"?');
    assert.strictEqual(applyEdits(file, findings[0].fixes[0].edits[file.uri]), text.replace('serviceaccounts:', 'serviceaccount:'));
  });

  it('fires on an upper-case name, and leaves GitHub Actions subjects alone', () => {
    const text = eksTrust({ StringEquals: { [`${EKS_ISSUER}:sub`]: 'system:serviceaccount:Shop:my-app', [`${EKS_ISSUER}:aud`]: 'sts.amazonaws.com' } });
    const { findings } = check({ 'trust.json': text }, 'trust.json');
    assert.match(findings[0].message, /namespace "Shop" is not a valid Kubernetes name/);
    const gh = 'token.actions.githubusercontent.com';
    const ghText = eksTrust({ StringEquals: { [`${gh}:sub`]: 'repo:octo/app:ref:refs/heads/main', [`${gh}:aud`]: 'sts.amazonaws.com' } }, { Federated: `arn:aws:iam::123456789012:oidc-provider/${gh}` });
    assert.deepStrictEqual(ONLY_TRUST(check({ 'trust.json': ghText }, 'trust.json').summary), []);
  });
});

describe('trust-sub-broad, trust-aud-missing, iam-forallvalues-single-valued', () => {
  it('warns on a namespace wildcard under StringLike', () => {
    const text = eksTrust({ StringLike: { [`${EKS_ISSUER}:sub`]: 'system:serviceaccount:*:my-app' }, StringEquals: { [`${EKS_ISSUER}:aud`]: 'sts.amazonaws.com' } });
    const { summary, findings } = check({ 'trust.json': text }, 'trust.json');
    assert.deepStrictEqual(ONLY_TRUST(summary), [spanOf(text, '"system:serviceaccount:*:my-app"', 'trust-sub-broad')]);
    assert.strictEqual(findings[0].severity, 'warning');
    assert.deepStrictEqual(ONLY_TRUST(check({ 'trust.json': text.replace('*:my-app', 'shop:*') }, 'trust.json').summary), []);
  });

  it('informs when aud is missing, and adds it', () => {
    const text = eksTrust({ StringEquals: { [`${EKS_ISSUER}:sub`]: 'system:serviceaccount:default:my-app' } });
    const { summary, findings, file } = check({ 'trust.json': text }, 'trust.json');
    assert.deepStrictEqual(summary, [spanOf(text, `"${EKS_PROVIDER}"`, 'trust-aud-missing')]);
    assert.strictEqual(findings[0].severity, 'information');
    assert.strictEqual(applyEdits(file, findings[0].fixes[0].edits[file.uri]), eksTrust());
  });

  it('warns on ForAllValues: on a single-valued key of a trust policy and drops the set operator', () => {
    const text = eksTrust({ StringEquals: { [`${EKS_ISSUER}:aud`]: 'sts.amazonaws.com' }, 'ForAllValues:StringEquals': { [`${EKS_ISSUER}:sub`]: ['system:serviceaccount:default:my-app'] } });
    const { summary, findings, file } = check({ 'trust.json': text }, 'trust.json');
    assert.deepStrictEqual(summary, [spanOf(text, '"ForAllValues:StringEquals"', 'iam-forallvalues-single-valued')]);
    assert.strictEqual(findings[0].message, `"${EKS_ISSUER}:sub" has a single value, and ForAllValues:StringEquals is also true when the request has no "${EKS_ISSUER}:sub" at all, so this trust policy allows requests without it. Use StringEquals, which requires the key.`);
    assert.strictEqual(applyEdits(file, findings[0].fixes[0].edits[file.uri]), text.replace('ForAllValues:StringEquals', 'StringEquals'));
  });

  it('stays quiet on ForAllValues: with aws:TagKeys, the pattern AWS documents for allowed tag keys', () => {
    const trust = eksTrust({ StringEquals: { [`${EKS_ISSUER}:sub`]: 'system:serviceaccount:default:my-app', [`${EKS_ISSUER}:aud`]: 'sts.amazonaws.com' }, 'ForAllValues:StringEquals': { 'aws:TagKeys': ['team'] } });
    assert.deepStrictEqual(check({ 'trust.json': trust }, 'trust.json').summary, []);
    const permission = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'ec2:CreateTags', Resource: '*', Condition: { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['Name', 'team'] }, 'ForAllValues:StringLike': { 'unknown:Key': 'x' } } }] }, null, 2);
    assert.deepStrictEqual(check({ 'p.json': permission }, 'p.json').summary.filter((s) => s.includes('forallvalues')), []);
  });

  it('warns on a single-valued global key in a permission policy', () => {
    const text = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { 'ForAllValues:StringEquals': { 'aws:SourceVpc': ['vpc-1'] } } }] }, null, 2);
    const { summary, findings } = check({ 'p.json': text }, 'p.json');
    assert.deepStrictEqual(summary, [spanOf(text, '"ForAllValues:StringEquals"', 'iam-forallvalues-single-valued')]);
    assert.match(findings[0].message, /so this statement allows requests without it/);
  });

  it('still answers to its old id trust-forallvalues-allow in settings and disable comments', () => {
    const yaml = ['Version: "2012-10-17"', 'Statement:', '- Effect: Allow', '  Principal: {Federated: "arn:aws:iam::111122223333:oidc-provider/oidc.example.com"}', '  Action: sts:AssumeRoleWithWebIdentity', '  Condition:', '    # sts-lens-disable-next-line trust-forallvalues-allow', '    ForAllValues:StringEquals: {"oidc.example.com:sub": "system:serviceaccount:a:b"}', '    StringEquals: {"oidc.example.com:aud": sts.amazonaws.com}', ''].join('\n');
    assert.deepStrictEqual(check({ 'trust-policy.yaml': yaml }, 'trust-policy.yaml').summary.filter((s) => s.includes('forallvalues')), []);
    const text = eksTrust({ StringEquals: { [`${EKS_ISSUER}:aud`]: 'sts.amazonaws.com' }, 'ForAllValues:StringEquals': { [`${EKS_ISSUER}:sub`]: 'system:serviceaccount:default:my-app' } });
    assert.deepStrictEqual(check({ 'trust.json': text }, 'trust.json', normalizeSettings({ rules: { 'trust-forallvalues-allow': 'off' } })).summary, []);
    const hint = check({ 'trust.json': text }, 'trust.json', normalizeSettings({ rules: { 'trust-forallvalues-allow': 'hint' } })).findings;
    assert.deepStrictEqual(hint.map((f) => `${f.code} ${f.severity}`), ['iam-forallvalues-single-valued hint']);
  });
});

describe('trust-principal-arn, trust-action-mismatch, trust-policy-size', () => {
  it('fires on a malformed provider ARN and strips https://', () => {
    const bad = `arn:aws:iam::111122223333:oidc-provider/https://${EKS_ISSUER}`;
    const text = eksTrust(null, { Federated: bad });
    const { findings, file } = check({ 'trust.json': text }, 'trust.json');
    const f = findings.find((x) => x.code === 'trust-principal-arn')!;
    assert.strictEqual(`${f.range.start.line}:${f.range.start.character}`, spanOf(text, `"${bad}"`, '').split('-')[0]);
    assert.strictEqual(f.message, `Federated principal "${bad}" is malformed: the provider part must not start with https://. STS will answer "No OpenIDConnect provider found".`);
    assert.strictEqual(applyEdits(file, f.fixes[0].edits[file.uri]), text.replace('https://', ''));
  });

  it('fires on sts:AssumeRole with an OIDC principal and sets the action', () => {
    const text = eksTrust(null, undefined, 'sts:AssumeRole');
    const { findings, file } = check({ 'trust.json': text }, 'trust.json');
    const f = findings.find((x) => x.code === 'trust-action-mismatch')!;
    assert.strictEqual(`${f.range.start.line}:${f.range.start.character}-${f.range.end.line}:${f.range.end.character} ${f.code}`, spanOf(text, '"sts:AssumeRole"', 'trust-action-mismatch'));
    assert.strictEqual(applyEdits(file, f.fixes[0].edits[file.uri]), eksTrust(null, undefined, 'sts:AssumeRoleWithWebIdentity'));
  });

  it('fires on Pod Identity without sts:TagSession', () => {
    const text = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'pods.eks.amazonaws.com' }, Action: 'sts:AssumeRole' }] }, null, 2);
    assert.deepStrictEqual(check({ 't.json': text }, 't.json').summary, [spanOf(text, '"sts:AssumeRole"', 'trust-action-mismatch')]);
  });

  it('does not fire on Pod Identity when sts:TagSession is allowed in a statement of its own', () => {
    const pod = { Effect: 'Allow', Principal: { Service: 'pods.eks.amazonaws.com' } };
    const text = JSON.stringify({ Version: '2012-10-17', Statement: [{ ...pod, Action: 'sts:AssumeRole' }, { ...pod, Action: 'sts:TagSession' }] }, null, 2);
    assert.deepStrictEqual(check({ 't.json': text }, 't.json').summary, []);
  });

  it('warns over 2,048 characters', () => {
    const subs = Array.from({ length: 60 }, (_, i) => `system:serviceaccount:team-${i}:app`);
    const text = eksTrust({ StringEquals: { [`${EKS_ISSUER}:sub`]: subs, [`${EKS_ISSUER}:aud`]: 'sts.amazonaws.com' } });
    assert.deepStrictEqual(check({ 't.json': text }, 't.json').summary, [spanOf(text, '"Statement"', 'trust-policy-size')]);
  });
});

describe('trust policies in CloudFormation YAML', () => {
  const cfn = (condition: string[]) => [
    'Resources:',
    '  AppRole:',
    '    Type: AWS::IAM::Role',
    '    Properties:',
    '      AssumeRolePolicyDocument:',
    '        Version: "2012-10-17"',
    '        Statement:',
    '          - Effect: Allow',
    '            Principal:',
    `              Federated: ${EKS_PROVIDER}`,
    '            Action: sts:AssumeRoleWithWebIdentity',
    ...condition,
    '',
  ].join('\n');

  it('rewrites a mistyped issuer key in place', () => {
    const text = cfn(['            Condition:', '              StringEquals:', `                https://${EKS_ISSUER}:sub: system:serviceaccount:default:app`, `                ${EKS_ISSUER}:aud: sts.amazonaws.com`]);
    const { summary, findings, file } = check({ 'stack.yaml': text }, 'stack.yaml');
    assert.deepStrictEqual(ONLY_TRUST(summary), [spanOf(text, `https://${EKS_ISSUER}:sub`, 'trust-condition-issuer')]);
    assert.strictEqual(applyEdits(file, findings[0].fixes[0].edits[file.uri]), text.replace('https://', ''));
  });

  it('adds the sub condition as YAML lines', () => {
    const text = cfn(['            Condition:', '              StringEquals:', `                ${EKS_ISSUER}:aud: sts.amazonaws.com`]);
    const { findings, file } = check({ 'stack.yaml': text }, 'stack.yaml');
    const f = findings.find((x) => x.code === 'trust-sub-missing')!;
    assert.strictEqual(applyEdits(file, f.fixes[0].edits[file.uri]), text.replace('sts.amazonaws.com\n', `sts.amazonaws.com\n                ${EKS_ISSUER}:sub: system:serviceaccount:<namespace>:<serviceaccount>\n`));
  });
});
