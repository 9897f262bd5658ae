import * as assert from 'assert';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { parseFile } from '../../../server/src/model/parsedFile';
import { toPlain } from '../../../server/src/model/node';
import { terraformView } from '../../../server/src/views/terraform';
import { applyEdits, check, tempTree } from '../helpers';
import { policiesOf } from '../../../server/src/views/policy';
import { FileSource } from '../../../server/src/workspace/fileSource';
import { WorkspaceIndex } from '../../../server/src/workspace/workspaceIndex';

const HOST = 'oidc.eks.eu-west-1.amazonaws.com/id/ABCDEF0123456789ABCDEF0123456789';

const PROVIDER = [
  'locals {',
  `  oidc_host = "${HOST}"`,
  '}',
  '',
  'resource "aws_iam_openid_connect_provider" "eks" {',
  '  url            = "https://${local.oidc_host}"',
  '  client_id_list = ["sts.amazonaws.com"]',
  '}',
  '',
].join('\n');

const JSONENCODE_ROLE = [
  'resource "aws_iam_role" "payments" {',
  '  name = "payments-api"',
  '  assume_role_policy = jsonencode({',
  '    Version = "2012-10-17"',
  '    Statement = [{',
  '      Effect    = "Allow"',
  '      Principal = { Federated = aws_iam_openid_connect_provider.eks.arn }',
  '      Action    = "sts:AssumeRoleWithWebIdentity"',
  '      Condition = {',
  '        StringEquals = {',
  '          "${local.oidc_host}:sub" = ["system:serviceaccount:payments:api"]',
  '          "${local.oidc_host}:aud" = "sts.amazonaws.com"',
  '        }',
  '      }',
  '    }]',
  '  })',
  '}',
  '',
].join('\n');

const DATA_ROLE = [
  'data "aws_iam_policy_document" "reports_trust" {',
  '  statement {',
  '    actions = ["sts:AssumeRoleWithWebIdentity"]',
  '    principals {',
  '      type        = "Federated"',
  '      identifiers = [aws_iam_openid_connect_provider.eks.arn]',
  '    }',
  '    condition {',
  '      test     = "StringEquals"',
  '      variable = "${local.oidc_host}:sub"',
  '      values   = ["system:serviceaccount:reports:generator"]',
  '    }',
  '  }',
  '}',
  '',
  'resource "aws_iam_role" "reports" {',
  '  name               = "reports"',
  '  assume_role_policy = data.aws_iam_policy_document.reports_trust.json',
  '}',
  '',
].join('\n');

const MODULE = [
  'module "orders_irsa" {',
  '  source    = "terraform-aws-modules/iam/aws//modules/iam-role-for-service-accounts-eks"',
  '  role_name = "orders"',
  '  oidc_providers = {',
  '    main = {',
  '      provider_arn               = module.eks.oidc_provider_arn',
  '      namespace_service_accounts = ["orders:worker"]',
  '    }',
  '  }',
  '}',
  '',
].join('\n');

const serviceAccount = (name: string, ns: string, role: string) =>
  ['apiVersion: v1', 'kind: ServiceAccount', 'metadata:', `  name: ${name}`, `  namespace: ${ns}`, '  annotations:', `    eks.amazonaws.com/role-arn: arn:aws:iam::123456789012:role/${role}`, ''].join('\n');

/** `line:col-line:col` of the n-th occurrence of `needle` in `text` (as summaries write ranges). */
function span(text: string, needle: string, nth = 0): string {
  let at = -1;
  for (let i = 0; i <= nth; i++) at = text.indexOf(needle, at + 1);
  assert.ok(at >= 0, `${needle} not in text`);
  const pos = (offset: number) => {
    const before = text.slice(0, offset).split('\n');
    return `${before.length - 1}:${before[before.length - 1].length}`;
  };
  return `${pos(at)}-${pos(at + needle.length)}`;
}

