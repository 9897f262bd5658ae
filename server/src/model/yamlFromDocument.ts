import { Alias, Document, isAlias, isMap, isPair, isScalar, isSeq, Node as YamlNode, parseAllDocuments } from 'yaml';
import { MapNode, OffsetRange, Pair, ScalarNode, ScalarValue, SeqNode, SNode } from './node';
import { addWritten, AliasLimitError, aliasLimitIssue, entryLineEnd, MAX_ALIASES, mergeInto, nullAt, ParsedYamlDoc } from './yamlTree';

/**
 * The tolerant reader: the `yaml` package recovers from errors, reporting
 * each one and still returning the rest of the document, which is what an
 * editor needs while the user is half-way through a line. It is the reader
 * for any text the fast reader (yamlFromEvents) declines.
 */
export function readYamlDocuments(text: string): ParsedYamlDoc[] {
  const docs = parseAllDocuments(text, { merge: true, prettyErrors: false, uniqueKeys: true, strict: true });
  // A stream that is only a comment or blank yields an EmptyStream, not an array.
  if (!Array.isArray(docs)) return [];
  return docs.map((doc, i) => convertDocument(doc, text, i === docs.length - 1));
}

/** The last document of the text runs to its end: blank lines and comments after its content are still in it. */
function convertDocument(doc: Document.Parsed, text: string, last: boolean): ParsedYamlDoc {
  const errors = doc.errors.map((e) => ({
    range: clampRange([e.pos[0], Math.max(e.pos[1], e.pos[0] + 1)], text),
    message: e.message.split('\n')[0],
  }));
  const converter = new Converter(doc, text);
  let root: SNode | undefined;
  try {
    root = converter.convert(doc.contents as YamlNode | null);
  } catch (e) {
    if (!(e instanceof AliasLimitError)) throw e;
    errors.push(aliasLimitIssue(e));
    root = undefined;
  }
  return { root, range: [doc.range[0], last ? text.length : doc.range[2]], errors };
}

class Converter {
  private readonly converted = new Map<YamlNode, SNode>();
  private aliases = 0;

  constructor(
    private readonly doc: Document.Parsed,
    private readonly text: string,
  ) {}

  convert(node: YamlNode | null | undefined, fallbackAt = 0): SNode | undefined {
    if (node === null || node === undefined) return undefined;
    if (isAlias(node)) return this.resolveAlias(node);
    const done = this.converted.get(node);
    if (done) return done;
    const start = node.range ? node.range[0] : fallbackAt;
    const end = node.range ? node.range[1] : fallbackAt;
    const tag = node.tag && !node.tag.startsWith('tag:yaml.org,2002:') ? node.tag : undefined;
    let out: SNode;
    if (isScalar(node)) {
      const quoted = node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE' || node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED';
      out = new ScalarNode(start, end, tag, scalarValue(node.value, node.source), quoted);
      this.converted.set(node, out);
    } else if (isSeq(node)) {
      const seq = new SeqNode(start, end, tag);
      this.converted.set(node, seq);
      for (const item of node.items) seq.items.push(this.convert(item as YamlNode, end) ?? nullAt(end));
      if (!node.flow) seq.end = this.entryEnd(node.items[node.items.length - 1]) ?? end;
      out = seq;
    } else if (isMap(node)) {
      const map = new MapNode(start, end, tag);
      this.converted.set(node, map);
      for (const item of node.items) this.addPair(map, item);
      const last = node.items[node.items.length - 1];
      if (!node.flow && last) map.end = this.entryEnd(last.value ?? last.key) ?? end;
      out = map;
    } else {
      out = nullAt(start);
    }
    return out;
  }

  /** Where a block collection whose last entry is `node` ends (entryLineEnd); `yaml` counts comment lines after it in. */
  private entryEnd(node: unknown): number | undefined {
    if (isAlias(node) && node.range) return entryLineEnd(this.text, node.range[1], false);
    if (isScalar(node) && node.range) {
      if (node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED') return node.range[1];
      return entryLineEnd(this.text, node.range[1], node.range[0] === node.range[1]);
    }
    if ((isMap(node) || isSeq(node)) && node.range) {
      return node.flow ? entryLineEnd(this.text, node.range[1], false) : this.converted.get(node)?.end;
    }
    return undefined;
  }

  private resolveAlias(alias: Alias): SNode | undefined {
    if (++this.aliases > MAX_ALIASES) throw new AliasLimitError(alias.range ? [alias.range[0], alias.range[1]] : [0, 1]);
    // Anchors precede their aliases, so the target is already converted: share it.
    const target = alias.resolve(this.doc);
    return target ? this.convert(target) : undefined;
  }


  private addPair(map: MapNode, item: unknown): void {
    if (!isPair(item)) return;
    const keyNode = item.key as YamlNode | null;
    const keyStart = keyNode && keyNode.range ? keyNode.range[0] : map.start;
    const keyEnd = keyNode && keyNode.range ? keyNode.range[1] : map.start;
    const valueAt = keyEnd;
    const value = this.convert(item.value as YamlNode | null, valueAt) ?? nullAt(valueAt);
    if (isScalar(keyNode) && typeof keyNode.value === 'symbol') return mergeInto(map, value);
    const key = isScalar(keyNode) ? String(keyNode.value) : keyNode ? String(keyNode) : '';
    addWritten(map, new Pair(key, keyStart, keyEnd, value));
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

/** Keeps an error inside the text; one found at the very end marks the last character written. */
function clampRange(range: OffsetRange, text: string): OffsetRange {
  if (range[0] >= text.length) {
    const last = text.trimEnd().length;
    return last > 0 ? [last - 1, last] : [0, 0];
  }
  return [range[0], Math.max(range[0] + 1, Math.min(range[1], text.length))];
}
