import * as path from 'path';
import { isMap } from '../../model/node';
import { ccoctlRoleName, credentialsRequestView, MAX_ROLE_NAME } from '../../views/credentialsRequest';
import { ccoctlNameNear } from '../../workspace/ccoctlName';
import { folderFacts } from '../../workspace/folderFacts';
import { DocContext, DocRule, RelatedInfo } from '../rule';

type Located = ReturnType<ReturnType<typeof folderFacts>['docs']>[number];
interface RequestRole {
  name: string;
  role: { full: string; name: string };
  located: Located;
}

/** Cut role name -> the AWS requests that get it; once per workspace state, not once per request. */
function requestsByRoleName(ctx: DocContext, cluster: string): Map<string, RequestRole[]> {
  const compute = () => {
    const out = new Map<string, RequestRole[]>();
    for (const located of folderFacts(ctx.workspace, ctx.file).docs('credentials-request')) {
      const view = credentialsRequestView(located.view);
      const role = view.isAws && !view.deleted ? ccoctlRoleName(cluster, view) : undefined;
      if (!role) continue;
      const list = out.get(role.name) ?? [];
      list.push({ name: view.name, role, located });
      out.set(role.name, list);
    }
    return out;
  };
  return ctx.index ? ctx.index.derived(`ccoctl-role-names:${cluster}`, compute, ['credentials-request']) : compute();
}

export const roleNameTruncated: DocRule = {
  id: 'role-name-truncated',
  description: 'ccoctl cuts the role name <name>-<namespace>-<secret> to 64 characters; two requests can end up with the same role.',
  defaultSeverity: 'warning',
  kinds: ['credentials-request'],
  check(ctx) {
    const view = credentialsRequestView(ctx.root);
    if (!view.isAws || view.deleted) return;
    const cluster = ctx.settings.clusterName || (ctx.file.fsPath ? ccoctlNameNear(ctx.workspace, ctx.file.fsPath) : undefined);
    if (!cluster) return;
    const role = ccoctlRoleName(cluster, view);
    const secretRef = ctx.root.pairs.find((p) => p.key === 'spec')?.value;
    const refPair = isMap(secretRef) ? secretRef.pairs.find((p) => p.key === 'secretRef') : undefined;
    if (!role || !refPair) return;
    const collisions: RelatedInfo[] = [];
    for (const other of requestsByRoleName(ctx, cluster).get(role.name) ?? []) {
      if (other.located.view === ctx.root || other.role.full === role.full) continue;
      const { file, doc } = other.located;
      collisions.push({ uri: file.uri, range: file.rangeOf(doc.root!.range), message: `CredentialsRequest ${other.name} (${path.basename(file.fsPath ?? file.uri)}) also becomes role ${role.name}` });
    }
    if (collisions.length) {
      ctx.report({
        range: refPair.keyRange,
        severity: 'error',
        message: `ccoctl names this request's role "${role.name}" (cut from "${role.full}" to ${MAX_ROLE_NAME} characters), the same role as another request: the second one overwrites the first's permissions and trust. Shorten the cluster name, the namespace or the secret name.`,
        related: collisions,
      });
    } else if (role.full.length > MAX_ROLE_NAME) {
      ctx.report({
        range: refPair.keyRange,
        message: `ccoctl cuts the role name "${role.full}" (${role.full.length} characters) to "${role.name}": look for that name in IAM, and keep it unique.`,
      });
    }
  },
};
