import * as path from 'path';
import { getStr } from '../model/node';
import { ParsedFile } from '../model/parsedFile';
import { walkFiles } from '../workspace/walk';
import { WorkspaceFiles } from '../workspace/workspaceFiles';
import { WorkspaceIndex } from '../workspace/workspaceIndex';

/** Enough for any real repository; a bigger tree is cut rather than scanned for seconds. */
const MAX_FILES = 5000;

export interface Found<T> {
  value: T;
  fsPath: string;
}

export function workspaceFiles(workspace: WorkspaceFiles, roots: ReadonlyArray<string>): ParsedFile[] {
  // The server's index already holds every file, current with the editors: no second walk of the disk.
  if (workspace instanceof WorkspaceIndex) return [...workspace.files()];
  let paths: string[];
  try {
    paths = walkFiles(roots).slice(0, MAX_FILES);
  } catch {
    return [];
  }
  return paths.map((p) => workspace.file(p)).filter((f): f is ParsedFile => f !== undefined);
}

/** The cluster issuers the workspace declares: Authentication manifests, kops Clusters, discovery documents. */
export function issuersIn(files: ParsedFile[]): Array<Found<string>> {
  const out: Array<Found<string>> = [];
  for (const file of files) {
    for (const doc of file.docs) {
      const issuer =
        doc.kind === 'authentication' || doc.kind === 'kops-cluster'
          ? getStr(doc.root, 'spec', 'serviceAccountIssuer')
          : doc.kind === 'oidc-discovery'
            ? getStr(doc.root, 'issuer')
            : undefined;
      if (issuer) out.push({ value: issuer, fsPath: file.fsPath ?? file.uri });
    }
  }
  return out;
}

/** The candidate nearest to `fsPath` in the folder tree (most leading path segments in common). */
export function nearestTo<T>(fsPath: string, candidates: Array<Found<T>>): Found<T> | undefined {
  const depth = (other: string) => {
    const a = path.dirname(fsPath).split(path.sep);
    const b = path.dirname(other).split(path.sep);
    let i = 0;
    while (i < a.length && i < b.length && a[i] === b[i]) i++;
    return i;
  };
  return [...candidates].sort((x, y) => depth(y.fsPath) - depth(x.fsPath))[0];
}

/**
 * The AWS account the workspace already uses for this cluster: an OIDC
 * provider ARN for its issuer anywhere, else an IAM ARN in the project folder
 * around the manifest (the folder above it). An ARN from an unrelated corner
 * of the workspace may be another account, so it is not guessed from.
 */
export function accountIn(files: ParsedFile[], issuerHost: string | undefined, nearPath: string): string | undefined {
  const project = path.dirname(path.dirname(nearPath)) + path.sep;
  let near: string | undefined;
  for (const file of files) {
    const inProject = (file.fsPath ?? '').startsWith(project);
    for (const match of file.text.matchAll(/arn:aws[a-z-]*:iam::(\d{12}):([A-Za-z-]+)\/([^\s"',]+)/g)) {
      if (issuerHost && match[2] === 'oidc-provider' && match[3] === issuerHost) return match[1];
      if (inProject) near ??= match[1];
    }
  }
  return near;
}

/** An install-config.yaml in the file's folder or above it (inside the workspace), with its credentialsMode. */
export function installConfigAbove(workspace: WorkspaceFiles, fsPath: string, roots: ReadonlyArray<string>): { dir: string; credentialsMode: string } | undefined {
  let dir = path.dirname(fsPath);
  for (;;) {
    const candidate = path.join(dir, 'install-config.yaml');
    const file = workspace.exists(candidate) ? workspace.file(candidate) : undefined;
    const doc = file?.docs.find((d) => d.kind === 'install-config');
    if (doc) return { dir, credentialsMode: getStr(doc.root, 'credentialsMode') ?? '' };
    const parent = path.dirname(dir);
    if (parent === dir || !roots.some((r) => parent === r || parent.startsWith(r + path.sep))) return undefined;
    dir = parent;
  }
}
