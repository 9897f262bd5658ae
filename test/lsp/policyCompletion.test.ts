import * as assert from 'assert';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { CompletionItem, CompletionRequest, DidOpenTextDocumentNotification, Position } from 'vscode-languageserver-protocol/node';
import { tempTree } from '../unit/helpers';
import { EKS_ISSUER, EKS_PROVIDER } from '../unit/iam/policyFixtures';
import { ServerProcess } from './lspClient';

/** Completion in YAML policies (CloudFormation, CredentialsRequest) and inside ccoctl's JSON-string policies, over LSP. */
describe('policy completion over LSP: YAML values and JSON strings', () => {
  let server: ServerProcess;
  let dir: string;

  before(async () => {
    server = new ServerProcess();
    dir = tempTree({ 'k8s/sa.yaml': 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: my-app\n  namespace: shop\n' });
    await server.initialize(dir);
    // The first indexing ends with a diagnostics refresh: after it the index knows the ServiceAccount.
    for (let i = 0; i < 100 && server.refreshes === 0; i++) await new Promise((r) => setTimeout(r, 50));
  });

  after(async () => {
    await server.stop();
  });

  /** Opens `marked` without its `|` and completes there; `range(typed)` is the range of the `typed` text before the cursor. */
  async function completeAt(name: string, marked: string) {
    const offset = marked.indexOf('|');
    const text = marked.slice(0, offset) + marked.slice(offset + 1);
    const uri = pathToFileURL(path.join(dir, name)).toString();
    await server.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: name.endsWith('.json') ? 'json' : 'yaml', version: 1, text } });
    const lines = text.slice(0, offset).split('\n');
    const position: Position = { line: lines.length - 1, character: lines[lines.length - 1].length };
    const items = (await server.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position })) as CompletionItem[];
    const range = (typed: string) => ({ start: { line: position.line, character: position.character - typed.length }, end: position });
    return { items, range };
  }

  const cfn = (condition: string) => `Resources:
  AppRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal:
              Federated: ${EKS_PROVIDER}
            Action: sts:AssumeRoleWithWebIdentity
            Condition:
              StringEquals:
${condition}
`;

  it('CloudFormation YAML: sub values from the workspace index, aud values', async () => {
    const sub = await completeAt('iam/stack.yaml', cfn(`                ${EKS_ISSUER}:sub: system:|`));
    assert.deepStrictEqual(sub.items.map((i) => [i.label, i.detail, i.textEdit]), [
      ['system:serviceaccount:shop:my-app', 'service account in the workspace', { range: sub.range('system:'), newText: 'system:serviceaccount:shop:my-app' }],
    ]);
    const aud = await completeAt('iam/stack2.yaml', cfn(`                ${EKS_ISSUER}:aud: |`));
    assert.deepStrictEqual(aud.items.map((i) => i.textEdit), [
      { range: aud.range(''), newText: 'sts.amazonaws.com' },
      { range: aud.range(''), newText: 'openshift' },
    ]);
  });

  it('CredentialsRequest policyCondition: sub values as list items', async () => {
    const cr = `apiVersion: cloudcredential.openshift.io/v1
kind: CredentialsRequest
metadata:
  name: web-identity
spec:
  providerSpec:
    kind: AWSProviderSpec
    statementEntries:
    - effect: Allow
      action:
      - sts:AssumeRoleWithWebIdentity
      resource: "*"
      policyCondition:
        StringEquals:
          ${EKS_ISSUER}:sub:
          - |
`;
    const { items, range } = await completeAt('cr/request.yaml', cr);
    assert.deepStrictEqual(items.map((i) => [i.label, i.textEdit]), [['system:serviceaccount:shop:my-app', { range: range(''), newText: 'system:serviceaccount:shop:my-app' }]]);
  });

  const ISSUER = 'demo-oidc.s3.us-east-1.amazonaws.com';
  const ccoctlRole = (action: string, key: string) => {
    const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Federated: `arn:aws:iam::123456789012:oidc-provider/${ISSUER}` }, Action: action, Condition: { StringEquals: { [key]: 'openshift' } } }] });
    return JSON.stringify({ AssumeRolePolicyDocument: policy, RoleName: 'demo-openshift-image-registry-installer-cloud-credentials' }, null, 4);
  };

  it('ccoctl JSON string: an action and a condition key, with edits in the outer file', async () => {
    const text = ccoctlRole('sts:AssumeRoleWithWeb', `${ISSUER}:aud`);
    const action = await completeAt('05-1-action-role.json', text.replace('AssumeRoleWithWeb\\"', 'AssumeRoleWithWeb|\\"'));
    // Line 1 holds the whole policy: the edit covers the typed action after `\"`, at its column in the outer file.
    const column = text.split('\n')[1].indexOf('sts:AssumeRoleWithWeb');
    assert.deepStrictEqual(action.range('sts:AssumeRoleWithWeb').start, { line: 1, character: column });
    assert.deepStrictEqual(action.items.find((i) => i.label === 'sts:AssumeRoleWithWebIdentity')!.textEdit, { range: action.range('sts:AssumeRoleWithWeb'), newText: 'sts:AssumeRoleWithWebIdentity' });

    const key = await completeAt('05-2-key-role.json', ccoctlRole('sts:AssumeRoleWithWebIdentity', 'demo').replace('demo\\"', 'demo|\\"'));
    assert.deepStrictEqual(key.items.slice(0, 2).map((i) => i.textEdit), [
      { range: key.range('demo'), newText: `${ISSUER}:sub` },
      { range: key.range('demo'), newText: `${ISSUER}:aud` },
    ]);
  });
});
