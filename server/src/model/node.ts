/**
 * One tree shape for YAML and JSON documents, so views and rules read both the
 * same way. Offsets are UTF-16 code units into the file's text (what both
 * parsers and LSP positions count in).
 */
export type OffsetRange = readonly [start: number, end: number];

export type ScalarValue = string | number | boolean | null | bigint;

/**
 * Nodes keep their span as two numbers; `range` builds the pair when asked.
 * A workspace holds a few hundred thousand nodes, and a pair array per node
 * (and per key) was a third of the index's memory and of its garbage.
 */
abstract class NodeBase {
  constructor(
    /** Where the value's own span starts in the file text. */
    readonly start: number,
    /** Where it ends; a reader sets it once the collection's last entry is read. */
    public end: number,
    /** YAML tag such as `!Ref`, when one was written. */
    readonly tag: string | undefined,
  ) {}

  /** The value's own span in the file text. */
  get range(): OffsetRange {
    return [this.start, this.end];
  }
}

export class MapNode extends NodeBase {
  readonly type = 'map';
  readonly pairs: Pair[] = [];
}

export class SeqNode extends NodeBase {
  readonly type = 'seq';
  readonly items: SNode[] = [];
}

export class ScalarNode extends NodeBase {
  readonly type = 'scalar';
  constructor(
    start: number,
    end: number,
    tag: string | undefined,
    readonly value: ScalarValue,
    /** True when the source quoted the value (YAML) or it is a JSON string. */
    readonly quoted: boolean,
  ) {
    super(start, end, tag);
  }
}

export type SNode = MapNode | SeqNode | ScalarNode;

/**
 * Gives a finished collection's list a backing store of its exact length.
 * V8 grows an array that is pushed to from empty to room for 16 entries and
 * never trims a short one; a workspace keeps about a hundred thousand small
 * lists, and that room was a fifth of the index's memory, all of it copied
 * by the young-generation collector while a workspace is read.
 */
export function settle(node: MapNode | SeqNode): void {
  if (node.type === 'map') (node as { pairs: Pair[] }).pairs = node.pairs.slice();
  else (node as { items: SNode[] }).items = node.items.slice();
}

export class Pair {
  constructor(
    readonly key: string,
    readonly keyStart: number,
    readonly keyEnd: number,
    readonly value: SNode,
    /** Set when this pair came into the map through a YAML merge key (`<<`). */
    readonly merged?: boolean,
  ) {}

  get keyRange(): OffsetRange {
    return [this.keyStart, this.keyEnd];
  }
}

export function isMap(node: SNode | undefined): node is MapNode {
  return node?.type === 'map';
}
export function isSeq(node: SNode | undefined): node is SeqNode {
  return node?.type === 'seq';
}
export function isScalar(node: SNode | undefined): node is ScalarNode {
  return node?.type === 'scalar';
}

export function pairOf(node: SNode | undefined, key: string): Pair | undefined {
  if (!isMap(node)) return undefined;
  for (const pair of node.pairs) if (pair.key === key) return pair;
  return undefined;
}

/** Follows a path of map keys and sequence indexes. */
export function get(node: SNode | undefined, ...path: Array<string | number>): SNode | undefined {
  let current = node;
  for (const step of path) {
    if (current === undefined) return undefined;
    if (typeof step === 'number') current = isSeq(current) ? current.items[step] : undefined;
    else current = pairOf(current, step)?.value;
  }
  return current;
}

/** A scalar's value as text (numbers and booleans as written), else undefined. */
export function str(node: SNode | undefined): string | undefined {
  if (!isScalar(node) || node.value === null) return undefined;
  return String(node.value);
}

export function getStr(node: SNode | undefined, ...path: Array<string | number>): string | undefined {
  return str(get(node, ...path));
}

/** A YAML `true`, or the string "true" (as Go's YAML-to-JSON loaders of kops and eksctl accept it). */
export function isTrue(node: SNode | undefined): boolean {
  return isScalar(node) && (node.value === true || node.value === 'true');
}

/**
 * Converts a node to plain data, bounded: YAML aliases make the tree a DAG,
 * and a document built to expand exponentially must not exhaust memory.
 */
export function toPlain(node: SNode | undefined, budget = { nodes: 100_000 }): unknown {
  if (node === undefined) return undefined;
  if (--budget.nodes < 0) throw new RangeError('document too large to expand');
  switch (node.type) {
    case 'scalar':
      return node.value;
    case 'seq':
      return node.items.map((item) => toPlain(item, budget));
    case 'map': {
      const out: Record<string, unknown> = {};
      for (const pair of node.pairs) out[pair.key] = toPlain(pair.value, budget);
      return out;
    }
  }
}
