import * as assert from 'assert';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { CodeAction, CodeActionRequest, Diagnostic, DidOpenTextDocumentNotification, DocumentDiagnosticRequest } from 'vscode-languageserver-protocol/node';
import { tempTree } from '../unit/helpers';
import { EKS_ISSUER, eksTrust } from '../unit/iam/policyFixtures';
import { ServerProcess } from './lspClient';

/** The add-sub quick fix over LSP, for clients with and without snippet edits (LSP 3.18 SnippetTextEdit). */
describe('add-sub quick fix: placeholder tab stop', () => {
  let server: ServerProcess;

  afterEach(async () => {
    await server.stop();
  });

  async function subFix(workspace: Record<string, unknown>): Promise<{ action: CodeAction; uri: string }> {
    server = new ServerProcess();
    // No ServiceAccount anywhere: the fix falls back to the placeholder.
    const dir = tempTree({ 'roles/readme.txt': 'trust policies' });
    await server.initialize(dir, workspace);
    const uri = pathToFileURL(path.join(dir, 'roles', 'trust.json')).toString();
    await server.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'json', version: 1, text: eksTrust(null) } });
    const report = await server.connection.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri } });
    const d = (report.kind === 'full' ? report.items : []).find((x: Diagnostic) => x.code === 'trust-sub-missing')!;
    const actions = (await server.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } })) as CodeAction[];
    return { action: actions.find((a) => a.title === 'Add a sub condition (placeholder)')!, uri };
  }

  // eksTrust(null): the statement's last entry is `"Action": "sts:AssumeRoleWithWebIdentity"` on line 8, ending at column 47.
  const at = { start: { line: 8, character: 47 }, end: { line: 8, character: 47 } };
  const placeholder = 'system:serviceaccount:<namespace>:<serviceaccount>';
  const plain = `,\n      "Condition": {\n        "StringEquals": {\n          "${EKS_ISSUER}:sub": "${placeholder}"\n        }\n      }`;
  // VS Code indents a snippet's later lines by the whitespace before the insertion point (6 spaces here),
  // so they are written relative to it; `}` is escaped outside the tab stop.
  const snippet = `,\n"Condition": {\n  "StringEquals": {\n    "${EKS_ISSUER}:sub": "\${1:${placeholder}}"\n  \\}\n\\}`;

  it('sends a SnippetTextEdit whose tab stop selects the placeholder when the client announces snippetEditSupport', async () => {
    const { action, uri } = await subFix({ workspaceEdit: { snippetEditSupport: true, documentChanges: true } });
    assert.deepStrictEqual(action.edit, {
      documentChanges: [{ textDocument: { uri, version: null }, edits: [{ range: at, snippet: { kind: 'snippet', value: snippet } }] }],
    });
  });

  it('sends the plain text edit to clients without snippet edits', async () => {
    const { action, uri } = await subFix({});
    assert.deepStrictEqual(action.edit, { changes: { [uri]: [{ range: at, newText: plain }] } });
  });
});
