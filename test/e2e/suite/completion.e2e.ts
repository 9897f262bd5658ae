// Completion where users meet it most: a new key line typed into a trust
// policy, while the JSON is still incomplete.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { activateExtension, openFixture } from './helpers';

const TRUST = 'iam/shop-trust.json';
const ISSUER = 'oidc.eks.us-west-2.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE';

describe('completion of issuer condition keys on a new key line', () => {
  let editor: vscode.TextEditor;
  let original: string;

  before(async () => {
    await activateExtension();
    editor = await openFixture(TRUST);
    original = editor.document.getText();
  });

  after(async () => {
    const doc = editor.document;
    if (doc.getText() === original) return;
    const edit = new vscode.WorkspaceEdit();
    edit.replace(doc.uri, new vscode.Range(0, 0, doc.lineCount, 0), original);
    await vscode.workspace.applyEdit(edit);
    await doc.save();
  });

  async function labelsAtCursor(): Promise<vscode.CompletionItem[]> {
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', editor.document.uri, editor.selection.active);
    return list.items;
  }

  it('offers <issuer>:sub and :aud first after typing a comma, Enter and a quote', async () => {
    const doc = editor.document;
    editor = await vscode.window.showTextDocument(doc, { preview: false });
    const line = doc.getText().split('\n').findIndex((l) => l.includes(':aud": "sts.amazonaws.com"'));
    const end = doc.lineAt(line).range.end;
    editor.selection = new vscode.Selection(end, end);
    // Typed as a user types: the editor indents the new line and closes the quote.
    await vscode.commands.executeCommand('type', { text: ',\n"' });
    const typedLine = doc.lineAt(editor.selection.active.line).text;
    assert.match(typedLine, /^\s+""?$/, `the new line reads ${JSON.stringify(typedLine)}`);
    const items = await labelsAtCursor();
    const labels = items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    assert.deepStrictEqual(labels.slice(0, 2).sort(), [`${ISSUER}:aud`, `${ISSUER}:sub`]);
    const sub = items.find((i) => i.label === `${ISSUER}:sub`)!;
    const range = sub.range instanceof vscode.Range ? sub.range : sub.range!.replacing;
    assert.ok(await editor.edit((b) => b.replace(range, String(sub.insertText ?? sub.label))));
    assert.strictEqual(doc.lineAt(editor.selection.active.line).text.trim().replace(/"$/, ''), `"${ISSUER}:sub`);
  });
});
