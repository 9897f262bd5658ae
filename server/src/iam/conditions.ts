import { ConditionKeyInfo, keyPattern, multiValuedByUse, serviceConditionKeys, servicePrefixes } from './catalog';
import { isTemplated, splitTemplated } from '../model/templated';

/**
 * Condition operators and condition keys. Operators are a closed set (the
 * IAM grammar); keys come from the catalog, plus the global `aws:` keys
 * (which the catalog lists only where a service mentions them) and keys whose
 * prefix is an identity provider's issuer, recognised by shape.
 */

export const BASE_OPERATORS: Record<string, string> = {
  StringEquals: 'Exact, case-sensitive match. `*` and `?` are literal characters here: use `StringLike` for wildcards.',
  StringNotEquals: 'True when the value differs from every listed value (case-sensitive, no wildcards).',
  StringEqualsIgnoreCase: 'Exact match ignoring case; no wildcards.',
  StringNotEqualsIgnoreCase: 'Negated case-insensitive exact match; no wildcards.',
  StringLike: 'Case-sensitive match where `*` matches any run of characters and `?` one character.',
  StringNotLike: 'Negated `StringLike`: true when no listed pattern matches.',
  NumericEquals: 'Numeric equality.',
  NumericNotEquals: 'Numeric inequality.',
  NumericLessThan: 'Numeric <.',
  NumericLessThanEquals: 'Numeric <=.',
  NumericGreaterThan: 'Numeric >.',
  NumericGreaterThanEquals: 'Numeric >=.',
  DateEquals: 'Date equality (ISO 8601 or epoch seconds).',
  DateNotEquals: 'Date inequality.',
  DateLessThan: 'Before the given date.',
  DateLessThanEquals: 'At or before the given date.',
  DateGreaterThan: 'After the given date.',
  DateGreaterThanEquals: 'At or after the given date.',
  Bool: 'Boolean match (`true`/`false`).',
  BinaryEquals: 'Byte-for-byte match of a base64-encoded value.',
  IpAddress: 'The IP address is in one of the CIDR ranges.',
  NotIpAddress: 'The IP address is in none of the CIDR ranges (also true when the request has no source IP, e.g. calls made by AWS services on your behalf).',
  ArnEquals: 'ARN match; like `ArnLike`, wildcards are allowed in each colon-separated part.',
  ArnLike: 'ARN match with `*`/`?` wildcards in each colon-separated part.',
  ArnNotEquals: 'Negated ARN match.',
  ArnNotLike: 'Negated ARN match with wildcards.',
  Null: 'True when the key is absent (`"true"`) or present (`"false"`).',
};

export interface ParsedOperator {
  base: string;
  set?: 'ForAllValues' | 'ForAnyValue';
  ifExists: boolean;
}

/** Splits `ForAllValues:StringLikeIfExists` into its parts; undefined when the base operator is unknown. */
export function parseOperator(operator: string): ParsedOperator | undefined {
  const m = /^(?:(ForAllValues|ForAnyValue):)?(.+?)(IfExists)?$/.exec(operator);
  if (!m) return undefined;
  const base = m[2];
  if (!Object.prototype.hasOwnProperty.call(BASE_OPERATORS, base)) return undefined;
  if (base === 'Null' && m[3]) return undefined;
  return { base, set: m[1] as ParsedOperator['set'], ifExists: m[3] !== undefined };
}

/**
 * What a condition with this operator is when the request carries no value
 * for its key: true for ...IfExists, for negated operators (StringNotEquals,
 * NotIpAddress...) and ForAllValues; false otherwise. Undefined for Null and
 * for operators that are not IAM's.
 */
export function whenKeyMissing(operator: string): boolean | undefined {
  const parsed = parseOperator(operator);
  if (!parsed || parsed.base === 'Null') return undefined;
  return parsed.ifExists || parsed.set === 'ForAllValues' || /Not/.test(parsed.base);
}

/** Every operator spelling, for suggestions and completion. */
export function allOperators(): string[] {
  const bases = Object.keys(BASE_OPERATORS);
  return [...bases, ...bases.filter((b) => b !== 'Null').map((b) => `${b}IfExists`), ...['ForAnyValue', 'ForAllValues'].flatMap((s) => bases.filter((b) => b.startsWith('String')).map((b) => `${s}:${b}`))];
}

