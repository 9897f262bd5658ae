import { MapNode, OffsetRange, Pair, ScalarNode, SNode } from './node';
import { SyntaxIssue } from './parsedFile';

/**
 * What both YAML readers share: the document shape they produce, the alias
 * budget, and how a merge key (`<<`) folds its sources into a map.
 */
export interface ParsedYamlDoc {
  root: SNode | undefined;
  range: OffsetRange;
  errors: SyntaxIssue[];
}

/** Aliases resolved per document; past this the document is reported, not expanded (alias bombs). */
export const MAX_ALIASES = 1_000;
/** Nesting levels per document; deeper documents are reported, not read (the checks walk trees recursively). */
export const MAX_DEPTH = 200;
/** The tolerant reader (the `yaml` package) takes about a second per 200 KB: larger documents it would read are reported instead. */
export const MAX_TOLERANT_CHUNK = 256 * 1024;
/** Pairs that merge keys (`<<`) may examine per document; past this the document is reported, not expanded. */
export const MAX_MERGED_PAIRS = 10_000;

/** A document past one of the limits above: it is reported as a syntax finding and left unchecked. */
export class LimitError extends Error {
  constructor(
    readonly range: OffsetRange,
    message: string,
  ) {
    super(message);
  }
}

export class AliasLimitError extends LimitError {
  constructor(range: OffsetRange) {
    super(range, `More than ${MAX_ALIASES} aliases in one document: not expanded (an alias bomb?)`);
  }
}

export class DepthLimitError extends LimitError {
  constructor(range: OffsetRange) {
    super(range, `Nested more than ${MAX_DEPTH} levels deep: this document is not checked`);
  }
}

export class MergeLimitError extends LimitError {
  constructor(range: OffsetRange) {
    super(range, `Merge keys (<<) bring in more than ${MAX_MERGED_PAIRS} keys in one document: not expanded`);
  }
}

export function limitIssue(error: LimitError): SyntaxIssue {
  return { range: error.range, message: error.message, limit: true };
}

/** Counts what merge keys cost in one document. */
export class MergeBudget {
  private used = 0;
  charge(pairs: number, at: OffsetRange): void {
    this.used += pairs;
    if (this.used > MAX_MERGED_PAIRS) throw new MergeLimitError(at);
  }
}

export function nullAt(offset: number): SNode {
  return new ScalarNode(offset, offset, undefined, null, false);
}

/**
 * `<<: *base` or `<<: [*a, *b]`: earlier sources win, and keys written in
 * the map itself win over all of them (whether written before or after).
 */
export function mergeInto(map: MapNode, value: SNode, budget: MergeBudget): void {
  const sources = value.type === 'seq' ? value.items : [value];
  budget.charge(map.pairs.length, value.range);
  const present = new Set(map.pairs.map((p) => p.key));
  for (const source of sources) {
    if (source.type !== 'map') continue;
    budget.charge(source.pairs.length, value.range);
    for (const pair of source.pairs) {
      if (present.has(pair.key)) continue;
      present.add(pair.key);
      map.pairs.push(new Pair(pair.key, pair.keyStart, pair.keyEnd, pair.value, true));
    }
  }
  if (map.pairs.some((p) => p.merged)) withMerges.add(map);
}

const withMerges = new WeakSet<MapNode>();

/** Adds a written pair; it replaces a pair of the same key that a merge brought in. */
export function addWritten(map: MapNode, pair: Pair): void {
  if (withMerges.has(map)) {
    const merged = map.pairs.findIndex((p) => p.key === pair.key && p.merged);
    if (merged >= 0) map.pairs.splice(merged, 1);
  }
  map.pairs.push(pair);
}

/**
 * Where a block collection ends: at the end of its last entry's line, past
 * an inline comment and the line break. Comment lines after that belong to
 * nothing. An empty value (`key:`) ends where it stands unless a comment
 * follows it on its line.
 */
export function entryLineEnd(text: string, valueEnd: number, empty: boolean): number {
  let at = valueEnd;
  while (text.charCodeAt(at) === 32 || text.charCodeAt(at) === 9) at++;
  const c = text.charCodeAt(at);
  if (c === 35 /* # */) {
    const lf = text.indexOf('\n', at);
    return lf < 0 ? text.length : lf + 1;
  }
  if (empty) return valueEnd;
  if (c === 13 && text.charCodeAt(at + 1) === 10) return at + 2;
  if (c === 10) return at + 1;
  return at;
}
