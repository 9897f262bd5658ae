// kube2iam → IRSA in a real editor: the information diagnostic, the "Migrate to
// IRSA" code action applied as one WorkspaceEdit, and the three files it leaves.
import * as assert from 'assert';
import * as fs from 'fs';
import * as vscode from 'vscode';
import { activateExtension, codeOf, fixtureUri, formatDiagnostics, openFixture, rangeOf, sleep, waitFor, waitForDiagnostic, waitForNoDiagnostic } from './helpers';

const DEPLOYMENT = 'kube2iam/deployment.yaml';
const SERVICE_ACCOUNT = 'kube2iam/media-worker-serviceaccount.yaml';
const TRUST_POLICY = 'kube2iam/app-role-trust-policy.json';
const RULE = 'kube2iam-annotation';
// The titles kube2iamAnnotation.ts gives the fix: the ServiceAccount is named after the
// Deployment. This workspace holds two clusters (an OpenShift install directory and a kops
// cluster), neither nearer to kube2iam/ than the other: the user is asked, one fix per issuer.
const FIX_TITLE = 'Migrate to IRSA (ServiceAccount media-worker with role app-role, issuer of ../ccoctl/kops-cluster.yaml)';
const OTHER_TITLE = 'Migrate to IRSA (ServiceAccount media-worker with role app-role, issuer of ../install/manifests/cluster-authentication-02-config.yaml)';
// The fix takes the account and the issuer from the workspace when it knows them
// (other suites' fixtures share it), else AWS's documentation placeholders: the
// test pins the shape and checks that the files agree with each other.
function expectedServiceAccount(account: string): string {
  return [
    'apiVersion: v1',
    'kind: ServiceAccount',
    'metadata:',
    '  name: media-worker',
    '  namespace: media',
    '  annotations:',
    `    eks.amazonaws.com/role-arn: arn:aws:iam::${account}:role/app-role`,
    '',
  ].join('\n');
}

function expectedTrustPolicy(account: string, issuer: string): unknown {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Federated: `arn:aws:iam::${account}:oidc-provider/${issuer}` },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: { StringEquals: { [`${issuer}:sub`]: 'system:serviceaccount:media:media-worker', [`${issuer}:aud`]: 'sts.amazonaws.com' } },
      },
    ],
  };
}

