import { keptWhileSame } from '../model/memo';
import { getStr, isMap, MapNode } from '../model/node';
import { ParsedFile, SourceDoc } from '../model/parsedFile';
import { byProximity, literalIssuersNear } from '../crossFile/clusterFacts';
import { eksctlAccounts } from '../crossFile/eksctlServiceAccounts';
import { SecretView, secretView } from '../views/secret';
import { ServiceAccountView, serviceAccountView } from '../views/serviceAccount';
import { workloadView, WorkloadView } from '../views/workload';
import type { Located, NeighbourFacts, PublicKeyFile } from './folderFacts';
import { IndexedDoc, WorkspaceIndex } from './workspaceIndex';

function sameNamespace(a: string | undefined, b: string | undefined): boolean {
  return a === undefined || b === undefined || a === b;
}

/** A view with where it was found; the file is the index's current one (see IndexedDoc). */
class LocatedDoc<T> implements Located<T> {
  constructor(
    readonly view: T,
    private readonly entry: IndexedDoc,
  ) {}

  get file(): ParsedFile {
    return this.entry.file;
  }

  get doc(): SourceDoc {
    return this.entry.doc;
  }
}

/** Views of every document of a kind, built once per state of the index. */
function located<T>(index: WorkspaceIndex, kind: SourceDoc['kind'], name: string, view: (root: MapNode) => T | undefined): Array<Located<T>> {
  return index.derived(
    `located:${kind}:${name}`,
    () => {
      let kept = wrappers.get(name);
      if (!kept) wrappers.set(name, (kept = new WeakMap()));
      const out: Array<Located<T>> = [];
      for (const entry of index.docsOfKind(kind)) {
        let wrapped = kept.get(entry) as LocatedDoc<T> | null | undefined;
        if (wrapped === undefined) {
          const v = isMap(entry.doc.root) ? view(entry.doc.root) : undefined;
          kept.set(entry, (wrapped = v === undefined ? null : new LocatedDoc(v, entry)));
        }
        if (wrapped) out.push(wrapped);
      }
      return out;
    },
    [kind],
  );
}

/** View name -> an entry's located view (null: none), kept with the entry, which the index keeps while its document is unchanged. */
const wrappers = new Map<string, WeakMap<IndexedDoc, LocatedDoc<unknown> | null>>();

const asMap = (root: MapNode) => root;

/** Name -> candidates, so a lookup costs a map access, not a scan of the workspace. */
function byName<T extends { name: string }>(index: WorkspaceIndex, key: string, kind: SourceDoc['kind'], items: () => Array<Located<T>>): Map<string, Array<Located<T>>> {
  return index.derived(key, () => {
    const out = new Map<string, Array<Located<T>>>();
    for (const item of items()) {
      const list = out.get(item.view.name);
      if (list) list.push(item);
      else out.set(item.view.name, [item]);
    }
    return out;
  }, [kind]);
}

/** The workspace's Secrets of a name, in workspace order. */
export function secretsNamed(index: WorkspaceIndex, name: string): ReadonlyArray<Located<SecretView>> {
  return byName(index, 'secret-by-name', 'secret', () => located(index, 'secret', 'secret', secretView)).get(name) ?? [];
}

/**
 * The same questions the folder answers, answered for the whole workspace:
 * a ServiceAccount or Secret may live anywhere. When several match, the one
 * nearest to the asking file (by folder) wins.
 */
export function indexFacts(index: WorkspaceIndex, file: ParsedFile, publicKeys: () => PublicKeyFile[]): NeighbourFacts {
  const serviceAccounts = () => located(index, 'service-account', 'sa', serviceAccountView);
  const nearest = <T extends { namespace: string | undefined }>(candidates: ReadonlyArray<Located<T>> | undefined, namespace: string | undefined) =>
    byProximity(file, (candidates ?? []).filter((c) => sameNamespace(c.view.namespace, namespace)))[0];
  return {
    serviceAccounts,
    serviceAccount: (name, namespace) => nearest<ServiceAccountView>(byName(index, 'sa-by-name', 'service-account', serviceAccounts).get(name), namespace),
    // Any cluster's: a workload is never reported for a mount that the webhook may add.
    createdByEksctl: (name, namespace) => eksctlAccounts(index).some((a) => !a.entry.roleOnly && a.name === name && sameNamespace(a.namespace, namespace)),
    secret: (name, namespace) => nearest<SecretView>(secretsNamed(index, name), namespace),
    namespace: (name) => located(index, 'namespace', 'map', asMap).find((n) => getStr(n.view, 'metadata', 'name') === name),
    workloads: () => located<WorkloadView>(index, 'workload', 'workload', workloadView),
    docs: (kind) => located(index, kind, 'map', asMap),
    publicKeys,
    issuer: () => literalIssuersNear(file, index)[0]?.url,
    memo: (key, kinds, compute) => keptFacts(key, [index, file.fsPath, ...kinds.map((kind) => index.docsOfKind(kind))], compute),
  };
}

/** NeighbourFacts.memo: the index keeps a kind's list as the same array while no document of that kind changes. */
const keptFacts = keptWhileSame<object, unknown>() as <T>(key: object, inputs: ReadonlyArray<unknown>, compute: () => T) => T;
