import { OffsetRange, Pair, SNode } from '../model/node';

export interface NodeHit {
  /** Keys from the root; '[]' for sequence items. */
  path: string[];
  pair: Pair | undefined;
  node: SNode;
  onKey: boolean;
}

function contains(range: OffsetRange, offset: number): boolean {
  return offset >= range[0] && offset <= range[1];
}

/** The innermost key or value under the cursor. */
export function nodeAt(root: SNode | undefined, offset: number): NodeHit | undefined {
  let hit: NodeHit | undefined;
  let node = root;
  const path: string[] = [];
  const seen = new Set<SNode>();
  while (node && !seen.has(node)) {
    seen.add(node);
    if (node.type === 'map') {
      const pair = node.pairs.find((p) => !p.merged && (contains(p.keyRange, offset) || contains(p.value.range, offset)));
      if (!pair) break;
      path.push(pair.key);
      if (contains(pair.keyRange, offset)) return { path: [...path], pair, node: pair.value, onKey: true };
      hit = { path: [...path], pair, node: pair.value, onKey: false };
      node = pair.value;
    } else if (node.type === 'seq') {
      const item = node.items.find((i) => contains(i.range, offset));
      if (!item) break;
      path.push('[]');
      node = item;
    } else {
      break;
    }
  }
  return hit;
}