/** Global condition keys (available in every request context, or every federated one). */
export const GLOBAL_KEYS: Record<string, string> = {
  'aws:CalledVia': 'Services that made the request on the principal\'s behalf (list).',
  'aws:CalledViaFirst': 'The first service in the CalledVia chain.',
  'aws:CalledViaLast': 'The last service in the CalledVia chain.',
  'aws:CurrentTime': 'Date and time of the request.',
  'aws:EpochTime': 'Date and time of the request in epoch seconds.',
  'aws:FederatedProvider': 'The identity provider that federated the principal (e.g. an OIDC provider ARN).',
  'aws:MultiFactorAuthAge': 'Seconds since the principal authenticated with MFA.',
  'aws:MultiFactorAuthPresent': 'Whether MFA was used for the credentials.',
  'aws:PrincipalAccount': 'Account of the requesting principal.',
  'aws:PrincipalArn': 'ARN of the requesting principal.',
  'aws:PrincipalIsAWSService': 'Whether an AWS service principal made the call.',
  'aws:PrincipalOrgID': 'Organization ID of the requesting principal.',
  'aws:PrincipalOrgPaths': 'Organization paths of the requesting principal.',
  'aws:PrincipalServiceName': 'Service principal name of the caller.',
  'aws:PrincipalServiceNamesList': 'All service principal names of the caller.',
  'aws:PrincipalTag/${TagKey}': 'A tag attached to the requesting principal.',
  'aws:PrincipalType': 'Type of the requesting principal (Account, User, FederatedUser, AssumedRole, Anonymous).',
  'aws:Referer': 'The HTTP referer of the request.',
  'aws:RequestedRegion': 'The region the request was made to.',
  'aws:RequestTag/${TagKey}': 'A tag passed in the request.',
  'aws:ResourceAccount': 'Account that owns the resource.',
  'aws:ResourceOrgID': 'Organization ID of the resource owner.',
  'aws:ResourceOrgPaths': 'Organization paths of the resource owner.',
  'aws:ResourceTag/${TagKey}': 'A tag attached to the resource.',
  'aws:SecureTransport': 'Whether the request used TLS.',
  'aws:SourceAccount': 'Account of the resource making a service-to-service request.',
  'aws:SourceArn': 'ARN of the resource making a service-to-service request.',
  'aws:SourceIdentity': 'Source identity set on the role session.',
  'aws:SourceIp': 'Requester\'s public IP address. Absent for calls AWS services make on your behalf, and evaluated at request time for pre-signed URLs.',
  'aws:SourceOrgID': 'Organization of the resource making a service-to-service request.',
  'aws:SourceOrgPaths': 'Organization paths of the resource making a service-to-service request.',
  'aws:SourceVpc': 'VPC the request came through (VPC endpoint).',
  'aws:SourceVpce': 'VPC endpoint the request came through.',
  'aws:SourceVpcArn': 'ARN of the VPC the request came through.',
  'aws:TagKeys': 'Tag keys passed in the request.',
  'aws:TokenIssueTime': 'When the temporary credentials were issued.',
  'aws:UserAgent': 'The requester\'s client application.',
  'aws:userid': 'Unique ID of the principal.',
  'aws:username': 'Friendly name of an IAM user.',
  'aws:ViaAWSService': 'Whether an AWS service made the request on the principal\'s behalf.',
  'aws:VpcSourceIp': 'Private IP address the request came from through a VPC endpoint.',
  'aws:VpceAccount': 'Account that owns the VPC endpoint.',
  'aws:VpceOrgID': 'Organization of the VPC endpoint owner.',
  'aws:VpceOrgPaths': 'Organization paths of the VPC endpoint owner.',
  'aws:Ec2InstanceSourceVpc': 'VPC of the EC2 instance whose role credentials made the request.',
  'aws:Ec2InstanceSourcePrivateIPv4': 'Private IPv4 address of the EC2 instance whose role credentials made the request.',
  'aws:AssumedRoot': 'Whether the request used AssumeRoot credentials.',
  'aws:ChatbotSourceArn': 'ARN of the chat channel configuration that made the request.',
  'ec2:RoleDelivery': 'Instance metadata service version that delivered role credentials.',
  'ec2:SourceInstanceArn': 'The EC2 instance whose role credentials made the request.',
  'glue:RoleAssumedBy': 'The AWS Glue service that assumed the role.',
  'glue:CredentialIssuingService': 'The AWS Glue service that issued the credentials.',
  'lambda:SourceFunctionArn': 'The Lambda function whose execution role made the request.',
  'ssm:SourceInstanceArn': 'The Systems Manager managed instance that made the request.',
  'identitystore:UserId': 'IAM Identity Center user ID of the principal.',
};

/** The global keys that hold a list of values (ForAllValues/ForAnyValue keys). */
const MULTI_VALUED_GLOBALS = new Set(['aws:CalledVia', 'aws:PrincipalOrgPaths', 'aws:PrincipalServiceNamesList', 'aws:ResourceOrgPaths', 'aws:SourceOrgPaths', 'aws:TagKeys', 'aws:VpceOrgPaths']);

