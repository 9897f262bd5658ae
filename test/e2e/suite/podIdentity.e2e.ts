// EKS Pod Identity in a real editor: the "Migrate to EKS Pod Identity" refactor on an
// IRSA ServiceAccount, looked at before it is applied and then applied through VS Code.
// The files are written by the suite and removed after it: an association anywhere in the
// shared workspace would turn the other suites' unscoped folders into a Pod Identity cluster.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { activateExtension, codeOf, fixtureUri, formatDiagnostics, openFixture, sleep, workspaceRoot } from './helpers';

const DIR = 'podidentity';
const SA = `${DIR}/k8s/api-sa.yaml`;
const TRUST = `${DIR}/iam/api-role-trust.json`;
const CREATED = `${DIR}/k8s/api-pod-identity-association.yaml`;
const MIGRATE = 'Migrate to EKS Pod Identity';
const KEEP = `${MIGRATE} (keep the IRSA trust for the cut-over)`;
const REPLACE = `${MIGRATE} (replace the IRSA trust)`;

const ROLE_ARN = 'arn:aws:iam::123456789012:role/api-role';
const OIDC = 'oidc.eks.eu-west-1.amazonaws.com/id/0A1B2C3D4E5F';
const FILES: Record<string, string> = {
  [SA]: ['apiVersion: v1', 'kind: ServiceAccount', 'metadata:', '  name: api', '  namespace: shop', '  annotations:', `    eks.amazonaws.com/role-arn: ${ROLE_ARN}`, ''].join('\n'),
  [TRUST]: JSON.stringify({
    Version: '2012-10-17',
    Statement: [{
      Effect: 'Allow',
      Principal: { Federated: `arn:aws:iam::123456789012:oidc-provider/${OIDC}` },
      Action: 'sts:AssumeRoleWithWebIdentity',
      Condition: { StringEquals: { [`${OIDC}:sub`]: 'system:serviceaccount:shop:api', [`${OIDC}:aud`]: 'sts.amazonaws.com' } },
    }],
  }, null, 2) + '\n',
  // The workspace already uses Pod Identity: another ServiceAccount of the cluster has an association.
  [`${DIR}/k8s/worker-sa.yaml`]: ['apiVersion: v1', 'kind: ServiceAccount', 'metadata:', '  name: worker', '  namespace: shop', ''].join('\n'),
  [`${DIR}/k8s/worker-association.yaml`]: [
    'apiVersion: eks.services.k8s.aws/v1alpha1', 'kind: PodIdentityAssociation', 'metadata:', '  name: worker', '  namespace: shop', 'spec:',
    '  clusterName: shop-prod', '  namespace: shop', '  serviceAccount: worker', '  roleARN: arn:aws:iam::123456789012:role/worker-role', '',
  ].join('\n'),
  [`${DIR}/iam/worker-role-trust.json`]: JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Service: 'pods.eks.amazonaws.com' }, Action: ['sts:AssumeRole', 'sts:TagSession'] }],
  }, null, 2) + '\n',
};

/** The diagnostics of a file as comparable lines. */
function diagnosticLines(relative: string): string[] {
  return vscode.languages.getDiagnostics(fixtureUri(relative)).map((d) => `${codeOf(d)} ${d.range.start.line}:${d.range.start.character} ${d.message}`).sort();
}

async function migrateActions(doc: vscode.TextDocument): Promise<vscode.CodeAction[]> {
  const at = new vscode.Range(3, 8, 3, 8); // on the ServiceAccount's name
  const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>('vscode.executeCodeActionProvider', doc.uri, at, vscode.CodeActionKind.RefactorRewrite.value, 10);
  return (actions ?? []).filter((a): a is vscode.CodeAction => a.title.startsWith(MIGRATE) && 'edit' in a);
}

describe('EKS Pod Identity migration', () => {
  before(async () => {
    await activateExtension();
    for (const [relative, text] of Object.entries(FILES)) {
      await vscode.workspace.fs.writeFile(fixtureUri(relative), Buffer.from(text, 'utf8'));
    }
  });

  after(async () => {
    await vscode.workspace.saveAll(false);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs.delete(fixtureUri(DIR), { recursive: true, useTrash: false });
  });

  it('offers the refactor on an IRSA ServiceAccount; applied, it adds the association and the trust statement, removes the annotation, and adds no diagnostic', async () => {
    for (const relative of Object.keys(FILES).filter((f) => f !== SA)) await openFixture(relative);
    const doc = (await openFixture(SA)).document;
    let offered: vscode.CodeAction[] = [];
    for (let tries = 0; tries < 60 && offered.length === 0; tries++) {
      offered = await migrateActions(doc);
      if (offered.length === 0) await sleep(500);
    }
    assert.deepStrictEqual(offered.map((a) => a.title), [KEEP, REPLACE]);
    const action = offered[0];
    assert.ok(action.edit);
    assert.strictEqual(action.kind?.value, 'refactor.rewrite');
    await sleep(2000); // diagnostics of the opened files settle
    const before = { sa: diagnosticLines(SA), trust: diagnosticLines(TRUST) };

    // The preview: which files the edit touches, before anything changes.
    const touched = action.edit.entries().map(([uri]) => path.relative(workspaceRoot(), uri.fsPath).split(path.sep).join('/'));
    assert.deepStrictEqual([...new Set(touched)].sort(), [CREATED, SA, TRUST].sort());
    assert.strictEqual(fs.existsSync(path.join(workspaceRoot(), CREATED)), false);

    assert.strictEqual(await vscode.workspace.applyEdit(action.edit), true);
    const text = async (relative: string) => {
      const d = await vscode.workspace.openTextDocument(fixtureUri(relative));
      if (d.isDirty) await d.save();
      return d.getText();
    };

    assert.strictEqual(doc.getText(), ['apiVersion: v1', 'kind: ServiceAccount', 'metadata:', '  name: api', '  namespace: shop', ''].join('\n'));
    const trust = JSON.parse(await text(TRUST));
    assert.strictEqual(trust.Statement.length, 2);
    assert.strictEqual(trust.Statement[0].Action, 'sts:AssumeRoleWithWebIdentity', 'the web identity statement stays for the cut-over');
    assert.deepStrictEqual(trust.Statement[1].Principal, { Service: 'pods.eks.amazonaws.com' });
    assert.deepStrictEqual([...trust.Statement[1].Action].sort(), ['sts:AssumeRole', 'sts:TagSession']);
    const created = await text(CREATED);
    assert.ok(created.startsWith('# Migrated from IRSA.') && created.includes('kind: PodIdentityAssociation\n'), created);
    assert.ok(created.includes(`  clusterName: shop-prod\n  namespace: shop\n  serviceAccount: api\n  roleARN: ${ROLE_ARN}\n`), created);

    // No diagnostic appears on any of the three files (checked until they settle).
    await openFixture(CREATED);
    const want = JSON.stringify({ sa: before.sa, trust: before.trust, created: [] });
    const now = () => JSON.stringify({ sa: diagnosticLines(SA), trust: diagnosticLines(TRUST), created: diagnosticLines(CREATED) });
    for (let tries = 0; tries < 20 && now() !== want; tries++) await sleep(500);
    await sleep(3000); // a diagnostic that comes late must fail too
    assert.strictEqual(now(), want,
      [SA, TRUST, CREATED].map((f) => formatDiagnostics(fixtureUri(f))).join('\n'));
    // And no migration is offered any more: the annotation is gone.
    assert.deepStrictEqual(await migrateActions(doc), []);
  });
});
