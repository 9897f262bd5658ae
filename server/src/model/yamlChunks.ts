import { MapNode, OffsetRange, SNode } from './node';
import { ParsedYamlDoc, parseYaml } from './parseYaml';

/**
 * A multi-document YAML file is parsed per document chunk (the text from one
 * `---` line to the next), and a re-parse after an edit reuses every chunk
 * whose text did not change: typing in one manifest of a 3,000-line file
 * costs the parse of that manifest, not of the file. A `---` at column 0 is
 * always a document marker in YAML (even inside block scalars), so the split
 * is exact.
 */
export interface YamlChunk {
  text: string;
  start: number;
  docs: ParsedYamlDoc[];
}

const MARKER = /^---(?=[ \t]|\r?$)/gm;

export function parseYamlChunked(text: string, previous: ReadonlyArray<YamlChunk> = []): YamlChunk[] {
  const starts = [0];
  for (const match of text.matchAll(MARKER)) if (match.index! > 0) starts.push(match.index!);
  const reusable = new Map<string, YamlChunk>();
  for (const chunk of previous) if (!reusable.has(chunk.text)) reusable.set(chunk.text, chunk);
  return starts.map((start, i) => {
    const chunkText = text.slice(start, starts[i + 1] ?? text.length);
    const old = reusable.get(chunkText);
    if (old) return old.start === start ? old : { text: chunkText, start, docs: old.docs.map((d) => shiftDoc(d, start - old.start)) };
    const docs = parseYaml(chunkText);
    return { text: chunkText, start, docs: start === 0 ? docs : docs.map((d) => shiftDoc(d, start)) };
  });
}

function shiftDoc(doc: ParsedYamlDoc, delta: number): ParsedYamlDoc {
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
  const range = shiftRange(node.range, delta);
  switch (node.type) {
    case 'scalar': {
      const out = { ...node, range };
      memo.set(node, out);
      return out;
    }
    case 'seq': {
      const out = { ...node, range, items: [] as SNode[] };
      memo.set(node, out);
      for (const item of node.items) out.items.push(shiftNode(item, delta, memo));
      return out;
    }
    case 'map': {
      const out: MapNode = { ...node, range, pairs: [] };
      memo.set(node, out);
      for (const pair of node.pairs) out.pairs.push({ ...pair, keyRange: shiftRange(pair.keyRange, delta), value: shiftNode(pair.value, delta, memo) });
      return out;
    }
  }
}
