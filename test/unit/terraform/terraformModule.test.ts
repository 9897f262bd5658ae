import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { toPlain } from '../../../server/src/model/node';
import { terraformView } from '../../../server/src/views/terraform';
import { FileSource } from '../../../server/src/workspace/fileSource';
import { WorkspaceIndex } from '../../../server/src/workspace/workspaceIndex';
import { check, tempTree } from '../helpers';

const HOST = 'oidc.eks.eu-west-1.amazonaws.com/id/ABCDEF0123456789ABCDEF0123456789';

const MAIN = [
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
  '          "${local.oidc_host}:sub" = ["system:serviceaccount:${var.namespace}:api"]',
  '        }',
  '      }',
  '    }]',
  '  })',
  '}',
  '',
].join('\n');

const LOCALS = ['locals {', `  oidc_host = "${HOST}"`, '}', '', 'resource "aws_iam_openid_connect_provider" "eks" {', '  url            = "https://${local.oidc_host}"', '  client_id_list = ["sts.amazonaws.com"]', '}', ''].join('\n');
const VARIABLES = (ns: string) => ['variable "namespace" {', '  type    = string', `  default = "${ns}"`, '}', ''].join('\n');

const serviceAccount = (ns: string) =>
  ['apiVersion: v1', 'kind: ServiceAccount', 'metadata:', '  name: api', `  namespace: ${ns}`, '  annotations:', '    eks.amazonaws.com/role-arn: arn:aws:iam::123456789012:role/payments-api', ''].join('\n');

function trustOf(index: WorkspaceIndex, fsPath: string): unknown {
  const file = index.fileAt(fsPath)!;
  return toPlain(terraformView(file, file.docs[0]).roles[0].trust!.node);
}

/** A workspace of these files, indexed, and a way to change one of them on disk as a watcher would report it. */
function indexed(files: Record<string, string>): { dir: string; index: WorkspaceIndex; rewrite(rel: string, text: string): void } {
  const dir = tempTree(files);
  const index = new WorkspaceIndex(new FileSource());
  index.buildSync([dir]);
  return {
    dir,
    index,
    rewrite(rel, text) {
      fs.writeFileSync(path.join(dir, rel), text);
      index.refresh(path.join(dir, rel));
    },
  };
}

/** The condition of the first statement of a file's role trust, as JSON (to look for a sub in it). */
function conditionOf(index: WorkspaceIndex, fsPath: string): string {
  return JSON.stringify((trustOf(index, fsPath) as { Statement: Array<{ Condition: unknown }> }).Statement[0].Condition);
}

