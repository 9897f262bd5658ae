/**
 * Templated values: a scalar that holds a substitution placeholder, which a
 * tool replaces before the file reaches Kubernetes or AWS. Such a value is
 * not wrong, it is unknown: checks read its literal parts and skip what
 * depends on the placeholders.
 *
 * Recognised everywhere (YAML and JSON scalars, keys included), because the
 * same file shapes come from all of these tools:
 * - `${NAME}`: envsubst, Flux `postBuild.substitute`, Terraform
 *   `templatefile()`, CloudFormation `Fn::Sub`, IAM policy variables
 *   (`${aws:username}`), shell-driven workshop setup scripts;
 * - `$(NAME)`: Kubernetes dependent environment variables, kustomize `vars`;
 * - `%{name}`: the ROSA CLI's policy templates (`%{aws_account_id}`,
 *   `%{oidc_provider_arn}`, `%{issuer_url}`), Terraform template directives;
 * - `{{ ... }}`: Go templates (a Helm value inside a quoted string, Argo CD
 *   ApplicationSets), Jinja/Ansible;
 * - `(@= ... @)`: Carvel ytt's text templating in strings.
 * `$NAME` without braces is not recognised (it is ordinary text in many of
 * these values), nor is `<name>`: angle brackets are a human placeholder that
 * nothing fills in (see `humanPlaceholder`).
 */

export type PlaceholderForm = '${}' | '$()' | '%{}' | '{{}}' | '(@@)';

export interface Placeholder {
  /** Offsets into the value. */
  start: number;
  end: number;
  form: PlaceholderForm;
}

const OPENERS: ReadonlyArray<{ open: string; form: PlaceholderForm; inner: string; close: string }> = [
  { open: '${', form: '${}', inner: '{', close: '}' },
  { open: '$(', form: '$()', inner: '(', close: ')' },
  { open: '%{', form: '%{}', inner: '{', close: '}' },
  { open: '{{', form: '{{}}', inner: '{', close: '}' },
  { open: '(@', form: '(@@)', inner: '', close: '' },
];

/** Cheap pre-test: most values hold none of the openers. */
const MAY_HOLD = /\$\{|\$\(|%\{|\{\{|\(@/;

/** Every placeholder of a value, in order; unterminated or empty openers are literal text. */
export function placeholdersIn(value: string): Placeholder[] {
  if (!MAY_HOLD.test(value)) return [];
  const out: Placeholder[] = [];
  let i = 0;
  while (i < value.length - 1) {
    const opener = OPENERS.find((o) => value.startsWith(o.open, i));
    const end = opener ? closing(value, i, opener) : -1;
    if (opener && end > 0) {
      out.push({ start: i, end, form: opener.form });
      i = end;
    } else i++;
  }
  return out;
}

/** The offset after the placeholder opened at `start`, or -1. Nested brackets (`${jsonencode({a = 1})}`) are balanced. */
function closing(value: string, start: number, opener: (typeof OPENERS)[number]): number {
  const bodyStart = start + opener.open.length;
  if (opener.form === '(@@)') {
    // ytt: `(@= expression @)` or `(@ code @)`, on one line.
    const end = value.indexOf('@)', bodyStart);
    if (end < 0 || value.slice(bodyStart, end).includes('\n')) return -1;
    return value.slice(bodyStart, end).replace(/^=/, '').trim() === '' ? -1 : end + 2;
  }
  let depth = opener.form === '{{}}' ? 2 : 1;
  for (let j = bodyStart; j < value.length; j++) {
    const c = value[j];
    if (c === '\n') return -1;
    if (c === opener.inner) depth++;
    else if (c === opener.close && --depth === 0) {
      const body = value.slice(bodyStart, opener.form === '{{}}' ? j - 1 : j);
      return body.trim() === '' ? -1 : j + 1;
    }
  }
  return -1;
}

export function isTemplated(value: string | undefined): boolean {
  return value !== undefined && placeholdersIn(value).length > 0;
}

/** A piece of a value cut at a separator that placeholders may not cross: literal, or holding placeholders. */
export interface TemplatedPart {
  text: string;
  start: number;
  end: number;
  /** The part holds at least one placeholder: its value is unknown. */
  templated: boolean;
}

/**
 * Splits a value at `separator`, never inside a placeholder (`${aws:username}`
 * stays whole). A placeholder is taken to fill in part of one piece: callers
 * that depend on the number of pieces must treat a templated value with fewer
 * pieces than they need as unknown, since one placeholder may then stand for
 * several of them.
 */
export function splitTemplated(value: string, separator: string): TemplatedPart[] {
  const placeholders = placeholdersIn(value);
  const parts: TemplatedPart[] = [];
  let start = 0;
  let templated = false;
  let p = 0;
  for (let i = 0; i <= value.length; ) {
    if (p < placeholders.length && i === placeholders[p].start) {
      templated = true;
      i = placeholders[p++].end;
      continue;
    }
    if (i === value.length || value.startsWith(separator, i)) {
      parts.push({ text: value.slice(start, i), start, end: i, templated });
      if (i === value.length) break;
      i += separator.length;
      start = i;
      templated = false;
      continue;
    }
    i++;
  }
  return parts;
}

/** The value with each placeholder removed: the characters that are known to be in it, in order. */
export function literalText(value: string): string {
  let out = '';
  let at = 0;
  for (const p of placeholdersIn(value)) {
    out += value.slice(at, p.start);
    at = p.end;
  }
  return out + value.slice(at);
}

/** The literal text before the first placeholder (the whole value when there is none). */
export function literalPrefix(value: string): string {
  const first = placeholdersIn(value)[0];
  return first ? value.slice(0, first.start) : value;
}

/**
 * Could a value of this template be `literal`? Placeholders match any text;
 * with `glob`, the literal parts are IAM StringLike patterns (`*`, `?`).
 */
export function templateAdmits(template: string, literal: string, options: { glob?: boolean; ignoreCase?: boolean } = {}): boolean {
  let source = '';
  let at = 0;
  const literalPart = (text: string) => (options.glob ? text.split('*').map((s) => s.split('?').map(escapeRegExp).join('.')).join('[\\s\\S]*') : escapeRegExp(text));
  for (const p of placeholdersIn(template)) {
    source += literalPart(template.slice(at, p.start)) + '[\\s\\S]*';
    at = p.end;
  }
  source += literalPart(template.slice(at));
  return new RegExp(`^${source}$`, options.ignoreCase ? 'i' : '').test(literal);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * A placeholder meant for a person (`<your-cluster-name>`, `<ACCOUNT_ID>`,
 * `<enter_issuer_url_here>`): nothing fills it in, so a file applied as it is
 * carries it verbatim. Returns the first one, for messages.
 */
export function humanPlaceholder(value: string): string | undefined {
  return /<[A-Za-z_][\w .:/-]*>/.exec(value)?.[0];
}

/** Who fills in each form, for hovers and messages. */
export const PLACEHOLDER_SOURCES: Record<PlaceholderForm, string> = {
  '${}': 'envsubst, Flux postBuild.substitute, Terraform templatefile(), CloudFormation Fn::Sub, or IAM itself for a policy variable such as ${aws:username}',
  '$()': 'the kubelet for a dependent environment variable, or kustomize vars',
  '%{}': "the ROSA CLI's policy templates, or a Terraform template directive",
  '{{}}': 'a Go template (Helm, Argo CD) or Jinja',
  '(@@)': "Carvel ytt's text templating",
};
