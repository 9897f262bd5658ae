// The add-sub quick fix with nothing to name: in a real editor its placeholder
// arrives as a snippet tab stop, so the cursor lands on it, selected, ready to type.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { activateExtension, openFixture, waitForDiagnostic, waitForNoDiagnostic } from './helpers';

// An eksctl add-on style role without conditions, with no ServiceAccount beside it.
const TRUST = 'iam-snippet/addon-trust.json';
const RULE = 'trust-sub-missing';
const FIX_TITLE = 'Add a sub condition (placeholder)';
const ISSUER = 'oidc.eks.us-west-2.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE';
const PLACEHOLDER = 'system:serviceaccount:<namespace>:<serviceaccount>';

describe('IAM trust policy: add-sub placeholder as a tab stop', () => {
  let editor: vscode.TextEditor;
  let original: string;

  before(async () => {
    await activateExtension();
    editor = await openFixture(TRUST);
    original = editor.document.getText();
  });

  after(async () => {
    const doc = editor?.document;
    if (!doc || doc.getText() === original) return;
    const edit = new vscode.WorkspaceEdit();
    edit.replace(doc.uri, new vscode.Range(0, 0, doc.lineCount, 0), original);
    await vscode.workspace.applyEdit(edit);
    await doc.save();
  });

  it(`quick fix "${FIX_TITLE}" inserts the condition and selects the placeholder`, async () => {
    const doc = editor.document;
    const d = await waitForDiagnostic(doc.uri, RULE);
    const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>('vscode.executeCodeActionProvider', doc.uri, d.range, undefined, 10);
    const fix = (actions ?? []).find((a): a is vscode.CodeAction => a.title === FIX_TITLE && 'edit' in a);
    assert.ok(fix?.edit, `no code action "${FIX_TITLE}"; got: ${JSON.stringify((actions ?? []).map((a) => a.title))}`);
    // Snippet edits take effect in the active editor, as when the user picks the fix from the light bulb.
    editor = await vscode.window.showTextDocument(doc, { preview: false });
    assert.strictEqual(await vscode.workspace.applyEdit(fix.edit), true);
    const expected = original.replace(
      '"Action": "sts:AssumeRoleWithWebIdentity"',
      `"Action": "sts:AssumeRoleWithWebIdentity",\n      "Condition": {\n        "StringEquals": {\n          "${ISSUER}:sub": "${PLACEHOLDER}"\n        }\n      }`,
    );
    assert.strictEqual(doc.getText(), expected);
    const line = doc.getText().split('\n').findIndex((l) => l.includes(PLACEHOLDER));
    const column = doc.lineAt(line).text.indexOf(PLACEHOLDER);
    const selected = new vscode.Range(line, column, line, column + PLACEHOLDER.length);
    assert.ok(editor.selection.isEqual(selected), `selection ${JSON.stringify(editor.selection)} is not the placeholder ${JSON.stringify(selected)}`);
    await waitForNoDiagnostic(doc.uri, RULE);
  });
});
