import * as path from 'path';
import { getStr } from '../model/node';
import { WorkspaceFiles } from './workspaceFiles';
import { WorkspaceIndex } from './workspaceIndex';

/**
 * The `--name` given to ccoctl, read from its output beside the requests:
 * the identity provider (`https://<name>-oidc.s3...`), the bucket
 * (`<name>-oidc`), or the Authentication manifest's issuer.
 */
export function ccoctlNameNear(workspace: WorkspaceFiles, requestPath: string): string | undefined {
  const dir = path.dirname(requestPath);
  if (workspace instanceof WorkspaceIndex) return nameFromIndex(workspace, dir);
  return ccoctlNameIn(workspace, dir);
}

const OUTPUT_FILES = ['04-iam-identity-provider.json', '01-oidc-bucket.json', 'cluster-authentication-02-config.yaml'];

/** The same search over the index: folder -> name, collected once per workspace state. */
function nameFromIndex(index: WorkspaceIndex, dir: string): string | undefined {
  const byFolder = index.derived('ccoctl-names-by-folder', () => {
    const out = new Map<string, string>();
    for (const file of index.files()) {
      if (!file.fsPath || !OUTPUT_FILES.includes(path.basename(file.fsPath))) continue;
      const name = nameIn(file.docs[0]?.root);
      if (!name) continue;
      const folder = path.dirname(file.fsPath);
      const owner = path.basename(folder) === 'manifests' ? path.dirname(folder) : folder;
      if (!out.has(owner)) out.set(owner, name);
      if (!out.has(folder)) out.set(folder, name);
    }
    return out;
  });
  const parent = path.dirname(dir);
  const direct = byFolder.get(dir) ?? byFolder.get(parent);
  if (direct) return direct;
  for (const [folder, name] of byFolder) if (path.dirname(folder) === parent) return name;
  return undefined;
}

function nameIn(root: Parameters<typeof getStr>[0]): string | undefined {
  const url = getStr(root, 'Url') ?? getStr(root, 'spec', 'serviceAccountIssuer') ?? getStr(root, 'Bucket');
  return (url ? /^(?:https:\/\/)?([a-z0-9][a-z0-9-]*)-oidc(?:[./]|$)/.exec(url) : null)?.[1];
}

function ccoctlNameIn(workspace: WorkspaceFiles, dir: string): string | undefined {
  const parent = path.dirname(dir);
  const candidates = [dir, parent, ...workspace.list(parent).slice(0, 50).map((n) => path.join(parent, n))];
  for (const folder of candidates) {
    for (const sub of [folder, path.join(folder, 'manifests')]) {
      for (const name of OUTPUT_FILES) {
        const found = nameIn(workspace.file(path.join(sub, name))?.docs[0]?.root);
        if (found) return found;
      }
    }
  }
  return undefined;
}