describe('kube2iam Deployment', () => {
  let doc: vscode.TextDocument;
  let original: string;

  before(async () => {
    await activateExtension();
    doc = (await openFixture(DEPLOYMENT)).document;
    original = doc.getText();
  });

  after(async () => {
    // Other suites share the workspace: drop the generated files and put the
    // Deployment back as the fixture has it.
    const created = [fixtureUri(SERVICE_ACCOUNT), fixtureUri(TRUST_POLICY)];
    const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs)
      .filter((t) => t.input instanceof vscode.TabInputText && created.some((u) => u.toString() === (t.input as vscode.TabInputText).uri.toString()));
    await vscode.window.tabGroups.close(tabs);
    for (const uri of created) fs.rmSync(uri.fsPath, { force: true });
    if (!doc || doc.getText() === original) return;
    const edit = new vscode.WorkspaceEdit();
    edit.replace(doc.uri, new vscode.Range(0, 0, doc.lineCount, 0), original);
    await vscode.workspace.applyEdit(edit);
    await doc.save();
  });

  it(`reports ${RULE} as information on the annotation key`, async () => {
    const key = rangeOf(doc, 'iam.amazonaws.com/role:', 'iam.amazonaws.com/role');
    const d = await waitForDiagnostic(doc.uri, RULE);
    assert.strictEqual(d.severity, vscode.DiagnosticSeverity.Information, `severity ${vscode.DiagnosticSeverity[d.severity]}`);
    assert.ok(d.range.isEqual(key), `range ${JSON.stringify(d.range)} is not the annotation key ${JSON.stringify(key)}`);
    assert.match(d.message, /^This pod gets role "app-role" through kube2iam/);
    // The namespace allows app-role: no refusal warning besides the information.
    assert.deepStrictEqual(vscode.languages.getDiagnostics(doc.uri).map(codeOf), [RULE], formatDiagnostics(doc.uri));
  });

  it(`"${FIX_TITLE}" writes the ServiceAccount and the trust policy and rewires the Deployment`, async () => {
    const d = await waitForDiagnostic(doc.uri, RULE);
    const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>('vscode.executeCodeActionProvider', doc.uri, d.range, undefined, 10);
    const titles = (actions ?? []).map((a) => a.title).filter((t) => t.startsWith('Migrate to IRSA'));
    assert.deepStrictEqual(titles.sort(), [FIX_TITLE, OTHER_TITLE].sort());
    const fix = (actions ?? []).find((a): a is vscode.CodeAction => a.title === FIX_TITLE && 'edit' in a);
    assert.ok(fix?.edit, `no code action "${FIX_TITLE}" with an edit; got: ${JSON.stringify((actions ?? []).map((a) => a.title))}`);
    assert.strictEqual(await vscode.workspace.applyEdit(fix.edit), true, 'applyEdit refused the edit');
    // applyEdit creates the files and fills them in editors; what the user sees first.
    const text = async (relative: string) => (await vscode.workspace.openTextDocument(fixtureUri(relative))).getText();
    const serviceAccount = await text(SERVICE_ACCOUNT);
    const account = /role-arn: arn:aws:iam::(\d{12}):role\//.exec(serviceAccount)?.[1];
    assert.ok(account, `no role ARN with a 12-digit account in:\n${serviceAccount}`);
    assert.strictEqual(serviceAccount, expectedServiceAccount(account));
    const trust = JSON.parse(await text(TRUST_POLICY)) as { Statement: Array<{ Principal: { Federated: string } }> };
    const issuer = /:oidc-provider\/(.+)$/.exec(trust.Statement[0]?.Principal?.Federated ?? '')?.[1];
    assert.ok(issuer && !issuer.startsWith('https://'), `no issuer host in ${JSON.stringify(trust)}`);
    const kops = fs.readFileSync(fixtureUri('ccoctl/kops-cluster.yaml').fsPath, 'utf8');
    assert.ok(kops.includes(`https://${issuer}`), `the chosen fix trusts ${issuer}, not the kops cluster's issuer`);
    assert.deepStrictEqual(trust, expectedTrustPolicy(account, issuer));
    const deployment = doc.getText();
    assert.ok(!deployment.includes('iam.amazonaws.com/role'), `the annotation is still there:\n${deployment}`);
    assert.ok(!deployment.includes('annotations:'), `an empty annotations: key was left behind:\n${deployment}`);
    assert.match(deployment, /^ {6}serviceAccountName: media-worker$/m);
    await waitForNoDiagnostic(doc.uri, RULE);

    // Saved, the three files hold the same on disk. VS Code may be auto-saving the
    // files a refactoring touched already (files.refactoring.autoSave), which can
    // take a few seconds: wait for the disk rather than racing it.
    for (const relative of [SERVICE_ACCOUNT, TRUST_POLICY, DEPLOYMENT]) {
      const edited = await vscode.workspace.openTextDocument(fixtureUri(relative));
      if (edited.isDirty) await edited.save();
      const file = fixtureUri(relative).fsPath;
      const read = () => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined);
      await waitFor(() => (read() === edited.getText() ? true : undefined), `${relative} saved`, () => `on disk: ${JSON.stringify(read())}`, 30_000);
    }
  });

  it('leaves no error on the Deployment, the ServiceAccount or the trust policy', async () => {
    const uris = [doc.uri, fixtureUri(SERVICE_ACCOUNT), fixtureUri(TRUST_POLICY)];
    for (const uri of uris) await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: false });
    // A hover from sts-lens proves the server has the new ServiceAccount; then give
    // the pulled diagnostics of the three editors time to arrive.
    const saDoc = await vscode.workspace.openTextDocument(fixtureUri(SERVICE_ACCOUNT));
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', saDoc.uri, rangeOf(saDoc, 'eks.amazonaws.com/role-arn', 'role-arn').start);
    const hoverText = (hovers ?? []).flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(hoverText, /IAM role for pods of this ServiceAccount/);
    await sleep(2000);
    for (const uri of uris) {
      const errors = vscode.languages.getDiagnostics(uri).filter((x) => x.severity === vscode.DiagnosticSeverity.Error);
      assert.deepStrictEqual(errors.map((e) => `${codeOf(e)} ${e.message}`), [], `${vscode.workspace.asRelativePath(uri)}:\n${formatDiagnostics(uri)}`);
    }
  });
});
