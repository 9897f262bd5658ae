/**
 * Kubernetes' name rules (apimachinery's IsDNS1123Label / IsDNS1123Subdomain):
 * object names such as a Secret's are DNS-1123 subdomains, namespaces are
 * DNS-1123 labels. Names read from files are untrusted; anything that becomes
 * part of a file name or a generated manifest is checked with these first.
 * Two anchored regular expressions, each applied only after the length check,
 * so the work is bounded.
 */

const LABEL = /^[a-z0-9](?:[-a-z0-9]*[a-z0-9])?$/;
const SUBDOMAIN = /^[a-z0-9](?:[-a-z0-9]*[a-z0-9])?(?:\.[a-z0-9](?:[-a-z0-9]*[a-z0-9])?)*$/;
export const MAX_LABEL = 63;
export const MAX_SUBDOMAIN = 253;

/** Why `value` is not a DNS-1123 label (a namespace), or undefined when it is one. */
export function dns1123LabelProblem(value: string): string | undefined {
  if (value.length === 0) return 'it is empty';
  if (value.length > MAX_LABEL) return `it is ${value.length} characters long, over the ${MAX_LABEL} allowed`;
  if (!LABEL.test(value)) return 'only lower-case letters, digits and "-" are allowed, starting and ending with a letter or digit';
  return undefined;
}

/** Why `value` is not a DNS-1123 subdomain (an object name), or undefined when it is one. */
export function dns1123SubdomainProblem(value: string): string | undefined {
  if (value.length === 0) return 'it is empty';
  if (value.length > MAX_SUBDOMAIN) return `it is ${value.length} characters long, over the ${MAX_SUBDOMAIN} allowed`;
  if (!SUBDOMAIN.test(value)) return 'only lower-case letters, digits, "-" and "." are allowed, each dot-separated part starting and ending with a letter or digit';
  return undefined;
}

/** A name as it can be shown in one line of a message: control characters escaped, cut when long. */
export function shownName(value: string): string {
  const cut = value.length > 80 ? `${value.slice(0, 77)}...` : value;
  return JSON.stringify(cut);
}
