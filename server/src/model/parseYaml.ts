import { Alias, Document, isAlias, isMap, isPair, isScalar, isSeq, Node as YamlNode, parseAllDocuments } from 'yaml';
import { MapNode, OffsetRange, Pair, ScalarValue, SNode } from './node';
import { SyntaxIssue } from './parsedFile';

/** Aliases resolved per document; past this the document is reported, not expanded (alias bombs). */
export const MAX_ALIASES = 1_000;

export interface ParsedYamlDoc {
  root: SNode | undefined;
  range: OffsetRange;
  errors: SyntaxIssue[];
}

export function parseYaml(text: string): ParsedYamlDoc[] {
  const docs = parseAllDocuments(text, { merge: true, prettyErrors: false, uniqueKeys: true, strict: true });
  // A stream that is only a comment or blank yields an EmptyStream, not an array.
  if (!Array.isArray(docs)) return [];
  return docs.map((doc) => convertDocument(doc, text));
}

function convertDocument(doc: Document.Parsed, text: string): ParsedYamlDoc {
  const errors: SyntaxIssue[] = doc.errors.map((e) => ({
    range: clampRange([e.pos[0], Math.max(e.pos[1], e.pos[0] + 1)], text),
    message: e.message.split('\n')[0],
  }));
  const converter = new Converter(doc);
  let root: SNode | undefined;
  try {
    root = converter.convert(doc.contents as YamlNode | null);
  } catch (e) {
    if (!(e instanceof AliasLimitError)) throw e;
    errors.push({ range: e.range, message: `More than ${MAX_ALIASES} aliases in one document: not expanded (an alias bomb?)` });
    root = undefined;
  }
  return { root, range: [doc.range[0], doc.range[2]], errors };
}

class AliasLimitError extends Error {
  constructor(readonly range: OffsetRange) {
    super('alias limit');
  }
}

class Converter {
  private readonly converted = new Map<YamlNode, SNode>();
  private aliases = 0;

  constructor(private readonly doc: Document.Parsed) {}

  convert(node: YamlNode | null | undefined, fallbackAt = 0): SNode | undefined {
    if (node === null || node === undefined) return undefined;
    if (isAlias(node)) return this.resolveAlias(node);
    const done = this.converted.get(node);
    if (done) return done;
    const range: OffsetRange = node.range ? [node.range[0], node.range[1]] : [fallbackAt, fallbackAt];
    const tag = node.tag && !node.tag.startsWith('tag:yaml.org,2002:') ? node.tag : undefined;
    let out: SNode;
    if (isScalar(node)) {
      out = {
        type: 'scalar',
        range,
        tag,
        value: scalarValue(node.value, node.source),
        quoted: node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE' || node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED',
      };
      this.converted.set(node, out);
    } else if (isSeq(node)) {
      const seq = { type: 'seq' as const, range, tag, items: [] as SNode[] };
      this.converted.set(node, seq);
      for (const item of node.items) {
        const converted = this.convert(item as YamlNode, range[1]);
        if (converted) seq.items.push(converted);
        else seq.items.push(nullAt(range[1]));
      }
      out = seq;
    } else if (isMap(node)) {
      const map: MapNode = { type: 'map', range, tag, pairs: [] };
      this.converted.set(node, map);
      for (const item of node.items) this.addPair(map, item);
      out = map;
    } else {
      out = nullAt(range[0]);
    }
    return out;
  }

  private resolveAlias(alias: Alias): SNode | undefined {
    if (++this.aliases > MAX_ALIASES) {
      throw new AliasLimitError(alias.range ? [alias.range[0], alias.range[1]] : [0, 1]);
    }
    // Anchors precede their aliases, so the target is already converted: share it.
    const target = alias.resolve(this.doc);
    return target ? this.convert(target) : undefined;
  }

  private addPair(map: MapNode, item: unknown): void {
    if (!isPair(item)) return;
    const keyNode = item.key as YamlNode | null;
    const keyRange: OffsetRange = keyNode && keyNode.range ? [keyNode.range[0], keyNode.range[1]] : [map.range[0], map.range[0]];
    const isMerge = isScalar(keyNode) && typeof keyNode.value === 'symbol';
    const valueAt = keyRange[1];
    const value = this.convert(item.value as YamlNode | null, valueAt) ?? nullAt(valueAt);
    if (isMerge) {
      // `<<: *base` or `<<: [*a, *b]`: earlier sources win, and keys written in this map win over all.
      const sources = value.type === 'seq' ? value.items : [value];
      for (const source of sources) {
        if (source.type !== 'map') continue;
        for (const pair of source.pairs) {
          if (!map.pairs.some((p) => p.key === pair.key)) map.pairs.push({ ...pair, merged: true });
        }
      }
      return;
    }
    const key = isScalar(keyNode) ? String(keyNode.value) : keyNode ? String(keyNode) : '';
    const pair: Pair = { key, keyRange, value };
    const merged = map.pairs.findIndex((p) => p.key === key && p.merged);
    if (merged >= 0) map.pairs.splice(merged, 1);
    map.pairs.push(pair);
  }
}

function scalarValue(value: unknown, source: unknown): ScalarValue {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return typeof source === 'string' ? source : value.toISOString();
  switch (typeof value) {
    case 'string':
    case 'number':
    case 'boolean':
    case 'bigint':
      return value;
    default:
      return String(source ?? value);
  }
}

function nullAt(offset: number): SNode {
  return { type: 'scalar', range: [offset, offset], value: null, quoted: false };
}

/** Keeps an error inside the text; one found at the very end marks the last character written. */
function clampRange(range: OffsetRange, text: string): OffsetRange {
  if (range[0] >= text.length) {
    const last = text.trimEnd().length;
    return last > 0 ? [last - 1, last] : [0, 0];
  }
  return [range[0], Math.max(range[0] + 1, Math.min(range[1], text.length))];
}
