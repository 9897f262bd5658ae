import { humanPlaceholder, isTemplated, literalPrefix, literalText, splitTemplated } from '../model/templated';

/** Shapes of the principals a trust policy names. */

export const PARTITIONS = ['aws', 'aws-cn', 'aws-us-gov', 'aws-iso', 'aws-iso-b', 'aws-iso-e', 'aws-iso-f', 'aws-eusc'];

/** Web identity providers AWS federates without an IAM OIDC provider resource. */
export const BUILTIN_WEB_IDENTITY = ['cognito-identity.amazonaws.com', 'accounts.google.com', 'graph.facebook.com', 'www.amazon.com'];

export type FederatedPrincipal =
  | { kind: 'oidc'; partition: string; account: string; issuer: string }
  | { kind: 'saml'; partition: string; account: string; name: string }
  | { kind: 'builtin'; issuer: string }
  /**
   * A templated ARN (model/templated) whose literal parts are sound but whose
   * provider is not fully known: `provider` when the resource type is literal,
   * `issuerTemplate` (the text after `oidc-provider/`, placeholders included)
   * for OIDC. A templated ARN whose issuer part is literal parses as `oidc`.
   */
  | { kind: 'templated'; provider?: 'oidc' | 'saml'; issuerTemplate?: string }
  | { kind: 'invalid'; problem: string; suggestion?: string };

const OIDC = /^arn:([a-z-]+):iam::(\d{12}):oidc-provider\/(.+)$/;
const SAML = /^arn:([a-z-]+):iam::(\d{12}):saml-provider\/([\w+=,.@-]+)$/;
const HOST_PATH = /^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+(:\d+)?(\/[^\s/]+)*$/;

export function parseFederated(value: string): FederatedPrincipal {
  if (BUILTIN_WEB_IDENTITY.includes(value)) return { kind: 'builtin', issuer: value };
  const human = humanPlaceholder(value);
  if (human) return { kind: 'invalid', problem: `the placeholder "${human}" was left in (nothing fills it in)` };
  if (isTemplated(value)) return parseTemplatedFederated(value);
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

/** A Federated ARN with placeholders: literal parts are judged, the rest is unknown. */
function parseTemplatedFederated(value: string): FederatedPrincipal {
  const prefix = literalPrefix(value);
  if (/^https?:\/\//i.test(prefix)) return { kind: 'invalid', problem: 'an issuer URL is not a principal: name the OIDC provider by its ARN' };
  const parts = splitTemplated(value, ':');
  // With fewer parts, a placeholder stands for several of them (`%{oidc_provider_arn}`).
  if (parts.length < 6 || !('arn:'.startsWith(prefix) || prefix.startsWith('arn:'))) return { kind: 'templated' };
  const [, partition, service, region, account] = parts;
  if (!partition.templated && !PARTITIONS.includes(partition.text)) return { kind: 'invalid', problem: `"${partition.text}" is not an AWS partition (aws, aws-cn or aws-us-gov)` };
  if ((!service.templated && service.text !== 'iam') || (!region.templated && region.text !== '')) {
    return { kind: 'invalid', problem: 'expected arn:<partition>:iam::<12 digits>:oidc-provider/<issuer host[/path]> or a SAML provider ARN' };
  }
  if (account.templated ? /\D/.test(literalText(account.text)) : !/^\d{12}$/.test(account.text)) return { kind: 'invalid', problem: `the account "${account.text}" is not 12 digits` };
  const resource = value.slice(parts[5].start);
  const slash = resource.indexOf('/');
  const type = splitTemplated(resource, '/')[0];
  if (type.templated) return { kind: 'templated' };
  if (type.text === 'saml-provider') return { kind: 'templated', provider: 'saml' };
  if (type.text !== 'oidc-provider' || slash < 0) return { kind: 'invalid', problem: 'the resource must be "oidc-provider/<issuer host[/path]>"' };
  const issuer = resource.slice(slash + 1);
  if (/^https?:\/\//i.test(literalPrefix(issuer))) {
    return { kind: 'invalid', problem: 'the provider part must not start with https://', suggestion: value.slice(0, value.length - issuer.length) + issuer.replace(/^https?:\/\//i, '') };
  }
  if (!isTemplated(issuer)) {
    if (issuer.endsWith('/')) return { kind: 'invalid', problem: 'the provider part must not end with "/"', suggestion: value.replace(/\/+$/, '') };
    if (!HOST_PATH.test(issuer)) return { kind: 'invalid', problem: `"${issuer}" is not an issuer host[/path]` };
    return { kind: 'oidc', partition: partition.text, account: account.text, issuer };
  }
  if (/\s/.test(literalText(issuer))) return { kind: 'invalid', problem: `"${issuer}" is not an issuer host[/path]` };
  return { kind: 'templated', provider: 'oidc', issuerTemplate: issuer };
}

/** `AWS` principals: `*`, a 12-digit account, or an IAM ARN of the account root, a user or a role. */
export function awsPrincipalProblem(value: string): string | undefined {
  if (value === '*' || /^\d{12}$/.test(value)) return undefined;
  const human = humanPlaceholder(value);
  if (human) return `the placeholder "${human}" was left in (nothing fills it in)`;
  if (isTemplated(value)) return templatedAwsPrincipalProblem(value);
  const m = /^arn:([a-z-]+):(iam|sts)::(\d{12}|[^:]*):(.+)$/.exec(value);
  if (!m) return 'expected a 12-digit account id or an IAM ARN (arn:<partition>:iam::<account>:root, :role/<name>, :user/<name>)';
  if (!PARTITIONS.includes(m[1])) return `"${m[1]}" is not an AWS partition (aws, aws-cn or aws-us-gov)`;
  if (!/^\d{12}$/.test(m[3])) return `the account "${m[3]}" is not 12 digits`;
  return undefined;
}

/** An `AWS` principal with placeholders (`arn:aws:iam::%{aws_account_id}:role/x`, `${account_id}`): only its literal parts are judged. */
function templatedAwsPrincipalProblem(value: string): string | undefined {
  const parts = splitTemplated(value, ':');
  if (parts.length === 1) return /\D/.test(literalText(value)) && !'arn:'.startsWith(literalPrefix(value)) ? 'expected a 12-digit account id or an IAM ARN (arn:<partition>:iam::<account>:root, :role/<name>, :user/<name>)' : undefined;
  const prefix = literalPrefix(value);
  if (!prefix.startsWith('arn:') && !'arn:'.startsWith(prefix)) return 'expected a 12-digit account id or an IAM ARN (arn:<partition>:iam::<account>:root, :role/<name>, :user/<name>)';
  if (parts.length < 6) return undefined;
  const [, partition, service, , account] = parts;
  if (!partition.templated && !PARTITIONS.includes(partition.text)) return `"${partition.text}" is not an AWS partition (aws, aws-cn or aws-us-gov)`;
  if (!service.templated && service.text !== 'iam' && service.text !== 'sts') return 'expected a 12-digit account id or an IAM ARN (arn:<partition>:iam::<account>:root, :role/<name>, :user/<name>)';
  if (account.templated ? /\D/.test(literalText(account.text)) : !/^\d{12}$/.test(account.text)) return `the account "${account.text}" is not 12 digits`;
  return undefined;
}