function parseTf(text: string) {
  const fsPath = path.join('/work', 'main.tf');
  return parseFile(pathToFileURL(fsPath).toString(), text, { fsPath });
}

/** Applies a fix's edit of another file and parses the result. */
function fixedOther(dir: string, rel: string, text: string, edits: Parameters<typeof applyEdits>[1]): string {
  const fsPath = path.join(dir, rel);
  return applyEdits(parseFile(pathToFileURL(fsPath).toString(), text, { fsPath }), edits);
}

describe('Terraform model and view', () => {
  it('reads a .tf file as one terraform document with roles, resolved locals and provider ARNs', () => {
    const file = parseTf(PROVIDER + JSONENCODE_ROLE + DATA_ROLE + MODULE);
    assert.strictEqual(file.format, 'hcl');
    assert.deepStrictEqual(file.docs.map((d) => d.kind), ['terraform']);
    const view = terraformView(file, file.docs[0]);
    assert.deepStrictEqual(view.roles.map((r) => [r.address, r.name?.value]), [
      ['aws_iam_role.payments', 'payments-api'],
      ['aws_iam_role.reports', 'reports'],
      ['module.orders_irsa', 'orders'],
    ]);
    assert.deepStrictEqual(toPlain(view.roles[0].trust!.node), {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          // The provider's partition and account are not in the file: unknown, never guessed.
          Principal: { Federated: `arn:\${partition}:iam::\${account}:oidc-provider/${HOST}` },
          Action: 'sts:AssumeRoleWithWebIdentity',
          Condition: { StringEquals: { [`${HOST}:sub`]: ['system:serviceaccount:payments:api'], [`${HOST}:aud`]: 'sts.amazonaws.com' } },
        },
      ],
    });
    // The data source's policy in IAM's shape, with its defaults.
    assert.deepStrictEqual(toPlain(view.roles[1].trust!.node), {
      Version: '2012-10-17',
      Statement: [
        {
          Action: ['sts:AssumeRoleWithWebIdentity'],
          Effect: 'Allow',
          Principal: { Federated: [`arn:\${partition}:iam::\${account}:oidc-provider/${HOST}`] },
          Condition: { StringEquals: { [`${HOST}:sub`]: ['system:serviceaccount:reports:generator'] } },
        },
      ],
    });
    // The IRSA module's trust as the module writes it; the provider ARN is another module's output: unknown.
    const module = toPlain(view.roles[2].trust!.node) as { Statement: Array<{ Principal: unknown; Condition: Record<string, Record<string, unknown>> }> };
    assert.deepStrictEqual(module.Statement[0].Principal, { Federated: '${module.eks.oidc_provider_arn}' });
    assert.deepStrictEqual(Object.values(module.Statement[0].Condition.StringEquals), [['system:serviceaccount:orders:worker'], ['sts.amazonaws.com']]);
    assert.deepStrictEqual(view.providers.map((p) => [p.issuer, p.clientIds.map((c) => c.value)]), [[HOST, ['sts.amazonaws.com']]]);
  });

  it('keeps what the module does not define unknown, and leaves out a block that does not parse', () => {
    const text = [
      'resource "aws_iam_role" "from_var" {',
      '  name = "app-${var.env}"',
      '  assume_role_policy = jsonencode({ Statement = [{ Effect = "Allow", Principal = { AWS = var.account_arn }, Action = "sts:AssumeRole" }] })',
      '}',
      'resource "aws_iam_role" "broken" {',
      '  name = "broken"',
      '  assume_role_policy = jsonencode({ Statement = [ }',
      '}',
      '',
    ].join('\n');
    const file = parseTf(text);
    const view = terraformView(file, file.docs[0]);
    // The broken block is skipped; the role whose name depends on a variable without a default has no known name.
    assert.deepStrictEqual(view.roles.map((r) => [r.address, r.name?.value]), [['aws_iam_role.from_var', undefined]]);
    assert.deepStrictEqual(toPlain(view.roles[0].trust!.node), {
      Statement: [{ Effect: 'Allow', Principal: { AWS: '${var.account_arn}' }, Action: 'sts:AssumeRole' }],
    });
  });

  it('resolves variable defaults and counts offsets in UTF-16 after non-ASCII text', () => {
    const text = ['# rôle für Zahlungen 😀', 'variable "role" {', '  default = "pay"', '}', 'resource "aws_iam_role" "r" {', '  name = "${var.role}-api"', '}', ''].join('\n');
    const file = parseTf(text);
    const role = terraformView(file, file.docs[0]).roles[0];
    assert.strictEqual(role.name?.value, 'pay-api');
    assert.strictEqual(text.slice(role.name!.node.start, role.name!.node.end), '"${var.role}-api"');
  });
});

