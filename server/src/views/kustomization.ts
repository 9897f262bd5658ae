import { memoized } from '../model/memo';
import { isMap, isScalar, isSeq, MapNode, Pair, pairOf, ScalarNode, SNode, str } from '../model/node';

/** A `resources` (or legacy `bases`) entry: a file or a folder with its own kustomization. */
export interface KustomizeResource {
  path: string;
  node: ScalarNode;
}

/** Which resources a patch applies to: its `target`, else the kind and name the patch itself names. */
export interface PatchTarget {
  kind?: string;
  name?: string;
  /** A label or annotation selector: which resources it picks is not read here. */
  selector: boolean;
}

/** A patch of `patches` or `patchesStrategicMerge`: a file, or the patch text itself. */
export interface KustomizePatch {
  path?: string;
  inline?: string;
  target?: PatchTarget;
  node: SNode;
}

/** What kustomize would do that sts-lens does not: the key (or entry) and what it is, in words. */
export interface KustomizeUnsupported {
  node: SNode;
  range: readonly [number, number];
  what: string;
  /**
   * Whether it can change a resource's name, namespace or annotations: then
   * the resources of every overlay that includes it are not checked, since
   * what they become is not known.
   */
  changesIdentity: boolean;
}

export interface KustomizationView {
  resources: KustomizeResource[];
  namespace: string | undefined;
  namespaceNode: ScalarNode | undefined;
  namePrefix: string;
  nameSuffix: string;
  patches: KustomizePatch[];
  commonAnnotations: Pair[];
  unsupported: KustomizeUnsupported[];
}

/** Fields that only add resources sts-lens does not see (what they add is simply not checked). */
const ADDS_RESOURCES: Record<string, string> = {
  configMapGenerator: 'ConfigMap generators',
  secretGenerator: 'Secret generators',
  generators: 'generator plugins',
  helmCharts: 'Helm chart inflation',
  helmChartInflationGenerator: 'Helm chart inflation',
};

/** Fields that can rename, move or annotate resources: their overlays' resources are not checked. */
const CHANGES_IDENTITY: Record<string, string> = {
  components: 'components',
  replacements: 'replacements',
  vars: 'vars',
  patchesJson6902: 'JSON 6902 patches',
  transformers: 'transformer plugins',
  configurations: 'transformer configurations',
  nameReference: 'name references',
};

/** A remote base: a URL, a git or GitHub address (kustomize fetches it; sts-lens does not). */
export const REMOTE_RESOURCE = /^[a-z][a-z0-9+.-]*:\/\/|^git@|^(github\.com|gitlab\.com|bitbucket\.org)\/|\?ref=/i;

function strings(node: SNode | undefined): ScalarNode[] {
  if (!isSeq(node)) return [];
  return node.items.filter((item): item is ScalarNode => isScalar(item) && typeof item.value === 'string');
}

function readKustomization(root: MapNode): KustomizationView {
  const view: KustomizationView = { resources: [], namespace: undefined, namespaceNode: undefined, namePrefix: '', nameSuffix: '', patches: [], commonAnnotations: [], unsupported: [] };
  const namespace = pairOf(root, 'namespace')?.value;
  if (isScalar(namespace) && typeof namespace.value === 'string' && namespace.value) {
    view.namespace = namespace.value;
    view.namespaceNode = namespace;
  }
  view.namePrefix = str(pairOf(root, 'namePrefix')?.value) ?? '';
  view.nameSuffix = str(pairOf(root, 'nameSuffix')?.value) ?? '';
  const annotations = pairOf(root, 'commonAnnotations')?.value;
  if (isMap(annotations)) view.commonAnnotations = annotations.pairs;
  for (const key of ['resources', 'bases']) {
    for (const node of strings(pairOf(root, key)?.value)) {
      const value = (node.value as string).trim();
      if (REMOTE_RESOURCE.test(value)) view.unsupported.push({ node, range: node.range, what: `remote base ${value}`, changesIdentity: false });
      else view.resources.push({ path: value, node });
    }
  }
  for (const node of strings(pairOf(root, 'patchesStrategicMerge')?.value)) {
    const value = node.value as string;
    // An entry is a file path, or the patch itself written inline (it then spans lines or starts like YAML).
    if (/\n|^\s*(apiVersion|kind|metadata)\s*:/.test(value)) view.patches.push({ inline: value, node });
    else view.patches.push({ path: value.trim(), node });
  }
  const patches = pairOf(root, 'patches')?.value;
  for (const entry of isSeq(patches) ? patches.items : []) {
    if (!isMap(entry)) continue;
    const patchPath = str(pairOf(entry, 'path')?.value);
    const inline = str(pairOf(entry, 'patch')?.value);
    const targetNode = pairOf(entry, 'target')?.value;
    const target: PatchTarget | undefined = isMap(targetNode)
      ? {
          kind: str(pairOf(targetNode, 'kind')?.value),
          name: str(pairOf(targetNode, 'name')?.value),
          selector: pairOf(targetNode, 'labelSelector') !== undefined || pairOf(targetNode, 'annotationSelector') !== undefined,
        }
      : undefined;
    if (target?.selector) {
      view.unsupported.push({ node: entry, range: entry.range, what: 'a patch whose target is a label or annotation selector', changesIdentity: true });
      continue;
    }
    if (patchPath !== undefined) view.patches.push({ path: patchPath.trim(), target, node: entry });
    else if (inline !== undefined) view.patches.push({ inline, target, node: entry });
  }
  for (const pair of root.pairs) {
    const adds = ADDS_RESOURCES[pair.key];
    const changes = CHANGES_IDENTITY[pair.key];
    if (adds || changes) view.unsupported.push({ node: pair.value, range: pair.keyRange, what: `${adds ?? changes} (${pair.key})`, changesIdentity: !!changes });
  }
  view.unsupported.sort((a, b) => a.range[0] - b.range[0]);
  return view;
}

export const kustomizationView = memoized(readKustomization);
