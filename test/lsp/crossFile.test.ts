import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import {
  CodeAction,
  CodeActionRequest,
  Diagnostic,
  DidChangeTextDocumentNotification,
  DidChangeWatchedFilesNotification,
  DidOpenTextDocumentNotification,
  FileChangeType,
} from 'vscode-languageserver-protocol/node';
import { tempTree } from '../unit/helpers';
import { ServerProcess } from './lspClient';

const ISSUER = 'irsa-demo-oidc.s3.ap-northeast-1.amazonaws.com';
const SA = 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: app\n  namespace: default\n  annotations:\n    eks.amazonaws.com/role-arn: arn:aws:iam::123456789012:role/s3-echoer\n';
const trust = (sub: string) =>
  JSON.stringify(
    {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Federated: `arn:aws:iam::123456789012:oidc-provider/${ISSUER}` },
          Action: 'sts:AssumeRoleWithWebIdentity',
          Condition: { StringEquals: { [`${ISSUER}:sub`]: sub, [`${ISSUER}:aud`]: 'sts.amazonaws.com' } },
        },
      ],
    },
    null,
    2,
  ) + '\n';

describe('cross-file checks over LSP', () => {
  let server: ServerProcess;
  let dir: string;
  let saUri: string;
  let trustPath: string;

  beforeEach(async () => {
    dir = tempTree({ 'k8s/serviceaccount-app.yaml': SA, 'iam/s3-echoer-trust.json': trust('system:serviceaccount:default:s3-echoer') });
    saUri = pathToFileURL(path.join(dir, 'k8s/serviceaccount-app.yaml')).toString();
    trustPath = path.join(dir, 'iam/s3-echoer-trust.json');
    server = new ServerProcess();
    await server.initialize(dir);
    await server.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: saUri, languageId: 'yaml', version: 1, text: SA } });
  });

  afterEach(async () => {
    await server.stop();
  });

  /** Pulls until the background index has loaded the other file (it starts on `initialized`). */
  const pullUntil = (predicate: (d: Diagnostic[]) => boolean) => server.pullUntil(saUri, predicate);

  it('reports trust-sub-mismatch on the annotation with related information in the trust policy, and fixes the other file', async () => {
    const diagnostics = await pullUntil((d) => d.length > 0);
    assert.deepStrictEqual(diagnostics.map((d) => [d.code, d.range]), [['trust-sub-mismatch', { start: { line: 6, character: 32 }, end: { line: 6, character: 72 } }]]);
    const trustUri = pathToFileURL(trustPath).toString();
    assert.strictEqual(diagnostics[0].relatedInformation?.[0].location.uri, trustUri);
    const actions = (await server.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri: saUri }, range: diagnostics[0].range, context: { diagnostics, only: ['quickfix'] } })) as CodeAction[];
    assert.strictEqual(actions[0].title, 'Add system:serviceaccount:default:app to the trust policy of s3-echoer');
    assert.deepStrictEqual(actions[0].edit, {
      changes: {
        [trustUri]: [
          {
            range: { start: { line: 11, character: 64 }, end: { line: 11, character: 105 } },
            newText: '["system:serviceaccount:default:s3-echoer", "system:serviceaccount:default:app"]',
          },
        ],
      },
    });
  });

  it('asks for a refresh when an open trust policy is edited, and the ServiceAccount then checks against the unsaved text', async () => {
    await pullUntil((d) => d.length > 0);
    const trustUri = pathToFileURL(trustPath).toString();
    const before = trust('system:serviceaccount:default:s3-echoer');
    await server.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: trustUri, languageId: 'json', version: 1, text: before } });
    const refreshes = server.refreshes;
    await server.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri: trustUri, version: 2 }, contentChanges: [{ text: trust('system:serviceaccount:default:app') }] });
    for (let i = 0; i < 30 && server.refreshes === refreshes; i++) await new Promise((r) => setTimeout(r, 100));
    assert.ok(server.refreshes > refreshes, 'the server asked the client to pull again');
    assert.deepStrictEqual(await pullUntil((d) => d.length === 0), []);
  });

  it('updates the open ServiceAccount when the trust policy changes on disk', async () => {
    await pullUntil((d) => d.length > 0);
    fs.writeFileSync(trustPath, trust('system:serviceaccount:default:app'));
    await server.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: pathToFileURL(trustPath).toString(), type: FileChangeType.Changed }] });
    assert.deepStrictEqual(await pullUntil((d) => d.length === 0), []);
  });
});