describe('Terraform: the IAM and trust rules on .tf files', () => {
  it('reports on the characters of the .tf file: jsonencode, heredoc JSON and policy documents', () => {
    const text = [
      'resource "aws_iam_policy" "reader" {',
      '  policy = jsonencode({',
      '    Version   = "2012-10-17"',
      '    Statement = [{ Effect = "Allow", Action = ["s3:GetObjekt"], Resource = "*" }]',
      '  })',
      '}',
      'resource "aws_iam_role_policy" "inline" {',
      '  role   = "x"',
      '  policy = <<EOT',
      '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sqs:SendMesage", "Resource": "*"}]}',
      'EOT',
      '}',
      'data "aws_iam_policy_document" "perm" {',
      '  statement {',
      '    actions   = ["dynamodb:GetIten"]',
      '    resources = ["*"]',
      '  }',
      '}',
      '',
    ].join('\n');
    const result = check({ 'iam.tf': text }, 'iam.tf');
    assert.deepStrictEqual(result.summary, [
      `${span(text, '"s3:GetObjekt"')} iam-unknown-action`,
      `${span(text, '"sqs:SendMesage"')} iam-unknown-action`,
      `${span(text, '"dynamodb:GetIten"')} iam-unknown-action`,
    ]);
  });

  it('StringEquals with a wildcard in a policy document: the fix edits the test attribute', () => {
    const text = PROVIDER + DATA_ROLE.replace('generator"]', 'generator-*"]');
    const result = check({ 'main.tf': text }, 'main.tf');
    // The statement has no aud condition either (information).
    assert.deepStrictEqual(result.summary, [`${span(text, 'aws_iam_openid_connect_provider.eks.arn')} trust-aud-missing`, `${span(text, '"system:serviceaccount:reports:generator-*"')} trust-wildcard-operator`]);
    const fix = result.findings[1].fixes[0];
    const fixed = applyEdits(result.file, fix.edits[result.file.uri]);
    assert.ok(fixed.includes('      test     = "StringLike"\n'), fixed);
    assert.deepStrictEqual(check({ 'main.tf': fixed }, 'main.tf').summary.map((s) => s.split(' ')[1]), ['trust-aud-missing']);
  });

  it('a web-identity trust without sub: the fix writes an HCL object element; a fix that would break the HCL is not offered', () => {
    const role = JSONENCODE_ROLE.replace(/ {10}"\$\{local.oidc_host\}:sub" = \["system:serviceaccount:payments:api"\]\n/, '');
    const data = DATA_ROLE.replace(/\n {4}condition \{(\n[^\n]*){3}\n {4}\}/, '');
    const text = PROVIDER + role + data;
    const result = check({ 'main.tf': text }, 'main.tf');
    const arn = 'aws_iam_openid_connect_provider.eks.arn';
    assert.deepStrictEqual(result.summary, [`${span(text, arn)} trust-sub-missing`, `${span(text, arn, 1)} trust-aud-missing`, `${span(text, arn, 1)} trust-sub-missing`]);
    // jsonencode takes an HCL object, where "key": value is an element like key = value.
    const [inJsonencode, , inDocument] = result.findings;
    assert.strictEqual(inJsonencode.fixes.length, 1);
    const fixed = applyEdits(result.file, inJsonencode.fixes[0].edits[result.file.uri]);
    assert.ok(fixed.includes(`"sts.amazonaws.com",\n          "${HOST}:sub": "system:serviceaccount:<namespace>:<serviceaccount>"\n`), fixed);
    assert.deepStrictEqual(check({ 'main.tf': fixed }, 'main.tf').summary.filter((x) => x.startsWith(span(fixed, arn))), []);
    // The rule's insertion is written for JSON and YAML: in a policy document block it would not be HCL, so it is not offered.
    assert.deepStrictEqual(inDocument.fixes, []);
  });

  it('an unknown issuer does not stop the sub checks, and unknown principals are not malformed', () => {
    const text = [
      'resource "aws_iam_role" "app" {',
      '  name = "app"',
      '  assume_role_policy = jsonencode({',
      '    Version = "2012-10-17"',
      '    Statement = [{',
      '      Effect    = "Allow"',
      '      Principal = { Federated = "arn:aws:iam::${var.account_id}:oidc-provider/${var.oidc_host}" }',
      '      Action    = "sts:AssumeRoleWithWebIdentity"',
      '      Condition = { StringLike = { "${var.oidc_host}:sub" = "system:serviceaccount:*:app" } }',
      '    }]',
      '  })',
      '}',
      '',
    ].join('\n');
    const result = check({ 'main.tf': text }, 'main.tf');
    assert.deepStrictEqual(result.summary, [`${span(text, '"system:serviceaccount:*:app"')} trust-sub-broad`]);
  });
});

