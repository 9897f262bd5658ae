/** Shapes of the principals a trust policy names. */

export const PARTITIONS = ['aws', 'aws-cn', 'aws-us-gov', 'aws-iso', 'aws-iso-b', 'aws-iso-e', 'aws-iso-f', 'aws-eusc'];

/** Web identity providers AWS federates without an IAM OIDC provider resource. */
export const BUILTIN_WEB_IDENTITY = ['cognito-identity.amazonaws.com', 'accounts.google.com', 'graph.facebook.com', 'www.amazon.com'];

export type FederatedPrincipal =
  | { kind: 'oidc'; partition: string; account: string; issuer: string }
  | { kind: 'saml'; partition: string; account: string; name: string }
  | { kind: 'builtin'; issuer: string }
  | { kind: 'invalid'; problem: string; suggestion?: string };

const OIDC = /^arn:([a-z-]+):iam::(\d{12}):oidc-provider\/(.+)$/;
const SAML = /^arn:([a-z-]+):iam::(\d{12}):saml-provider\/([\w+=,.@-]+)$/;
const HOST_PATH = /^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+(:\d+)?(\/[^\s/]+)*$/;

export function parseFederated(value: string): FederatedPrincipal {
  if (BUILTIN_WEB_IDENTITY.includes(value)) return { kind: 'builtin', issuer: value };
  const oidc = OIDC.exec(value);
  if (oidc) {
    const [, partition, account, issuer] = oidc;
    if (!PARTITIONS.includes(partition)) return { kind: 'invalid', problem: `"${partition}" is not an AWS partition (aws, aws-cn or aws-us-gov)` };
    if (/^https?:\/\//i.test(issuer)) {
      return { kind: 'invalid', problem: 'the provider part must not start with https://', suggestion: `arn:${partition}:iam::${account}:oidc-provider/${issuer.replace(/^https?:\/\//i, '')}` };
    }
    if (issuer.endsWith('/')) return { kind: 'invalid', problem: 'the provider part must not end with "/"', suggestion: value.replace(/\/+$/, '') };
    if (!HOST_PATH.test(issuer)) return { kind: 'invalid', problem: `"${issuer}" is not an issuer host[/path]` };
    return { kind: 'oidc', partition, account, issuer };
  }
  const saml = SAML.exec(value);
  if (saml) {
    if (!PARTITIONS.includes(saml[1])) return { kind: 'invalid', problem: `"${saml[1]}" is not an AWS partition (aws, aws-cn or aws-us-gov)` };
    return { kind: 'saml', partition: saml[1], account: saml[2], name: saml[3] };
  }
  const loose = /^arn:([^:]*):iam::([^:]*):(oidc-provider|saml-provider)\/(.*)$/.exec(value);
  if (loose && !/^\d{12}$/.test(loose[2])) return { kind: 'invalid', problem: `the account "${loose[2]}" is not 12 digits` };
  if (/^https?:\/\//i.test(value)) return { kind: 'invalid', problem: 'an issuer URL is not a principal: name the OIDC provider by its ARN' };
  if (/^arn:[^:]*:iam::[^:]*:oidc-provider[^/]/.test(value) || /^arn:[^:]*:iam::[^:]*:oidc\//.test(value)) {
    return { kind: 'invalid', problem: 'the resource must be "oidc-provider/<issuer host[/path]>"' };
  }
  return { kind: 'invalid', problem: 'expected arn:<partition>:iam::<12 digits>:oidc-provider/<issuer host[/path]> or a SAML provider ARN' };
}

/** `AWS` principals: `*`, a 12-digit account, or an IAM ARN of the account root, a user or a role. */
export function awsPrincipalProblem(value: string): string | undefined {
  if (value === '*' || /^\d{12}$/.test(value)) return undefined;
  const m = /^arn:([a-z-]+):(iam|sts)::(\d{12}|[^:]*):(.+)$/.exec(value);
  if (!m) return 'expected a 12-digit account id or an IAM ARN (arn:<partition>:iam::<account>:root, :role/<name>, :user/<name>)';
  if (!PARTITIONS.includes(m[1])) return `"${m[1]}" is not an AWS partition (aws, aws-cn or aws-us-gov)`;
  if (!/^\d{12}$/.test(m[3])) return `the account "${m[3]}" is not 12 digits`;
  return undefined;
}
