import * as assert from 'assert';
import * as path from 'path';
import { pathToFileURL } from 'url';
import {
  CodeAction,
  CodeActionRequest,
  CompletionItem,
  CompletionRequest,
  Diagnostic,
  DidOpenTextDocumentNotification,
  DocumentDiagnosticRequest,
  HoverRequest,
  MarkupContent,
  TextEdit,
} from 'vscode-languageserver-protocol/node';
import { tempTree } from '../unit/helpers';
import { EKS_ISSUER, EKS_PROVIDER, eksTrust } from '../unit/iam/policyFixtures';
import { ServerProcess } from './lspClient';

function positionOf(text: string, needle: string, delta = 0) {
  const offset = text.indexOf(needle) + delta;
  const before = text.slice(0, offset).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
}

describe('IAM policies over LSP', () => {
  let server: ServerProcess;
  let dir: string;

  beforeEach(async () => {
    server = new ServerProcess();
    dir = tempTree({ 'sa.yaml': 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: my-app\n  namespace: shop\n' });
    await server.initialize(dir);
  });

  afterEach(async () => {
    await server.stop();
  });

  async function open(name: string, text: string): Promise<string> {
    const uri = pathToFileURL(path.join(dir, name)).toString();
    await server.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: name.endsWith('.json') ? 'json' : 'yaml', version: 1, text } });
    return uri;
  }

  it('completes actions after "s3:" with access level and description', async () => {
    const text = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:GetO'], Resource: '*' }] }, null, 2);
    const uri = await open('policy.json', text);
    const position = positionOf(text, 's3:GetO', 7);
    const result = (await server.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position })) as CompletionItem[];
    const item = result.find((i) => i.label === 's3:GetObject')!;
    assert.match(item.detail!, /^Read: Grants permission to retrieve objects from Amazon S3/);
    assert.deepStrictEqual((item.textEdit as TextEdit).range, { start: { line: position.line, character: position.character - 7 }, end: position });
    assert.strictEqual((item.textEdit as TextEdit).newText, 's3:GetObject');
  });

  it('completes issuer-prefixed condition keys from the Federated ARN, and sub values from ServiceAccounts beside it', async () => {
    const text = eksTrust({ StringEquals: { 'oidc': 'x' } });
    const uri = await open('trust.json', text);
    const keys = (await server.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: positionOf(text, '"oidc"', 5) })) as CompletionItem[];
    assert.deepStrictEqual(keys.slice(0, 2).map((i) => i.label), [`${EKS_ISSUER}:sub`, `${EKS_ISSUER}:aud`]);
    assert.ok(keys.some((i) => i.label === 'aws:SourceIp'));
    const text2 = eksTrust({ StringEquals: { [`${EKS_ISSUER}:sub`]: 'sys' } });
    const uri2 = await open('trust2.json', text2);
    const values = (await server.connection.sendRequest(CompletionRequest.type, { textDocument: { uri: uri2 }, position: positionOf(text2, '"sys"', 4) })) as CompletionItem[];
    assert.deepStrictEqual(values.map((i) => i.label), ['system:serviceaccount:shop:my-app']);
  });

  it('completes actions in a CredentialsRequest (YAML)', async () => {
    const text = 'apiVersion: cloudcredential.openshift.io/v1\nkind: CredentialsRequest\nmetadata:\n  name: a\nspec:\n  providerSpec:\n    kind: AWSProviderSpec\n    statementEntries:\n    - effect: Allow\n      action:\n      - sts:AssumeRoleWith\n      resource: "*"\n';
    const uri = await open('cr.yaml', text);
    const result = (await server.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: positionOf(text, 'sts:AssumeRoleWith', 18) })) as CompletionItem[];
    assert.ok(result.some((i) => i.label === 'sts:AssumeRoleWithWebIdentity'));
  });

  it('hovers an action inside ccoctl\'s JSON string, and an operator', async () => {
    const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Federated: EKS_PROVIDER }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: { StringEquals: { [`${EKS_ISSUER}:sub`]: 'system:serviceaccount:a:b' } } }] });
    const text = JSON.stringify({ AssumeRolePolicyDocument: policy, RoleName: 'r' }, null, 2);
    const uri = await open('05-role.json', text);
    const hover = await server.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: positionOf(text, 'AssumeRoleWithWebIdentity', 3) });
    assert.match((hover!.contents as MarkupContent).value, /^\*\*sts:AssumeRoleWithWebIdentity\*\* · Write\n\nGrants permission to obtain a set of temporary security credentials/);
    const op = await server.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: positionOf(text, 'StringEquals', 2) });
    assert.match((op!.contents as MarkupContent).value, /`\*` and `\?` are literal characters here: use `StringLike` for wildcards/);
    const principal = await server.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: positionOf(text, 'oidc-provider', 2) });
    assert.match((principal!.contents as MarkupContent).value, new RegExp(`Issuer: \`https://${EKS_ISSUER.replace(/\./g, '\\.')}\``));
  });

  it('offers the StringEquals -> StringLike code action with its exact edit', async () => {
    const text = eksTrust({ StringEquals: { [`${EKS_ISSUER}:sub`]: 'system:serviceaccount:shop:*', [`${EKS_ISSUER}:aud`]: 'sts.amazonaws.com' } });
    const uri = await open('trust3.json', text);
    const report = await server.connection.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri } });
    const diagnostics = report.kind === 'full' ? report.items : [];
    const d = diagnostics.find((x: Diagnostic) => x.code === 'trust-wildcard-operator')!;
    const actions = (await server.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } })) as CodeAction[];
    const action = actions.find((a) => a.title === 'Change StringEquals to StringLike')!;
    const start = positionOf(text, 'StringEquals');
    assert.deepStrictEqual(action.edit!.changes![uri], [{ range: { start, end: { line: start.line, character: start.character + 12 } }, newText: 'StringLike' }]);
  });
});
