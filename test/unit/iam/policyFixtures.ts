/** Real-world trust and permission policy shapes shared by the IAM tests. */

export const EKS_ISSUER = 'oidc.eks.us-west-2.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE';
export const EKS_PROVIDER = `arn:aws:iam::111122223333:oidc-provider/${EKS_ISSUER}`;

/** What `eksctl create iamserviceaccount` writes. */
export function eksTrust(conditions: Record<string, unknown> | null | undefined = { StringEquals: { [`${EKS_ISSUER}:sub`]: 'system:serviceaccount:default:my-app', [`${EKS_ISSUER}:aud`]: 'sts.amazonaws.com' } }, principal: unknown = { Federated: EKS_PROVIDER }, action: unknown = 'sts:AssumeRoleWithWebIdentity'): string {
  const statement: Record<string, unknown> = { Effect: 'Allow', Principal: principal, Action: action };
  if (conditions) statement.Condition = conditions;
  return JSON.stringify({ Version: '2012-10-17', Statement: [statement] }, null, 2) + '\n';
}

/** `line:col-line:col code` of the n-th occurrence of `needle` (0-based lines and columns). */
export function spanOf(text: string, needle: string, code: string, occurrence = 0): string {
  let at = -1;
  for (let i = 0; i <= occurrence; i++) at = text.indexOf(needle, at + 1);
  if (at < 0) throw new Error(`${needle} not in text`);
  const pos = (offset: number) => {
    const before = text.slice(0, offset).split('\n');
    return `${before.length - 1}:${before[before.length - 1].length}`;
  };
  return `${pos(at)}-${pos(at + needle.length)} ${code}`;
}
