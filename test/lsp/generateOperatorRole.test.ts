import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import {
  DidChangeTextDocumentNotification, DidChangeWatchedFilesNotification, DidOpenTextDocumentNotification, FileChangeType, WorkspaceEdit,
} from 'vscode-languageserver-protocol/node';
import { applyToDisk, tempTree } from '../unit/helpers';
import { ACCOUNT, credentialsRequest, ISSUER, ROLE, subscription, trustPolicy } from '../unit/operators/fixtures';
import { ServerProcess } from './lspClient';

const CONTROLLER = 'system:serviceaccount:log-forwarding:log-forwarder-controller';
const COLLECTOR = 'system:serviceaccount:log-forwarding:log-forwarder-collector';
const NEW_ROLE = 'log-forwarding-log-forwarder-aws';

describe('LSP workspace/executeCommand: generate IAM role for an operator', () => {
  let server: ServerProcess;
  let dir: string;

  before(async () => {
    dir = tempTree({
      'cluster/cluster-authentication-02-config.yaml': `apiVersion: config.openshift.io/v1\nkind: Authentication\nmetadata:\n  name: cluster\nspec:\n  serviceAccountIssuer: https://${ISSUER}\n`,
      'operator/subscription.yaml': subscription(),
      'operator/credentialsrequest.yaml': credentialsRequest({ serviceAccounts: ['log-forwarder-controller', 'log-forwarder-collector'] }),
      [`operator/iam/${ROLE}-trust-policy.json`]: trustPolicy([CONTROLLER]),
    });
    server = new ServerProcess();
    await server.initialize(dir);
  });

  after(() => server.stop());

  it('answers with one edit (trust and permission policies, ROLEARN) whose application clears trust-sub-mismatch', async () => {
    const subPath = path.join(dir, 'operator/subscription.yaml');
    const uri = pathToFileURL(subPath).toString();
    await server.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'yaml', version: 1, text: subscription() } });
    const before = await server.pullUntil(uri, (d) => d.length > 0);
    assert.deepStrictEqual(before.map((d) => d.code), ['trust-sub-mismatch']);

    const result = (await server.connection.sendRequest('workspace/executeCommand', {
      command: 'sts-lens.generateRoleForOperator',
      arguments: [{ uri, position: { line: 14, character: 10 } }],
    })) as { edit: WorkspaceEdit; message: string; created: string[] };
    const newArn = `arn:aws:iam::${ACCOUNT}:role/${NEW_ROLE}`;
    assert.strictEqual(result.message, `Role ${NEW_ROLE} for ${CONTROLLER}, ${COLLECTOR} (audience openshift, issuer ${ISSUER}), set in the ROLEARN of Subscription log-forwarding/log-forwarder.`);
    const trustPath = path.join(dir, 'operator/iam', `${NEW_ROLE}-trust-policy.json`);
    assert.deepStrictEqual(result.created, [trustPath, path.join(dir, 'operator/iam', `${NEW_ROLE}-permissions-policy.json`)]);
    assert.deepStrictEqual(result.edit.documentChanges![0], { kind: 'create', uri: pathToFileURL(trustPath).toString(), options: { ignoreIfExists: false, overwrite: false } });
    const subscriptionEdit = result.edit.documentChanges!.find((c) => 'textDocument' in c && c.textDocument.uri === uri) as { edits: unknown[] };
    assert.deepStrictEqual(subscriptionEdit.edits, [{ range: { start: { line: 14, character: 13 }, end: { line: 14, character: 62 } }, newText: newArn }]);

    // As the editor applies it: files created and saved, the open Subscription changed.
    applyToDisk(result.edit);
    await server.connection.sendNotification(DidChangeWatchedFilesNotification.type, {
      changes: result.created.map((p) => ({ uri: pathToFileURL(p).toString(), type: FileChangeType.Created as FileChangeType })),
    });
    await server.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version: 2 }, contentChanges: [{ text: fs.readFileSync(subPath, 'utf8') }] });
    const after = await server.pullUntil(uri, (d) => d.length === 0);
    assert.deepStrictEqual(after.map((d) => `${d.code}: ${d.message}`), []);
    // The server checks the Subscription against the generated trust policy: a service account it does not admit is reported again.
    const requestUri = pathToFileURL(path.join(dir, 'operator/credentialsrequest.yaml')).toString();
    const extended = credentialsRequest({ serviceAccounts: ['log-forwarder-controller', 'log-forwarder-collector', 'log-forwarder-extra'] });
    await server.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: requestUri, languageId: 'yaml', version: 1, text: extended } });
    const again = await server.pullUntil(uri, (d) => d.length > 0);
    assert.deepStrictEqual(again.map((d) => d.code), ['trust-sub-mismatch']);
    assert.match(again[0].message as string, new RegExp(`^Subscription log-forwarding/log-forwarder gives the operator role ${NEW_ROLE} \\(ROLEARN\\);.* runs as system:serviceaccount:log-forwarding:log-forwarder-extra, but the role's trust policy \\(iam/${NEW_ROLE}-trust-policy\\.json\\)`));
  });

  it('answers a clear error on a file that holds no operator manifest', async () => {
    fs.writeFileSync(path.join(dir, 'other.yaml'), 'kind: ConfigMap\n');
    const result = await server.connection.sendRequest('workspace/executeCommand', {
      command: 'sts-lens.generateRoleForOperator',
      arguments: [{ uri: pathToFileURL(path.join(dir, 'other.yaml')).toString() }],
    });
    assert.deepStrictEqual(result, { error: "Put the cursor on an operator's Subscription or its CredentialsRequest." });
  });
});
