import * as path from 'path';
import { getStr } from '../model/node';
import { WorkspaceFiles } from './workspaceFiles';

/**
 * The `--name` given to ccoctl, read from its output beside the requests:
 * the identity provider (`https://<name>-oidc.s3...`), the bucket
 * (`<name>-oidc`), or the Authentication manifest's issuer.
 */
export function ccoctlNameNear(workspace: WorkspaceFiles, requestPath: string): string | undefined {
  const dir = path.dirname(requestPath);
  const parent = path.dirname(dir);
  const candidates = [dir, parent, ...workspace.list(parent).slice(0, 50).map((n) => path.join(parent, n))];
  for (const folder of candidates) {
    for (const sub of [folder, path.join(folder, 'manifests')]) {
      for (const name of ['04-iam-identity-provider.json', '01-oidc-bucket.json', 'cluster-authentication-02-config.yaml']) {
        const file = workspace.file(path.join(sub, name));
        const root = file?.docs[0]?.root;
        const url = getStr(root, 'Url') ?? getStr(root, 'spec', 'serviceAccountIssuer') ?? getStr(root, 'Bucket');
        const match = url ? /^(?:https:\/\/)?([a-z0-9][a-z0-9-]*)-oidc(?:[./]|$)/.exec(url) : null;
        if (match) return match[1];
      }
    }
  }
  return undefined;
}
