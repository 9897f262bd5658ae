// Terraform in a real editor: a trust policy written as an aws_iam_policy_document
// data source gets its finding on the .tf characters, and the quick fix edits the HCL.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { activateExtension, fixtureUri, openFixture, rangeOf, waitForDiagnostic, waitForNoDiagnostic, workspaceRoot } from './helpers';

const MAIN_TF = 'terraform/main.tf';
const RULE = 'trust-wildcard-operator';
const FIX_TITLE = 'Change StringEquals to StringLike';

describe('Terraform trust policy', () => {
  let original: string;

  before(async () => {
    await activateExtension();
    original = fs.readFileSync(path.join(workspaceRoot(), MAIN_TF), 'utf8');
  });

  after(async () => {
    const doc = await vscode.workspace.openTextDocument(fixtureUri(MAIN_TF));
    if (doc.getText() === original) return;
    const edit = new vscode.WorkspaceEdit();
    edit.replace(doc.uri, new vscode.Range(0, 0, doc.lineCount, 0), original);
    await vscode.workspace.applyEdit(edit);
    await doc.save();
  });

  it(`reports ${RULE} on the wildcard value in the .tf file`, async () => {
    const doc = (await openFixture(MAIN_TF)).document;
    const value = rangeOf(doc, 'values   = ["system:serviceaccount:reports:', '"system:serviceaccount:reports:generator-*"');
    const d = await waitForDiagnostic(doc.uri, RULE);
    assert.strictEqual(d.severity, vscode.DiagnosticSeverity.Error);
    assert.ok(d.range.isEqual(value), `range ${JSON.stringify(d.range)} is not the value ${JSON.stringify(value)}`);
  });

  it('the quick fix rewrites the condition test in the HCL and the diagnostic goes away', async () => {
    const doc = (await openFixture(MAIN_TF)).document;
    const d = await waitForDiagnostic(doc.uri, RULE);
    const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>('vscode.executeCodeActionProvider', doc.uri, d.range, undefined, 10);
    const fix = (actions ?? []).find((a): a is vscode.CodeAction => a.title === FIX_TITLE && 'edit' in a);
    assert.ok(fix?.edit, `no "${FIX_TITLE}"; got ${JSON.stringify((actions ?? []).map((a) => a.title))}`);
    assert.strictEqual(await vscode.workspace.applyEdit(fix.edit), true);
    assert.match(doc.getText(), /test {5}= "StringLike"\n {6}variable = "\$\{local\.oidc_host\}:sub"/);
    await waitForNoDiagnostic(doc.uri, RULE);
  });
});
