import { get, isSeq, MapNode, str } from '../model/node';
import { WorkloadView } from './workload';

/** The annotations kube2iam reads unless its flags name others. */
export const KUBE2IAM_ROLE_KEY = 'iam.amazonaws.com/role';
export const KUBE2IAM_NAMESPACE_KEY = 'iam.amazonaws.com/allowed-roles';

/**
 * How a kube2iam DaemonSet of the workspace runs, read from its container's
 * flags (kube2iam parses them with pflag: `--name=value` or `--name value`).
 * A value the manifest does not fix (a `$(VAR)` Kubernetes expands, a
 * template) is unknown: undefined, or `'unknown'` where unset has a meaning.
 */
export interface Kube2iamSettings {
  /** The kube2iam container. */
  container: MapNode;
  /** `--namespace-restrictions`: without it kube2iam ignores the namespaces' allowed-roles annotations. */
  namespaceRestrictions: boolean | 'unknown';
  /** `--namespace-restriction-format`: `glob` (the default) or `regexp`. */
  format: 'glob' | 'regexp' | 'unknown';
  /** `--namespace-key`. */
  namespaceKey: string | undefined;
  /** `--iam-role-key`: the pod annotation kube2iam reads. */
  roleKey: string | undefined;
  /** `--default-role` as written; `'unknown'` with `--auto-discover-default-role` or an unfixed value. */
  defaultRole: string | 'unknown' | undefined;
  /** `--base-role-arn` (ends with `/`), which kube2iam puts before a role written without `arn:`; undefined when not known from the manifest. */
  baseRoleArn: string | undefined;
}

const IMAGE = /(^|\/)kube2iam([:@]|$)/;
const UNFIXED = /\$\(|\{\{|\$\{/;

/** The settings of the workload's kube2iam container, or undefined when it runs no kube2iam image. */
export function kube2iamSettings(workload: WorkloadView): Kube2iamSettings | undefined {
  const container = workload.containers.find((c) => IMAGE.test(str(get(c.node, 'image')) ?? ''));
  if (!container) return undefined;
  const words: string[] = [];
  for (const key of ['command', 'args']) {
    const list = get(container.node, key);
    // A shell line (`sh -c "kube2iam --flag ..."`) is read word by word too.
    if (isSeq(list)) for (const item of list.items) words.push(...(str(item) ?? '').split(/\s+/).filter(Boolean));
  }
  const flags = readFlags(words);
  const value = (name: string): string | undefined | 'unknown' => {
    const v = flags.get(name);
    return v !== undefined && UNFIXED.test(v) ? 'unknown' : v;
  };
  const known = (name: string): string | undefined => {
    const v = value(name);
    return v === 'unknown' ? undefined : v;
  };
  const restrictions = value('namespace-restrictions');
  const format = value('namespace-restriction-format');
  const base = value('base-role-arn');
  const defaultRole = value('default-role');
  return {
    container: container.node,
    namespaceRestrictions: restrictions === undefined ? false : restrictions === 'unknown' ? 'unknown' : parseBool(restrictions),
    format: format === undefined ? 'glob' : format === 'unknown' ? 'unknown' : format.toLowerCase() === 'regexp' ? 'regexp' : 'glob',
    namespaceKey: known('namespace-key'),
    roleKey: known('iam-role-key'),
    defaultRole: flags.has('auto-discover-default-role') && parseBool(flags.get('auto-discover-default-role') ?? 'true') !== false ? 'unknown' : defaultRole,
    // --auto-discover-base-arn asks the node's metadata: the account is not in the manifest.
    baseRoleArn: base && base !== 'unknown' && base.endsWith('/') ? base : undefined,
  };
}

/** Boolean flags as Go's strconv.ParseBool reads them; anything else is unknown. */
function parseBool(value: string): boolean | 'unknown' {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(value)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(value)) return false;
  return 'unknown';
}

const BOOLEAN_FLAGS = new Set(['namespace-restrictions', 'auto-discover-default-role', 'auto-discover-base-arn', 'iptables', 'debug', 'verbose', 'insecure', 'use-regional-sts-endpoint', 'resolve-duplicate-cache-ips']);

/** `--name=value`, `--name value` and bare boolean `--name` words, the last one of a name winning (as pflag sets them in order). */
function readFlags(words: string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (let i = 0; i < words.length; i++) {
    const word = words[i];
    if (!word.startsWith('--')) continue;
    const eq = word.indexOf('=');
    if (eq >= 0) out.set(word.slice(2, eq), word.slice(eq + 1));
    else {
      const name = word.slice(2);
      if (BOOLEAN_FLAGS.has(name) || i + 1 >= words.length || words[i + 1].startsWith('--')) out.set(name, 'true');
      else out.set(name, words[++i]);
    }
  }
  return out;
}
