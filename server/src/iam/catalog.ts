import { IAM_DATA_DATE, IAM_DATA_VERSION, SERVICES } from './catalogData';
import { HISTORY, PAST_CONDITION_KEYS } from './catalogHistory';
import { wildcardMatch } from '../util/wildcard';

/**
 * The AWS IAM catalog (services, actions, condition keys), read from the
 * compact generated module `catalogData.ts`. Each service is unpacked on first
 * use, so the server pays only for the services a workspace names.
 */
export { IAM_DATA_DATE, IAM_DATA_VERSION };

export type AccessLevel = 'Read' | 'Write' | 'List' | 'Tagging' | 'Permissions management';

export interface ActionInfo {
  service: string;
  name: string;
  access: AccessLevel;
  description: string;
  /** Resource types; `*` marks the required ones. */
  resourceTypes: string[];
}

export interface ConditionKeyInfo {
  key: string;
  type: string;
  /** Matches the key, case-insensitively, with `${TagKey}` style parts as wildcards. */
  pattern: RegExp;
}

export interface ServiceInfo {
  prefix: string;
  name: string;
  actions: ActionInfo[];
  byLowerName: Map<string, ActionInfo>;
  conditionKeys: ConditionKeyInfo[];
}

const LEVELS: Record<string, AccessLevel> = { R: 'Read', W: 'Write', L: 'List', T: 'Tagging', P: 'Permissions management' };
const TYPES: Record<string, string> = { s: 'String', S: 'ArrayOfString', a: 'ARN', A: 'ArrayOfARN', b: 'Bool', B: 'ArrayOfBool', n: 'Numeric', i: 'IPAddress', d: 'Date' };

const unpacked = new Map<string, ServiceInfo>();
let lowerPrefixes: Map<string, string> | undefined;

export function servicePrefixes(): string[] {
  return Object.keys(SERVICES);
}

export function serviceName(prefix: string): string | undefined {
  return SERVICES[canonicalPrefix(prefix) ?? '']?.[0];
}

/** The catalog spelling of a service prefix (prefixes are case-insensitive in IAM). */
export function canonicalPrefix(prefix: string): string | undefined {
  if (Object.prototype.hasOwnProperty.call(SERVICES, prefix)) return prefix;
  lowerPrefixes ??= new Map(Object.keys(SERVICES).map((p) => [p.toLowerCase(), p]));
  return lowerPrefixes.get(prefix.toLowerCase());
}

export function service(prefix: string): ServiceInfo | undefined {
  const canonical = canonicalPrefix(prefix);
  if (canonical === undefined) return undefined;
  let info = unpacked.get(canonical);
  if (!info) {
    info = unpack(canonical, SERVICES[canonical]);
    unpacked.set(canonical, info);
  }
  return info;
}

function unpack(prefix: string, [name, actionText, keyText]: readonly [string, string, string]): ServiceInfo {
  const actions: ActionInfo[] = actionText
    ? actionText.split('\n').map((line) => {
        const [actionName, level, description, resources] = line.split('|');
        return {
          service: prefix,
          name: actionName,
          access: LEVELS[level] ?? 'Write',
          description: description.startsWith('=') ? description.slice(1) : `Grants permission to ${description}`,
          resourceTypes: resources ? resources.split(',') : [],
        };
      })
    : [];
  const conditionKeys = unpackKeys(keyText);
  return { prefix, name, actions, byLowerName: new Map(actions.map((a) => [a.name.toLowerCase(), a])), conditionKeys };
}

function unpackKeys(keyText: string): ConditionKeyInfo[] {
  if (!keyText) return [];
  return keyText.split('\n').map((line) => {
    const space = line.lastIndexOf(' ');
    const key = line.slice(0, space);
    return { key, type: TYPES[line.slice(space + 1)] ?? 'String', pattern: keyPattern(key) };
  });
}

/** A service's condition keys without unpacking its actions (the key index needs every service). */
export function serviceConditionKeys(prefix: string): ConditionKeyInfo[] {
  const done = unpacked.get(prefix);
  if (done) return done.conditionKeys;
  const entry = SERVICES[prefix];
  return entry ? unpackKeys(entry[2]) : [];
}

/**
 * The catalog writes a key's variable part as `${TagKey}`, `<key>`, `tag-key`
 * or nothing after a `/` (`s3:ExistingObjectTag/<key>`,
 * `secretsmanager:ResourceTag/tag-key`, `glacier:ResourceTag/`): all become `${TagKey}`.
 */
