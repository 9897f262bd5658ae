import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import {
  CodeAction,
  CodeActionRequest,
  CompletionItem,
  CompletionRequest,
  DidChangeTextDocumentNotification,
  DidChangeWatchedFilesNotification,
  DidOpenTextDocumentNotification,
  Diagnostic,
  DocumentDiagnosticReport,
  DocumentDiagnosticRequest,
  FileChangeType,
  HoverRequest,
  MarkupContent,
  WorkspaceDiagnosticRequest,
} from 'vscode-languageserver-protocol/node';
import { AUTH_MANIFEST, installConfig, PULL_SECRET_TOKEN, tempTree } from '../unit/helpers';
import { ServerProcess } from './lspClient';

function items(report: DocumentDiagnosticReport): Diagnostic[] {
  assert.strictEqual(report.kind, 'full');
  return report.kind === 'full' ? report.items : [];
}

describe('language server over stdio', () => {
  let server: ServerProcess;
  let dir: string;
  let uri: string;
  const text = installConfig('', 'Mint');

  beforeEach(async () => {
    dir = tempTree({
      'install/install-config.yaml': text,
      'install/manifests/cluster-authentication-02-config.yaml': AUTH_MANIFEST,
      'install/tls/bound-service-account-signing-key.key': 'placeholder',
    });
    uri = pathToFileURL(path.join(dir, 'install/install-config.yaml')).toString();
    server = new ServerProcess();
    await server.initialize(dir);
    await server.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'yaml', version: 1, text } });
  });

  afterEach(async () => {
    await server.stop();
  });

  const pull = async () => items(await server.connection.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri } }));

  it('pulls exact diagnostics with code, link, range and severity', async () => {
    const diagnostics = await pull();
    assert.strictEqual(diagnostics.length, 1);
    const [d] = diagnostics;
    assert.strictEqual(d.source, 'sts-lens');
    assert.strictEqual(d.code, 'sts-manual-mode-required');
    assert.strictEqual(d.severity, 1);
    assert.deepStrictEqual(d.range, { start: { line: 2, character: 17 }, end: { line: 2, character: 21 } });
    assert.strictEqual(d.codeDescription?.href, 'https://github.com/sts-lens/sts-lens/blob/main/docs/rules/sts-manual-mode-required.md');
    assert.match(d.message as string, /but credentialsMode is "Mint"/);
  });

  it('applies incremental changes before the next pull', async () => {
    await server.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: { start: { line: 2, character: 17 }, end: { line: 2, character: 21 } }, text: 'Manul' }],
    });
    const diagnostics = await pull();
    assert.deepStrictEqual(
      diagnostics.map((d) => [d.code, d.range.start.line, d.range.start.character, d.range.end.character]),
      [
        ['install-config-schema', 2, 17, 22],
        ['sts-manual-mode-required', 2, 17, 22],
      ],
    );
    await server.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version: 3 },
      contentChanges: [{ range: { start: { line: 2, character: 17 }, end: { line: 2, character: 22 } }, text: 'Manual' }],
    });
    assert.deepStrictEqual(await pull(), []);
  });

  it('returns the quick fix as an edit that sets Manual', async () => {
    const diagnostics = await pull();
    const actions = (await server.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range: diagnostics[0].range,
      context: { diagnostics, only: ['quickfix'] },
    })) as CodeAction[];
    assert.deepStrictEqual(
      actions.map((a) => ({ title: a.title, kind: a.kind, edit: a.edit })),
      [
        {
          title: 'Set credentialsMode: Manual',
          kind: 'quickfix',
          edit: { changes: { [uri]: [{ range: { start: { line: 2, character: 17 }, end: { line: 2, character: 21 } }, newText: 'Manual' }] } },
        },
      ],
    );
  });

  it('offers source.fixAll.sts-lens', async () => {
    const actions = (await server.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ['source.fixAll'] },
    })) as CodeAction[];
    assert.deepStrictEqual(actions.map((a) => a.kind), ['source.fixAll.sts-lens']);
  });

  it('completes top-level keys not yet written, with documentation', async () => {
    const result = (await server.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: { line: 9, character: 0 } })) as CompletionItem[];
    const labels = result.map((i) => i.label);
    assert.ok(labels.includes('publish') && labels.includes('compute') && labels.includes('sshKey'), labels.join(','));
    assert.ok(!labels.includes('baseDomain') && !labels.includes('credentialsMode'), 'keys already present are not offered');
    const publish = result.find((i) => i.label === 'publish')!;
    assert.strictEqual(publish.insertText, 'publish: ${1|External,Internal|}'.replace('Internal|', publish.insertText!.includes('Mixed') ? 'Internal,Mixed|' : 'Internal|'));
    assert.ok((publish.documentation as MarkupContent).value.length > 20);
  });

  it('completes enum values of credentialsMode', async () => {
    await server.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: { start: { line: 2, character: 17 }, end: { line: 2, character: 21 } }, text: '' }],
    });
    const result = (await server.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: { line: 2, character: 17 } })) as CompletionItem[];
    assert.deepStrictEqual(result.map((i) => i.label), ['""', 'Mint', 'Passthrough', 'Manual']);
  });

  it('completes keys inside platform.aws', async () => {
    await server.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: { start: { line: 7, character: 26 }, end: { line: 7, character: 26 } }, text: '\n    ' }],
    });
    const result = (await server.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: { line: 8, character: 4 } })) as CompletionItem[];
    const labels = result.map((i) => i.label);
    assert.ok(labels.includes('vpc') && labels.includes('userTags') && !labels.includes('region'), labels.join(','));
  });

  it('hovers keys with their documentation and never shows the pull secret', async () => {
    const hover = await server.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 2, character: 3 } });
    assert.match((hover!.contents as MarkupContent).value, /^\*\*credentialsMode\*\*/);
    const secretHover = await server.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 8, character: 30 } });
    assert.ok(secretHover);
    assert.ok(!(secretHover!.contents as MarkupContent).value.includes(PULL_SECRET_TOKEN));
  });

  it('re-checks when a file the check depends on changes on disk', async () => {
    await server.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: { start: { line: 2, character: 17 }, end: { line: 2, character: 21 } }, text: 'Manual' }],
    });
    assert.deepStrictEqual(await pull(), []);
    const key = path.join(dir, 'install/tls/bound-service-account-signing-key.key');
    fs.unlinkSync(key);
    await server.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: pathToFileURL(key).toString(), type: FileChangeType.Deleted }] });
    assert.deepStrictEqual((await pull()).map((d) => d.code), ['sts-manifests-missing']);
  });

  it('reports files on disk through workspace diagnostics', async () => {
    fs.writeFileSync(path.join(dir, 'other-install-config.yaml'), 'apiVersion: v1\nbaseDomain: x.com\npublish: Externall\nplatform: {aws: {region: us-east-1}}\npullSecret: x\n');
    const report = await server.connection.sendRequest(WorkspaceDiagnosticRequest.type, { previousResultIds: [] });
    const files = report.items.map((i) => [path.relative(dir, new URL(i.uri).pathname), i.kind === 'full' ? i.items.map((d) => d.code) : []]);
    assert.deepStrictEqual(files, [['other-install-config.yaml', ['install-config-schema']]]);
  });

  it('asks the client for the settings once per workspace folder, not once per file', async () => {
    await pull();
    const other = pathToFileURL(path.join(dir, 'install/manifests/cluster-authentication-02-config.yaml')).toString();
    await server.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: other, languageId: 'yaml', version: 1, text: AUTH_MANIFEST } });
    await server.connection.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri: other } });
    await server.connection.sendRequest(WorkspaceDiagnosticRequest.type, { previousResultIds: [] });
    assert.deepStrictEqual(server.configurationScopes, [`file://${dir}`]);
  });

  it('never logs the pull secret', () => {
    assert.ok(!JSON.stringify(server.notifications).includes(PULL_SECRET_TOKEN));
    assert.ok(!server.stderr.includes(PULL_SECRET_TOKEN));
  });
});
