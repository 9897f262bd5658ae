import { MapNode, OffsetRange, Pair, ScalarNode, SeqNode, SNode } from './node';
import { readYamlDocuments } from './yamlFromDocument';
import { readYamlEvents } from './yamlFromEvents';
import { parseEvents } from 'js-yaml';
import { AliasLimitError, limitIssue, MAX_ALIASES, MAX_TOLERANT_CHUNK, type ParsedYamlDoc } from './yamlTree';

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
  const bomb = aliasBombAt(text);
  if (bomb !== undefined) return [{ root: undefined, range: [base, base + text.length], errors: [limitIssue(new AliasLimitError([base + bomb, base + bomb + 1]))] }];
  if (text.length > MAX_TOLERANT_CHUNK) return [{ root: undefined, range: [base, base + text.length], errors: [largeDocumentIssue(text, base)] }];
  const docs = readYamlDocuments(text);
  return base === 0 ? docs : docs.map((doc) => shiftDoc(doc, base));
}

/**
 * Where the alias past the budget stands, counting every `*name` at a place
 * a node can start (never fewer than the real aliases). The tolerant reader
 * is not given such a text: the `yaml` package takes seconds over a
 * megabyte of aliases before the budget could stop it.
 */
function aliasBombAt(text: string): number | undefined {
  let count = 0;
  for (const match of text.matchAll(ALIAS_LIKE)) if (++count > MAX_ALIASES) return match.index + match[0].indexOf('*');
  return undefined;
}

const ALIAS_LIKE = /(?:^|[\s[{,])\*[^\s,[\]{}]/g;

/**
 * A document over MAX_TOLERANT_CHUNK that the fast reader declined: the
 * tolerant reader would take seconds over it, so it is reported (with the
 * first syntax error, when there is one) and not checked.
 */
function largeDocumentIssue(text: string, base: number) {
  const limit = `${Math.round(MAX_TOLERANT_CHUNK / 1024)} KB`;
  try {
    parseEvents(text, {});
  } catch (error) {
    const at = Math.min((error as { mark?: { position?: number } }).mark?.position ?? 0, Math.max(0, text.length - 1));
    const reason = (error as { reason?: string }).reason ?? (error as Error).message.split('\n')[0];
    return { range: [base + at, base + at + 1] as [number, number], message: `${reason.replace(/^./, (c) => c.toUpperCase())} (this document is over ${limit}: only its first error is reported and it is not checked)`, limit: true as const };
  }
  return { range: [base, base + 1] as [number, number], message: `This document is over ${limit} and uses YAML that only the slower reader takes (tags, duplicate or complex keys, directives): not checked`, limit: true as const };
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
