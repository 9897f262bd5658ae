import { isTemplated } from '../model/templated';
import { literalRoleName } from '../views/roleArn';

/**
 * The role a reference names: the part after `role/` of an ARN, path
 * ignored (IAM role names are unique per account regardless of path), or a
 * bare name as kube2iam accepts. A templated ARN names its role when the
 * name part is literal (`arn:aws:iam::${ACCOUNT_ID}:role/app` -> app).
 */
export function roleNameOf(reference: string): string | undefined {
  const value = reference.trim();
  if (isTemplated(value)) return literalRoleName(value);
  const arn = /^arn:[a-z-]+:iam::\d{12}:role\/(?:[\w+=,.@\/-]*\/)?([\w+=,.@-]+)$/.exec(value);
  if (arn) return arn[1];
  if (/^[\w+=,.@-]{1,64}$/.test(value)) return value;
  return undefined;
}

/** The account of a role ARN, when written. */
export function accountOf(reference: string): string | undefined {
  return /^arn:[a-z-]+:iam::(\d{12}):/.exec(reference.trim())?.[1];
}
