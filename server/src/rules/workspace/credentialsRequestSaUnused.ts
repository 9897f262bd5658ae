import { displayPath } from '../../crossFile/display';
import { renderingsOf } from '../../crossFile/kustomize';
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
  /** Where it runs, and as whom: as written, or as a Kustomize overlay renders it. */
  namespace: string | undefined;
  serviceAccount: string;
  /** The Kustomize overlay that renders it this way. */
  overlay: ParsedFile | undefined;
}

/** Secret name -> the workloads that mount it, once per workspace state. */
function mountsOf(index: WorkspaceIndex): Map<string, SecretMount[]> {
  return index.derived('secret-mounts', () => {
    const out = new Map<string, SecretMount[]>();
    for (const { file, doc } of index.docsOfKind('workload')) {
      const workload = isMap(doc.root) ? workloadView(doc.root) : undefined;
      if (!workload) continue;
      const renderings = renderingsOf(index, doc);
      const runs = renderings
        ? renderings.map((r) => ({ namespace: r.namespace, serviceAccount: r.serviceAccountName ?? serviceAccountNameOf(workload), overlay: r.overlay }))
        : [{ namespace: workload.namespace, serviceAccount: serviceAccountNameOf(workload), overlay: undefined }];
      for (const volume of workload.volumes) {
        for (const name of volume.secretNames) {
          for (const run of runs) {
            out.set(name, [...(out.get(name) ?? []), { file, workload, volume, ...run }]);
          }
        }
      }
    }
    return out;
  }, ['workload', 'kustomization']);
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
    for (const { file, workload, volume, namespace, serviceAccount, overlay } of mountsOf(ctx.index).get(view.secretName) ?? []) {
      if ((namespace ?? view.secretNamespace) !== view.secretNamespace) continue;
      const by = overlay ? ` (overlay ${displayPath(ctx.file, overlay)})` : '';
      // A templated name on either side (`${SA}`) may be a listed one once filled in.
      if (view.serviceAccounts.some((listed) => listed === serviceAccount || templateAdmits(listed, serviceAccount)) || isTemplated(serviceAccount) || reported.has(serviceAccount)) continue;
      reported.add(serviceAccount);
      ctx.report({
        range: list.keyRange,
        message:
          `${workload.kind} ${view.secretNamespace}/${workload.name} (${displayPath(ctx.file, file)})${by} mounts Secret ${view.secretName} but runs as service account ${serviceAccount}, ` +
          `which serviceAccountNames does not list: the role's trust policy will not admit its token (AccessDenied). Add ${serviceAccount} to serviceAccountNames.`,
        fixes: [{ title: `Add ${serviceAccount} to serviceAccountNames`, isPreferred: true, edits: { [ctx.file.uri]: [appendToList(ctx.file, list.value, serviceAccount)] } }],
        related: [{ uri: file.uri, range: file.rangeOf((get(volume.node, 'secret', 'secretName') ?? volume.node).range), message: `mounts ${view.secretName}` }],
      });
    }
  },
};
