// The ccoctl-equivalent commands in a real editor: "Generate IAM role for this
// ServiceAccount" through the language server, create-all and a key rotation as dry runs.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { activateExtension, openFixture, restoreFixture, workspaceRoot } from './helpers';

const SA = 'ccoctl/app/reader-serviceaccount.yaml';

describe('ccoctl commands', () => {
  let original: string;
  const made: string[] = []; // temp folders to remove
  const iamDir = () => path.join(workspaceRoot(), 'ccoctl/app/iam');

  before(async () => {
    await activateExtension();
    original = fs.readFileSync(path.join(workspaceRoot(), SA), 'utf8');
  });

  after(async () => {
    await restoreFixture(SA, original);
    fs.rmSync(iamDir(), { recursive: true, force: true });
    for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('Generate IAM role for this ServiceAccount, run as from the palette, applies every edit and opens what it created', async () => {
    const editor = await openFixture(SA);
    editor.selection = new vscode.Selection(3, 4, 3, 4);
    // No arguments: exactly what the palette and the context menu run. The
    // command returns only once the edit is applied, so nothing waits on a dialog.
    const message = await vscode.commands.executeCommand<string>('stsLens.generateRoleForServiceAccount');
    assert.strictEqual(message, 'Role shop-reader for system:serviceaccount:shop:reader (audience sts.amazonaws.com, issuer shop-irsa.s3.eu-west-1.amazonaws.com). Fill in the AWS account ID, the permissions.');
    assert.strictEqual(
      editor.document.getText(),
      `${original}  annotations:\n    eks.amazonaws.com/role-arn: arn:aws:iam::REPLACE_WITH_ACCOUNT_ID:role/shop-reader\n`,
    );
    const trustUri = vscode.Uri.file(path.join(iamDir(), 'shop-reader-trust-policy.json'));
    const trust = JSON.parse((await vscode.workspace.openTextDocument(trustUri)).getText());
    assert.deepStrictEqual(trust.Statement[0].Condition, {
      StringEquals: {
        'shop-irsa.s3.eu-west-1.amazonaws.com:sub': 'system:serviceaccount:shop:reader',
        'shop-irsa.s3.eu-west-1.amazonaws.com:aud': 'sts.amazonaws.com',
      },
    });
    // All three edits are on disk (the files created, the annotation saved or pending in the open editor).
    assert.ok(fs.existsSync(trustUri.fsPath));
    assert.ok(fs.existsSync(path.join(iamDir(), 'shop-reader-permissions-policy.json')));
    const opened = vscode.window.tabGroups.all.flatMap((g) => g.tabs).map((t) => (t.input instanceof vscode.TabInputText ? path.basename(t.input.uri.fsPath) : ''));
    assert.ok(opened.includes('shop-reader-trust-policy.json') && opened.includes('shop-reader-permissions-policy.json'), opened.join(', '));
  });

  it('Create All in dry run writes ccoctl\'s files with the issuer filled in', async () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'sts-lens-e2e-ccoctl-'));
    made.push(out);
    const result = await vscode.commands.executeCommand<{ files: Array<{ path: string; status: string }> }>('stsLens.createAll', {
      name: 'shop',
      region: 'eu-west-1',
      credentialsRequestsDir: path.join(workspaceRoot(), 'ccoctl/credrequests'),
      outputDir: out,
      dryRun: true,
      accountId: '123456789012',
    });
    assert.ok(result, 'the command returned no result');
    assert.deepStrictEqual(result.files.map((f) => f.path).sort(), [
      '01-oidc-bucket.json',
      '02-openid-configuration',
      '03-keys.json',
      '04-iam-identity-provider.json',
      '05-0-shop-openshift-cluster-csi-drivers-ebs-cloud-credentials-role.json',
      '06-0-shop-openshift-cluster-csi-drivers-ebs-cloud-credentials-policy.json',
      'manifests/cluster-authentication-02-config.yaml',
      'manifests/openshift-cluster-csi-drivers-ebs-cloud-credentials-credentials.yaml',
      'serviceaccount-signer.private',
      'serviceaccount-signer.public',
      'tls/bound-service-account-signing-key.key',
    ]);
    assert.strictEqual(
      fs.readFileSync(path.join(out, 'manifests/cluster-authentication-02-config.yaml'), 'utf8'),
      'apiVersion: config.openshift.io/v1\nkind: Authentication\nmetadata:\n  name: cluster\nspec:\n  serviceAccountIssuer: https://shop-oidc.s3.eu-west-1.amazonaws.com\n',
    );
    assert.strictEqual(fs.statSync(path.join(out, 'serviceaccount-signer.private')).mode & 0o777, 0o600);
  });

  it('Rotate Service Account Signing Key, add in a dry run, writes the next key beside the current one and keys.json with both', async () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'sts-lens-e2e-rotate-'));
    made.push(out);
    await vscode.commands.executeCommand('stsLens.createKeyPair', { outputDir: out });
    const current = fs.readFileSync(path.join(out, 'serviceaccount-signer.private'), 'utf8');
    const result = await vscode.commands.executeCommand<{ files: Array<{ path: string; status: string }>; nextSteps?: string[] }>('stsLens.rotateSigningKey', {
      phase: 'add',
      name: 'shop',
      region: 'eu-west-1',
      outputDir: out,
      dryRun: true,
    });
    assert.ok(result, 'the command returned no result');
    assert.deepStrictEqual(result.files.map((f) => `${f.path} ${f.status}`).sort(), [
      'keys.json written',
      'next-bound-service-account-signing-key.yaml written',
      'serviceaccount-signer.next.private written',
      'serviceaccount-signer.next.public written',
    ]);
    assert.strictEqual(fs.readFileSync(path.join(out, 'serviceaccount-signer.private'), 'utf8'), current, 'the signing key is never written over');
    const keys = JSON.parse(fs.readFileSync(path.join(out, 'keys.json'), 'utf8')) as { keys: unknown[] };
    assert.strictEqual(keys.keys.length, 2);
    assert.strictEqual(result.nextSteps?.[0], 'Next:');
  });
});
