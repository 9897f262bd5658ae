import * as assert from 'assert';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { CodeAction, CodeActionRequest, DefinitionRequest, DidOpenTextDocumentNotification, Location } from 'vscode-languageserver-protocol/node';
import { tempTree } from '../unit/helpers';
import { ServerProcess } from './lspClient';

const HOST = 'oidc.eks.us-east-2.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF';
const TRUST = JSON.stringify(
  {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Federated: `arn:aws:iam::111122223333:oidc-provider/${HOST}` },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: { StringEquals: { [`${HOST}:sub`]: 'system:serviceaccount:flux-system:external-dns', [`${HOST}:aud`]: 'sts.amazonaws.com' } },
      },
    ],
  },
  null,
  2,
);
const RELEASE = [
  'apiVersion: helm.toolkit.fluxcd.io/v2',
  'kind: HelmRelease',
  'metadata:',
  '  name: external-dns',
  '  namespace: flux-system',
  'spec:',
  '  targetNamespace: external-dns',
  '  chart:',
  '    spec:',
  '      chart: external-dns',
  '  values:',
  '    serviceAccount:',
  '      name: external-dns',
  '      annotations:',
  '        eks.amazonaws.com/role-arn: arn:aws:iam::111122223333:role/prod-external-dns',
  '',
].join('\n');

describe('Flux HelmRelease over LSP', () => {
  let server: ServerProcess;
  let dir: string;
  const uri = (rel: string) => pathToFileURL(path.join(dir, rel)).toString();

  beforeEach(async () => {
    dir = tempTree({ 'iam/prod-external-dns-trust.json': TRUST, 'flux/external-dns.yaml': RELEASE });
    server = new ServerProcess();
    await server.initialize(dir);
  });

  afterEach(async () => {
    await server.stop();
  });

  it("warns on the release's role for the namespace it installs into, fixes the trust policy, and goes to it", async () => {
    await server.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: uri('flux/external-dns.yaml'), languageId: 'yaml', version: 1, text: RELEASE } });
    const diagnostics = await server.pullUntil(uri('flux/external-dns.yaml'), (d) => d.length > 0);
    assert.deepStrictEqual(
      diagnostics.map((d) => [d.code, d.severity, d.range]),
      [['trust-sub-mismatch', 2, { start: { line: 14, character: 36 }, end: { line: 14, character: 84 } }]],
    );
    const actions = (await server.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri: uri('flux/external-dns.yaml') }, range: diagnostics[0].range, context: { diagnostics, only: ['quickfix'] } })) as CodeAction[];
    assert.strictEqual(actions[0].title, 'Add system:serviceaccount:external-dns:external-dns to the trust policy of prod-external-dns');
    assert.deepStrictEqual(Object.keys(actions[0].edit!.changes!), [uri('iam/prod-external-dns-trust.json')]);
    const definition = (await server.connection.sendRequest(DefinitionRequest.type, { textDocument: { uri: uri('flux/external-dns.yaml') }, position: { line: 14, character: 60 } })) as Location | Location[] | null;
    const targets = (Array.isArray(definition) ? definition : definition ? [definition] : []).map((l) => l.uri);
    assert.deepStrictEqual(targets, [uri('iam/prod-external-dns-trust.json')]);
  });
});
