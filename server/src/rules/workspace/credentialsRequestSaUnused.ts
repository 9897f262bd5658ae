import { displayPath } from '../../crossFile/display';
import { isTemplated, templateAdmits } from '../../model/templated';
import { appendToList } from '../../crossFile/listEdits';
import { get, isMap } from '../../model/node';
import { credentialsRequestView } from '../../views/credentialsRequest';
import { serviceAccountNameOf } from '../../views/serviceAccount';
import { VolumeView, workloadView, WorkloadView } from '../../views/workload';
import { ParsedFile } from '../../model/parsedFile';
import { WorkspaceIndex } from '../../workspace/workspaceIndex';
import { DocRule } from '../rule';

interface SecretMount {
  file: ParsedFile;
  workload: WorkloadView;
  volume: VolumeView;
}

/** Secret name -> the workloads that mount it, once per workspace state. */
function mountsOf(index: WorkspaceIndex): Map<string, SecretMount[]> {
  return index.derived('secret-mounts', () => {
    const out = new Map<string, SecretMount[]>();
    for (const { file, doc } of index.docsOfKind('workload')) {
      const workload = isMap(doc.root) ? workloadView(doc.root) : undefined;
      for (const volume of workload?.volumes ?? []) {
        for (const name of volume.secretNames) out.set(name, [...(out.get(name) ?? []), { file, workload: workload!, volume }]);
      }
    }
    return out;
  }, ['workload']);
}

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
    for (const { file, workload, volume } of mountsOf(ctx.index).get(view.secretName) ?? []) {
      if ((workload.namespace ?? view.secretNamespace) !== view.secretNamespace) continue;
      const serviceAccount = serviceAccountNameOf(workload);
      // A templated name on either side (`${SA}`) may be a listed one once filled in.
      if (view.serviceAccounts.some((listed) => listed === serviceAccount || templateAdmits(listed, serviceAccount)) || isTemplated(serviceAccount) || reported.has(serviceAccount)) continue;
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
