import { DocKind } from '../model/kinds';
import { ParsedFile } from '../model/parsedFile';
import { WorkspaceIndex } from '../workspace/workspaceIndex';
import { CLUSTER_DEFINITION_KINDS, clusterOf, ClusterSettings } from './clusterScope';
import { chartAccounts, knownSubjectsWithFiles } from './roleBindings';

export type Known = Map<string, Set<string>>;

/** In a namespace's set: some service account of a name the workspace does not say runs there (a chart's default name). */
export const ANY_NAME = '*';

/** The document kinds these answers read. */
const READS: ReadonlyArray<DocKind> = ['service-account', 'workload', 'credentials-request', 'kustomization', 'helm-release', ...CLUSTER_DEFINITION_KINDS];

/**
 * namespace -> service account names defined or used there, per cluster
 * folder ('' for files of no cluster): a trust policy is compared with the
 * manifests of its own cluster, not with another cluster's namespaces.
 */
export function knownServiceAccounts(index: WorkspaceIndex, file: ParsedFile, settings: ClusterSettings): Known {
  const roots = JSON.stringify(settings.clusterRoots);
  const byCluster = index.derived(
    `known-service-accounts-by-cluster:${roots}`,
    () => {
      const out = new Map<string, Known>();
      const add = (where: ParsedFile, namespace: string, name: string) => {
        const root = clusterOf(index, where, settings)?.root ?? '';
        if (!out.has(root)) out.set(root, new Map());
        const known = out.get(root)!;
        if (!known.has(namespace)) known.set(namespace, new Set());
        known.get(namespace)!.add(name);
      };
      for (const { subject, file } of knownSubjectsWithFiles(index)) {
        const [, , namespace, name] = subject.split(':');
        add(file, namespace, name);
      }
      // A release whose chart names its ServiceAccount itself runs an account of unknown name there: ANY_NAME.
      for (const { file, doc } of index.docsOfKind('helm-release')) {
        for (const { namespace, name } of chartAccounts(index, doc)) if (namespace && !name) add(file, namespace, ANY_NAME);
      }
      return out;
    },
    READS,
  );
  const mine = clusterOf(index, file, settings)?.root;
  // One merged map per cluster (and one for files of no cluster), not one per trust policy.
  return index.derived(
    `known-service-accounts-for:${roots}:${mine ?? '*'}`,
    () => {
      const roots = mine !== undefined ? [mine, ''] : [...byCluster.keys()];
      const merged: Known = new Map();
      for (const root of roots) {
        for (const [namespace, names] of byCluster.get(root) ?? []) {
          if (!merged.has(namespace)) merged.set(namespace, new Set());
          for (const name of names) merged.get(namespace)!.add(name);
        }
      }
      return merged;
    },
    READS,
  );
}
