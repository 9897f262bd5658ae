import * as path from 'path';
import { DocKind } from '../model/kinds';
import { get, SNode } from '../model/node';
import { ParsedFile } from '../model/parsedFile';
import { IndexedDoc, WorkspaceIndex } from '../workspace/workspaceIndex';

/** A cluster flavour and the audiences (client IDs) of the OIDC provider its tooling creates. */
export interface ClusterFlavour {
  name: string;
  /** What the provider this flavour's tooling creates accepts; undefined when the tooling creates none. */
  clientIds?: string[];
  /** The audience its pod identity webhook requests when a ServiceAccount names none; undefined when unknown. */
  webhookAudience?: string;
}

export const FLAVOURS = {
  // kops (serviceAccountIssuerDiscovery.enableAWSOIDCProvider) creates its provider with both audiences,
  // and the webhook kops deploys (podIdentityWebhook.enabled) projects tokens for "amazonaws.com".
  kops: { name: 'kops', clientIds: ['amazonaws.com', 'sts.amazonaws.com'], webhookAudience: 'amazonaws.com' },
  // ccoctl (OpenShift IPI, Manual mode) and `rosa create oidc-provider` register both.
  openshift: { name: 'OpenShift (ccoctl or ROSA)', clientIds: ['openshift', 'sts.amazonaws.com'] },
  eks: { name: 'EKS (eksctl)', clientIds: ['sts.amazonaws.com'], webhookAudience: 'sts.amazonaws.com' },
} satisfies Record<string, ClusterFlavour>;

/** Every audience some flavour's provider accepts by default. */
export const ANY_FLAVOUR_CLIENT_IDS = [...new Set(Object.values(FLAVOURS).flatMap((f) => f.clientIds))];


/** A document that defines a cluster, and the folder its files live under. */
export interface ClusterDefinition {
  flavour: ClusterFlavour;
  file: ParsedFile;
  /** The cluster's folder: files under it belong to this cluster. */
  root: string;
}

const DEFINITIONS: ReadonlyArray<[DocKind, (doc: IndexedDoc) => ClusterFlavour]> = [
  ['kops-cluster', ({ doc }) => ({
    name: 'kops',
    clientIds: isTrue(get(doc.root, 'spec', 'serviceAccountIssuerDiscovery', 'enableAWSOIDCProvider')) ? FLAVOURS.kops.clientIds : undefined,
    webhookAudience: isTrue(get(doc.root, 'spec', 'podIdentityWebhook', 'enabled')) ? FLAVOURS.kops.webhookAudience : undefined,
  })],
  ['install-config', () => FLAVOURS.openshift],
  ['authentication', () => FLAVOURS.openshift],
];

function isTrue(node: SNode | undefined): boolean {
  return node?.type === 'scalar' && (node.value === true || node.value === 'true');
}

/** The document kinds that define a cluster (derived lookups that scope by cluster depend on them). */
export const CLUSTER_DEFINITION_KINDS: ReadonlyArray<DocKind> = DEFINITIONS.map(([kind]) => kind);

/** Folders a tool writes a cluster's files into: the cluster's folder is their parent. */
const OUTPUT_DIRS = /^(manifests|openshift|tls|oidc|_?output|ccoctl[-_]?output|credrequests|cco-credrequests)$/i;

export function clusterDefinitions(index: WorkspaceIndex): ClusterDefinition[] {
  return index.derived('cluster-definitions', () => {
    const out: ClusterDefinition[] = [];
    for (const [kind, flavourOf] of DEFINITIONS) {
      for (const entry of index.docsOfKind(kind)) {
        const file = entry.file;
        if (!file.fsPath) continue;
        const flavour = flavourOf(entry);
        let root = path.dirname(file.fsPath);
        if (OUTPUT_DIRS.test(path.basename(root))) root = path.dirname(root);
        if (!out.some((d) => d.root === root)) out.push({ flavour, file, root });
      }
    }
    return out;
  }, CLUSTER_DEFINITION_KINDS);
}

/**
 * The cluster a file belongs to: the definition whose folder is the deepest
 * one holding the file (a repository of several clusters keeps each in its
 * own folder). Undefined when no definition's folder holds it.
 */
export function clusterOf(index: WorkspaceIndex, file: ParsedFile): ClusterDefinition | undefined {
  if (!file.fsPath) return undefined;
  let best: ClusterDefinition | undefined;
  for (const d of clusterDefinitions(index)) {
    if (!isInside(file.fsPath, d.root)) continue;
    if (!best || d.root.length > best.root.length) best = d;
  }
  return best;
}

/** Whether two files may be compared: false only when each belongs to a different cluster. */
export function sameCluster(index: WorkspaceIndex, a: ParsedFile, b: ParsedFile): boolean {
  const ca = clusterOf(index, a);
  const cb = clusterOf(index, b);
  return !ca || !cb || ca.root === cb.root;
}

function isInside(fsPath: string, dir: string): boolean {
  const relative = path.relative(dir, fsPath);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

/**
 * The items a file may be compared with: those of its own cluster and those
 * of no cluster. A file of no cluster is compared with everything only when
 * the items belong to at most one cluster (otherwise which one is a guess).
 */
export function inScope<T extends { file: ParsedFile }>(index: WorkspaceIndex, file: ParsedFile, items: ReadonlyArray<T>): T[] {
  const mine = clusterOf(index, file);
  if (mine) return items.filter((item) => { const theirs = clusterOf(index, item.file); return !theirs || theirs.root === mine.root; });
  const roots = new Set(items.map((item) => clusterOf(index, item.file)?.root).filter((r) => r !== undefined));
  return roots.size <= 1 ? [...items] : [];
}
