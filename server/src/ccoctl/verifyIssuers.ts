import { GetOpenIDConnectProviderCommand, IAMClient } from '@aws-sdk/client-iam';
import * as path from 'path';
import { Finding } from '../analysis/finding';
import { Severity } from '../settings';
import { isNoSuchEntity } from './awsClients';
import { Fetched, fetchJson } from './issuerFetch';
import { IssuerConnectOptions } from './issuerTls';
import { IssuerPlace, IssuerUse } from './issuerUses';
import { issuerThumbprint } from './thumbprint';
import { VERIFY_CODES } from './verifyCodes';

export interface IssuerFinding {
  file: IssuerPlace['file'];
  finding: Finding;
}

export interface IssuerCheckDeps {
  iam: IAMClient;
  /** How the issuer's host is reached (trusted CAs, the environment's proxy). */
  connect?: IssuerConnectOptions;
  signal?: AbortSignal;
}

function report(out: IssuerFinding[], place: IssuerPlace, code: string, severity: Severity, message: string): void {
  out.push({ file: place.file, finding: { code, severity, message, range: place.file.rangeOf(place.range), fixes: [], related: [] } });
}

/**
 * The whole chain STS walks for a token of this issuer, read-only: the IAM
 * OIDC provider (GetOpenIDConnectProvider: exists, lists every audience the
 * workspace's tokens request, lists the thumbprint of the issuer's TLS chain
 * as ccoctl's getTLSFingerprint computes it), the discovery document at
 * /.well-known/openid-configuration (same issuer, jwks_uri under it), and the
 * JWKS (holds the kid of the cluster's public key).
 */
export async function verifyIssuer(use: IssuerUse, deps: IssuerCheckDeps): Promise<IssuerFinding[]> {
  const out: IssuerFinding[] = [];
  const url = `https://${use.issuer}`;
  const primary = use.places[0];
  if (!primary) return out;
  deps = { ...deps, connect: { ...deps.connect, signal: deps.signal } };
  if (use.arn) await checkProvider(use, use.arn, url, deps, out);
  const discoveryUrl = `${url}/.well-known/openid-configuration`;
  const discovery = await fetchJson(new URL(discoveryUrl), deps.connect);
  if (discovery.kind !== 'json') {
    unreachable(out, primary, 'discovery document', discoveryUrl, discovery);
    return out;
  }
  const doc = discovery.json as { issuer?: unknown; jwks_uri?: unknown };
  if (doc?.issuer !== url) {
    report(out, primary, VERIFY_CODES.discoveryMismatch.id, 'error', `The discovery document at ${discoveryUrl} says issuer ${brief(JSON.stringify(doc?.issuer ?? null))}, not "${url}": OpenID Connect discovery requires the two to be identical, and tokens of this cluster carry iss "${url}". Publish this issuer's own discovery document there.`);
  }
  const jwksUri = typeof doc?.jwks_uri === 'string' ? doc.jwks_uri : undefined;
  if (!jwksUri || !jwksUri.startsWith(`${url}/`)) {
    report(out, primary, VERIFY_CODES.discoveryMismatch.id, 'error', `The discovery document at ${discoveryUrl} ${jwksUri ? `has jwks_uri "${brief(jwksUri)}", which is not under the issuer ${url}` : 'has no jwks_uri'}: STS fails with "Couldn't retrieve verification key from your identity provider". Set jwks_uri to ${url}/keys.json (where ccoctl puts the keys).`);
    return out;
  }
  const jwks = await fetchJson(new URL(jwksUri), deps.connect);
  if (jwks.kind !== 'json') {
    unreachable(out, primary, 'JWKS', jwksUri, jwks);
    return out;
  }
  const keys = (jwks.json as { keys?: unknown })?.keys;
  const kids = new Set((Array.isArray(keys) ? keys : []).map((k) => (k as { kid?: unknown })?.kid).filter((k): k is string => typeof k === 'string'));
  for (const key of use.keys) {
    if (kids.has(key.kid)) continue;
    report(
      out,
      primary,
      VERIFY_CODES.jwksKidMissing.id,
      'error',
      `The JWKS at ${jwksUri} has no key with kid "${key.kid}", the key id of ${path.basename(key.path)} (${kids.size ? `it lists ${[...kids].slice(0, 5).map((k) => `"${brief(k)}"`).join(', ')}${kids.size > 5 ? ` and ${kids.size - 5} more` : ''}` : 'it lists no kid'}): tokens the cluster signs with that key fail with "InvalidIdentityToken". Publish the keys.json made from ${path.basename(key.path)}, or sign with the published key.`,
    );
  }
  return out;
}

