// Kustomize in a real editor: a base ServiceAccount that the staging overlay puts
// into a namespace the Terraform trust does not admit is reported on the base line,
// naming the overlay, and the quick fix adds that overlay's subject to the HCL list.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { activateExtension, fixtureUri, openFixture, rangeOf, waitForDiagnostic, waitForNoDiagnostic, workspaceRoot } from './helpers';

const BASE_SA = 'kustomize/base/serviceaccount.yaml';
const IAM_TF = 'kustomize/terraform/iam.tf';
const RULE = 'trust-sub-mismatch';
const FIX_TITLE = 'Add system:serviceaccount:orders-staging:orders-api to the trust policy of e2e-orders';

describe('Kustomize overlays', () => {
  let original: string;

  before(async () => {
    await activateExtension();
    original = fs.readFileSync(path.join(workspaceRoot(), IAM_TF), 'utf8');
  });

  after(async () => {
    const doc = await vscode.workspace.openTextDocument(fixtureUri(IAM_TF));
    if (doc.getText() === original) return;
    const edit = new vscode.WorkspaceEdit();
    edit.replace(doc.uri, new vscode.Range(0, 0, doc.lineCount, 0), original);
    await vscode.workspace.applyEdit(edit);
    await doc.save();
  });

  it(`reports ${RULE} on the base ServiceAccount for the staging overlay`, async () => {
    const doc = (await openFixture(BASE_SA)).document;
    const value = rangeOf(doc, 'eks.amazonaws.com/role-arn:', 'arn:aws:iam::123456789012:role/e2e-orders');
    const d = await waitForDiagnostic(doc.uri, RULE);
    assert.strictEqual(d.severity, vscode.DiagnosticSeverity.Error);
    assert.ok(d.range.isEqual(value), `range ${JSON.stringify(d.range)} is not the annotation ${JSON.stringify(value)}`);
    assert.ok(d.message.startsWith('ServiceAccount orders-staging/orders-api (overlay ../overlays/staging/kustomization.yaml) runs as system:serviceaccount:orders-staging:orders-api'), d.message);
  });

  it("the quick fix adds the overlay's namespace:serviceaccount to the module's list and the diagnostic goes away", async () => {
    const doc = (await openFixture(BASE_SA)).document;
    const d = await waitForDiagnostic(doc.uri, RULE);
    const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>('vscode.executeCodeActionProvider', doc.uri, d.range, undefined, 10);
    const fix = (actions ?? []).find((a): a is vscode.CodeAction => a.title === FIX_TITLE && 'edit' in a);
    assert.ok(fix?.edit, `no "${FIX_TITLE}"; got ${JSON.stringify((actions ?? []).map((a) => a.title))}`);
    assert.strictEqual(await vscode.workspace.applyEdit(fix.edit), true);
    const tf = await vscode.workspace.openTextDocument(fixtureUri(IAM_TF));
    assert.match(tf.getText(), /namespace_service_accounts = \["orders-prod:orders-api", "orders-staging:orders-api"\]/);
    await waitForNoDiagnostic(doc.uri, RULE);
  });
});