export function templateOf(key: string): string {
  return key.replace(/<[^>]*>/g, '${TagKey}').replace(/(Tag\/)tag-key$/i, '$1${TagKey}').replace(/\/$/, '/${TagKey}');
}

/**
 * `aws:PrincipalTag/${TagKey}` matches `aws:PrincipalTag/team`; a tag key may
 * itself hold `:` and `/` (`secretsmanager:ResourceTag/aws:secretsmanager:owningService`).
 */
export function keyPattern(key: string): RegExp {
  const source = templateOf(key)
    .split(/\$\{[^}]*\}/)
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('.+');
  return new RegExp(`^${source}$`, 'i');
}

export function action(prefix: string, name: string): ActionInfo | undefined {
  return service(prefix)?.byLowerName.get(name.toLowerCase());
}

/** IAM action wildcards: `*` any run of characters, `?` one character, case-insensitive. */
export function actionMatches(pattern: string, name: string): boolean {
  return wildcardMatch(pattern, name, { ignoreCase: true });
}

export function matchingActions(prefix: string, namePattern: string): ActionInfo[] {
  const info = service(prefix);
  if (!info) return [];
  return info.actions.filter((a) => actionMatches(namePattern, a.name));
}

/**
 * What AWS documented or used before: `retired` was in an earlier edition of
 * the catalog, `undocumented` is named by AWS managed policies without AWS
 * documenting it (internal, preview or retired). Neither is a typo.
 */
export type PastStatus = 'retired' | 'undocumented';

export interface PastEntry {
  /** The spelling of the source. */
  name: string;
  status: PastStatus;
}

const PAST: Record<string, PastStatus> = { r: 'retired', u: 'undocumented' };
const pastActions = new Map<string, Map<string, PastEntry>>();
let lowerPast: Map<string, string> | undefined;

function historyEntry(prefix: string): readonly [string, string, string] | undefined {
  lowerPast ??= new Map(Object.keys(HISTORY).map((p) => [p.toLowerCase(), p]));
  const key = lowerPast.get(prefix.toLowerCase());
  return key === undefined ? undefined : HISTORY[key];
}

/** A service prefix that AWS does not document today but did (or uses) before; undefined for today's services and unknown ones. */
export function pastService(prefix: string): PastEntry | undefined {
  const entry = historyEntry(prefix);
  if (!entry || !entry[0]) return undefined;
  return { name: entry[1] || prefix.toLowerCase(), status: PAST[entry[0]] ?? 'undocumented' };
}

function pastActionsOf(prefix: string): Map<string, PastEntry> {
  const key = prefix.toLowerCase();
  let map = pastActions.get(key);
  if (!map) {
    const text = historyEntry(prefix)?.[2] ?? '';
    map = new Map(
      text
        ? text.split('\n').map((line) => {
            const [name, status] = line.split(' ');
            return [name.toLowerCase(), { name, status: PAST[status] ?? 'undocumented' }] as const;
          })
        : [],
    );
    pastActions.set(key, map);
  }
  return map;
}

/** An action of a documented service that the catalog no longer (or never) lists but AWS documented or uses. */
export function pastAction(prefix: string, name: string): PastEntry | undefined {
  return pastActionsOf(prefix).get(name.toLowerCase());
}

/** The past actions of a service that a wildcard pattern matches. */
export function matchingPastActions(prefix: string, namePattern: string): PastEntry[] {
  return [...pastActionsOf(prefix).values()].filter((a) => actionMatches(namePattern, a.name));
}

let pastKeys: Map<string, { key: string; flags: string }> | undefined;

function pastKeyEntry(key: string): { key: string; flags: string } | undefined {
  pastKeys ??= new Map(
    PAST_CONDITION_KEYS.split('\n').map((line) => {
      const space = line.lastIndexOf(' ');
      return [line.slice(0, space).toLowerCase(), { key: line.slice(0, space), flags: line.slice(space + 1) }] as const;
    }),
  );
  return pastKeys.get(key.toLowerCase());
}

/** A condition key AWS documented before (retired) or uses in its managed policies without documenting it. */
export function pastConditionKey(key: string): PastEntry | undefined {
  const entry = pastKeyEntry(key);
  if (!entry) return undefined;
  if (entry.flags.includes('r')) return { name: entry.key, status: 'retired' };
  if (entry.flags.includes('u')) return { name: entry.key, status: 'undocumented' };
  return undefined;
}

/** AWS's own managed policies use the key under ForAllValues/ForAnyValue: it holds a list, whatever type the catalog gives. */
export function multiValuedByUse(key: string): boolean {
  return pastKeyEntry(key)?.flags.includes('m') ?? false;
}
