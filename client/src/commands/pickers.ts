import * as path from 'path';
import * as vscode from 'vscode';
import { awsRegions } from '../../../server/src/installConfig/awsRegions';

/** Folders of the workspace that hold CredentialsRequest manifests (what `--credentials-requests-dir` names). */
export async function credentialsRequestFolders(): Promise<string[]> {
  const files = await vscode.workspace.findFiles('**/*.{yaml,yml}', '**/node_modules/**', 2000);
  const folders = new Set<string>();
  for (const uri of files) {
    const bytes = await vscode.workspace.fs.readFile(uri);
    if (/^kind:\s*CredentialsRequest\s*$/m.test(Buffer.from(bytes).toString('utf8'))) folders.add(path.dirname(uri.fsPath));
  }
  return [...folders].sort();
}

const BROWSE = '$(folder-opened) Browse...';

export async function pickFolder(title: string, candidates: string[], options: { canCreate?: boolean } = {}): Promise<string | undefined> {
  const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '';
  const items = [...candidates.map((c) => ({ label: path.relative(root, c) || '.', description: c, fsPath: c })), { label: BROWSE, description: '', fsPath: '' }];
  const picked = await vscode.window.showQuickPick(items, { title, ignoreFocusOut: true });
  if (!picked) return undefined;
  if (picked.fsPath) return picked.fsPath;
  const chosen = await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, canSelectMany: false, title, openLabel: options.canCreate ? 'Use this folder' : 'Select' });
  return chosen?.[0]?.fsPath;
}

export async function pickName(): Promise<string | undefined> {
  const configured = vscode.workspace.getConfiguration('stsLens').get<string>('clusterName') ?? '';
  return vscode.window.showInputBox({
    title: 'Name (ccoctl --name): the prefix of every AWS resource',
    value: configured,
    ignoreFocusOut: true,
    validateInput: (v) => (/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(v) && v.length <= 58 ? undefined : 'Lower-case letters, digits and hyphens, at most 58 characters (it names the S3 bucket <name>-oidc).'),
  });
}

export async function pickRegion(title = 'AWS region of the OIDC issuer bucket'): Promise<string | undefined> {
  const picked = await vscode.window.showQuickPick(
    awsRegions.map((r) => ({ label: r.name, description: r.description })),
    { title, ignoreFocusOut: true, matchOnDescription: true },
  );
  return picked?.label;
}

/** ccoctl's --create-private-s3-bucket, as a yes/no choice. */
export async function pickPrivateBucket(): Promise<boolean | undefined> {
  const picked = await vscode.window.showQuickPick(
    [
      { label: 'Public S3 bucket', description: 'issuer https://<name>-oidc.s3.<region>.amazonaws.com; its two documents are public-read', isPrivate: false },
      { label: 'Private bucket with CloudFront', description: 'issuer https://<id>.cloudfront.net (--create-private-s3-bucket); the live run waits for the distribution', isPrivate: true },
    ],
    { title: 'Where the OIDC issuer is served from', ignoreFocusOut: true },
  );
  return picked?.isPrivate;
}

export async function pickDryRun(): Promise<boolean | undefined> {
  const picked = await vscode.window.showQuickPick(
    [
      { label: 'Dry run', description: 'write the files ccoctl --dry-run writes; change nothing in AWS', dryRun: true },
      { label: 'Create in AWS', description: 'preview first, then confirm', dryRun: false },
    ],
    { title: 'How to run', ignoreFocusOut: true },
  );
  return picked?.dryRun;
}

/** rotate-signing-key's --phase: publish a new key beside the current one, or keep only the new one. */
export async function pickRotationPhase(): Promise<'add' | 'finish' | undefined> {
  const picked = await vscode.window.showQuickPick(
    [
      { label: 'add', description: 'a new key pair beside the current one; keys.json publishes both; the Secret that gives the cluster the new key', phase: 'add' as const },
      { label: 'finish', description: 'once the cluster signs with the new key: keys.json publishes it alone; the old key is kept as a retired file', phase: 'finish' as const },
    ],
    { title: 'Rotation phase (--phase)', ignoreFocusOut: true },
  );
  return picked?.phase;
}