describe('Terraform modules: definitions from the other .tf files of the folder', () => {
  it('resolves locals, variable defaults and the provider ARN defined in other files of the module', () => {
    const dir = tempTree({ 'infra/main.tf': MAIN, 'infra/locals.tf': LOCALS, 'infra/variables.tf': VARIABLES('payments') });
    const index = new WorkspaceIndex(new FileSource());
    index.buildSync([dir]);
    assert.deepStrictEqual(trustOf(index, path.join(dir, 'infra/main.tf')), {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Federated: `arn:\${partition}:iam::\${account}:oidc-provider/${HOST}` },
          Action: 'sts:AssumeRoleWithWebIdentity',
          Condition: { StringEquals: { [`${HOST}:sub`]: ['system:serviceaccount:payments:api'] } },
        },
      ],
    });
    // A change of variables.tf parses main.tf again.
    fs.writeFileSync(path.join(dir, 'infra/variables.tf'), VARIABLES('billing'));
    index.refresh(path.join(dir, 'infra/variables.tf'));
    const statement = (trustOf(index, path.join(dir, 'infra/main.tf')) as { Statement: Array<{ Condition: unknown }> }).Statement[0];
    assert.deepStrictEqual(statement.Condition, { StringEquals: { [`${HOST}:sub`]: ['system:serviceaccount:billing:api'] } });
  });

  it('checks a ServiceAccount against a sub resolved from another file, and keeps what no file of the folder defines unknown', () => {
    const files = { 'infra/main.tf': MAIN, 'infra/locals.tf': LOCALS, 'infra/variables.tf': VARIABLES('payments'), 'k8s/sa.yaml': serviceAccount('payments-prod') };
    const result = check(files, 'k8s/sa.yaml');
    assert.deepStrictEqual(result.summary, ['6:32-6:75 trust-sub-mismatch']);
    assert.ok(result.findings[0].message.includes("the role's trust policy (../infra/main.tf) admits only system:serviceaccount:payments:api:"), result.findings[0].message);
    // variables.tf in another folder is another module: var.namespace stays unknown, and an unknown namespace may be any.
    const elsewhere = { 'infra/main.tf': MAIN, 'infra/locals.tf': LOCALS, 'other/variables.tf': VARIABLES('payments'), 'k8s/sa.yaml': serviceAccount('payments-prod') };
    assert.deepStrictEqual(check(elsewhere, 'k8s/sa.yaml').summary, []);
  });

  it('keeps a variable unknown when a .tfvars file of the folder sets it (its default is not what runs) or the module is meant to be called', () => {
    const base = { 'infra/main.tf': MAIN, 'infra/locals.tf': LOCALS, 'infra/variables.tf': VARIABLES('payments'), 'k8s/sa.yaml': serviceAccount('payments-prod') };
    // Without a .tfvars the default is used and the mismatch is found (the test above); with one it is not.
    assert.deepStrictEqual(check({ ...base, 'infra/terraform.tfvars': 'namespace = "payments-prod"\nregion = "eu-west-1"\n' }, 'k8s/sa.yaml').summary, []);
    assert.deepStrictEqual(check({ ...base, 'infra/prod.tfvars.json': '{ "namespace": "payments-prod" }\n' }, 'k8s/sa.yaml').summary, []);
    // A .tfvars that sets other variables leaves this default in use.
    assert.deepStrictEqual(check({ ...base, 'infra/terraform.tfvars': 'region = "eu-west-1"\n' }, 'k8s/sa.yaml').summary, ['6:32-6:75 trust-sub-mismatch']);
    // Under modules/ (Terraform's standard structure for modules that a caller passes variables to), no default is used.
    const called = { 'modules/irsa/main.tf': MAIN, 'modules/irsa/locals.tf': LOCALS, 'modules/irsa/variables.tf': VARIABLES('payments'), 'k8s/sa.yaml': serviceAccount('payments-prod') };
    assert.deepStrictEqual(check(called, 'k8s/sa.yaml').summary, []);
  });

  it('parses main.tf again when a .tfvars file of its folder appears', () => {
    const { dir, index, rewrite } = indexed({ 'infra/main.tf': MAIN, 'infra/locals.tf': LOCALS, 'infra/variables.tf': VARIABLES('payments') });
    const sub = () => conditionOf(index, path.join(dir, 'infra/main.tf'));
    assert.ok(sub().includes('system:serviceaccount:payments:api'), sub());
    rewrite('infra/terraform.tfvars', 'namespace = "billing"\n');
    assert.ok(sub().includes('system:serviceaccount:${var.namespace}:api'), sub());
  });

  it('keeps the variables a module block sets in the folder it calls by a local path unknown, and uses the defaults again when the call goes', () => {
    const module = { 'infra/irsa/main.tf': MAIN, 'infra/irsa/locals.tf': LOCALS, 'infra/irsa/variables.tf': VARIABLES('payments'), 'k8s/sa.yaml': serviceAccount('payments-prod') };
    // No caller: the folder is a root module and its default is what runs (the mismatch is found).
    assert.deepStrictEqual(check(module, 'k8s/sa.yaml').summary, ['6:32-6:75 trust-sub-mismatch']);
    // Called from envs/prod with its own namespace: the default is not what runs.
    const call = 'module "payments_irsa" {\n  source    = "../../infra/irsa"\n  namespace = "payments-prod"\n}\n';
    assert.deepStrictEqual(check({ ...module, 'envs/prod/main.tf': call }, 'k8s/sa.yaml').summary, []);
    assert.deepStrictEqual(check({ ...module, 'envs/prod/main.tf.json': JSON.stringify({ module: { payments_irsa: { source: '../../infra/irsa', namespace: 'payments-prod' } } }) }, 'k8s/sa.yaml').summary, []);
    // A registry source is not a folder of the workspace; one that is not a literal (Terraform refuses it) is not followed.
    assert.deepStrictEqual(check({ ...module, 'envs/prod/main.tf': 'module "x" {\n  source = "terraform-aws-modules/iam/aws"\n}\n' }, 'k8s/sa.yaml').summary, ['6:32-6:75 trust-sub-mismatch']);
    const fromVariable = 'variable "irsa" {\n  default = "../../infra/irsa"\n}\n\nmodule "x" {\n  source    = var.irsa\n  namespace = "payments-prod"\n}\n';
    assert.deepStrictEqual(check({ ...module, 'envs/prod/main.tf': fromVariable }, 'k8s/sa.yaml').summary, ['6:32-6:75 trust-sub-mismatch']);
    // A call that does not set the variable runs with its default: the mismatch is found; unless a .tfvars of the folder sets it (the folder may be run on its own too).
    assert.deepStrictEqual(check({ ...module, 'envs/prod/main.tf': 'module "payments_irsa" {\n  source = "../../infra/irsa"\n}\n', 'infra/irsa/terraform.tfvars': 'namespace = "payments-prod"\n' }, 'k8s/sa.yaml').summary, []);
    assert.deepStrictEqual(check({ ...module, 'envs/prod/main.tf': 'module "payments_irsa" {\n  source = "../../infra/irsa"\n  count  = 1\n}\n' }, 'k8s/sa.yaml').summary, ['6:32-6:75 trust-sub-mismatch']);
    // Called through another module (envs/prod -> stacks/payments -> infra/irsa), which passes its own variable on.
    const nested = {
      ...module,
      'envs/prod/main.tf': 'module "payments" {\n  source    = "../../stacks/payments"\n  namespace = "payments-prod"\n}\n',
      'stacks/payments/main.tf': 'variable "namespace" {\n  default = "payments"\n}\n\nmodule "irsa" {\n  source    = "../../infra/irsa"\n  namespace = var.namespace\n}\n',
    };
    assert.deepStrictEqual(check(nested, 'k8s/sa.yaml').summary, []);

    // In a live index: the call removed, the module's files are read with their defaults again; added back, without.
    const { dir, index, rewrite } = indexed({ ...module, 'envs/prod/main.tf': call });
    const sub = () => conditionOf(index, path.join(dir, 'infra/irsa/main.tf'));
    assert.ok(sub().includes('system:serviceaccount:${var.namespace}:api'), sub());
    rewrite('envs/prod/main.tf', '# moved\n');
    assert.ok(sub().includes('system:serviceaccount:payments:api'), sub());
    rewrite('envs/prod/main.tf', call);
    assert.ok(sub().includes('system:serviceaccount:${var.namespace}:api'), sub());
    index.forget(path.join(dir, 'envs/prod/main.tf'));
    assert.ok(sub().includes('system:serviceaccount:payments:api'), sub());
  });

  it('finds module calls when the workspace is indexed with the read-ahead thread too', async () => {
    const call = 'module "payments_irsa" {\n  source    = "../../infra/irsa"\n  namespace = "payments-prod"\n}\n';
    const dir = tempTree({ 'infra/irsa/main.tf': MAIN, 'infra/irsa/locals.tf': LOCALS, 'infra/irsa/variables.tf': VARIABLES('payments'), 'envs/prod/main.tf': call });
    const index = new WorkspaceIndex(new FileSource());
    await index.build([dir], { readAheadFrom: 0 });
    const statement = (trustOf(index, path.join(dir, 'infra/irsa/main.tf')) as { Statement: Array<{ Condition: unknown }> }).Statement[0];
    assert.deepStrictEqual(statement.Condition, { StringEquals: { [`${HOST}:sub`]: ['system:serviceaccount:${var.namespace}:api'] } });
  });
});
