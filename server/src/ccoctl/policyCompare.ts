/**
 * Whether two IAM policy documents say the same thing, ignoring what IAM
 * itself normalises: whitespace, key order, a single value vs a one-element
 * list, and the order of values in a list.
 */
export function samePolicy(a: string, b: string): boolean {
  try {
    return JSON.stringify(canonical(JSON.parse(a))) === JSON.stringify(canonical(JSON.parse(b)));
  } catch {
    return a === b;
  }
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) {
    const items = value.map(canonical);
    return items.length === 1 ? items[0] : items.map((i) => JSON.stringify(i)).sort();
  }
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) out[key] = canonical((value as Record<string, unknown>)[key]);
    return out;
  }
  return value;
}

/** IAM returns policy documents URL-encoded (RFC 3986). */
export function decodePolicy(text: string | undefined): string {
  if (!text) return '';
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