async function checkProvider(use: IssuerUse, arn: string, url: string, deps: IssuerCheckDeps, out: IssuerFinding[]): Promise<void> {
  let provider;
  try {
    provider = await deps.iam.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn }), { abortSignal: deps.signal });
  } catch (error) {
    if (!isNoSuchEntity(error)) throw error;
    for (const place of use.places) {
      report(out, place, VERIFY_CODES.providerMissing.id, 'error', `IAM has no OIDC provider ${arn} (GetOpenIDConnectProvider: NoSuchEntity): STS refuses every token of ${url} with "InvalidIdentityToken: No OpenIDConnect provider found in your account for ${url}". Create it (sts-lens aws create-identity-provider, or aws iam create-open-id-connect-provider --url ${url}).`);
    }
    return;
  }
  const clientIds = provider.ClientIDList ?? [];
  for (const audience of use.audiences) {
    if (clientIds.includes(audience.value)) continue;
    report(out, audience, VERIFY_CODES.providerAudience.id, 'error', `${capitalize(audience.describe)} requests audience "${audience.value}", but the IAM OIDC provider ${arn} lists only ${clientIds.length ? clientIds.map((c) => `"${c}"`).join(', ') : 'no client ID'}: STS answers "InvalidIdentityToken: Incorrect token audience". Add it (aws iam add-client-id-to-open-id-connect-provider --open-id-connect-provider-arn ${arn} --client-id ${audience.value}) or request a listed audience.`);
  }
  let live: string;
  try {
    live = await issuerThumbprint(url, deps.connect);
  } catch {
    deps.signal?.throwIfAborted();
    return; // the discovery check reports an issuer it cannot reach
  }
  const listed = (provider.ThumbprintList ?? []).map((t) => t.toUpperCase());
  if (listed.includes(live)) return;
  report(
    out,
    use.places[0],
    VERIFY_CODES.providerThumbprint.id,
    'warning',
    `The IAM OIDC provider ${arn} lists thumbprint${listed.length === 1 ? '' : 's'} ${listed.join(', ') || '(none)'}, but the last certificate ${new URL(url).host} sends now has thumbprint ${live} (SHA-1, as ccoctl computes it). IAM uses these thumbprints when it does not verify the issuer's certificate through a CA it trusts itself; then STS refuses the tokens. Add it: aws iam update-open-id-connect-provider-thumbprint --open-id-connect-provider-arn ${arn} --thumbprint-list ${[...listed, live].join(' ')}.`,
  );
}

function unreachable(out: IssuerFinding[], place: IssuerPlace, what: string, url: string, fetched: Exclude<Fetched, { kind: 'json' }>): void {
  if (fetched.kind === 'unreachable') {
    // Reachability from this machine says little about reachability from STS: never an error.
    report(out, place, VERIFY_CODES.discoveryUnreachable.id, 'warning', `sts-lens could not read the ${what} at ${url}: ${fetched.reason}. STS fetches it from AWS when it checks a token; if it cannot either, every token fails with "InvalidIdentityToken".`);
    return;
  }
  const redirect = fetched.status >= 300 && fetched.status < 400;
  report(
    out,
    place,
    VERIFY_CODES.discoveryUnreachable.id,
    redirect ? 'warning' : 'error',
    `The ${what} at ${url} answered ${fetched.reason}${redirect ? ' (sts-lens does not follow redirects)' : ''}: STS needs it at exactly this URL, as JSON, to check tokens of this issuer. ${what === 'JWKS' ? 'Publish keys.json there' : 'Publish the discovery document there'} (ccoctl's S3 bucket objects must be publicly readable, or served through CloudFront).`,
  );
}

/** Text from the issuer's documents is untrusted and may be long: messages quote at most 120 characters of it. */
function brief(text: string): string {
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
