// IAM trust policy in a real editor: the wildcard-under-StringEquals finding
// and its quick fix, applied through the public vscode API.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { activateExtension, openFixture, rangeOf, waitForDiagnostic, waitForNoDiagnostic } from './helpers';

const TRUST = 'iam/shop-trust.json';
const RULE = 'trust-wildcard-operator';
const FIX_TITLE = 'Change StringEquals to StringLike';

describe('IAM trust policy', () => {
  let doc: vscode.TextDocument;
  let original: string;

  before(async () => {
    await activateExtension();
    doc = (await openFixture(TRUST)).document;
    original = doc.getText();
  });

  after(async () => {
    if (!doc || doc.getText() === original) return;
    const edit = new vscode.WorkspaceEdit();
    edit.replace(doc.uri, new vscode.Range(0, 0, doc.lineCount, 0), original);
    await vscode.workspace.applyEdit(edit);
    await doc.save();
  });

  it(`reports ${RULE} on the wildcard sub value`, async () => {
    const value = rangeOf(doc, ':sub"', '"system:serviceaccount:shop:*"');
    const d = await waitForDiagnostic(doc.uri, RULE);
    assert.strictEqual(d.severity, vscode.DiagnosticSeverity.Error);
    assert.ok(d.range.isEqual(value), `range ${JSON.stringify(d.range)} is not the value ${JSON.stringify(value)}`);
    assert.match(d.message, /is under StringEquals, which compares literally/);
  });

  it(`quick fix "${FIX_TITLE}" renames the operator and clears the diagnostic`, async () => {
    const d = await waitForDiagnostic(doc.uri, RULE);
    const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>('vscode.executeCodeActionProvider', doc.uri, d.range, undefined, 10);
    const fix = (actions ?? []).find((a): a is vscode.CodeAction => a.title === FIX_TITLE && 'edit' in a);
    assert.ok(fix?.edit, `no code action "${FIX_TITLE}"; got: ${JSON.stringify((actions ?? []).map((a) => a.title))}`);
    assert.strictEqual(await vscode.workspace.applyEdit(fix.edit), true);
    assert.strictEqual(doc.getText(), original.replace('"StringEquals"', '"StringLike"'));
    await waitForNoDiagnostic(doc.uri, RULE);
  });
});
