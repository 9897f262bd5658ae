import * as assert from 'assert';
import { parseFederated, awsPrincipalProblem } from '../../../server/src/iam/principals';
import { parseFile } from '../../../server/src/model/parsedFile';
import { humanPlaceholder, isTemplated, literalText, placeholdersIn, splitTemplated, templateAdmits } from '../../../server/src/model/templated';
import { roleNameOf } from '../../../server/src/crossFile/roleNames';
import { roleArnProblem } from '../../../server/src/views/roleArn';
import { issuerUrlProblem } from '../../../server/src/views/issuerUrl';

describe('templated values (model)', () => {
  it('finds the five placeholder forms, nested brackets balanced, and leaves look-alikes literal', () => {
    const forms = (v: string) => placeholdersIn(v).map((p) => `${v.slice(p.start, p.end)} ${p.form}`);
    assert.deepStrictEqual(forms('${CARTS_IAM_ROLE}'), ['${CARTS_IAM_ROLE} ${}']);
    assert.deepStrictEqual(forms('$(ACK_SAGEMAKER_OIDC_ROLE)'), ['$(ACK_SAGEMAKER_OIDC_ROLE) $()']);
    assert.deepStrictEqual(forms('%{issuer_url}:sub'), ['%{issuer_url} %{}']);
    assert.deepStrictEqual(forms("'{{ .Values.s3.roleArn }}'"), ['{{ .Values.s3.roleArn }} {{}}']);
    assert.deepStrictEqual(forms('${jsonencode({a = 1})}x'), ['${jsonencode({a = 1})} ${}']);
    assert.deepStrictEqual(forms('arn:aws:iam::(@= data.values.aws.account_id @):role/checkout'), ['(@= data.values.aws.account_id @) (@@)']);
    assert.deepStrictEqual(forms('(@ @) and (@= @) and (@ open'), []);
    assert.deepStrictEqual(forms('arn:${aws_partition:=aws}:iam::${id}:role/x'), ['${aws_partition:=aws} ${}', '${id} ${}']);
    for (const literal of ['arn:aws:iam::123456789012:role/app', '${', '${}', '$ (x)', '{ a }', '<ACCOUNT_ID>', '$HOME/x', '${unterminated']) {
      assert.strictEqual(isTemplated(literal), false, literal);
    }
  });

  it('splits at a separator outside placeholders and keeps the literal text', () => {
    assert.deepStrictEqual(
      splitTemplated('arn:aws:iam::${aws:userid}:role/x', ':').map((p) => [p.text, p.templated]),
      [['arn', false], ['aws', false], ['iam', false], ['', false], ['${aws:userid}', true], ['role/x', false]],
    );
    assert.strictEqual(literalText('arn:aws:iam::%{aws_account_id}:role/x'), 'arn:aws:iam:::role/x');
  });

  it('admits the literals a template may become, with StringLike and case options', () => {
    assert.strictEqual(templateAdmits('system:serviceaccount:${ns}:app', 'system:serviceaccount:shop:app'), true);
    assert.strictEqual(templateAdmits('system:serviceaccount:${ns}:app', 'system:serviceaccount:shop:web'), false);
    assert.strictEqual(templateAdmits('system:serviceaccount:${ns}:app-*', 'system:serviceaccount:shop:app-1', { glob: true }), true);
    assert.strictEqual(templateAdmits('System:ServiceAccount:${ns}:APP', 'system:serviceaccount:shop:app', { ignoreCase: true }), true);
  });

  it('tells human placeholders apart', () => {
    assert.strictEqual(humanPlaceholder('arn:aws:iam::<ACCOUNT_ID>:role/app'), '<ACCOUNT_ID>');
    assert.strictEqual(humanPlaceholder('<your-cluster-name>'), '<your-cluster-name>');
    assert.strictEqual(humanPlaceholder('${ACCOUNT_ID}'), undefined);
  });
});

