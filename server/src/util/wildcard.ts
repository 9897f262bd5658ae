/**
 * The one matcher for every `*`/`?` pattern sts-lens meets: IAM actions
 * (`s3:Get*`), `StringLike` condition values, kube2iam's allowed-role globs and
 * the plain regular expressions kube2iam may take instead.
 * `*` matches any run of characters, `?` exactly one. Patterns come from
 * files and are untrusted, so no regular expression is built from them: the
 * pattern is cut at each `*`, the first and last pieces are anchored and each
 * piece between is taken at its leftmost place, which is always safe (a later
 * place leaves less room for what follows). Nothing is retried, so a pattern
 * such as `?*?*?*?*Z` costs at most pattern length × value length steps.
 */

export interface WildcardOptions {
  /** Compare ignoring case (IAM action names). */
  ignoreCase?: boolean;
  /** Only `*` is a wildcard; `?` is itself (kube2iam's glob library, where `*` also matches `/`). */
  starOnly?: boolean;
}

export function wildcardMatch(pattern: string, value: string, options: WildcardOptions = {}): boolean {
  const p = options.ignoreCase ? pattern.toLowerCase() : pattern;
  const v = options.ignoreCase ? value.toLowerCase() : value;
  return matchWhole(p, v, options.starOnly ? -1 : QUESTION);
}

const QUESTION = 63; /* ? */

/** Whether the pattern holds a wildcard at all. */
export function hasWildcard(pattern: string): boolean {
  return pattern.includes('*') || pattern.includes('?');
}

/** `any` is the character that matches any one character (`?`), or -1 for none. */
function matchWhole(pattern: string, value: string, any: number): boolean {
  const pieces = pattern.split('*');
  if (pieces.length === 1) return pattern.length === value.length && pieceAt(pattern, value, 0, any);
  const first = pieces[0];
  const last = pieces[pieces.length - 1];
  if (first.length + last.length > value.length) return false;
  if (!pieceAt(first, value, 0, any) || !pieceAt(last, value, value.length - last.length, any)) return false;
  let from = first.length;
  const end = value.length - last.length;
  for (let i = 1; i < pieces.length - 1; i++) {
    const piece = pieces[i];
    if (piece.length === 0) continue;
    const at = leftmost(piece, value, from, end, any);
    if (at < 0) return false;
    from = at + piece.length;
  }
  return true;
}

/** Whether `piece` (literal characters and `any`) matches `value` at `at`. */
function pieceAt(piece: string, value: string, at: number, any: number): boolean {
  for (let k = 0; k < piece.length; k++) {
    const c = piece.charCodeAt(k);
    if (c !== any && c !== value.charCodeAt(at + k)) return false;
  }
  return true;
}

/** The first place at or after `from` where `piece` matches and ends by `end`, or -1. */
function leftmost(piece: string, value: string, from: number, end: number, any: number): number {
  for (let at = from; at + piece.length <= end; at++) if (pieceAt(piece, value, at, any)) return at;
  return -1;
}