const globalPatterns = Object.keys(GLOBAL_KEYS).map((key) => ({ key, type: MULTI_VALUED_GLOBALS.has(key) ? 'ArrayOfString' : 'String', pattern: keyPattern(key) }));
let keysByPrefix: Map<string, ConditionKeyInfo[]> | undefined;

/** Every catalog key grouped by its lower-case prefix (the part before the first `:`). */
function index(): Map<string, ConditionKeyInfo[]> {
  if (keysByPrefix) return keysByPrefix;
  keysByPrefix = new Map();
  const add = (info: ConditionKeyInfo) => {
    const prefix = info.key.slice(0, info.key.indexOf(':')).toLowerCase();
    const list = keysByPrefix!.get(prefix);
    if (!list) keysByPrefix!.set(prefix, [info]);
    else if (!list.some((k) => k.key.toLowerCase() === info.key.toLowerCase())) list.push(info);
  };
  for (const info of globalPatterns) add(info);
  for (const prefix of servicePrefixes()) for (const info of serviceConditionKeys(prefix)) add(info);
  return keysByPrefix;
}

/**
 * An identity provider's issuer used as a key prefix: `<host[/path]>:<claim>`,
 * e.g. `oidc.eks.us-east-1.amazonaws.com/id/ABC:sub`, `demo-oidc.s3.us-east-1.amazonaws.com:aud`.
 * These are as many as there are clusters, so no list can hold them.
 */
export const ISSUER_KEY = /^(?<issuer>(?:https?:\/\/)?[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+(?::\d+)?(?:\/[^\s:]*)?):(?<claim>[A-Za-z0-9_.\-/]+)$/;

export function issuerOfKey(key: string): { issuer: string; claim: string } | undefined {
  const m = ISSUER_KEY.exec(key);
  return m ? { issuer: m.groups!.issuer, claim: m.groups!.claim } : undefined;
}

/**
 * A templated issuer key (`%{issuer_url}:sub`, `${oidc_provider}:aud`): the
 * issuer is unknown, the claim after the last `:` is literal. Undefined when
 * the key holds no placeholder or its claim is not literal.
 */
export function templatedIssuerKey(key: string): { issuerTemplate: string; claim: string } | undefined {
  if (!isTemplated(key)) return undefined; // the common case, without splitting the key
  const parts = splitTemplated(key, ':');
  if (parts.length < 2 || !parts.slice(0, -1).some((p) => p.templated)) return undefined;
  const last = parts[parts.length - 1];
  if (last.templated || !/^[A-Za-z0-9_.\-/]+$/.test(last.text)) return undefined;
  return { issuerTemplate: key.slice(0, last.start - 1), claim: last.text };
}

export type KeyLookup =
  | { known: true; info?: ConditionKeyInfo; issuer?: string }
  | { known: false; prefixKnown: boolean; suggestion?: string };

export function lookupConditionKey(key: string): KeyLookup {
  const colon = key.indexOf(':');
  if (colon <= 0) return { known: false, prefixKnown: false };
  const prefix = key.slice(0, colon).toLowerCase();
  const candidates = index().get(prefix);
  if (candidates) {
    const info = candidates.find((k) => k.pattern.test(key));
    if (info) return { known: true, info };
  }
  const issuer = issuerOfKey(key);
  if (issuer && /[./]/.test(issuer.issuer)) return { known: true, issuer: issuer.issuer };
  if (!candidates) return { known: false, prefixKnown: false };
  return { known: false, prefixKnown: true };
}

/** Keys offered for a prefix (`aws`, `s3`, ...), templates included. */
export function conditionKeysFor(prefix: string): ConditionKeyInfo[] {
  return index().get(prefix.toLowerCase()) ?? [];
}

export function keyPrefixes(): string[] {
  return [...index().keys()];
}

/** Identity provider claims IAM evaluates as one value, and the one it evaluates as a list (Cognito's amr). */
const SINGLE_CLAIMS = new Set(['sub', 'aud', 'azp', 'oaud', 'iss', 'email', 'id']);

/**
 * Whether a condition key holds one value or a list, from the catalog's key
 * type; `unknown` when the key or its type is not known.
 */
export function keyValuedness(key: string): 'single' | 'multi' | 'unknown' {
  if (multiValuedByUse(key)) return 'multi';
  const found = lookupConditionKey(key);
  if (!found.known) return 'unknown';
  if (found.info) return found.info.type.startsWith('ArrayOf') ? 'multi' : 'single';
  const claim = found.issuer !== undefined ? issuerOfKey(key)?.claim : undefined;
  if (claim === 'amr') return 'multi';
  return claim !== undefined && SINGLE_CLAIMS.has(claim) ? 'single' : 'unknown';
}
