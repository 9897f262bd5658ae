import * as path from 'path';
import { DocKind } from '../model/kinds';
import { get, isMap, isTrue } from '../model/node';
import { eksctlClusterView } from '../views/eksctlCluster';
import { ParsedFile } from '../model/parsedFile';
import { Settings } from '../settings';
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


/** A document (or the `stsLens.clusterRoots` setting) that defines a cluster, and the folder its files live under. */
export interface ClusterDefinition {
  flavour: ClusterFlavour;
  /** The defining document's file; undefined for a folder the setting names. */
  file: ParsedFile | undefined;
  /** The cluster's folder: files under it belong to this cluster. */
  root: string;
}

/** The part of the settings that decides clusters. */
export type ClusterSettings = Pick<Settings, 'clusterRoots'>;

const DEFINITIONS: ReadonlyArray<[DocKind, (doc: IndexedDoc) => ClusterFlavour]> = [
  ['kops-cluster', ({ doc }) => ({
    name: 'kops',
    clientIds: isTrue(get(doc.root, 'spec', 'serviceAccountIssuerDiscovery', 'enableAWSOIDCProvider')) ? FLAVOURS.kops.clientIds : undefined,
    webhookAudience: isTrue(get(doc.root, 'spec', 'podIdentityWebhook', 'enabled')) ? FLAVOURS.kops.webhookAudience : undefined,
  })],
  ['install-config', () => FLAVOURS.openshift],
  ['authentication', () => FLAVOURS.openshift],
  // eksctl creates the provider (with sts.amazonaws.com) only with iam.withOIDC: true; EKS runs the webhook either way.
  ['eksctl-cluster', ({ doc }) => ({
    name: FLAVOURS.eks.name,
    clientIds: isMap(doc.root) && eksctlClusterView(doc.root).oidcEnabled ? FLAVOURS.eks.clientIds : undefined,
    webhookAudience: FLAVOURS.eks.webhookAudience,
  })],
];

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
 * own folder), a folder the `stsLens.clusterRoots` setting names counting as
 * a definition. Undefined when no such folder holds it.
 */
export function clusterOf(index: WorkspaceIndex, file: ParsedFile, settings: ClusterSettings): ClusterDefinition | undefined {
  return file.fsPath ? clusterLookup(index, settings)(file) : undefined;
}

/** clusterOf for many files: the workspace's answers so far are looked up once, not once per file. */
function clusterLookup(index: WorkspaceIndex, settings: ClusterSettings): (file: ParsedFile) => ClusterDefinition | undefined {
  const cache = index.derived(clusterOfKey(settings.clusterRoots), () => new Map<string, ClusterDefinition | undefined>(), CLUSTER_DEFINITION_KINDS);
  return (file) => {
    const fsPath = file.fsPath;
    if (!fsPath) return undefined;
    if (cache.has(fsPath)) return cache.get(fsPath);
    const best = findCluster(index, fsPath, settings);
    cache.set(fsPath, best);
    return best;
  };
}

/**
 * The derived key of clusterOf's cache for these roots, the same string while they stay the same: asked for
 * tens of thousands of times per check, a key built anew (and hashed anew) each time cost more than the lookup.
 */
let keyedRoots: { roots: ReadonlyArray<string>; copy: string[]; key: string } | undefined;

function clusterOfKey(roots: ReadonlyArray<string>): string {
  const known = keyedRoots;
  if (known && known.roots === roots && sameStrings(known.copy, roots)) return known.key;
  keyedRoots = { roots, copy: [...roots], key: `cluster-of:${JSON.stringify(roots)}` };
  return keyedRoots.key;
}

function sameStrings(a: ReadonlyArray<string>, b: ReadonlyArray<string>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function findCluster(index: WorkspaceIndex, fsPath: string, settings: ClusterSettings): ClusterDefinition | undefined {
  let best: ClusterDefinition | undefined;
  for (const d of clusterDefinitions(index)) {
    if (!isInside(fsPath, d.root)) continue;
    if (!best || d.root.length > best.root.length) best = d;
  }
  const configured = configuredRootOf(fsPath, settings.clusterRoots);
  // A document of the same folder says more (its flavour) than the setting.
  if (configured && (!best || configured.length > best.root.length)) best = { flavour: { name: 'a cluster folder of stsLens.clusterRoots' }, file: undefined, root: configured };
  return best;
}

/**
 * The deepest folder holding the file that a `stsLens.clusterRoots` entry
 * names: an absolute path, or a path relative to the workspace matched
 * against the file's folders from the end, `*` standing for one folder name
 * (`clusters/*`: every folder under `clusters/` is a cluster).
 */
function configuredRootOf(fsPath: string, roots: ReadonlyArray<string>): string | undefined {
  let best: string | undefined;
  for (const configured of roots) {
    const wanted = configured.split(/[\\/]+/).filter((s) => s !== '' && s !== '.');
    if (wanted.length === 0 || wanted.includes('..')) continue;
    const absolute = path.isAbsolute(configured);
    for (let dir = path.dirname(fsPath); ; dir = path.dirname(dir)) {
      if ((!best || dir.length > best.length) && endsWithSegments(dir, wanted, absolute)) best = dir;
      if (path.dirname(dir) === dir) break;
    }
  }
  return best;
}

function endsWithSegments(dir: string, wanted: string[], absolute: boolean): boolean {
  const segments = dir.split(/[\\/]+/).filter((s) => s !== '');
  if (segments.length < wanted.length || (absolute && segments.length !== wanted.length)) return false;
  const tail = segments.slice(segments.length - wanted.length);
  return tail.every((s, i) => wanted[i] === '*' || (process.platform === 'win32' ? s.toLowerCase() === wanted[i].toLowerCase() : s === wanted[i]));
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
export function inScope<T extends { file: ParsedFile }>(index: WorkspaceIndex, settings: ClusterSettings, file: ParsedFile, items: ReadonlyArray<T>): T[] {
  const clusterOfFile = clusterLookup(index, settings);
  const mine = clusterOfFile(file);
  if (mine) return items.filter((item) => { const theirs = clusterOfFile(item.file); return !theirs || theirs.root === mine.root; });
  const roots = new Set(items.map((item) => clusterOfFile(item.file)?.root).filter((r) => r !== undefined));
  return roots.size <= 1 ? [...items] : [];
}
