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

export class AliasLimitError extends Error {
  constructor(readonly range: OffsetRange) {
    super('alias limit');
  }
}

export function aliasLimitIssue(error: AliasLimitError): SyntaxIssue {
  return { range: error.range, message: `More than ${MAX_ALIASES} aliases in one document: not expanded (an alias bomb?)` };
}

export function nullAt(offset: number): SNode {
  return new ScalarNode(offset, offset, undefined, null, false);
}

/**
 * `<<: *base` or `<<: [*a, *b]`: earlier sources win, and keys written in
 * the map itself win over all of them (whether written before or after).
 */
export function mergeInto(map: MapNode, value: SNode): void {
  const sources = value.type === 'seq' ? value.items : [value];
  for (const source of sources) {
    if (source.type !== 'map') continue;
    for (const pair of source.pairs) {
      if (!map.pairs.some((p) => p.key === pair.key)) map.pairs.push(new Pair(pair.key, pair.keyStart, pair.keyEnd, pair.value, true));
    }
  }
}

/** Adds a written pair; it replaces a pair of the same key that a merge brought in. */
export function addWritten(map: MapNode, pair: Pair): void {
  const merged = map.pairs.findIndex((p) => p.key === pair.key && p.merged);
  if (merged >= 0) map.pairs.splice(merged, 1);
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
