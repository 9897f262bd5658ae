import { memoized } from '../model/memo';
import * as path from 'path';
import { podSpecPath } from '../model/kinds';
import { get, getStr, isMap, isScalar, isSeq, MapNode, OffsetRange, Pair, pairOf, ScalarNode, SNode, str } from '../model/node';

export type ContainerGroup = 'containers' | 'initContainers' | 'ephemeralContainers';

export interface EnvVar {
  name: string;
  /** The `- name: ...` item. */
  node: MapNode;
  /** The literal `value`, when the variable has one (valueFrom is unknown, not wrong). */
  value: ScalarNode | undefined;
  fromSource: boolean;
}

export interface VolumeMount {
  name: string;
  mountPath: string;
  subPath: string | undefined;
  node: MapNode;
}

export interface ContainerView {
  name: string;
  group: ContainerGroup;
  node: MapNode;
  env: EnvVar[];
  /** Keys of `envFrom` sources make any variable possibly set. */
  hasEnvFrom: boolean;
  volumeMounts: VolumeMount[];
  /** The `volumeMounts` pair, when written. */
  volumeMountsPair: Pair | undefined;
  securityContext: SNode | undefined;
}

/** A projected `serviceAccountToken` source. */
export interface TokenSource {
  /** The `serviceAccountToken` map. */
  node: MapNode;
  keyRange: OffsetRange;
  path: Pair | undefined;
  audience: Pair | undefined;
  expirationSeconds: Pair | undefined;
}

export interface VolumeView {
  name: string;
  node: MapNode;
  /** `secret.secretName`, or the names of projected secret sources. */
  secretNames: string[];
  /** For a secret volume with `items`: key -> path; undefined means every key under its own name. */
  secretItems: Array<{ key: string; path: string }> | undefined;
  tokens: TokenSource[];
}

export interface WorkloadView {
  kind: string;
  name: string;
  namespace: string | undefined;
  podSpec: MapNode;
  /** Pod template metadata (annotations and labels the pod will carry). */
  templateMetadata: MapNode | undefined;
  annotations: Pair[];
  labels: Pair[];
  serviceAccountName: Pair | undefined;
  containers: ContainerView[];
  volumes: VolumeView[];
  volumesPair: Pair | undefined;
  podSecurityContext: Pair | undefined;
}

const GROUPS: ContainerGroup[] = ['containers', 'initContainers', 'ephemeralContainers'];

function readWorkload(root: MapNode): WorkloadView | undefined {
  const specPath = podSpecPath(root);
  if (!specPath) return undefined;
  const podSpec = get(root, ...specPath);
  if (!isMap(podSpec)) return undefined;
  const templateMetadata = get(root, ...specPath.slice(0, -1), 'metadata');
  const metadata = isMap(templateMetadata) ? templateMetadata : undefined;
  const containers: ContainerView[] = [];
  for (const group of GROUPS) {
    const list = get(podSpec, group);
    if (!isSeq(list)) continue;
    for (const item of list.items) if (isMap(item)) containers.push(containerView(item, group));
  }
  const volumesPair = pairOf(podSpec, 'volumes');
  const volumes = isSeq(volumesPair?.value) ? volumesPair.value.items.filter(isMap).map(volumeView) : [];
  return {
    kind: getStr(root, 'kind') ?? '',
    name: getStr(root, 'metadata', 'name') ?? '',
    namespace: getStr(root, 'metadata', 'namespace') ?? getStr(metadata, 'namespace'),
    podSpec,
    templateMetadata: metadata,
    annotations: mapPairs(get(metadata, 'annotations')),
    labels: mapPairs(get(metadata, 'labels')),
    serviceAccountName: pairOf(podSpec, 'serviceAccountName') ?? pairOf(podSpec, 'serviceAccount'),
    containers,
    volumes,
    volumesPair,
    podSecurityContext: pairOf(podSpec, 'securityContext'),
  };
}

export const workloadView = memoized(readWorkload);

function mapPairs(node: SNode | undefined): Pair[] {
  return isMap(node) ? node.pairs : [];
}

function containerView(node: MapNode, group: ContainerGroup): ContainerView {
  const envList = get(node, 'env');
  const env: EnvVar[] = [];
  if (isSeq(envList)) {
    for (const item of envList.items) {
      const name = getStr(item, 'name');
      if (!isMap(item) || name === undefined) continue;
      const value = get(item, 'value');
      env.push({ name, node: item, value: isScalar(value) ? value : undefined, fromSource: get(item, 'valueFrom') !== undefined });
    }
  }
  const mountsPair = pairOf(node, 'volumeMounts');
  const volumeMounts: VolumeMount[] = [];
  if (isSeq(mountsPair?.value)) {
    for (const item of mountsPair.value.items) {
      const name = getStr(item, 'name');
      const mountPath = getStr(item, 'mountPath');
      if (isMap(item) && name !== undefined && mountPath !== undefined) volumeMounts.push({ name, mountPath, subPath: getStr(item, 'subPath'), node: item });
    }
  }
  return {
    name: getStr(node, 'name') ?? '',
    group,
    node,
    env,
    hasEnvFrom: isSeq(get(node, 'envFrom')) && (get(node, 'envFrom') as { items: SNode[] }).items.length > 0,
    volumeMounts,
    volumeMountsPair: mountsPair,
    securityContext: get(node, 'securityContext'),
  };
}

