import * as assert from 'assert';
import * as path from 'path';
import { pathToFileURL } from 'url';
import {
  CodeAction,
  CodeActionRequest,
  DefinitionRequest,
  Diagnostic,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  Location,
} from 'vscode-languageserver-protocol/node';
import { tempTree } from '../unit/helpers';
import { ServerProcess } from './lspClient';

const HOST = 'oidc.eks.eu-west-1.amazonaws.com/id/ABCDEF0123456789ABCDEF0123456789';
const MAIN_TF = [
  'locals {',
  `  oidc_host = "${HOST}"`,
  '}',
  '',
  'resource "aws_iam_role" "payments" {',
  '  name = "payments-api"',
  '  assume_role_policy = jsonencode({',
  '    Version = "2012-10-17"',
  '    Statement = [{',
  '      Effect    = "Allow"',
  '      Principal = { Federated = "arn:aws:iam::123456789012:oidc-provider/${local.oidc_host}" }',
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
  'resource "aws_iam_policy" "reader" {',
  '  policy = jsonencode({',
  '    Version   = "2012-10-17"',
  '    Statement = [{ Effect = "Allow", Action = ["s3:GetObjekt"], Resource = "*" }]',
  '  })',
  '}',
  '',
].join('\n');
const SA = 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: api\n  namespace: payments-prod\n  annotations:\n    eks.amazonaws.com/role-arn: arn:aws:iam::123456789012:role/payments-api\n';

describe('Terraform over LSP', () => {
  let server: ServerProcess;
  let dir: string;
  const uri = (rel: string) => pathToFileURL(path.join(dir, rel)).toString();

  beforeEach(async () => {
    dir = tempTree({ 'infra/main.tf': MAIN_TF, 'k8s/sa.yaml': SA });
    server = new ServerProcess();
    await server.initialize(dir);
  });

  afterEach(async () => {
    await server.stop();
  });

  const pull = (rel: string, predicate: (d: Diagnostic[]) => boolean) => server.pullUntil(uri(rel), predicate);

  it('checks an open .tf file (language id terraform) on the characters of the HCL, and follows edits', async () => {
    await server.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: uri('infra/main.tf'), languageId: 'terraform', version: 1, text: MAIN_TF } });
    const diagnostics = await pull('infra/main.tf', (d) => d.length > 0);
    assert.deepStrictEqual(
      diagnostics.map((d) => [d.code, d.range]),
      [['iam-unknown-action', { start: { line: 25, character: 47 }, end: { line: 25, character: 61 } }]],
    );
    assert.strictEqual(MAIN_TF.split('\n')[25].slice(47, 61), '"s3:GetObjekt"');
    const actions = (await server.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri: uri('infra/main.tf') },
      range: diagnostics[0].range,
      context: { diagnostics, only: ['quickfix'] },
    })) as CodeAction[];
    assert.deepStrictEqual(actions[0].edit, { changes: { [uri('infra/main.tf')]: [{ range: { start: { line: 25, character: 48 }, end: { line: 25, character: 60 } }, newText: 's3:GetObject' }] } });
    // An edit that fixes the action clears the finding.
    const fixed = MAIN_TF.replace('s3:GetObjekt', 's3:GetObject');
    await server.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri: uri('infra/main.tf'), version: 2 }, contentChanges: [{ text: fixed }] });
    assert.deepStrictEqual(await pull('infra/main.tf', (d) => d.length === 0), []);
  });

  it('ties a ServiceAccount to the Terraform role: mismatch, go to definition, and the fix edits the HCL list', async () => {
    await server.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: uri('k8s/sa.yaml'), languageId: 'yaml', version: 1, text: SA } });
    const diagnostics = await pull('k8s/sa.yaml', (d) => d.length > 0);
    assert.deepStrictEqual(diagnostics.map((d) => d.code), ['trust-sub-mismatch']);
    assert.strictEqual(diagnostics[0].relatedInformation?.[0].location.uri, uri('infra/main.tf'));
    const actions = (await server.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri: uri('k8s/sa.yaml') }, range: diagnostics[0].range, context: { diagnostics, only: ['quickfix'] } })) as CodeAction[];
    assert.strictEqual(actions[0].title, 'Add system:serviceaccount:payments-prod:api to the trust policy of payments-api');
    assert.deepStrictEqual(actions[0].edit, {
      changes: { [uri('infra/main.tf')]: [{ range: { start: { line: 14, character: 74 }, end: { line: 14, character: 74 } }, newText: ', "system:serviceaccount:payments-prod:api"' }] },
    });
    const definition = (await server.connection.sendRequest(DefinitionRequest.type, { textDocument: { uri: uri('k8s/sa.yaml') }, position: { line: 6, character: 50 } })) as Location[];
    assert.deepStrictEqual(definition, [{ uri: uri('infra/main.tf'), range: { start: { line: 6, character: 2 }, end: { line: 6, character: 20 } } }]);
  });
});
