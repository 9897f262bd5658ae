import { installConfigSchema, KeySpec } from './schema';

/** The schema entry at a path of keys ('[]' = a sequence item). */
export function specAt(path: ReadonlyArray<string>, root: KeySpec = installConfigSchema): KeySpec | undefined {
  let spec: KeySpec | undefined = root;
  for (const step of path) {
    if (!spec) return undefined;
    spec = step === '[]' ? spec.items : (spec.properties?.[step] ?? spec.additionalProperties);
  }
  return spec;
}

export function typeLabel(spec: KeySpec): string {
  const types = Array.isArray(spec.type) ? spec.type : [spec.type];
  if (types.length > 3) return 'any';
  return types.map((t) => (t === 'array' && spec.items ? `${typeLabel(spec.items)}[]` : t)).join(' | ');
}
