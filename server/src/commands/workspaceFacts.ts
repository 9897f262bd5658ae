import * as path from 'path';
import { getStr } from '../model/node';
import { ParsedFile } from '../model/parsedFile';
import { FileSource } from '../workspace/fileSource';
import { WorkspaceFiles } from '../workspace/workspaceFiles';
import { WorkspaceIndex } from '../workspace/workspaceIndex';

/**
 * The workspace as an index: the server's own, or (for callers that hold only
 * files, such as tests) one built over the roots. Cluster issuers and their
 * proximity then come from crossFile/clusterFacts like every other check's.
 */
export function indexOf(workspace: WorkspaceFiles, roots: ReadonlyArray<string>): WorkspaceIndex {
  if (workspace instanceof WorkspaceIndex) return workspace;
  const index = new WorkspaceIndex(workspace instanceof FileSource ? workspace : new FileSource());
  try {
    index.buildSync(roots);
  } catch {
    // a root that vanished: the index holds what it could read
  }
  return index;
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

/** An install-config.yaml in the file's folder or above it (inside the workspace), with its credentialsMode and cluster name. */
export function installConfigAbove(workspace: WorkspaceFiles, fsPath: string, roots: ReadonlyArray<string>): { dir: string; credentialsMode: string; clusterName: string | undefined } | undefined {
  let dir = path.dirname(fsPath);
  for (;;) {
    const candidate = path.join(dir, 'install-config.yaml');
    const file = workspace.exists(candidate) ? workspace.file(candidate) : undefined;
    const doc = file?.docs.find((d) => d.kind === 'install-config');
    if (doc) return { dir, credentialsMode: getStr(doc.root, 'credentialsMode') ?? '', clusterName: getStr(doc.root, 'metadata', 'name') };
    const parent = path.dirname(dir);
    if (parent === dir || !roots.some((r) => parent === r || parent.startsWith(r + path.sep))) return undefined;
    dir = parent;
  }
}