describe('Terraform values known only at plan time', () => {
  const FOR_EACH = [
    'variable "trust_actions" {',
    '  type = list(string)',
    '}',
    'variable "service_accounts" {',
    '  type = map(object({ namespace = string, sub_condition_test = string }))',
    '}',
    'data "aws_iam_policy_document" "irsa" {',
    '  for_each = var.service_accounts',
    '  statement {',
    '    actions = var.trust_actions',
    '    principals {',
    '      type        = "Federated"',
    '      identifiers = ["arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-2.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF"]',
    '    }',
    '    condition {',
    '      test     = each.value.sub_condition_test',
    '      variable = "oidc.eks.us-east-2.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF:sub"',
    '      values   = ["system:serviceaccount:${each.value.namespace}:${each.key}"]',
    '    }',
    '  }',
    '}',
    'resource "aws_iam_role" "irsa" {',
    '  for_each           = var.service_accounts',
    '  name               = each.key',
    '  assume_role_policy = data.aws_iam_policy_document.irsa[each.key].json',
    '}',
    '',
  ].join('\n');

  it('an operator, actions or a document instance given by a variable or for_each are unknown, not errors', () => {
    const result = check({ 'iam.tf': FOR_EACH }, 'iam.tf');
    assert.deepStrictEqual(result.findings.filter((f) => f.severity === 'error' || f.severity === 'warning').map((f) => `${f.code}: ${f.message}`), []);
  });

  it('a document used by a for_each role is that role\'s trust policy', () => {
    const index = new WorkspaceIndex(new FileSource());
    const dir = tempTree({ 'iam.tf': FOR_EACH });
    index.buildSync([dir]);
    const file = index.file(path.join(dir, 'iam.tf'))!;
    assert.deepStrictEqual(policiesOf(file, file.docs[0]).map((p) => p.role), ['trust']);
    const [role] = terraformView(file, file.docs[0]).roles;
    assert.strictEqual(role.address, 'aws_iam_role.irsa');
    assert.ok(role.trust, 'data.aws_iam_policy_document.irsa[each.key].json is the role\'s trust policy');
  });
});

