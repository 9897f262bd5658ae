import { IniEntry } from '../../views/awsCredentialsFile';
import { isTemplated, literalPrefix } from '../../model/templated';
import { entryValueRange, iniRange, SecretView, secretView } from '../../views/secret';
import { nearest } from '../../util/nearest';
import { DocContext, DocRule, Fix } from '../rule';

const STS_ENDPOINT_VALUES = ['regional', 'legacy'];

/** Keys of a credentials/config profile that web identity depends on; a near miss of one is a typo. */
const WEB_IDENTITY_KEYS = ['role_arn', 'web_identity_token_file', 'role_session_name', 'sts_regional_endpoints', 'region', 'duration_seconds'];

/** The static credential keys: a misspelled one leaves the profile without that key just the same. */
const CREDENTIAL_KEYS = ['aws_access_key_id', 'aws_secret_access_key', 'aws_session_token'];

/** Other keys of the shared config file: real, so never taken for a misspelling. */
const OTHER_KEYS = new Set([
  'aws_access_key_id', 'aws_secret_access_key', 'aws_session_token', 'aws_account_id', 'source_profile', 'credential_source', 'credential_process',
  'external_id', 'mfa_serial', 'output', 'ca_bundle', 'retry_mode', 'max_attempts', 'parameter_validation', 'use_fips_endpoint',
  'use_dualstack_endpoint', 'endpoint_url', 'ignore_configured_endpoint_urls', 'sso_region', 'sso_session', 'sso_start_url',
  'sso_account_id', 'sso_role_name', 'services', 's3', 'cli_pager', 'defaults_mode', 'account_id_endpoint_mode', 'metadata_service_timeout',
  'metadata_service_num_attempts', 'tcp_keepalive', 'request_checksum_calculation', 'response_checksum_validation', 'sigv4a_signing_region_set',
]);

export const credentialsFileValue: DocRule = {
  id: 'credentials-file-value',
  description: 'An entry of a credentials Secret\'s AWS config file that breaks web identity: sts_regional_endpoints not regional/legacy, a relative web_identity_token_file, a key set twice in one profile, a misspelled key.',
  defaultSeverity: 'error',
  kinds: ['secret'],
  check(ctx) {
    const view = secretView(ctx.root);
    if (view.text === undefined) return;
    const seen = new Map<string, IniEntry>();
    for (const entry of view.entries) {
      const id = `${entry.profile}\u0000${entry.key.toLowerCase()}`;
      const first = seen.get(id);
      if (first) reportDuplicate(ctx, view, first, entry);
      else seen.set(id, entry);
      if (entry.key === 'sts_regional_endpoints') checkStsEndpoints(ctx, view, entry);
      else if (entry.key === 'web_identity_token_file') checkTokenFile(ctx, view, entry);
      else checkKeyName(ctx, view, entry);
    }
  },
};

function checkStsEndpoints(ctx: DocContext, view: SecretView, entry: IniEntry): void {
  if (STS_ENDPOINT_VALUES.includes(entry.value) || isTemplated(entry.value)) return;
  const suggestion = entry.value === '' ? 'regional' : nearest(entry.value, STS_ENDPOINT_VALUES);
  ctx.report({
    range: entryValueRange(ctx.file.text, view, entry),
    message: `sts_regional_endpoints "${entry.value}" in Secret ${view.name} is neither "regional" nor "legacy": the AWS SDKs either refuse it (botocore: InvalidSTSRegionalEndpointsConfigError) or ignore it and call the global STS endpoint, which fails in opt-in regions. Use "${suggestion ?? 'regional'}".`,
    fixes: valueFix(ctx, view, entry, suggestion ?? 'regional'),
  });
}

function checkTokenFile(ctx: DocContext, view: SecretView, entry: IniEntry): void {
  // A templated path is absolute or not depending on what fills it in, unless its literal start says.
  if (entry.value.startsWith('/') || (isTemplated(entry.value) && literalPrefix(entry.value) === '')) return;
  ctx.report({
    range: entryValueRange(ctx.file.text, view, entry),
    message: entry.value === ''
      ? `web_identity_token_file is empty in Secret ${view.name}: the AWS SDK has no token to send to STS. Set it to the projected token's absolute path, e.g. /var/run/secrets/openshift/serviceaccount/token.`
      : `web_identity_token_file "${entry.value}" in Secret ${view.name} is not an absolute path: the SDK resolves it against the container's working directory and fails with "no such file or directory". Use the projected token's absolute path, e.g. /var/run/secrets/openshift/serviceaccount/token.`,
  });
}

function checkKeyName(ctx: DocContext, view: SecretView, entry: IniEntry): void {
  const key = entry.key.toLowerCase();
  if (WEB_IDENTITY_KEYS.includes(key) || OTHER_KEYS.has(key) || key.length < 6) return;
  const suggestion = nearest(key.replace(/-/g, '_'), [...WEB_IDENTITY_KEYS, ...CREDENTIAL_KEYS]);
  if (!suggestion) return;
  const range = iniRange(ctx.file.text, view, entry.line, entry.keyColumn, entry.keyColumn + entry.key.length);
  const exact = !view.encoded && ctx.file.text.slice(range[0], range[1]) === entry.key;
  ctx.report({
    range,
    message: `"${entry.key}" in Secret ${view.name} is not a key the AWS SDKs read, so the profile has no ${suggestion}. Did you mean ${suggestion}?`,
    fixes: exact ? [{ title: `Change to ${suggestion}`, isPreferred: true, edits: { [ctx.file.uri]: [ctx.edit(range, suggestion)] } }] : undefined,
  });
}

function reportDuplicate(ctx: DocContext, view: SecretView, first: IniEntry, entry: IniEntry): void {
  // Values of other keys (secret keys) are never echoed; role ARNs are not secret and say which one is meant.
  const arns = first.key === 'role_arn' ? ` ("${first.value}" and "${entry.value}")` : '';
  const same = first.value === entry.value;
  ctx.report({
    range: iniRange(ctx.file.text, view, entry.line, entry.keyColumn, entry.keyColumn + entry.key.length),
    message: `${entry.key} is set twice in profile [${entry.profile}] of Secret ${view.name}${same ? '' : ' with different values'}${same ? '' : arns}: botocore (Python, the AWS CLI) refuses the file ("Unable to parse config file"), other SDKs silently take one of them. Keep one ${entry.key} line.`,
    related: [{ uri: ctx.file.uri, range: ctx.file.rangeOf(iniRange(ctx.file.text, view, first.line, first.keyColumn, first.keyColumn + first.key.length)), message: `${first.key} is first set here` }],
  });
}

/** A fix replacing an entry's value, offered only where the value's own text sits in the manifest (not base64, not folded). */
function valueFix(ctx: DocContext, view: SecretView, entry: IniEntry, value: string): Fix[] | undefined {
  if (view.encoded || entry.value === '') return undefined;
  const range = entryValueRange(ctx.file.text, view, entry);
  if (ctx.file.text.slice(range[0], range[1]) !== entry.value) return undefined;
  return [{ title: `Use ${value}`, isPreferred: true, edits: { [ctx.file.uri]: [ctx.edit(range, value)] } }];
}
