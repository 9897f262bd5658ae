// The reason the project exists, in a real editor: a ServiceAccount in one
// folder, the trust policy of its role in another; the diagnostic shows on the
// annotation and its quick fix edits the other file.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { activateExtension, fixtureUri, openFixture, rangeOf, waitForDiagnostic, waitForNoDiagnostic, workspaceRoot } from './helpers';

const SERVICE_ACCOUNT = 'irsa/k8s/serviceaccount-app.yaml';
const TRUST_POLICY = 'irsa/iam/s3-echoer-trust.json';
const RULE = 'trust-sub-mismatch';
const FIX_TITLE = 'Add system:serviceaccount:default:app to the trust policy of s3-echoer';

/** The hover VS Code shows at `position`, as markdown, the part about the role. */
async function roleHoverText(uri: vscode.Uri, position: vscode.Position): Promise<string> {
  const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, position)) ?? [];
  const texts = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value)));
  const text = texts.find((t) => t.includes('**IAM role'));
  assert.ok(text, `no role hover; got ${JSON.stringify(texts)}`);
  return text;
}

describe('ServiceAccount against the trust policy of its role', () => {
  let originalTrust: string;

  before(async () => {
    await activateExtension();
    originalTrust = fs.readFileSync(path.join(workspaceRoot(), TRUST_POLICY), 'utf8');
  });

  after(async () => {
    // Later suites share the workspace: put the trust policy back as the fixture has it.
    const doc = await vscode.workspace.openTextDocument(fixtureUri(TRUST_POLICY));
    if (doc.getText() === originalTrust) return;
    const edit = new vscode.WorkspaceEdit();
    edit.replace(doc.uri, new vscode.Range(0, 0, doc.lineCount, 0), originalTrust);
    await vscode.workspace.applyEdit(edit);
    await doc.save();
  });

  it(`reports ${RULE} on the role annotation, pointing at the trust policy`, async () => {
    const doc = (await openFixture(SERVICE_ACCOUNT)).document;
    const arn = rangeOf(doc, 'eks.amazonaws.com/role-arn', 'arn:aws:iam::123456789012:role/s3-echoer');
    const d = await waitForDiagnostic(doc.uri, RULE);
    assert.strictEqual(d.severity, vscode.DiagnosticSeverity.Error);
    assert.ok(d.range.isEqual(arn), `range ${JSON.stringify(d.range)} is not the annotation value ${JSON.stringify(arn)}`);
    assert.match(d.message, /admits only system:serviceaccount:default:s3-echoer/);
    assert.strictEqual(d.relatedInformation?.[0].location.uri.toString(), fixtureUri(TRUST_POLICY).toString());
  });

  it('hover on the role annotation shows the trust policy file as a link, the subjects it admits, and that this one is not among them', async () => {
    const doc = (await openFixture(SERVICE_ACCOUNT)).document;
    const key = rangeOf(doc, 'eks.amazonaws.com/role-arn', 'eks.amazonaws.com/role-arn');
    const text = await roleHoverText(doc.uri, key.start.translate(0, 3));
    assert.ok(text.startsWith('**IAM role `s3-echoer`**'), text);
    assert.ok(text.includes(`Trust policy: [../iam/s3-echoer-trust.json](${fixtureUri(TRUST_POLICY).toString()}#L1), found by the file name.`), text);
    assert.ok(text.includes('Admits `sub`: `system:serviceaccount:default:s3-echoer`'), text);
    assert.ok(text.includes('✗ ServiceAccount default/app runs as `system:serviceaccount:default:app`, which it does **not** admit.'), text);
    // The same on the value, followed by what the annotation is.
    const onValue = await roleHoverText(doc.uri, rangeOf(doc, 'eks.amazonaws.com/role-arn', 'arn:aws').start.translate(0, 2));
    assert.ok(onValue.includes('does **not** admit') && onValue.includes('---'), onValue);
  });

  it('the quick fix adds the subject to the trust policy file and the diagnostic goes away', async () => {
    const doc = (await openFixture(SERVICE_ACCOUNT)).document;
    const d = await waitForDiagnostic(doc.uri, RULE);
    const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>('vscode.executeCodeActionProvider', doc.uri, d.range, undefined, 10);
    const fix = (actions ?? []).find((a): a is vscode.CodeAction => a.title === FIX_TITLE && 'edit' in a);
    assert.ok(fix?.edit, `no "${FIX_TITLE}"; got ${JSON.stringify((actions ?? []).map((a) => a.title))}`);
    assert.strictEqual(await vscode.workspace.applyEdit(fix.edit), true);
    const trust = await vscode.workspace.openTextDocument(fixtureUri(TRUST_POLICY));
    assert.match(trust.getText(), /"system:serviceaccount:default:s3-echoer",\n\s+"system:serviceaccount:default:app"\n\s+\]/);
    await trust.save();
    // Saving the other file is what re-checks this one.
    await waitForNoDiagnostic(doc.uri, RULE);
    const after = await roleHoverText(doc.uri, rangeOf(doc, 'eks.amazonaws.com/role-arn', 'arn:aws').start);
    assert.ok(after.includes('✓ ServiceAccount default/app runs as `system:serviceaccount:default:app`, which it admits.'), after);
  });
});
