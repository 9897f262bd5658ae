import * as assert from 'assert';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { CodeLens, CodeLensRequest, CompletionItem, CompletionRequest, DefinitionRequest, DidChangeTextDocumentNotification, DidOpenTextDocumentNotification, Location, ReferencesRequest } from 'vscode-languageserver-protocol/node';
import { tempTree } from '../unit/helpers';
import { ServerProcess } from './lspClient';

const ISSUER = 'irsa-demo-oidc.s3.ap-northeast-1.amazonaws.com';
const SA = 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: app\n  namespace: default\n  annotations:\n    eks.amazonaws.com/role-arn: arn:aws:iam::123456789012:role/s3-echoer\n';
const JOB = 'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: s3-echoer\n  namespace: default\nspec:\n  template:\n    spec:\n      serviceAccountName: app\n      containers:\n      - name: main\n        image: x\n';
const TRUST = JSON.stringify(
  {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Federated: `arn:aws:iam::123456789012:oidc-provider/${ISSUER}` },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: { StringEquals: { [`${ISSUER}:sub`]: ['system:serviceaccount:default:app', 'system:serviceaccount:jobs:batch'], [`${ISSUER}:aud`]: 'sts.amazonaws.com' } },
      },
    ],
  },
  null,
  2,
);

describe('navigation over LSP', () => {
  let server: ServerProcess;
  let dir: string;
  const uri = (rel: string) => pathToFileURL(path.join(dir, rel)).toString();

  before(async () => {
    dir = tempTree({ 'k8s/sa.yaml': SA, 'k8s/job.yaml': JOB, 'iam/s3-echoer-trust.json': TRUST });
    server = new ServerProcess();
    await server.initialize(dir);
    for (const [rel, text, languageId] of [['k8s/sa.yaml', SA, 'yaml'], ['iam/s3-echoer-trust.json', TRUST, 'json']]) {
      await server.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: uri(rel), languageId, version: 1, text } });
    }
    // Wait for the background index to hold the job.
    for (let i = 0; i < 50; i++) {
      const refs = (await server.connection.sendRequest(ReferencesRequest.type, { textDocument: { uri: uri('k8s/sa.yaml') }, position: { line: 3, character: 9 }, context: { includeDeclaration: false } })) as Location[];
      if (refs.some((r) => r.uri.endsWith('job.yaml'))) break;
      await new Promise((r) => setTimeout(r, 100));
    }
  });

  after(async () => {
    await server.stop();
  });

  it('goes from the role annotation to the trust policy', async () => {
    const result = (await server.connection.sendRequest(DefinitionRequest.type, { textDocument: { uri: uri('k8s/sa.yaml') }, position: { line: 6, character: 50 } })) as Location[];
    assert.deepStrictEqual(result, [{ uri: uri('iam/s3-echoer-trust.json'), range: { start: { line: 0, character: 0 }, end: { line: 20, character: 1 } } }]);
  });

  it('goes from a sub value to the ServiceAccount', async () => {
    const result = (await server.connection.sendRequest(DefinitionRequest.type, { textDocument: { uri: uri('iam/s3-echoer-trust.json') }, position: { line: 12, character: 20 } })) as Location[];
    assert.deepStrictEqual(result, [{ uri: uri('k8s/sa.yaml'), range: { start: { line: 3, character: 8 }, end: { line: 3, character: 11 } } }]);
  });

  it('finds the workloads and trust policies that name a ServiceAccount', async () => {
    const result = (await server.connection.sendRequest(ReferencesRequest.type, { textDocument: { uri: uri('k8s/sa.yaml') }, position: { line: 3, character: 9 }, context: { includeDeclaration: false } })) as Location[];
    assert.deepStrictEqual(
      result.map((l) => [path.relative(dir, new URL(l.uri).pathname), l.range.start.line, l.range.start.character]),
      [
        ['k8s/job.yaml', 8, 26],
        ['iam/s3-echoer-trust.json', 12, 12],
      ],
    );
  });

  it('completes sub values from the workspace, the ones bound to the role first', async () => {
    const text = TRUST.replace('"system:serviceaccount:jobs:batch"', '""');
    const trustUri = uri('iam/s3-echoer-trust.json');
    await server.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri: trustUri, version: 2 }, contentChanges: [{ text }] });
    const line = text.split('\n').findIndex((l) => l.trim() === '""');
    const character = text.split('\n')[line].indexOf('""') + 1;
    const items = (await server.connection.sendRequest(CompletionRequest.type, { textDocument: { uri: trustUri }, position: { line, character } })) as CompletionItem[];
    assert.deepStrictEqual(items.map((i) => [i.label, i.detail]), [['system:serviceaccount:default:app', 'uses this role']]);
    await server.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri: trustUri, version: 3 }, contentChanges: [{ text: TRUST }] });
  });

  it('completes role ARNs for the role annotation from the trust policies of the workspace', async () => {
    const saUri = uri('k8s/sa.yaml');
    const text = SA.replace('arn:aws:iam::123456789012:role/s3-echoer', '');
    await server.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri: saUri, version: 2 }, contentChanges: [{ text }] });
    const items = (await server.connection.sendRequest(CompletionRequest.type, { textDocument: { uri: saUri }, position: { line: 6, character: 32 } })) as CompletionItem[];
    assert.deepStrictEqual(items.map((i) => [i.label, i.detail]), [['arn:aws:iam::123456789012:role/s3-echoer', 'its trust policy admits this ServiceAccount']]);
    await server.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri: saUri, version: 3 }, contentChanges: [{ text: SA }] });
  });

  it('shows who a trust statement admits and how many workloads use it', async () => {
    const lenses = (await server.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri: uri('iam/s3-echoer-trust.json') } })) as CodeLens[];
    assert.deepStrictEqual(lenses.map((l) => [l.range.start.line, l.command?.title]), [[3, 'admits 2 service accounts: default/app, jobs/batch; used by 1 workload']]);
  });
});
