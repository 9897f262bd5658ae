/**
 * The role a reference names: the part after `role/` of an ARN, path
 * ignored (IAM role names are unique per account regardless of path), or a
 * bare name as kube2iam accepts.
 */
export function roleNameOf(reference: string): string | undefined {
  const value = reference.trim();
  const arn = /^arn:[a-z-]+:iam::\d{12}:role\/(?:[\w+=,.@\/-]*\/)?([\w+=,.@-]+)$/.exec(value);
  if (arn) return arn[1];
  if (/^[\w+=,.@-]{1,64}$/.test(value)) return value;
  return undefined;
}

/** The account of a role ARN, when written. */
export function accountOf(reference: string): string | undefined {
  return /^arn:[a-z-]+:iam::(\d{12}):/.exec(reference.trim())?.[1];
}