function volumeView(node: MapNode): VolumeView {
  const secretNames: string[] = [];
  let secretItems: VolumeView['secretItems'];
  const tokens: TokenSource[] = [];
  const secret = get(node, 'secret');
  const secretName = getStr(secret, 'secretName');
  if (secretName !== undefined) {
    secretNames.push(secretName);
    secretItems = itemsOf(get(secret, 'items'));
  }
  const sources = get(node, 'projected', 'sources');
  if (isSeq(sources)) {
    for (const source of sources.items) {
      const tokenPair = pairOf(source, 'serviceAccountToken');
      if (tokenPair && isMap(tokenPair.value)) {
        const t = tokenPair.value;
        tokens.push({ node: t, keyRange: tokenPair.keyRange, path: pairOf(t, 'path'), audience: pairOf(t, 'audience'), expirationSeconds: pairOf(t, 'expirationSeconds') });
      }
      const projectedSecret = getStr(source, 'secret', 'name');
      if (projectedSecret !== undefined) {
        secretNames.push(projectedSecret);
        secretItems = itemsOf(get(source, 'secret', 'items'));
      }
    }
  }
  return { name: getStr(node, 'name') ?? '', node, secretNames, secretItems, tokens };
}

function itemsOf(items: SNode | undefined): VolumeView['secretItems'] {
  if (!isSeq(items)) return undefined;
  return items.items.flatMap((i) => {
    const key = getStr(i, 'key');
    const p = getStr(i, 'path');
    return key !== undefined && p !== undefined ? [{ key, path: p }] : [];
  });
}

export function envValue(container: ContainerView, name: string): EnvVar | undefined {
  return container.env.find((e) => e.name === name);
}

/** What a container finds at an absolute path: which mount and volume provide it, and the path inside the volume. */
export interface FileSource {
  mount: VolumeMount;
  volume: VolumeView | undefined;
  /** Path of the file relative to the volume's root ('' for the mount point itself). */
  relative: string;
}

/**
 * A mount path normalized without trailing slashes ('/' for the root), and its written length without them.
 * A workspace has few distinct mount paths, asked for by every workload's checks: each is worked out once (a bounded cache).
 */
const mountPaths = new Map<string, { normalized: string; writtenLength: number }>();

function mountPathOf(mount: VolumeMount): { normalized: string; writtenLength: number } {
  let known = mountPaths.get(mount.mountPath);
  if (!known) {
    if (mountPaths.size >= 1024) mountPaths.clear();
    known = { normalized: path.posix.normalize(mount.mountPath).replace(/\/+$/, '') || '/', writtenLength: mount.mountPath.replace(/\/+$/, '').length };
    mountPaths.set(mount.mountPath, known);
  }
  return known;
}

export function fileSource(workload: WorkloadView, container: ContainerView, filePath: string, extraMounts: VolumeMount[] = []): FileSource | undefined {
  const normalized = path.posix.normalize(filePath);
  let best: VolumeMount | undefined;
  for (const mounts of [container.volumeMounts, extraMounts]) {
    for (const mount of mounts) {
      const mountPath = mountPathOf(mount).normalized;
      const under = normalized === mountPath || normalized.startsWith(mountPath === '/' ? '/' : `${mountPath}/`);
      if (under && (!best || mountPath.length > mountPathOf(best).writtenLength)) best = mount;
    }
  }
  if (!best) return undefined;
  const bestPath = mountPathOf(best).normalized;
  const mountPath = bestPath === '/' ? '' : bestPath;
  let relative = normalized.slice(mountPath.length).replace(/^\/+/, '');
  if (best.subPath) relative = relative === '' ? best.subPath : path.posix.join(best.subPath, relative);
  return { mount: best, volume: workload.volumes.find((v) => v.name === best!.name), relative };
}

/** The token source a volume serves at a relative path, if any. */
export function tokenAt(volume: VolumeView | undefined, relative: string): TokenSource | undefined {
  return volume?.tokens.find((t) => {
    const p = str(t.path?.value);
    return p !== undefined && path.posix.normalize(p) === relative;
  });
}

/** The key of a secret volume that is served at a relative path (undefined when the path is not one of its files). */
export function secretKeyAt(volume: VolumeView | undefined, relative: string): string | undefined {
  if (!volume || volume.secretNames.length === 0 || relative === '') return undefined;
  if (volume.secretItems) return volume.secretItems.find((i) => path.posix.normalize(i.path) === relative)?.key;
  return relative.includes('/') ? undefined : relative;
}

/** The file path a mount and a token source expose, for messages and fixes. */
export function mountedFilePath(mount: VolumeMount, relative: string): string {
  return path.posix.join(mount.mountPath, relative);
}