describe('Terraform roles and Kubernetes manifests', () => {
  it('trust-sub-mismatch against an aws_iam_role; the fix appends to the HCL list', () => {
    const files = { 'infra/main.tf': PROVIDER + JSONENCODE_ROLE, 'k8s/sa.yaml': serviceAccount('api', 'payments-prod', 'payments-api') };
    const result = check(files, 'k8s/sa.yaml');
    assert.deepStrictEqual(result.summary, ['6:32-6:75 trust-sub-mismatch']);
    const finding = result.findings[0];
    assert.ok(finding.message.includes("the role's trust policy (../infra/main.tf) admits only system:serviceaccount:payments:api"), finding.message);
    const [start, end] = span(files['infra/main.tf'], '"system:serviceaccount:payments:api"').split('-').map((p) => p.split(':').map(Number));
    assert.deepStrictEqual(finding.related[0].range, { start: { line: start[0], character: start[1] }, end: { line: end[0], character: end[1] } });
    const fix = finding.fixes[0];
    const [uri] = Object.keys(fix.edits);
    assert.ok(uri.endsWith('/infra/main.tf'));
    const dir = path.dirname(path.dirname(result.file.fsPath!));
    const fixed = fixedOther(dir, 'infra/main.tf', files['infra/main.tf'], fix.edits[uri]);
    assert.ok(fixed.includes('"${local.oidc_host}:sub" = ["system:serviceaccount:payments:api", "system:serviceaccount:payments-prod:api"]'), fixed);
    assert.deepStrictEqual(check({ ...files, 'infra/main.tf': fixed }, 'k8s/sa.yaml').summary, []);
  });

  it('trust-sub-mismatch against a policy document role; the fix edits its values list', () => {
    const files = { 'main.tf': PROVIDER + DATA_ROLE, 'sa.yaml': serviceAccount('generator', 'reports-prod', 'reports') };
    const result = check(files, 'sa.yaml');
    assert.deepStrictEqual(result.summary, ['6:32-6:70 trust-sub-mismatch']);
    const fix = result.findings[0].fixes[0];
    const [uri] = Object.keys(fix.edits);
    const fixed = fixedOther(path.dirname(result.file.fsPath!), 'main.tf', files['main.tf'], fix.edits[uri]);
    assert.ok(fixed.includes('values   = ["system:serviceaccount:reports:generator", "system:serviceaccount:reports-prod:generator"]'), fixed);
  });

  it('trust-sub-mismatch against the IRSA module; the fix adds namespace:serviceaccount to namespace_service_accounts', () => {
    const files = { 'main.tf': MODULE, 'sa.yaml': serviceAccount('worker', 'orders-prod', 'orders') };
    const result = check(files, 'sa.yaml');
    assert.deepStrictEqual(result.summary, ['6:32-6:69 trust-sub-mismatch']);
    const finding = result.findings[0];
    // The related location is the "orders:worker" entry of the module call.
    assert.deepStrictEqual(finding.related[0].range, { start: { line: 6, character: 36 }, end: { line: 6, character: 51 } });
    const fix = finding.fixes[0];
    assert.strictEqual(fix.title, 'Add system:serviceaccount:orders-prod:worker to the trust policy of orders');
    const [uri] = Object.keys(fix.edits);
    const fixed = fixedOther(path.dirname(result.file.fsPath!), 'main.tf', files['main.tf'], fix.edits[uri]);
    assert.ok(fixed.includes('namespace_service_accounts = ["orders:worker", "orders-prod:worker"]'), fixed);
    assert.deepStrictEqual(check({ ...files, 'main.tf': fixed }, 'sa.yaml').summary, []);
  });

  it('a role whose name Terraform computes is not linked (no guess)', () => {
    const files = { 'main.tf': PROVIDER + JSONENCODE_ROLE.replace('name = "payments-api"', 'name = "payments-${var.env}"'), 'sa.yaml': serviceAccount('api', 'other', 'payments-api') };
    assert.deepStrictEqual(check(files, 'sa.yaml').summary, []);
  });
});
