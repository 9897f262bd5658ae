import { MapNode, OffsetRange, Pair, ScalarNode, SeqNode, SNode } from './node';
import { parseJson } from './parseJson';
import { SyntaxIssue } from './parsedFile';

/**
 * A JSON document held in a string scalar of another file, e.g. ccoctl's
 * `"AssumeRolePolicyDocument": "{\"Version\": ...}"`. Its nodes carry
 * offsets in the OUTER file (escapes included), so diagnostics and edits land
 * exactly where the user sees the text; `encode` turns new text into what must
 * be written inside the outer string.
 */
export interface EmbeddedJson {
  root: SNode | undefined;
  errors: SyntaxIssue[];
  /** The decoded JSON text. */
  text: string;
  encode(text: string): string;
  /** Outer offset of a position in the decoded text. */
  outerOffset(innerOffset: number): number;
  /**
   * Position in the decoded text of an outer offset inside the string (a
   * cursor): the first decoded character that starts at or after it, so a
   * cursor inside an escape sequence counts as after it.
   */
  innerOffset(outerOffset: number): number;
}

/**
 * Parses the string held by `node` (a scalar of the outer file whose source is
 * `outerText`). Returns undefined when the value does not look like JSON.
 */
export function parseEmbeddedJson(outerText: string, node: ScalarNode): EmbeddedJson | undefined {
  if (typeof node.value !== 'string' || !/^\s*[{[]/.test(node.value)) return undefined;
  const raw = outerText.slice(node.range[0], node.range[1]);
  const mapped = mapOffsets(raw, node.value);
  if (!mapped) return undefined;
  const { starts, ends, encode } = mapped;
  const base = node.range[0];
  const decoded = node.value;
  const outerOffset = (inner: number): number => {
    if (inner <= 0) return base + starts[0];
    if (inner >= decoded.length) return base + ends[decoded.length - 1];
    return base + starts[inner];
  };
  const outerRange = ([s, e]: OffsetRange): OffsetRange => {
    const start = outerOffset(s);
    if (e <= s) return [start, start];
    return [start, base + ends[Math.min(e, decoded.length) - 1]];
  };
  const innerOffset = (outer: number): number => {
    const rel = outer - base;
    let lo = 0;
    let hi = decoded.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (starts[mid] < rel) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const parsed = parseJson(decoded);
  return {
    root: parsed.root ? remap(parsed.root, outerRange) : undefined,
    errors: parsed.errors.map((e) => ({ range: outerRange(e.range), message: e.message })),
    text: decoded,
    encode,
    outerOffset,
    innerOffset,
  };
}

function remap(node: SNode, outer: (r: OffsetRange) => OffsetRange): SNode {
  const [start, end] = outer(node.range);
  switch (node.type) {
    case 'scalar':
      return new ScalarNode(start, end, node.tag, node.value, node.quoted);
    case 'seq': {
      const seq = new SeqNode(start, end, node.tag);
      for (const item of node.items) seq.items.push(remap(item, outer));
      return seq;
    }
    case 'map': {
      const map = new MapNode(start, end, node.tag);
      for (const p of node.pairs) {
        const [keyStart, keyEnd] = outer(p.keyRange);
        map.pairs.push(new Pair(p.key, keyStart, keyEnd, remap(p.value, outer), p.merged));
      }
      return map;
    }
  }
}

interface OffsetMap {
  /** Per decoded character: raw offset of its first and after its last source character. */
  starts: number[];
  ends: number[];
  encode(text: string): string;
}

function mapOffsets(raw: string, decoded: string): OffsetMap | undefined {
  if (raw.startsWith('"')) return mapEscaped(raw, decoded);
  if (raw.startsWith("'")) return mapSubsequence(raw, decoded, 1, (t) => t.replace(/'/g, "''"));
  // Plain and block scalars: the decoded text is the source minus indentation and folding.
  return mapSubsequence(raw, decoded, 0, (t) => t);
}

/** JSON strings and YAML double-quoted scalars: backslash escapes. */
function mapEscaped(raw: string, decoded: string): OffsetMap | undefined {
  const starts: number[] = [];
  const ends: number[] = [];
  let i = 1;
  const end = raw.length - 1;
  while (i < end && starts.length < decoded.length) {
    const start = i;
    if (raw[i] === '\\') {
      const c = raw[i + 1];
      if (c === 'u') i += 6;
      else if (c === 'x') i += 4;
      else if (c === 'U') i += 10;
      else if (c === '\r' || c === '\n') {
        // YAML escaped line break: no character of its own.
        i += c === '\r' && raw[i + 2] === '\n' ? 3 : 2;
        while (i < end && (raw[i] === ' ' || raw[i] === '\t')) i++;
        continue;
      } else i += 2;
    } else if (raw[i] === '\n' || raw[i] === '\r') {
      // A YAML line fold: the break and the next line's indentation become one space (or nothing).
      i += raw[i] === '\r' && raw[i + 1] === '\n' ? 2 : 1;
      while (i < end && (raw[i] === ' ' || raw[i] === '\t')) i++;
      if (decoded[starts.length] !== ' ' && decoded[starts.length] !== '\n') continue;
    } else i++;
    starts.push(start);
    ends.push(i);
  }
  if (starts.length !== decoded.length) return undefined;
  return { starts, ends, encode: (t) => JSON.stringify(t).slice(1, -1) };
}

function mapSubsequence(raw: string, decoded: string, from: number, encode: (t: string) => string): OffsetMap | undefined {
  const starts: number[] = [];
  const ends: number[] = [];
  let i = from;
  for (let d = 0; d < decoded.length; d++) {
    const want = decoded[d];
    while (i < raw.length && raw[i] !== want && !(want === ' ' && (raw[i] === '\n' || raw[i] === '\r'))) i++;
    if (i >= raw.length) return undefined;
    starts.push(i);
    // A doubled quote in a single-quoted scalar is one character.
    i += from === 1 && want === "'" && raw[i + 1] === "'" ? 2 : 1;
    ends.push(i);
  }
  return { starts, ends, encode };
}
