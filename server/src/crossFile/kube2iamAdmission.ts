import { wildcardMatch } from '../util/wildcard';
import { Kube2iamSettings } from '../views/kube2iam';

/**
 * Whether kube2iam hands a pod the role it asks for, as its
 * checkRoleForNamespace decides with namespace restrictions on: the role and
 * each entry of the namespace's allowed-roles list are made full ARNs (a
 * value not starting with `arn:` gets the base role ARN in front), then an
 * entry admits the role as a glob (only `*` is special, and it matches `/`
 * too) or, with `--namespace-restriction-format=regexp`, as a Go regular
 * expression found anywhere in the ARN. The default role always passes.
 *
 * `unknown` when the answer depends on what the manifests do not say (the
 * base ARN kube2iam discovers from the node, a regular expression beyond
 * the plain subset read here): the caller then says nothing.
 */
export type Kube2iamVerdict = 'allowed' | 'refused' | 'unknown';

type Settings = Pick<Kube2iamSettings, 'baseRoleArn' | 'defaultRole'> & { format: 'glob' | 'regexp' };

const isArn = (value: string) => value.toLowerCase().startsWith('arn:');

export function kube2iamAdmits(role: string, patterns: ReadonlyArray<string>, settings: Settings): Kube2iamVerdict {
  let verdict: Kube2iamVerdict = isDefault(role, settings);
  if (verdict === 'allowed') return verdict;
  for (const pattern of patterns) {
    const one = settings.format === 'regexp' ? regexpAdmits(pattern, role, settings.baseRoleArn) : globAdmits(pattern, role, settings.baseRoleArn);
    if (one === 'allowed') return one;
    if (one === 'unknown') verdict = 'unknown';
  }
  return verdict;
}

/** The role as kube2iam compares it: itself when an ARN, else after the base ARN; undefined when that base is not known. */
function fullArn(value: string, base: string | undefined): string | undefined {
  return isArn(value) ? value : base === undefined ? undefined : base + value;
}

function isDefault(role: string, settings: Settings): Kube2iamVerdict {
  const written = settings.defaultRole;
  if (written === undefined || written === '') return 'refused';
  if (written === 'unknown') return 'unknown';
  const a = fullArn(role, settings.baseRoleArn);
  const b = fullArn(written, settings.baseRoleArn);
  if (a !== undefined && b !== undefined) return a === b ? 'allowed' : 'refused';
  // Both written without arn: the same unknown base goes in front of each.
  if (!isArn(role) && !isArn(written)) return role === written ? 'allowed' : 'refused';
  // One ARN, one name: equal only if the ARN ends with `/<name>`, and then it depends on the base.
  const [arn, name] = isArn(role) ? [role, written] : [written, role];
  return arn.endsWith(`/${name}`) ? 'unknown' : 'refused';
}

function globAdmits(pattern: string, role: string, base: string | undefined): Kube2iamVerdict {
  const p = fullArn(pattern, base);
  const r = fullArn(role, base);
  if (p !== undefined && r !== undefined) return starGlob(p, r) ? 'allowed' : 'refused';
  // Both without arn: (base unknown) the same literal prefix on both sides, which no `*` needs to cross.
  if (!isArn(pattern) && !isArn(role)) return starGlob(pattern, role) ? 'allowed' : 'refused';
  return 'unknown';
}

function starGlob(pattern: string, value: string): boolean {
  return wildcardMatch(pattern, value, { starOnly: true });
}

/**
 * A Go regular expression, for the plain subset whose meaning is certain and
 * whose matching is linear: literal characters, `\.` and other escaped
 * punctuation, `.` and `.*`, and a final `$`. Built from the file, so it is
 * never given to a regular-expression engine: it becomes a wildcard pattern.
 */
function regexpAdmits(pattern: string, role: string, base: string | undefined): Kube2iamVerdict {
  const wildcard = plainRegexp(pattern);
  if (wildcard === undefined) return 'unknown';
  const r = fullArn(role, base);
  const normalized = fullArn(pattern, base);
  if (r !== undefined && normalized !== undefined) {
    // The base goes in front as written, so a `.` in its path is a regular-expression dot there too.
    const whole = plainRegexp(normalized);
    if (whole === undefined) return 'unknown';
    // Unanchored: found anywhere in the ARN, up to its end only with `$`.
    return wildcardMatch(`*${whole.body}${whole.anchoredEnd ? '' : '*'}`, r) ? 'allowed' : 'refused';
  }
  // Both without arn: the unknown base (no `:` in a role name lets it occur twice) anchors the match at the name's start.
  if (!isArn(pattern) && !isArn(role)) return wildcardMatch(`${wildcard.body}${wildcard.anchoredEnd ? '' : '*'}`, role) ? 'allowed' : 'refused';
  return 'unknown';
}

/** The subset as a wildcard pattern (`*` any run, `?` one character), or undefined when the expression is outside it. */
function plainRegexp(pattern: string): { body: string; anchoredEnd: boolean } | undefined {
  let body = '';
  let anchoredEnd = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (anchoredEnd) return undefined; // `$` before the end
    if (c === '\\') {
      const next = pattern[i + 1];
      if (next === undefined || /[A-Za-z0-9]/.test(next)) return undefined; // \d, \b, \pL...: not read here
      if (next === '*' || next === '?') return undefined; // a literal wildcard character has no wildcard spelling
      body += next;
      i++;
    } else if (c === '.') {
      // `.*` is any run; a quantifier after it (`.*?`, `.**`) is refused below.
      if (pattern[i + 1] === '*') {
        body += '*';
        i++;
      } else body += '?';
    } else if (c === '$') anchoredEnd = true;
    else if ('^|?*+()[]{}'.includes(c)) return undefined;
    else body += c;
  }
  return { body, anchoredEnd };
}
