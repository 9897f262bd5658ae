import { Alias, Document, isAlias, isMap, isPair, isScalar, isSeq, Node as YamlNode, parseAllDocuments } from 'yaml';
import type { SyntaxIssue } from './parsedFile';
import { describeYamlError, duplicateKeyAt } from './yamlMessages';
import { MapNode, OffsetRange, Pair, ScalarNode, ScalarValue, SeqNode, SNode } from './node';
import { addWritten, AliasLimitError, DepthLimitError, entryLineEnd, LimitError, limitIssue, MAX_ALIASES, MAX_DEPTH, MergeBudget, mergeInto, nullAt, ParsedYamlDoc } from './yamlTree';

/**
 * The tolerant reader: the `yaml` package recovers from errors, reporting
 * each one and still returning the rest of the document, which is what an
 * editor needs while the user is half-way through a line. It is the reader
 * for any text the fast reader (yamlFromEvents) declines.
 */
export function readYamlDocuments(text: string): ParsedYamlDoc[] {
  let docs: Document.Parsed[] | ReturnType<typeof parseAllDocuments>;
  try {
    // Duplicate keys are found while converting: the package's own check compares every pair with every other.
    docs = parseAllDocuments(text, { merge: true, prettyErrors: false, uniqueKeys: false, strict: true });
  } catch (error) {
    // Nesting deep enough to exhaust the stack: one finding for the text, nothing read.
    if (error instanceof RangeError) return [{ root: undefined, range: [0, text.length], errors: [limitIssue(new DepthLimitError([0, Math.min(1, text.length)]))] }];
    throw error;
  }
  // A stream that is only a comment or blank yields an EmptyStream, not an array.
  if (!Array.isArray(docs)) return [];
  return docs.map((doc, i) => convertDocument(doc as Document.Parsed, text, i === docs.length - 1));
}

/** The last document of the text runs to its end: blank lines and comments after its content are still in it. */
function convertDocument(doc: Document.Parsed, text: string, last: boolean): ParsedYamlDoc {
  const errors: SyntaxIssue[] = [];
  // The parser often reports one mistake several times at the same place; the first says it best.
  const seen = new Set<number>();
  for (const e of doc.errors) {
    const width = e.code === 'DUPLICATE_KEY' ? (duplicateKeyAt(text, e.pos[0])?.length ?? 1) : 1;
    const range = clampRange([e.pos[0], Math.max(e.pos[1], e.pos[0] + width)], text);
    // The package catches its own stack overflow on deep nesting and reports it once per level.
    if (/call stack/i.test(e.message)) {
      if (!errors.some((x) => x.limit)) errors.push(limitIssue(new DepthLimitError(range)));
    } else if (!seen.has(e.pos[0])) {
      seen.add(e.pos[0]);
      errors.push({ range, message: describeYamlError(e.code, e.message.split('\n')[0], text, e.pos[0], e.pos[1]) });
    }
  }
  const converter = new Converter(doc, text);
  let root: SNode | undefined;
  if (errors.some((e) => e.limit)) {
    // Past a limit already: nothing is read.
  } else {
    try {
      root = converter.convert(doc.contents as YamlNode | null);
    } catch (e) {
      if (e instanceof LimitError) errors.push(limitIssue(e));
      else if (e instanceof RangeError) errors.push(limitIssue(new DepthLimitError([doc.range[0], doc.range[0] + 1])));
      else throw e;
      root = undefined;
    }
  }
  errors.push(...converter.duplicates);
  errors.sort((a, b) => a.range[0] - b.range[0]);
  return { root, range: [doc.range[0], last ? text.length : doc.range[2]], errors };
}

class Converter {
  private readonly converted = new Map<YamlNode, SNode>();
  /** Anchor name -> the node it names so far (a later anchor of the same name takes over, as in YAML). */
  private readonly anchors = new Map<string, SNode>();
  /** Collections being read: an alias to one of them would make the tree a cycle. */
  private readonly building = new Set<SNode>();
  private readonly merges = new MergeBudget();
  private aliases = 0;
  private depth = 0;
  readonly duplicates: Array<{ range: OffsetRange; message: string }> = [];

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
    if (++this.depth > MAX_DEPTH) throw new DepthLimitError([start, Math.max(start + 1, Math.min(end, start + 1))]);
    try {
      return this.convertNew(node, start, end);
    } finally {
      this.depth--;
    }
  }

  private convertNew(node: YamlNode, start: number, end: number): SNode {
    const tag = node.tag && !node.tag.startsWith('tag:yaml.org,2002:') ? node.tag : undefined;
    let out: SNode;
    if (isScalar(node)) {
      const quoted = node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE' || node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED';
      out = new ScalarNode(start, end, tag, scalarValue(node.value, node.source), quoted);
      this.converted.set(node, out);
      this.anchor(node, out);
    } else if (isSeq(node)) {
      const seq = new SeqNode(start, end, tag);
      this.converted.set(node, seq);
      this.anchor(node, seq);
      this.building.add(seq);
      for (const item of node.items) seq.items.push(this.convert(item as YamlNode, end) ?? nullAt(end));
      this.building.delete(seq);
      if (!node.flow) seq.end = this.entryEnd(node.items[node.items.length - 1]) ?? end;
      out = seq;
    } else if (isMap(node)) {
      const map = new MapNode(start, end, tag);
      this.converted.set(node, map);
      this.anchor(node, map);
      this.building.add(map);
      const keys = new Set<unknown>();
      for (const item of node.items) this.addPair(map, item, keys);
      this.building.delete(map);
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

  private anchor(node: YamlNode, out: SNode): void {
    if (node.anchor) this.anchors.set(node.anchor, out);
  }

  private resolveAlias(alias: Alias): SNode | undefined {
    if (++this.aliases > MAX_ALIASES) throw new AliasLimitError(alias.range ? [alias.range[0], alias.range[1]] : [0, 1]);
    // Anchors precede their aliases, so the target is already converted: share it. An alias
    // inside the collection it names would make a cycle, which no check could walk: it reads as null.
    const target = this.anchors.get(alias.source);
    return target && !this.building.has(target) ? target : undefined;
  }


  private addPair(map: MapNode, item: unknown, keys: Set<unknown>): void {
    if (!isPair(item)) return;
    const keyNode = item.key as YamlNode | null;
    const keyStart = keyNode && keyNode.range ? keyNode.range[0] : map.start;
    const keyEnd = keyNode && keyNode.range ? keyNode.range[1] : map.start;
    const valueAt = keyEnd;
    const value = this.convert(item.value as YamlNode | null, valueAt) ?? nullAt(valueAt);
    if (isScalar(keyNode) && typeof keyNode.value === 'symbol') return mergeInto(map, value, this.merges);
    if (isScalar(keyNode) && keyNode.range) {
      if (keys.has(keyNode.value)) {
        const [start, end] = [keyNode.range[0], Math.max(keyNode.range[1], keyNode.range[0] + 1)];
        this.duplicates.push({ range: [start, end], message: describeYamlError('DUPLICATE_KEY', 'Map keys must be unique', this.text, start, end) });
      }
      keys.add(keyNode.value);
    }
    // A complex key (a map or sequence as key) is named by its source text: turning it into a string
    // through the package would evaluate it, merge keys and all, and can throw.
    const key = isScalar(keyNode) ? String(keyNode.value) : keyNode?.range ? this.text.slice(keyNode.range[0], keyNode.range[1]) : '';
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
