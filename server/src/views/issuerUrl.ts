import { isTemplated, literalPrefix, literalText } from '../model/templated';

/**
 * What makes a service-account issuer URL unusable for web identity. Tokens
 * carry the issuer verbatim in `iss`, and STS looks the IAM OIDC provider up
 * by that exact string, so anything but a plain `https://host[/path]` breaks.
 */
export interface IssuerProblem {
  /** Why, in words that fit after `serviceAccountIssuer "<url>" `. */
  reason: string;
  /** The corrected URL when the correction is mechanical. */
  fixed?: string;
}

export function issuerUrlProblem(url: string): IssuerProblem | undefined {
  if (isTemplated(url)) return templatedIssuerProblem(url);
  const trimmed = url.trim();
  if (trimmed !== url && trimmed !== '' && !/\s/.test(trimmed)) {
    return { reason: 'has leading or trailing whitespace, which the API server keeps in every token\'s iss', fixed: trimmed };
  }
  if (/\s/.test(url)) return { reason: 'contains whitespace, which no IAM OIDC provider URL can match' };
  // ccoctl's (and sts-lens') dry run with --create-private-s3-bucket: the CloudFront domain exists only once the distribution does.
  if (/<[^<>]*>/.test(url)) {
    return { reason: 'is a dry-run placeholder, not an issuer (with --create-private-s3-bucket the issuer is the CloudFront distribution\'s https://<id>.cloudfront.net, known only once the distribution exists)' };
  }
  if (!/^https:\/\//i.test(url)) {
    return { reason: /^[a-z][a-z0-9+.-]*:\/\//i.test(url) ? 'is not an https URL: IAM only trusts OIDC issuers served over https' : 'has no https:// scheme: IAM only trusts OIDC issuers that are https URLs' };
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { reason: 'is not a valid URL' };
  }
  if (parsed.hostname === '') return { reason: 'has no host' };
  if (url.includes('?') || url.includes('#')) return { reason: 'has a query or fragment, which an OIDC issuer must not have' };
  if (url.endsWith('/')) {
    const fixed = url.replace(/\/+$/, '');
    return { reason: 'ends with a slash', fixed: /^https:\/\/[^/]+/i.test(fixed) ? fixed : undefined };
  }
  return undefined;
}

/**
 * A templated issuer (`https://${CLUSTER_NAME}-oidc.s3.${AWS_REGION}.amazonaws.com`)
 * is unknown; only what its literal text already decides is said.
 */
function templatedIssuerProblem(url: string): IssuerProblem | undefined {
  const literal = literalText(url);
  if (/\s/.test(literal)) return { reason: 'contains whitespace, which no IAM OIDC provider URL can match' };
  const prefix = literalPrefix(url).toLowerCase();
  if (prefix !== '' && !prefix.startsWith('https://') && !'https://'.startsWith(prefix)) {
    return { reason: /^[a-z][a-z0-9+.-]*:\/\//i.test(prefix) ? 'is not an https URL: IAM only trusts OIDC issuers served over https' : 'has no https:// scheme: IAM only trusts OIDC issuers that are https URLs' };
  }
  if (literal.includes('?') || literal.includes('#')) return { reason: 'has a query or fragment, which an OIDC issuer must not have' };
  if (url.endsWith('/')) return { reason: 'ends with a slash', fixed: url.replace(/\/+$/, '') };
  return undefined;
}
