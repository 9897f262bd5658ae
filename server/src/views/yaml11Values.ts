import { memoizedOn } from '../model/memo';
import { getStr, isMap, isScalar, isSeq, MapNode, ScalarNode, SNode } from '../model/node';
import { Yaml11Difference, yaml11Difference } from '../model/yaml11';

/**
 * Where in a Kubernetes manifest a plain scalar's YAML 1.1 reading matters:
 * - `string`: a field the API types as a string (label and annotation values,
 *   names, ConfigMap/Secret data, env values, a CredentialsRequest's secretRef
 *   and serviceAccountNames): a boolean or number there is refused;
 * - `provider-spec`: a string field of a CredentialsRequest's AWS providerSpec,
 *   which the API server keeps as it is and ccoctl and the Cloud Credential
 *   Operator fail to decode;
 * - `free-form`: a value inside a statement entry's policyCondition, passed on
 *   as it is into the role policy.
 */
export type Yaml11Place = 'string' | 'provider-spec' | 'free-form';

export interface Yaml11Value extends Yaml11Difference {
  node: ScalarNode;
  /** Map keys and sequence indexes from the document root. */
  path: Array<string | number>;
  place: Yaml11Place;
  /** What the field is, in the user's words: `label value`, `metadata.name`. */
  what: string;
}

/**
 * The plain scalars of a Kubernetes manifest (a map with a string apiVersion
 * and kind) whose YAML 1.1 reading differs from sts-lens's YAML 1.2 one, at
 * places where that changes what Kubernetes accepts or uses.
 */
export const yaml11Values = memoizedOn(
  // A document an edit did not touch keeps its tree (and its text, at the same offsets): its values are read once.
  (root: MapNode, _text: string) => root,
  readYaml11Values,
);

function readYaml11Values(root: MapNode, text: string): Yaml11Value[] {
  const kind = getStr(root, 'kind');
  if (!kind || !getStr(root, 'apiVersion')) return [];
  const found: Yaml11Value[] = [];
  // Only an alias (`*name`, merges included) shares a node between two places: a text where no `*` can start one is a tree.
  const seen = mayHoldAlias(text) ? new Set<SNode>() : undefined;
  // One path for the whole walk, grown and shrunk on the way (its depth is the nesting depth); a value found keeps a copy.
  const path: Array<string | number> = [];
  const walk = (node: SNode, depth: number) => {
    // Aliases make the tree a DAG: each node once; nesting is bounded.
    if (depth > 64 || seen?.has(node)) return;
    seen?.add(node);
    if (isMap(node)) {
      for (const pair of node.pairs) {
        path.push(pair.key);
        walk(pair.value, depth + 1);
        path.pop();
      }
    } else if (isSeq(node)) {
      for (let i = 0; i < node.items.length; i++) {
        path.push(i);
        walk(node.items[i], depth + 1);
        path.pop();
      }
    } else if (isScalar(node)) {
      // Most scalars read the same in YAML 1.1, which is quicker to tell than where they are.
      const difference = yaml11Difference(node, text);
      if (!difference) return;
      const place = placeOf(kind, path);
      if (!place) return;
      found.push({ ...difference, node, path: [...path], ...place });
    }
  };
  walk(root, 0);
  return found;
}

/**
 * Where an alias can start: at a line's start or after a blank (JavaScript's `\s` includes the BOM), a flow
 * indicator, or a `:` (a flow value next to a quoted key, `"a":*b`). A `*` inside a word (`bucket/*`) starts none.
 */
const MAY_HOLD_ALIAS = /(?:^|[\s[{,:])\*/;
/** The last text asked about: the documents of a file share its text, and a file of hundreds of them is read once. */
let lastText: string | undefined;
let lastAnswer = true;

function mayHoldAlias(text: string): boolean {
  if (text !== lastText) {
    lastAnswer = MAY_HOLD_ALIAS.test(text);
    lastText = text;
  }
  return lastAnswer;
}

function placeOf(kind: string, path: Array<string | number>): { place: Yaml11Place; what: string } | undefined {
  const n = path.length;
  const last = path[n - 1];
  const parent = path[n - 2];
  if (parent === 'labels' && path[n - 3] === 'metadata') return { place: 'string', what: 'label value' };
  if (parent === 'annotations' && path[n - 3] === 'metadata') return { place: 'string', what: 'annotation value' };
  if (parent === 'matchLabels' || parent === 'nodeSelector') return { place: 'string', what: `${parent} value` };
  if (parent === 'metadata' && (last === 'name' || last === 'namespace' || last === 'generateName')) return { place: 'string', what: `metadata.${last}` };
  if (n === 2 && (kind === 'ConfigMap' || kind === 'Secret') && (path[0] === 'data' || path[0] === 'stringData')) return { place: 'string', what: `${kind} ${path[0]} value` };
  if (typeof parent === 'number' && path[n - 3] === 'env' && (last === 'value' || last === 'name')) return { place: 'string', what: `environment variable ${last}` };
  if (last === 'serviceAccountName') return { place: 'string', what: 'serviceAccountName' };
  if (kind === 'CredentialsRequest') return credentialsRequestPlace(path);
  return undefined;
}

function credentialsRequestPlace(path: Array<string | number>): { place: Yaml11Place; what: string } | undefined {
  const [spec, field, ...rest] = path;
  if (spec !== 'spec') return undefined;
  if (field === 'secretRef' && rest.length === 1 && (rest[0] === 'name' || rest[0] === 'namespace')) return { place: 'string', what: `secretRef.${rest[0]}` };
  if (field === 'serviceAccountNames' && rest.length === 1) return { place: 'string', what: 'service account name' };
  if (field !== 'providerSpec') return undefined;
  if (rest.length === 1 && rest[0] === 'kind') return { place: 'provider-spec', what: 'providerSpec.kind' };
  const [entries, index, key] = rest;
  if (entries !== 'statementEntries' || typeof index !== 'number') return undefined;
  if (key === 'policyCondition' && rest.length > 3) return { place: 'free-form', what: 'policyCondition value' };
  if ((key === 'effect' || key === 'resource') && rest.length === 3) return { place: 'provider-spec', what: `statement entry ${key}` };
  if (key === 'action' && (rest.length === 3 || (rest.length === 4 && typeof rest[3] === 'number'))) return { place: 'provider-spec', what: 'statement entry action' };
  return undefined;
}
