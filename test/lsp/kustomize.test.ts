import * as assert from 'assert';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { CodeAction, CodeActionRequest, Diagnostic, DidChangeTextDocumentNotification, DidOpenTextDocumentNotification } from 'vscode-languageserver-protocol/node';
import { tempTree } from '../unit/helpers';
import { ServerProcess } from './lspClient';

const HOST = 'oidc.eks.eu-west-1.amazonaws.com/id/ABCDEF0123456789ABCDEF0123456789';
const IAM_TF = [
  'module "orders_irsa" {',
  '  source    = "terraform-aws-modules/iam/aws//modules/iam-role-for-service-accounts-eks"',
  '  role_name = "orders"',
  '  oidc_providers = {',
  '    main = {',
  `      provider_arn               = "arn:aws:iam::123456789012:oidc-provider/${HOST}"`,
  '      namespace_service_accounts = ["orders-prod:api"]',
  '    }',
  '  }',
  '}',
  '',
].join('\n');
const SA = 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: api\n  annotations:\n    eks.amazonaws.com/role-arn: arn:aws:iam::123456789012:role/orders\n';
const overlay = (ns: string) => `resources:\n  - ../../base\nnamespace: ${ns}\n`;

describe('Kustomize overlays over LSP', () => {
  let server: ServerProcess;
  let dir: string;
  const uri = (rel: string) => pathToFileURL(path.join(dir, rel)).toString();

  beforeEach(async () => {
    dir = tempTree({
      'infra/iam.tf': IAM_TF,
      'base/kustomization.yaml': 'resources:\n  - serviceaccount.yaml\n',
      'base/serviceaccount.yaml': SA,
      'overlays/prod/kustomization.yaml': overlay('orders-prod'),
      'overlays/staging/kustomization.yaml': overlay('orders-staging'),
    });
    server = new ServerProcess();
    await server.initialize(dir);
  });

  afterEach(async () => {
    await server.stop();
  });

  const pull = (rel: string, predicate: (d: Diagnostic[]) => boolean) => server.pullUntil(uri(rel), predicate);

  it('reports the base ServiceAccount for the overlay whose namespace the trust does not admit; the fix adds that overlay\'s subject; an overlay edit is followed', async () => {
    await server.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: uri('base/serviceaccount.yaml'), languageId: 'yaml', version: 1, text: SA } });
    const diagnostics = await pull('base/serviceaccount.yaml', (d) => d.length > 0);
    assert.deepStrictEqual(
      diagnostics.map((d) => [d.code, d.range]),
      [['trust-sub-mismatch', { start: { line: 5, character: 32 }, end: { line: 5, character: 69 } }]],
    );
    assert.ok(String(diagnostics[0].message).startsWith('ServiceAccount orders-staging/api (overlay ../overlays/staging/kustomization.yaml) runs as system:serviceaccount:orders-staging:api'), String(diagnostics[0].message));
    const actions = (await server.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri: uri('base/serviceaccount.yaml') }, range: diagnostics[0].range, context: { diagnostics, only: ['quickfix'] } })) as CodeAction[];
    assert.strictEqual(actions[0].title, 'Add system:serviceaccount:orders-staging:api to the trust policy of orders');
    assert.deepStrictEqual(actions[0].edit, {
      changes: { [uri('infra/iam.tf')]: [{ range: { start: { line: 6, character: 53 }, end: { line: 6, character: 53 } }, newText: ', "orders-staging:api"' }] },
    });
    // The staging overlay moved to a namespace the trust admits: the finding goes.
    await server.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: uri('overlays/staging/kustomization.yaml'), languageId: 'yaml', version: 1, text: overlay('orders-staging') } });
    await server.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri: uri('overlays/staging/kustomization.yaml'), version: 2 }, contentChanges: [{ text: overlay('orders-prod') }] });
    assert.deepStrictEqual(await pull('base/serviceaccount.yaml', (d) => d.length === 0), []);
  });
});
