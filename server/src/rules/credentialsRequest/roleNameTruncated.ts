import * as path from 'path';
import { isMap } from '../../model/node';
import { ccoctlRoleName, credentialsRequestView, MAX_ROLE_NAME } from '../../views/credentialsRequest';
import { ccoctlNameNear } from '../../workspace/ccoctlName';
import { folderFacts } from '../../workspace/folderFacts';
import { DocRule, RelatedInfo } from '../rule';

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
    for (const other of folderFacts(ctx.workspace, ctx.file).docs('credentials-request')) {
      if (other.view === ctx.root) continue;
      const otherView = credentialsRequestView(other.view);
      const otherRole = otherView.isAws && !otherView.deleted ? ccoctlRoleName(cluster, otherView) : undefined;
      if (otherRole && otherRole.name === role.name && otherRole.full !== role.full) {
        collisions.push({ uri: other.file.uri, range: other.file.rangeOf(other.doc.root!.range), message: `CredentialsRequest ${otherView.name} (${path.basename(other.file.fsPath ?? other.file.uri)}) also becomes role ${role.name}` });
      }
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
