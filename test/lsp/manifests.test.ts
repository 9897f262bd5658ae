import * as assert from 'assert';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { CodeAction, CodeActionRequest, Diagnostic, DidOpenTextDocumentNotification, DocumentDiagnosticRequest } from 'vscode-languageserver-protocol/node';
import { tempTree } from '../unit/helpers';
import { KUBE2IAM_DEPLOYMENT, CCOCTL_POD, CCOCTL_SECRET } from '../unit/rules/manifestsFixtures';
import { ServerProcess } from './lspClient';

describe('language server: manifests', () => {
  let server: ServerProcess;
  let dir: string;

  beforeEach(async () => {
    dir = tempTree({ 'app/deploy.yaml': KUBE2IAM_DEPLOYMENT, 'app/pod.yaml': CCOCTL_POD, 'app/secret.yaml': CCOCTL_SECRET });
    server = new ServerProcess();
    await server.initialize(dir);
  });

  afterEach(async () => {
    await server.stop();
  });

  async function open(name: string, text: string): Promise<{ uri: string; diagnostics: Diagnostic[] }> {
    const uri = pathToFileURL(path.join(dir, name)).toString();
    await server.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'yaml', version: 1, text } });
    const report = await server.connection.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri } });
    return { uri, diagnostics: report.kind === 'full' ? report.items : [] };
  }

  it('the OpenShift Pod with its ccoctl Secret is clean in the editor too', async () => {
    assert.deepStrictEqual((await open('app/pod.yaml', CCOCTL_POD)).diagnostics, []);
  });

  it('offers Migrate to IRSA as one WorkspaceEdit that creates the ServiceAccount and the trust policy', async () => {
    const { uri, diagnostics } = await open('app/deploy.yaml', KUBE2IAM_DEPLOYMENT);
    assert.deepStrictEqual(diagnostics.map((d) => [d.code, d.severity, d.range.start.line, d.range.start.character]), [['kube2iam-annotation', 3, 14, 8]]);
    const actions = (await server.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: diagnostics[0].range, context: { diagnostics, only: ['quickfix'] } })) as CodeAction[];
    assert.deepStrictEqual(actions.map((a) => a.title), ['Migrate to IRSA (ServiceAccount uploader with role uploader)']);
    const changes = actions[0].edit!.documentChanges!;
    const created = changes.filter((c) => 'kind' in c && c.kind === 'create').map((c) => path.basename((c as { uri: string }).uri));
    assert.deepStrictEqual(created, ['uploader-serviceaccount.yaml', 'uploader-trust-policy.json']);
    const deploymentEdit = changes.find((c) => 'textDocument' in c && c.textDocument.uri === uri) as { edits: Array<{ newText: string }> };
    assert.deepStrictEqual(deploymentEdit.edits.map((e) => e.newText), ['', '      serviceAccountName: uploader\n']);
  });

  it('yaml-1-1-value: a label value `on` gets a warning and a quick fix that quotes it', async () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  labels:\n    monitoring: on\ndata:\n  mode: web\n';
    const { uri, diagnostics } = await open('app/settings.yaml', text);
    assert.deepStrictEqual(diagnostics.map((d) => [d.code, d.severity, d.range]), [['yaml-1-1-value', 2, { start: { line: 5, character: 16 }, end: { line: 5, character: 18 } }]]);
    const actions = (await server.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: diagnostics[0].range, context: { diagnostics, only: ['quickfix'] } })) as CodeAction[];
    const quote = actions.find((a) => a.title === 'Quote on as the string "on"');
    assert.ok(quote, actions.map((a) => a.title).join(', '));
    assert.strictEqual(quote.isPreferred, true);
    const fromDocumentChanges = (quote.edit!.documentChanges ?? []).flatMap((c) => ('textDocument' in c && c.textDocument.uri === uri ? c.edits : []));
    const edits = [...(quote.edit!.changes?.[uri] ?? []), ...fromDocumentChanges] as Array<{ range: unknown; newText: string }>;
    assert.deepStrictEqual(edits.map((e) => [e.range, e.newText]), [[{ start: { line: 5, character: 16 }, end: { line: 5, character: 18 } }, '"on"']]);
  });
});
