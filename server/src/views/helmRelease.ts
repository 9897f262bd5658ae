import { memoized } from '../model/memo';
import { get, getStr, isMap, isScalar, isSeq, MapNode, Pair, pairOf, ScalarNode, str } from '../model/node';
import { IRSA_ROLE_ANNOTATION } from './serviceAccount';

/**
 * A Helm release declared for a GitOps controller: a Flux `HelmRelease`
 * (helm.toolkit.fluxcd.io) or an Argo CD `Application` (argoproj.io) whose
 * source is a chart. What sts-lens reads is where the release installs and
 * the values written inline (Flux `spec.values`, Argo CD
 * `helm.valuesObject`), which is where GitOps repositories keep the role of
 * a chart's ServiceAccount.
 */
export interface HelmReleaseView {
  /** "HelmRelease external-dns", "Application cert-manager". */
  describe: string;
  /**
   * The namespace the chart's objects go to: Flux's `spec.targetNamespace`,
   * else the HelmRelease's own; Argo CD's `spec.destination.namespace`.
   */
  namespace: string | undefined;
  /** Whether the namespace is Flux's `targetNamespace` (a Kustomize namespace does not change it). */
  targetNamespace: boolean;
  /** The inline values of each chart source. */
  values: MapNode[];
  /** Values also come from elsewhere that may set the same keys later (Argo CD `parameters`, a values string). */
  overriddenPaths: Set<string>;
}

/** A ServiceAccount a chart creates, as its values describe it: `<path>.serviceAccount.{create,name,annotations}`. */
export interface ChartServiceAccount {
  /** The values path of the `serviceAccount` map (`serviceAccount`, `controller.serviceAccount`). */
  path: string;
  /** `name`: charts made with `helm create` name the ServiceAccount after it; undefined when not written. */
  name: ScalarNode | undefined;
  /** The `eks.amazonaws.com/role-arn` annotation, when written. */
  roleArn: Pair | undefined;
}

/** How deep `serviceAccount` maps are looked for in the values (charts nest them under a component: `controller.serviceAccount`). */
const MAX_VALUES_DEPTH = 3;

export const helmReleaseView = memoized(readHelmRelease);

function readHelmRelease(root: MapNode): HelmReleaseView {
  const kind = getStr(root, 'kind') ?? '';
  const name = getStr(root, 'metadata', 'name') ?? '';
  const overriddenPaths = new Set<string>();
  if (kind === 'HelmRelease') {
    const target = getStr(root, 'spec', 'targetNamespace');
    const values = get(root, 'spec', 'values');
    return {
      describe: `HelmRelease ${name}`,
      namespace: target ?? getStr(root, 'metadata', 'namespace'),
      targetNamespace: target !== undefined,
      values: isMap(values) ? [values] : [],
      overriddenPaths,
    };
  }
  // An Argo CD Application: one source, or several.
  const spec = get(root, 'spec');
  const sources = isSeq(get(spec, 'sources')) ? (get(spec, 'sources') as { items: unknown[] }).items : [get(spec, 'source')];
  const values: MapNode[] = [];
  for (const source of sources) {
    const helm = get(source as MapNode, 'helm');
    const object = get(helm, 'valuesObject');
    if (isMap(object)) values.push(object);
    // A values string and parameters are merged over valuesObject: what they set is not known here.
    if (isScalar(get(helm, 'values')) && str(get(helm, 'values'))?.trim()) overriddenPaths.add('*');
    const parameters = get(helm, 'parameters');
    if (isSeq(parameters)) for (const p of parameters.items) overriddenPaths.add(getStr(p, 'name') ?? '*');
  }
  return { describe: `Application ${name}`, namespace: getStr(spec, 'destination', 'namespace'), targetNamespace: true, values, overriddenPaths };
}

/**
 * The namespace a release installs into, as a Kustomize overlay renders it
 * when one does: Flux's targetNamespace or Argo CD's destination whatever the
 * overlay does, else the HelmRelease's own namespace as rendered.
 */
export function installNamespace(view: HelmReleaseView, rendering?: { namespace: string | undefined }): string | undefined {
  return view.targetNamespace || !rendering ? view.namespace : rendering.namespace;
}

/** The ServiceAccounts a release's inline values create (`create: false` ones are another manifest's). */
export function chartServiceAccounts(view: HelmReleaseView): ChartServiceAccount[] {
  const out: ChartServiceAccount[] = [];
  const walk = (map: MapNode, prefix: string, depth: number) => {
    for (const pair of map.pairs) {
      if (!isMap(pair.value)) continue;
      const path = prefix ? `${prefix}.${pair.key}` : pair.key;
      if (pair.key === 'serviceAccount') {
        const create = get(pair.value, 'create');
        if (isScalar(create) && (create.value === false || create.value === 'false')) continue;
        const name = get(pair.value, 'name');
        const annotations = get(pair.value, 'annotations');
        out.push({
          path,
          name: isScalar(name) && typeof name.value === 'string' && name.value !== '' ? name : undefined,
          roleArn: isMap(annotations) ? pairOf(annotations, IRSA_ROLE_ANNOTATION) : undefined,
        });
      } else if (depth < MAX_VALUES_DEPTH) walk(pair.value, path, depth + 1);
    }
  };
  for (const values of view.values) walk(values, '', 1);
  return out.filter((sa) => !overridden(view, sa.path));
}

/** Whether Argo CD parameters (or a values string) may set something under the path. */
function overridden(view: HelmReleaseView, path: string): boolean {
  if (view.overriddenPaths.has('*')) return true;
  for (const p of view.overriddenPaths) if (p === path || p.startsWith(`${path}.`) || path.startsWith(`${p}.`)) return true;
  return false;
}
