import { isScalar, ScalarNode, SNode } from './node';

/**
 * How Kubernetes reads a plain (unquoted, untagged) YAML scalar: with go-yaml
 * v2's YAML 1.1 resolution (sigs.k8s.io/yaml, used by kubectl, the API
 * machinery's YAML decoder and ccoctl). sts-lens reads YAML 1.2, where these
 * differ: y/n/yes/no/on/off in any of their spellings are booleans,
 * underscores vanish from numbers (1_000), a leading 0 means octal (0777 is
 * 511), and 0b101 is binary. go-yaml v2 reads no base-60 numbers (1:20 stays
 * a string) and timestamps are left out here.
 */
export type Yaml11Value = boolean | number;

const TRUE_WORDS = new Set(['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON']);
const FALSE_WORDS = new Set(['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF']);
/** go-yaml v2's float syntax, tried on the text without underscores. */
const FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;

/** The boolean or number go-yaml v2 makes of a plain scalar's text, or undefined for a string (or null, or a timestamp). */
export function resolveYaml11(text: string): Yaml11Value | undefined {
  if (TRUE_WORDS.has(text)) return true;
  if (FALSE_WORDS.has(text)) return false;
  const first = text[0];
  if (first === '.') return FLOAT.test(text) ? Number(text) : undefined;
  if (first === undefined || !/[-+0-9]/.test(first)) return undefined;
  // Timestamps (YYYY-...) are go-yaml's own type; not judged here.
  if (/^\d{4}-/.test(text)) return undefined;
  const plain = text.replace(/_/g, '');
  const int = goInteger(plain);
  if (int !== undefined) return int;
  return FLOAT.test(plain) ? Number(plain) : undefined;
}

/** The first characters of every word, number and float resolveYaml11 resolves. */
const MAY_RESOLVE_FIRST = new Set([...TRUE_WORDS, ...FALSE_WORDS].map((w) => w[0]).concat(['.', '-', '+', ...'0123456789']));

/** Go's strconv.ParseInt(s, 0, 64) (then ParseUint), as a JavaScript number; undefined when it fails or is not exact. */
function goInteger(s: string): number | undefined {
  const match = /^([-+]?)(0[bB][01]+|0[oO][0-7]+|0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)$/.exec(s);
  if (!match) return undefined;
  const [, sign, digits] = match;
  let value: bigint;
  if (/^0[bBoOxX]/.test(digits)) value = BigInt(digits.toLowerCase());
  else if (digits.length > 1 && digits.startsWith('0')) value = BigInt(`0o${digits.slice(1)}`);
  else value = BigInt(digits);
  if (sign === '-') value = -value;
  // Beyond what a JavaScript number holds exactly, nothing is claimed.
  return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : undefined;
}

export interface Yaml11Difference {
  /** The scalar as written. */
  source: string;
  /** What YAML 1.1 (Kubernetes) reads. */
  yaml11: Yaml11Value;
  /** What sts-lens (YAML 1.2) read. */
  yaml12: ScalarNode['value'];
}

/**
 * The YAML 1.1 reading of a scalar when it differs from the YAML 1.2 one sts-lens
 * made: only plain scalars written on one line without a tag (the source text
 * is checked, so a `!!str` tag or a quote is never mistaken for a plain value).
 */
export function yaml11Difference(node: ScalarNode, text: string): Yaml11Difference | undefined {
  if (node.quoted || node.tag !== undefined) return undefined;
  // What resolveYaml11 reads as other than a string starts with one of these: most values are let go before any copy of their text.
  if (!MAY_RESOLVE_FIRST.has(text[node.start])) return undefined;
  // A plain decimal integer (`replicas: 2`, `port: 8080`) is the same number in both: told without a copy or a parse.
  if (typeof node.value === 'number' && isPlainDecimal(text, node.start, node.end)) return undefined;
  const source = text.slice(node.start, node.end);
  if (source === '' || /[\s'"!&*|>]/.test(source[0]) || /[\r\n]/.test(source)) return undefined;
  const yaml11 = resolveYaml11(source);
  // The tag test reads back through the text: only for the few values YAML 1.1 reads otherwise.
  if (yaml11 === undefined || taggedBefore(text, node.start)) return undefined;
  const yaml12 = node.value;
  if (typeof yaml11 === 'boolean' ? yaml12 === yaml11 : typeof yaml12 === 'number' && yaml12 === yaml11) return undefined;
  return { source, yaml11, yaml12 };
}

/** `0`, or 1 to 15 digits not starting with 0 (exact in a double), optionally negative: what both YAML versions read alike. */
function isPlainDecimal(text: string, start: number, end: number): boolean {
  let at = text.charCodeAt(start) === 45 /* - */ ? start + 1 : start;
  const digits = end - at;
  if (digits < 1 || digits > 15) return false;
  if (text.charCodeAt(at) === 48 /* 0 */) return digits === 1;
  for (; at < end; at++) {
    const c = text.charCodeAt(at);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/**
 * Whether the properties written before a scalar (`!!str yes`, `&a !!str yes`)
 * include a tag: the fast reader drops tags of scalars it resolves itself.
 */
function taggedBefore(text: string, start: number): boolean {
  let end = start;
  for (let guard = 0; guard < 4; guard++) {
    let tokenEnd = end;
    while (tokenEnd > 0 && (text[tokenEnd - 1] === ' ' || text[tokenEnd - 1] === '\t')) tokenEnd--;
    if (tokenEnd === end) return false;
    let tokenStart = tokenEnd;
    while (tokenStart > 0 && !/[\s,[\]{}]/.test(text[tokenStart - 1])) tokenStart--;
    const token = text.slice(tokenStart, tokenEnd);
    if (token.startsWith('!')) return true;
    if (!token.startsWith('&')) return false;
    end = tokenStart;
  }
  return false;
}

/** `the boolean true`, `the number 511`. */
export function describeYaml11(value: Yaml11Value): string {
  return typeof value === 'boolean' ? `the boolean ${value}` : `the number ${value}`;
}

/**
 * Whether a YAML 1.1 reader (go-yaml v2: eksctl, kops, kubectl) reads the
 * scalar as true: `true`, or a plain `yes`, `on`, `y`, `True`, ... that
 * sts-lens's YAML 1.2 reader keeps as a string.
 */
export function isTrueYaml11(node: SNode | undefined): boolean {
  if (!isScalar(node)) return false;
  if (node.value === true) return true;
  return typeof node.value === 'string' && !node.quoted && node.tag === undefined && resolveYaml11(node.value) === true;
}
