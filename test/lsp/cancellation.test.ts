import * as assert from 'assert';
import * as path from 'path';
import { pathToFileURL } from 'url';
import {
  CancellationTokenSource,
  ConfigurationRequest,
  DidOpenTextDocumentNotification,
  DocumentDiagnosticRequest,
  LSPErrorCodes,
  ResponseError,
  WorkspaceDiagnosticRequest,
} from 'vscode-languageserver-protocol/node';
import { writeCredentialsRequests } from '../unit/ccoctl/ccoctlHelpers';
import { AUTH_MANIFEST, installConfig, tempTree } from '../unit/helpers';
import { makeTempDir } from '../tempDirs';
import { ServerProcess } from './lspClient';

const SA = (i: number) =>
  `apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: app-${i}\n  namespace: team\n  annotations:\n    eks.amazonaws.com/role-arn: arn:aws:iam::123456789012:role/app-${i}\n`;
const TRUST = (i: number) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Federated: 'arn:aws:iam::123456789012:oidc-provider/oidc.example.com/id/ABC' },
        Action: 'sts:AssumeRoleWithWebIdentity',
        // every one admits a service account that does not exist: each file has a finding
        Condition: { StringEquals: { 'oidc.example.com/id/ABC:sub': `system:serviceaccount:team:app-${i}-old` } },
      },
    ],
  });

/** A workspace of `apps` ServiceAccounts and as many trust policies, plus an installation directory. */
function workspace(apps: number): string {
  const files: Record<string, string> = {
    'install/install-config.yaml': installConfig('', 'Mint'),
    'install/manifests/cluster-authentication-02-config.yaml': AUTH_MANIFEST,
    'install/tls/bound-service-account-signing-key.key': 'placeholder',
  };
  for (let i = 0; i < apps; i++) {
    files[`apps/app-${i}.yaml`] = SA(i);
    files[`iam/app-${i}.json`] = TRUST(i);
  }
  return tempTree(files);
}

