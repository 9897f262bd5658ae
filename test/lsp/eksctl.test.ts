import * as assert from 'assert';
import * as path from 'path';
import { pathToFileURL } from 'url';
import {
  CodeAction,
  CodeActionRequest,
  CompletionItem,
  CompletionList,
  CompletionRequest,
  Diagnostic,
  DidChangeConfigurationNotification,
  DidOpenTextDocumentNotification,
} from 'vscode-languageserver-protocol/node';
import { tempTree } from '../unit/helpers';
import { ServerProcess } from './lspClient';

const CLUSTER = [
  'apiVersion: eksctl.io/v1alpha5',
  'kind: ClusterConfig',
  'metadata:',
  '  name: shop',
  '  region: eu-west-1',
  'iam:',
  '  serviceAccounts:',
  '  - metadata:',
  '      name: uploader',
  '      namespace: media',
  '    attachPolicyARNs:',
  '    - arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess',
  '',
].join('\n');

const ISSUER = 'oidc.eks.eu-west-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF';
const role = (sub: string) =>
  JSON.stringify({ RoleName: 'app', AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Federated: `arn:aws:iam::123456789012:oidc-provider/${ISSUER}` }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: { StringEquals: { [`${ISSUER}:sub`]: sub, [`${ISSUER}:aud`]: 'sts.amazonaws.com' } } }] } }, null, 2);

describe('eksctl ClusterConfig over LSP', () => {
  let server: ServerProcess;
  let dir: string;
  const uri = (rel: string) => pathToFileURL(path.join(dir, rel)).toString();

  beforeEach(async () => {
    dir = tempTree({
      'eks/cluster.yaml': CLUSTER,
      'envs/prod/app.json': role('system:serviceaccount:shop:api'),
      'envs/dev/app.json': role('system:serviceaccount:shop:api'),
    });
    server = new ServerProcess();
    await server.initialize(dir);
  });

  afterEach(async () => {
    await server.stop();
  });

  const pull = (rel: string, predicate: (d: Diagnostic[]) => boolean) => server.pullUntil(uri(rel), predicate);

  it('reports service accounts without withOIDC, fixes it, and completes the iam keys', async () => {
    await server.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: uri('eks/cluster.yaml'), languageId: 'yaml', version: 1, text: CLUSTER } });
    const diagnostics = await pull('eks/cluster.yaml', (d) => d.length > 0);
    assert.deepStrictEqual(diagnostics.map((d) => [d.code, d.severity, d.range]), [['eksctl-with-oidc', 1, { start: { line: 6, character: 2 }, end: { line: 6, character: 17 } }]]);
    const actions = (await server.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri: uri('eks/cluster.yaml') }, range: diagnostics[0].range, context: { diagnostics, only: ['quickfix'] } })) as CodeAction[];
    assert.strictEqual(actions[0].title, 'Add withOIDC: true');
    assert.deepStrictEqual(actions[0].edit, { changes: { [uri('eks/cluster.yaml')]: [{ range: { start: { line: 6, character: 0 }, end: { line: 6, character: 0 } }, newText: '  withOIDC: true\n' }] } });
    const completion = (await server.connection.sendRequest(CompletionRequest.type, { textDocument: { uri: uri('eks/cluster.yaml') }, position: { line: 10, character: 4 } })) as CompletionItem[] | CompletionList;
    const labels = (Array.isArray(completion) ? completion : completion.items).map((i) => i.label);
    assert.ok(labels.includes('roleName') && labels.includes('wellKnownPolicies') && !labels.includes('metadata'), labels.join());
  });

  it('stsLens.clusterRoots makes each folder a cluster: the same role in two of them is no duplicate', async () => {
    const text = role('system:serviceaccount:shop:api');
    await server.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: uri('envs/prod/app.json'), languageId: 'json', version: 1, text } });
    const before = await pull('envs/prod/app.json', (d) => d.some((x) => x.code === 'trust-policy-duplicate'));
    assert.deepStrictEqual(before.filter((d) => d.code === 'trust-policy-duplicate').length, 1);
    server.settings = { clusterRoots: ['envs/*'] };
    await server.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: {} });
    const after = await pull('envs/prod/app.json', (d) => !d.some((x) => x.code === 'trust-policy-duplicate'));
    assert.deepStrictEqual(after.filter((d) => d.code === 'trust-policy-duplicate'), []);
  });
});
