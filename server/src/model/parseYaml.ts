import { MapNode, OffsetRange, Pair, ScalarNode, SeqNode, SNode } from './node';
import { readYamlDocuments } from './yamlFromDocument';
import { readYamlEvents } from './yamlFromEvents';
import type { ParsedYamlDoc } from './yamlTree';

export type { ParsedYamlDoc } from './yamlTree';

/**
 * Reads a YAML text (a whole stream or one document chunk of it) whose first
 * character is at `base` in the file. Well-formed text takes the fast reader;
 * anything it declines (errors above all) the tolerant one, which reports
 * every error and still returns what it could read. Both give the same tree.
 */
export function parseYaml(text: string, base = 0): ParsedYamlDoc[] {
  const fast = readYamlEvents(text, base);
  if (fast) return fast;
  const docs = readYamlDocuments(text);
  return base === 0 ? docs : docs.map((doc) => shiftDoc(doc, base));
}

export function shiftDoc(doc: ParsedYamlDoc, delta: number): ParsedYamlDoc {
  const memo = new Map<SNode, SNode>();
  return {
    root: doc.root && shiftNode(doc.root, delta, memo),
    range: shiftRange(doc.range, delta),
    errors: doc.errors.map((e) => ({ ...e, range: shiftRange(e.range, delta) })),
  };
}

function shiftRange(range: OffsetRange, delta: number): OffsetRange {
  return [range[0] + delta, range[1] + delta];
}

/** A copy with every offset moved; aliased (shared) nodes stay shared. */
function shiftNode(node: SNode, delta: number, memo: Map<SNode, SNode>): SNode {
  const done = memo.get(node);
  if (done) return done;
  switch (node.type) {
    case 'scalar': {
      const out = new ScalarNode(node.start + delta, node.end + delta, node.tag, node.value, node.quoted);
      memo.set(node, out);
      return out;
    }
    case 'seq': {
      const out = new SeqNode(node.start + delta, node.end + delta, node.tag);
      memo.set(node, out);
      for (const item of node.items) out.items.push(shiftNode(item, delta, memo));
      return out;
    }
    case 'map': {
      const out = new MapNode(node.start + delta, node.end + delta, node.tag);
      memo.set(node, out);
      for (const pair of node.pairs) out.pairs.push(new Pair(pair.key, pair.keyStart + delta, pair.keyEnd + delta, shiftNode(pair.value, delta, memo), pair.merged));
      return out;
    }
  }
}
