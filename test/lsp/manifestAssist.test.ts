import * as assert from 'assert';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { CompletionItem, CompletionRequest, DidOpenTextDocumentNotification, HoverRequest, MarkupContent, Position, TextEdit } from 'vscode-languageserver-protocol/node';
import { tempTree } from '../unit/helpers';
import { ServerProcess } from './lspClient';

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: uploader
  namespace: media
spec:
  template:
    metadata:
      annotations:
        eks.amazonaws.com/skip-containers: sidecar
    spec:
      serviceAccountName: 
      containers:
        - name: app
          image: example/app
          env:
            - name: AWS_
      volumes:
        - name: token
          projected:
            sources:
              - serviceAccountToken:
                  audience: openshift
                  
`;

const SERVICE_ACCOUNTS = `apiVersion: v1
kind: ServiceAccount
metadata:
  name: uploader
  namespace: media
---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: billing
  namespace: finance
`;

describe('language server: manifest completion and hover', () => {
  let server: ServerProcess;
  let dir: string;
  let uri: string;

  before(async () => {
    dir = tempTree({ 'app/service-accounts.yaml': SERVICE_ACCOUNTS });
    server = new ServerProcess();
    await server.initialize(dir);
    uri = pathToFileURL(path.join(dir, 'app/deploy.yaml')).toString();
    await server.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'yaml', version: 1, text: DEPLOYMENT } });
  });

  after(async () => {
    await server.stop();
  });

  const lineOf = (needle: string) => DEPLOYMENT.split('\n').findIndex((l) => l.includes(needle));
  const endOf = (needle: string): Position => {
    const line = lineOf(needle);
    return { line, character: DEPLOYMENT.split('\n')[line].length };
  };
  const completion = async (position: Position) => (await server.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position })) as CompletionItem[];

  it('completes AWS_* env names with a textEdit that replaces what is typed', async () => {
    const items = await completion(endOf('- name: AWS_'));
    assert.deepStrictEqual(items.map((i) => i.label), ['AWS_ROLE_ARN', 'AWS_WEB_IDENTITY_TOKEN_FILE', 'AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE', 'AWS_REGION', 'AWS_STS_REGIONAL_ENDPOINTS']);
    const line = lineOf('- name: AWS_');
    assert.deepStrictEqual(items[1].textEdit as TextEdit, { range: { start: { line, character: 20 }, end: { line, character: 24 } }, newText: 'AWS_WEB_IDENTITY_TOKEN_FILE' });
    assert.strictEqual(items[1].insertText, 'AWS_WEB_IDENTITY_TOKEN_FILE');
  });

  it('completes projected token keys not yet written, with their insertText', async () => {
    const items = await completion({ line: lineOf('audience: openshift') + 1, character: 18 });
    assert.deepStrictEqual(items.map((i) => [i.label, i.insertText]), [['expirationSeconds', 'expirationSeconds: '], ['path', 'path: ']]);
    assert.match((items[0].documentation as MarkupContent).value, /may not specify a duration less than 10 minutes/);
  });

  it('completes serviceAccountName from the workspace index, in the workload\'s namespace', async () => {
    // The index is built in the background after initialize: ask until it has the accounts.
    let labels: string[] = [];
    for (let i = 0; i < 50 && labels.length === 0; i++) {
      labels = (await completion(endOf('serviceAccountName:'))).map((i) => i.label);
      if (labels.length === 0) await new Promise((r) => setTimeout(r, 100));
    }
    assert.deepStrictEqual(labels, ['uploader']);
  });

  it('hovers the projected token audience value with the STS error and what the value means', async () => {
    const line = lineOf('audience: openshift');
    const result = await server.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line, character: 30 } });
    const value = (result!.contents as MarkupContent).value;
    assert.match(value, /^\*\*audience\*\*: aud claim of the projected token/);
    assert.match(value, /InvalidIdentityToken: Incorrect token audience/);
    assert.match(value, /`openshift`: The audience ccoctl registers/);
    assert.deepStrictEqual(result!.range, { start: { line, character: 28 }, end: { line, character: 37 } });
  });
});
