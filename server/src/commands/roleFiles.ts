import * as path from 'path';
import { pathToFileURL } from 'url';
import { CreateFile, TextDocumentEdit, TextEdit, WorkspaceEdit } from 'vscode-languageserver-types';
import { literalIssuersNear } from '../crossFile/clusterFacts';
import { ParsedFile } from '../model/parsedFile';
import { WorkspaceFiles } from '../workspace/workspaceFiles';
import { accountIn, indexOf } from './workspaceFacts';

export const ISSUER_PLACEHOLDER = 'REPLACE-WITH-CLUSTER-ISSUER-HOST';
export const ACCOUNT_PLACEHOLDER = 'REPLACE_WITH_ACCOUNT_ID';
/** IAM's limit on a role name. */
export const MAX_ROLE_NAME = 64;

export type DocumentChanges = Array<CreateFile | TextDocumentEdit>;

export interface GenerateRoleResult {
  edit: WorkspaceEdit;
  /** One sentence for the user: what was generated, and what is left to fill in. */
  message: string;
  /** Files the edit creates, to open afterwards. */
  created: string[];
}

/** The cluster a generated role trusts, as the workspace states it; unknown parts come as undefined. */
export interface ClusterTarget {
  /** host[/path] of the closest literal cluster issuer. */
  issuerHost: string | undefined;
  /** The file that declares it. */
  issuerFile: ParsedFile | undefined;
  account: string | undefined;
  partition: string;
}

/** The issuer closest to the file, and the account the workspace already uses for it (crossFile/clusterFacts, commands/workspaceFacts). */
export function clusterTarget(file: ParsedFile, workspace: WorkspaceFiles, roots: ReadonlyArray<string>): ClusterTarget {
  const index = indexOf(workspace, roots);
  const issuer = literalIssuersNear(file, index)[0];
  const issuerHost = issuer ? issuer.url.replace(/^https:\/\//, '').replace(/\/$/, '') : undefined;
  return {
    issuerHost,
    issuerFile: issuer?.file,
    account: accountIn([...index.files()], issuerHost, file.fsPath ?? ''),
    partition: issuerHost?.endsWith('.cn') ? 'aws-cn' : 'aws',
  };
}

export function roleArnOf(target: ClusterTarget, roleName: string): string {
  return `arn:${target.partition}:iam::${target.account ?? ACCOUNT_PLACEHOLDER}:role/${roleName}`;
}

/** A trust policy admitting exactly these `sub` values with this `aud`, through the cluster's OIDC provider. */
export function webIdentityTrust(target: ClusterTarget, subjects: string[], audience: string): object {
  const host = target.issuerHost ?? ISSUER_PLACEHOLDER;
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Federated: `arn:${target.partition}:iam::${target.account ?? ACCOUNT_PLACEHOLDER}:oidc-provider/${host}` },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: { StringEquals: { [`${host}:sub`]: subjects.length === 1 ? subjects[0] : subjects, [`${host}:aud`]: audience } },
      },
    ],
  };
}

/** `iam/<role>-trust-policy.json` and `iam/<role>-permissions-policy.json` next to a manifest, refused when either exists. */
export function policyPaths(workspace: WorkspaceFiles, dir: string, roleName: string): { trust: string; permissions: string } {
  const trust = path.join(dir, 'iam', `${roleName}-trust-policy.json`);
  const permissions = path.join(dir, 'iam', `${roleName}-permissions-policy.json`);
  for (const p of [trust, permissions]) if (workspace.exists(p)) throw new Error(`${path.relative(dir, p)} already exists: role ${roleName} seems to be generated already.`);
  return { trust, permissions };
}

/** Creates a file and fills it (two changes, so clients that preview show the new file's text). */
export function newFile(changes: DocumentChanges, fsPath: string, text: string): void {
  const uri = pathToFileURL(fsPath).toString();
  changes.push(CreateFile.create(uri, { ignoreIfExists: false, overwrite: false }));
  changes.push(TextDocumentEdit.create({ uri, version: null }, [TextEdit.insert({ line: 0, character: 0 }, text)]));
}

export function jsonText(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