describe('templated values (views)', () => {
  it('a templated role ARN is judged on its literal parts', () => {
    for (const ok of ['${CARTS_IAM_ROLE}', '$(ROLE_ARN)', '{{ .Values.roleArn }}', 'arn:aws:iam::${AWS_ACCOUNT_ID}:role/carts', 'arn:${partition}:iam::%{aws_account_id}:role/${cluster}-ingress', '${ARN_PREFIX}:role/app', 'arn:aws:iam::${ACCOUNT}:role/${PATH_AND_NAME}']) {
      assert.strictEqual(roleArnProblem(ok), undefined, ok);
    }
    assert.strictEqual(roleArnProblem('arn:aws:iam::${AWS_ACCOUNT_ID}:roles/carts'), '"roles" is not "role" (this is not a role ARN)');
    assert.strictEqual(roleArnProblem('arn:aws:sts::${AWS_ACCOUNT_ID}:role/carts'), 'the service is "sts", not "iam"');
    assert.strictEqual(roleArnProblem('arn:aws:iam:us-east-1:${AWS_ACCOUNT_ID}:role/carts'), 'IAM ARNs have no region, but this one has "us-east-1"');
    assert.strictEqual(roleArnProblem('arn:aws:iam::acct-${ID}:role/carts'), 'the account "acct-${ID}" is not 12 digits');
    assert.strictEqual(roleArnProblem('arn:aws:iam::${ID}:role/carts app'), 'the role name "carts app" has characters IAM does not allow');
    assert.strictEqual(roleArnProblem('role-${NAME}'), 'it does not start with "arn:"');
    assert.strictEqual(roleArnProblem('arn:aws:iam::<ACCOUNT_ID>:role/carts'), 'the placeholder "<ACCOUNT_ID>" was left in (nothing fills it in)');
  });

  it('a templated role ARN names its role when the name is literal', () => {
    assert.strictEqual(roleNameOf('arn:aws:iam::%{aws_account_id}:role/RH-Managed-OpenShift-Installer'), 'RH-Managed-OpenShift-Installer');
    assert.strictEqual(roleNameOf('arn:aws:iam::${ACCOUNT}:role/team/external-dns'), 'external-dns');
    assert.strictEqual(roleNameOf('arn:aws:iam::${ACCOUNT}:role/${CLUSTER}-carts'), undefined);
    assert.strictEqual(roleNameOf('${CARTS_IAM_ROLE}'), undefined);
  });

  it('a templated Federated principal keeps what its literal parts say', () => {
    assert.deepStrictEqual(parseFederated('%{oidc_provider_arn}'), { kind: 'templated' });
    assert.deepStrictEqual(parseFederated('arn:aws:iam::${account_id}:oidc-provider/${oidc_provider}'), { kind: 'templated', provider: 'oidc', issuerTemplate: '${oidc_provider}' });
    assert.deepStrictEqual(parseFederated('arn:aws:iam::${account_id}:oidc-provider/oidc.example.com'), { kind: 'oidc', partition: 'aws', account: '${account_id}', issuer: 'oidc.example.com' });
    assert.deepStrictEqual(parseFederated('arn:aws:iam::${account_id}:oidc-provider/https://${oidc_provider}'), {
      kind: 'invalid',
      problem: 'the provider part must not start with https://',
      suggestion: 'arn:aws:iam::${account_id}:oidc-provider/${oidc_provider}',
    });
    assert.strictEqual(awsPrincipalProblem('arn:aws:iam::%{aws_account_id}:role/RH-Managed-OpenShift-Installer'), undefined);
    assert.strictEqual(awsPrincipalProblem('arn:aws-us:iam::%{aws_account_id}:role/x'), '"aws-us" is not an AWS partition (aws, aws-cn or aws-us-gov)');
  });

  it('a templated issuer is unknown unless its literal text decides', () => {
    assert.strictEqual(issuerUrlProblem('https://${CLUSTER_NAME}-oidc.s3.${AWS_REGION}.amazonaws.com'), undefined);
    assert.strictEqual(issuerUrlProblem('${ISSUER_URL}'), undefined);
    assert.strictEqual(issuerUrlProblem('http://${HOST}')?.reason, 'is not an https URL: IAM only trusts OIDC issuers served over https');
    assert.deepStrictEqual(issuerUrlProblem('https://${HOST}/'), { reason: 'ends with a slash', fixed: 'https://${HOST}' });
  });
});

describe('whole-file templates and templated values', () => {
  const parse = (name: string, text: string) => parseFile(`file:///w/${name}`, text, { fsPath: `/w/${name}` });

  it('a YAML file whose {{ }} sit inside scalar values is read, one with Helm structure is not', () => {
    const plain = parse('sa.yaml', "kind: ServiceAccount\napiVersion: v1\nmetadata:\n  name: a\n  annotations:\n    eks.amazonaws.com/role-arn: '{{ .Values.s3.roleArn }}'\n");
    assert.strictEqual(plain.helmTemplate, false);
    assert.strictEqual(plain.docs[0].kind, 'service-account');
    for (const helm of [
      'kind: ServiceAccount\nmetadata:\n  annotations:\n    eks.amazonaws.com/role-arn: {{ .Values.roleArn }}\n',
      'kind: ServiceAccount\nmetadata:\n  name: "{{ .Values.name }}"\n{{- if .Values.roleArn }}\n  annotations: {}\n{{- end }}\n',
      'kind: ServiceAccount\nmetadata:\n  labels:\n    {{- include "chart.labels" . | nindent 4 }}\n',
      '# {{ .Values.note }}\nkind: ServiceAccount\n',
    ]) {
      const file = parse('t.yaml', helm);
      assert.strictEqual(file.helmTemplate, true, helm);
      assert.deepStrictEqual(file.docs, []);
    }
  });

  it('Go template control inside a block scalar (a Vault Agent template annotation) leaves the file read', () => {
    const vault = [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      '  name: billing-export',
      'spec:',
      '  template:',
      '    metadata:',
      '      annotations:',
      '        vault.hashicorp.com/agent-inject: "true"',
      '        vault.hashicorp.com/agent-inject-template-aws: |',
      '          {{- with secret "aws/creds/billing" -}}',
      '          [default]',
      '          aws_access_key_id={{ .Data.access_key }}',
      '          {{- end }}',
      '    spec:',
      '      serviceAccountName: billing',
      '      containers:',
      '      - name: app',
      '        image: example.invalid/billing:1',
      '',
    ].join('\n');
    const file = parse('billing.yaml', vault);
    assert.strictEqual(file.helmTemplate, false);
    assert.strictEqual(file.docs[0].kind, 'workload');
  });

  it('JSON broken only by a placeholder outside strings is a whole-file template; JSON with templated strings is read', () => {
    const whole = parse('policy.json.tpl', '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": ${jsonencode(arns)}}]}');
    assert.strictEqual(whole.helmTemplate, true);
    assert.strictEqual(whole.format, 'json');
    const values = parse('trust.json.tftpl', '{"Statement": [{"Principal": {"Federated": "${oidc_provider_arn}"}}]}');
    assert.strictEqual(values.helmTemplate, false);
    assert.strictEqual(values.docs[0].kind, 'permission-policy');
    const broken = parse('plain.json', '{"a": 1,,}');
    assert.strictEqual(broken.helmTemplate, false);
    assert.ok(broken.docs[0].errors.length > 0);
  });
});
