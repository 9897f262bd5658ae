import { get, getStr } from '../model/node';
import { ParsedFile } from '../model/parsedFile';
import { WorkspaceIndex } from '../workspace/workspaceIndex';
import { clusterOf, ClusterSettings } from './clusterScope';

export interface KubernetesVersion {
  major: number;
  minor: number;
  /** As written (`1.18.20`, `v1.29`). */
  text: string;
}

/**
 * The Kubernetes version of the cluster a file belongs to, when its
 * definition says: a kops Cluster's `spec.kubernetesVersion`, an eksctl
 * ClusterConfig's `metadata.version`. Undefined otherwise.
 */
export function clusterKubernetesVersion(index: WorkspaceIndex, file: ParsedFile, settings: ClusterSettings): KubernetesVersion | undefined {
  const definition = clusterOf(index, file, settings)?.file;
  for (const doc of definition?.docs ?? []) {
    const text = doc.kind === 'kops-cluster' ? getStr(doc.root, 'spec', 'kubernetesVersion') : doc.kind === 'eksctl-cluster' ? versionText(definition!.text, get(doc.root, 'metadata', 'version')) : undefined;
    const match = text ? /^v?(\d+)\.(\d+)/.exec(text.trim()) : null;
    if (match) return { major: Number(match[1]), minor: Number(match[2]), text: text!.trim() };
  }
  return undefined;
}

/** eksctl's version as written: a plain `1.20` is a number whose value has lost its trailing zero, so the text is read. */
function versionText(text: string, node: ReturnType<typeof get>): string | undefined {
  if (!node || node.type !== 'scalar' || node.value === null) return undefined;
  return text.slice(node.range[0], node.range[1]).replace(/^["']|["']$/g, '');
}