describe('cancellation and responsiveness over stdio', () => {
  let server: ServerProcess;
  let dir: string;

  beforeEach(async () => {
    dir = workspace(150);
    server = new ServerProcess();
    await server.initialize(dir);
    await server.notified('stsLens/status', (p) => /^Indexed \d+ files/.test(String(p.text)));
  });

  afterEach(async () => {
    await server.stop();
  });

  it('does not compute document pulls the client cancelled; the last one is answered for the last version', async () => {
    const uri = pathToFileURL(path.join(dir, 'install/install-config.yaml')).toString();
    const text = installConfig('', 'Mint');
    await server.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'yaml', version: 1, text } });
    await server.connection.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri } });
    // What an editor does while typing: an edit, a pull, the next edit cancels that pull and pulls again.
    const batch: Array<Record<string, unknown>> = [];
    for (let version = 2; version <= 7; version++) {
      batch.push({
        method: 'textDocument/didChange',
        params: { textDocument: { uri, version }, contentChanges: [{ range: { start: { line: 2, character: 17 }, end: { line: 2, character: 21 } }, text: version % 2 ? 'Mint' : 'Mant' }] },
      });
      batch.push({ id: `pull-${version}`, method: 'textDocument/diagnostic', params: { textDocument: { uri } } });
      if (version > 2) batch.push({ method: '$/cancelRequest', params: { id: `pull-${version - 1}` } });
    }
    server.writeRaw(batch);
    const last = await server.response('pull-7');
    for (let version = 2; version < 7; version++) {
      const answer = await server.response(`pull-${version}`);
      assert.deepStrictEqual([version, answer.error?.code, answer.result], [version, LSPErrorCodes.RequestCancelled, undefined]);
    }
    // The one left is computed, for the text as it is now (version 7: credentialsMode Mint).
    const fresh = await server.connection.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri } });
    assert.deepStrictEqual(last.result, JSON.parse(JSON.stringify(fresh)));
    assert.deepStrictEqual(
      (fresh as { items: Array<{ code: string; range: unknown }> }).items.map((d) => [d.code, d.range]),
      [['sts-manual-mode-required', { start: { line: 2, character: 17 }, end: { line: 2, character: 21 } }]],
    );
  });

  it('answers a hover while a workspace check is running', async () => {
    const uri = pathToFileURL(path.join(dir, 'apps/app-0.yaml')).toString();
    await server.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'yaml', version: 1, text: SA(0) } });
    const first = await server.connection.sendRequest(WorkspaceDiagnosticRequest.type, { previousResultIds: [] });
    assert.ok(first.items.length > 150, `${first.items.length} files with findings`);
    server.writeRaw([
      { id: 'workspace', method: 'workspace/diagnostic', params: { previousResultIds: [] } },
      { id: 'hover', method: 'textDocument/hover', params: { textDocument: { uri }, position: { line: 6, character: 40 } } },
    ]);
    const workspaceAnswer = await server.response('workspace');
    const hoverAnswer = await server.response('hover');
    const order = server.received.filter((m) => m.id === 'workspace' || m.id === 'hover').map((m) => m.id);
    assert.deepStrictEqual(order, ['hover', 'workspace']);
    assert.match(JSON.stringify(hoverAnswer.result), /app-0/);
    // Checked in slices, the workspace gives the same report.
    assert.deepStrictEqual(workspaceAnswer.result, JSON.parse(JSON.stringify(first)));
  });

  it('answers a hover while sts-lens.aws.plan reads a large CredentialsRequests folder', async () => {
    const uri = pathToFileURL(path.join(dir, 'apps/app-0.yaml')).toString();
    await server.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'yaml', version: 1, text: SA(0) } });
    const hover = { method: 'textDocument/hover', params: { textDocument: { uri }, position: { line: 6, character: 40 } } };
    const alone = await server.connection.sendRequest('textDocument/hover', hover.params);
    const requests = makeTempDir('lsp-plan-requests');
    writeCredentialsRequests(requests, 400);
    const inputs = { name: 'demo', credentialsRequestsDir: requests, identityProviderArn: 'arn:aws:iam::123456789012:oidc-provider/demo-oidc.s3.us-east-2.amazonaws.com', outputDir: path.join(requests, 'out'), dryRun: true };
    server.writeRaw([
      { id: 'plan', method: 'workspace/executeCommand', params: { command: 'sts-lens.aws.plan', arguments: [{ action: 'create-iam-roles', inputs, trusted: true }] } },
      { id: 'hover', ...hover },
    ]);
    const planAnswer = await server.response('plan');
    const hoverAnswer = await server.response('hover');
    const order = server.received.filter((m) => m.id === 'plan' || m.id === 'hover').map((m) => m.id);
    // The plan reads its 400 files without blocking: the hover that came in behind it is answered first.
    assert.deepStrictEqual(order, ['hover', 'plan']);
    assert.deepStrictEqual(hoverAnswer.result, JSON.parse(JSON.stringify(alone)));
    const plan = planAnswer.result as { files: Array<{ path: string }>; problems: unknown[] };
    assert.deepStrictEqual(plan.problems, []);
    assert.strictEqual(plan.files.filter((f) => f.path.endsWith('-credentials.yaml')).length, 400);
  });

  it('stops a workspace check the client cancels, and says after how many files', async () => {
    const source = new CancellationTokenSource();
    let asked = 0;
    // The check asks for the settings before its first file: the client cancels the check before it answers.
    server.connection.onRequest(ConfigurationRequest.type, (params) => {
      asked++;
      source.cancel();
      return params.items.map(() => ({}));
    });
    await assert.rejects(
      server.connection.sendRequest(WorkspaceDiagnosticRequest.type, { previousResultIds: [] }, source.token),
      (error: unknown) => error instanceof ResponseError && error.code === LSPErrorCodes.RequestCancelled,
    );
    assert.strictEqual(asked, 1);
    await server.notified('stsLens/status', (p) => p.text === 'Workspace check cancelled');
    const status = server.received.find((m) => m.method === 'stsLens/status' && (m.params as { text: string }).text === 'Workspace check cancelled');
    const [, done, total] = /^after (\d+) of (\d+) file\(s\)$/.exec((status!.params as { detail: string }).detail)!;
    assert.strictEqual(Number(total), 302);
    assert.ok(Number(done) < 302, `checked ${done} of ${total}`);
  });
});
