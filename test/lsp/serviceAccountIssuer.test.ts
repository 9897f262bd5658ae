import * as assert from 'assert';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { CodeAction, CodeActionRequest, DidOpenTextDocumentNotification, DocumentDiagnosticRequest } from 'vscode-languageserver-protocol/node';
import { AUTH_MANIFEST, tempTree } from '../unit/helpers';
import { ServerProcess } from './lspClient';

describe('language server: service-account-issuer', () => {
  let server: ServerProcess;
  let dir: string;

  beforeEach(async () => {
    dir = tempTree({ 'manifests/cluster-authentication-02-config.yaml': AUTH_MANIFEST });
    server = new ServerProcess();
    await server.initialize(dir);
  });

  afterEach(async () => {
    await server.stop();
  });

  it('a trailing slash in the Authentication issuer: diagnostic and a quick fix that removes it', async () => {
    const text = AUTH_MANIFEST.replace('amazonaws.com', 'amazonaws.com/');
    const uri = pathToFileURL(path.join(dir, 'manifests/cluster-authentication-02-config.yaml')).toString();
    await server.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'yaml', version: 1, text } });
    const report = await server.connection.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri } });
    const diagnostics = report.kind === 'full' ? report.items : [];
    assert.deepStrictEqual(diagnostics.map((d) => [d.code, d.severity, d.range.start.line, d.range.start.character, d.range.end.character]), [['service-account-issuer', 1, 5, 24, 74]]);
    const actions = (await server.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: diagnostics[0].range, context: { diagnostics, only: ['quickfix'] } })) as CodeAction[];
    const fix = actions.find((a) => a.title === 'Use https://demo-oidc.s3.ap-northeast-1.amazonaws.com');
    assert.ok(fix, JSON.stringify(actions.map((a) => a.title)));
    const edits = fix!.edit!.changes ? fix!.edit!.changes[uri] : (fix!.edit!.documentChanges![0] as { edits: Array<{ newText: string; range: unknown }> }).edits;
    assert.deepStrictEqual(edits.map((e) => e.newText), ['https://demo-oidc.s3.ap-northeast-1.amazonaws.com']);
    assert.deepStrictEqual(edits[0].range, { start: { line: 5, character: 24 }, end: { line: 5, character: 74 } });
  });
});
