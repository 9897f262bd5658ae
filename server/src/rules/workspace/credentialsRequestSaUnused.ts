import { displayPath } from '../../crossFile/display';
import { appendToList } from '../../crossFile/listEdits';
import { get, isMap } from '../../model/node';
import { credentialsRequestView } from '../../views/credentialsRequest';
import { serviceAccountNameOf } from '../../views/serviceAccount';
import { workloadView } from '../../views/workload';
import { DocRule } from '../rule';

export const credentialsRequestSaUnused: DocRule = {
  id: 'credentials-request-sa-unused',
  description: "A workload mounts a CredentialsRequest's Secret but runs as a service account the request's serviceAccountNames does not list.",
  defaultSeverity: 'warning',
  kinds: ['credentials-request'],
  check(ctx) {
    if (!ctx.index) return;
    const view = credentialsRequestView(ctx.root);
    const list = view.serviceAccountNames;
    if (!view.isAws || view.deleted || !view.secretName || !list || view.serviceAccounts.length === 0) return;
    const reported = new Set<string>();
    for (const { file, doc } of ctx.index.docsOfKind('workload')) {
      if (!isMap(doc.root)) continue;
      const workload = workloadView(doc.root);
      if (!workload || (workload.namespace ?? view.secretNamespace) !== view.secretNamespace) continue;
      const volume = workload.volumes.find((v) => v.secretNames.includes(view.secretName!));
      if (!volume) continue;
      const serviceAccount = serviceAccountNameOf(workload);
      if (view.serviceAccounts.includes(serviceAccount) || reported.has(serviceAccount)) continue;
      reported.add(serviceAccount);
      ctx.report({
        range: list.keyRange,
        message:
          `${workload.kind} ${view.secretNamespace}/${workload.name} (${displayPath(ctx.file, file)}) mounts Secret ${view.secretName} but runs as service account ${serviceAccount}, ` +
          `which serviceAccountNames does not list: the role's trust policy will not admit its token (AccessDenied). Add ${serviceAccount} to serviceAccountNames.`,
        fixes: [{ title: `Add ${serviceAccount} to serviceAccountNames`, isPreferred: true, edits: { [ctx.file.uri]: [appendToList(ctx.file, list.value, serviceAccount)] } }],
        related: [{ uri: file.uri, range: file.rangeOf((get(volume.node, 'secret', 'secretName') ?? volume.node).range), message: `mounts ${view.secretName}` }],
      });
    }
  },
};
