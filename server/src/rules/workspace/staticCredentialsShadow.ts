import { associationsFor } from '../../crossFile/podIdentityAssociations';
import { findSecret } from '../../crossFile/roleReferences';
import { roleNameOf } from '../../crossFile/roleNames';
import { get, getStr, isMap, isSeq, MapNode, OffsetRange, pairOf, str } from '../../model/node';
import { credentialEntry } from '../../views/secret';
import { serviceAccountNameOf, serviceAccountView, webhookInjection } from '../../views/serviceAccount';
import { ContainerView, envValue, WorkloadView, workloadView } from '../../views/workload';
import { WorkspaceIndex } from '../../workspace/workspaceIndex';
import { DocRule } from '../rule';

const KEY_ID = 'AWS_ACCESS_KEY_ID';
const SECRET_KEY = 'AWS_SECRET_ACCESS_KEY';

export const staticCredentialsShadow: DocRule = {
  id: 'static-credentials-shadow',
  description:
    'A container that gets a role (IRSA, AWS_ROLE_ARN, an EKS Pod Identity association, a mounted credentials Secret) also gets static access keys in its environment: the AWS SDKs take environment keys first, so the role is never used.',
  defaultSeverity: 'warning',
  kinds: ['workload'],
  check(ctx) {
    const workload = workloadView(ctx.root);
    if (!workload) return;
    for (const container of workload.containers) {
      if (container.group === 'ephemeralContainers') continue;
      const keys = staticKeys(ctx.index, workload, container);
      if (!keys) continue;
      const role = roleOf(ctx.index, workload, container);
      if (!role) continue;
      ctx.report({
        range: keys.range,
        message:
          `Container ${container.name} gets role ${role} and also static keys (${keys.describe}): the AWS SDKs' default credential chain ` +
          `takes access keys from the environment before web identity (IRSA, AWS_ROLE_ARN) and container credentials (EKS Pod Identity), ` +
          `so the role is never used and the pod runs with the keys' identity. Remove ${KEY_ID} and ${SECRET_KEY} from the container.`,
      });
    }
  },
};

/** Both environment keys, from values, secretKeyRefs or an envFrom Secret that holds them. */
function staticKeys(index: WorkspaceIndex | undefined, workload: WorkloadView, container: ContainerView): { range: OffsetRange; describe: string } | undefined {
  const id = envValue(container, KEY_ID);
  const secret = envValue(container, SECRET_KEY);
  const set = (v: typeof id) => v !== undefined && (v.fromSource || (str(v.value) ?? '').trim() !== '');
  if (set(id) && set(secret)) return { range: get(id!.node, 'name')?.range ?? id!.node.range, describe: `${KEY_ID} and ${SECRET_KEY} in env` };
  if (!index || set(id) !== set(secret)) return undefined;
  const envFrom = get(container.node, 'envFrom');
  if (!isSeq(envFrom)) return undefined;
  for (const item of envFrom.items) {
    const name = getStr(item, 'secretRef', 'name');
    if (!name || getStr(item, 'prefix')) continue;
    const view = findSecret(index, name, workload.namespace);
    if (!view) continue;
    const keys = new Set([...keysOf(view.root, 'data'), ...keysOf(view.root, 'stringData')]);
    if (keys.has(KEY_ID) && keys.has(SECRET_KEY)) {
      const node = get(item, 'secretRef', 'name')!;
      return { range: node.range, describe: `${KEY_ID} and ${SECRET_KEY} from Secret ${name} through envFrom` };
    }
  }
  return undefined;
}

function keysOf(root: MapNode, key: string): string[] {
  const map = pairOf(root, key)?.value;
  return isMap(map) ? map.pairs.map((p) => p.key) : [];
}

/** The role a container gets, described for the message, or undefined. */
function roleOf(index: WorkspaceIndex | undefined, workload: WorkloadView, container: ContainerView): string | undefined {
  const env = str(envValue(container, 'AWS_ROLE_ARN')?.value);
  if (env) return `${roleNameOf(env) ?? env} from AWS_ROLE_ARN`;
  if (!index) return undefined;
  const saName = serviceAccountNameOf(workload);
  for (const { doc } of index.docsOfKind('service-account')) {
    if (!isMap(doc.root)) continue;
    const sa = serviceAccountView(doc.root);
    if (sa.name !== saName || (workload.namespace !== undefined && sa.namespace !== undefined && sa.namespace !== workload.namespace)) continue;
    const injection = webhookInjection(workload, sa);
    const arn = str(sa.roleArn?.value);
    if (injection?.containers.has(container) && arn) return `${roleNameOf(arn) ?? arn} from ServiceAccount ${saName} (IRSA)`;
  }
  const association = associationsFor(index, workload.namespace, saName)[0];
  if (association) return `${association.association.roleLabel ?? '(unknown)'} from EKS Pod Identity (${association.association.describe})`;
  for (const volume of workload.volumes) {
    if (!container.volumeMounts.some((m) => m.name === volume.name)) continue;
    for (const secretName of volume.secretNames) {
      const secret = findSecret(index, secretName, workload.namespace);
      const entry = secret ? credentialEntry(secret, 'role_arn') : undefined;
      if (entry?.value) return `${roleNameOf(entry.value) ?? entry.value} from the credentials Secret ${secretName}`;
    }
  }
  return undefined;
}
