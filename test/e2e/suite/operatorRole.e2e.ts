// "Generate IAM Role for This Operator" in a real editor: run on an OLM
// Subscription whose role trusts only one of its operator's service accounts,
// it creates the new role's policies, points ROLEARN at it, and the
// trust-sub-mismatch finding goes away.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { activateExtension, fixtureUri, formatDiagnostics, openFixture, restoreFixture, waitForDiagnostic, waitForNoDiagnostic, workspaceRoot } from './helpers';

const SUBSCRIPTION = 'operator/subscription.yaml';
// The closest issuer is the install directory's Authentication; its install-config names the cluster "demo".
const ISSUER = 'demo-oidc.s3.ap-northeast-1.amazonaws.com';
const ROLE = 'demo-log-forwarding-log-forwarder-aws';
const GENERATED = [`operator/iam/${ROLE}-trust-policy.json`, `operator/iam/${ROLE}-permissions-policy.json`];

describe('Generate IAM Role for This Operator', () => {
  let original: string;

  before(async () => {
    await activateExtension();
    original = fs.readFileSync(path.join(workspaceRoot(), SUBSCRIPTION), 'utf8');
  });

  after(async () => {
    await restoreFixture(SUBSCRIPTION, original);
    const remove = new vscode.WorkspaceEdit();
    for (const rel of GENERATED) remove.deleteFile(fixtureUri(rel), { ignoreIfNotExists: true });
    await vscode.workspace.applyEdit(remove);
    for (const rel of GENERATED) fs.rmSync(fixtureUri(rel).fsPath, { force: true });
  });

  it('from the palette on the Subscription: creates the role\'s policies, sets ROLEARN, and trust-sub-mismatch clears', async () => {
    const editor = await openFixture(SUBSCRIPTION);
    const uri = editor.document.uri;
    const before = await waitForDiagnostic(uri, 'trust-sub-mismatch');
    assert.strictEqual(before.range.start.line, 15, formatDiagnostics(uri));
    editor.selection = new vscode.Selection(5, 4, 5, 4);

    // No arguments: what the palette runs. It returns once the edit is applied.
    const message = await vscode.commands.executeCommand<string>('stsLens.generateRoleForOperator');
    assert.strictEqual(
      message,
      `Role ${ROLE} for system:serviceaccount:log-forwarding:log-forwarder-controller, system:serviceaccount:log-forwarding:log-forwarder-collector (audience openshift, issuer ${ISSUER}), set in the ROLEARN of Subscription log-forwarding/log-forwarder.`,
    );
    assert.strictEqual(editor.document.getText(), original.replace('role/demo-log-forwarder\n', `role/${ROLE}\n`));

    const trust = JSON.parse((await vscode.workspace.openTextDocument(fixtureUri(GENERATED[0]))).getText());
    assert.deepStrictEqual(trust.Statement[0].Principal, { Federated: `arn:aws:iam::123456789012:oidc-provider/${ISSUER}` });
    assert.deepStrictEqual(trust.Statement[0].Condition, {
      StringEquals: {
        [`${ISSUER}:sub`]: ['system:serviceaccount:log-forwarding:log-forwarder-controller', 'system:serviceaccount:log-forwarding:log-forwarder-collector'],
        [`${ISSUER}:aud`]: 'openshift',
      },
    });
    const permissions = JSON.parse((await vscode.workspace.openTextDocument(fixtureUri(GENERATED[1]))).getText());
    assert.deepStrictEqual(permissions.Statement, [{ Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: '*' }]);
    const opened = vscode.window.tabGroups.all.flatMap((g) => g.tabs).map((t) => (t.input instanceof vscode.TabInputText ? path.basename(t.input.uri.fsPath) : ''));
    for (const rel of GENERATED) assert.ok(opened.includes(path.basename(rel)), opened.join(', '));

    await waitForNoDiagnostic(uri, 'trust-sub-mismatch');
  });
});
