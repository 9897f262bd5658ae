import { get, isMap, OffsetRange, str } from '../model/node';
import { ParsedFile, SourceDoc } from '../model/parsedFile';
import { credentialEntry, secretView, SecretView } from '../views/secret';
import { serviceAccountNameOf, serviceAccountView } from '../views/serviceAccount';
import { envValue, workloadView, WorkloadView } from '../views/workload';
import { WorkspaceIndex } from '../workspace/workspaceIndex';
import { roleNameOf } from './roleNames';

/** A manifest that makes a service account assume a role. */
export interface RoleReference {
  roleName: string;
  arn: string;
  namespace: string | undefined;
  serviceAccount: string;
  /** "ServiceAccount default/app", "Deployment web (Secret aws-creds)" … for messages. */
  describe: string;
  range: OffsetRange;
  workload?: WorkloadView;
}

/** Role references in one document: a ServiceAccount's role annotation, a workload's AWS_ROLE_ARN or mounted credentials Secret. */
export function roleReferences(index: WorkspaceIndex | undefined, file: ParsedFile, doc: SourceDoc): RoleReference[] {
  if (!isMap(doc.root)) return [];
  if (doc.kind === 'service-account') {
    const sa = serviceAccountView(doc.root);
    const arn = str(sa.roleArn?.value);
    const roleName = arn ? roleNameOf(arn) : undefined;
    if (!sa.roleArn || !arn || !roleName) return [];
    return [{ roleName, arn, namespace: sa.namespace, serviceAccount: sa.name, describe: `ServiceAccount ${qualified(sa.namespace, sa.name)}`, range: sa.roleArn.value.range }];
  }
  if (doc.kind !== 'workload') return [];
  const workload = workloadView(doc.root);
  if (!workload) return [];
  const out: RoleReference[] = [];
  const serviceAccount = serviceAccountNameOf(workload);
  const base = { namespace: workload.namespace, serviceAccount, workload };
  for (const container of workload.containers) {
    const env = envValue(container, 'AWS_ROLE_ARN');
    const arn = str(env?.value);
    const roleName = arn ? roleNameOf(arn) : undefined;
    if (env?.value && arn && roleName) out.push({ ...base, roleName, arn, describe: `${workload.kind} ${qualified(workload.namespace, workload.name)} (AWS_ROLE_ARN)`, range: env.value.range });
  }
  if (!index) return out;
  for (const volume of workload.volumes) {
    for (const secretName of volume.secretNames) {
      const secret = findSecret(index, secretName, workload.namespace);
      const entry = secret ? credentialEntry(secret, 'role_arn') : undefined;
      const roleName = entry?.value ? roleNameOf(entry.value) : undefined;
      if (!entry || !roleName) continue;
      const nameNode = get(volume.node, 'secret', 'secretName');
      out.push({
        ...base,
        roleName,
        arn: entry.value,
        describe: `${workload.kind} ${qualified(workload.namespace, workload.name)} (Secret ${secretName})`,
        range: nameNode?.range ?? volume.node.range,
      });
    }
  }
  return out;
}

export function qualified(namespace: string | undefined, name: string): string {
  return `${namespace ?? '(no namespace)'}/${name}`;
}

/** A Secret by name, in the namespace when both sides say one. */
export function findSecret(index: WorkspaceIndex, name: string, namespace: string | undefined): SecretView | undefined {
  for (const { doc } of index.docsOfKind('secret')) {
    if (!isMap(doc.root)) continue;
    const view = secretView(doc.root);
    if (view.name === name && (namespace === undefined || view.namespace === undefined || view.namespace === namespace)) return view;
  }
  return undefined;
}

