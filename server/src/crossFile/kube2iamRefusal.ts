import { get, isMap, str } from '../model/node';
import { ParsedFile } from '../model/parsedFile';
import { DocContext, RelatedInfo, Report } from '../rules/rule';
import { KUBE2IAM_NAMESPACE_KEY, KUBE2IAM_ROLE_KEY, Kube2iamSettings, kube2iamSettings } from '../views/kube2iam';
import { NeighbourFacts } from '../workspace/folderFacts';
import { displayPath } from './display';
import { kube2iamAdmits } from './kube2iamAdmission';

/** A kube2iam DaemonSet (or another workload running its image) and how it runs. */
interface Kube2iamDaemon {
  settings: Kube2iamSettings;
  file: ParsedFile;
}

const DAEMONS_KEY = {};

/** The kube2iam DaemonSets (or other workloads running its image) of the workspace. */
function daemonsOf(facts: NeighbourFacts): Kube2iamDaemon[] {
  return facts.memo(DAEMONS_KEY, ['workload'], () =>
    facts.workloads().flatMap(({ view, file }) => {
      const settings = kube2iamSettings(view);
      return settings ? [{ settings, file }] : [];
    }),
  );
}

/**
 * Whether the kube2iam of the workspace refuses a pod's role in its
 * namespace: the Namespace's allowed-roles annotation against the role, as
 * kube2iam decides it with its DaemonSets' flags. A warning only when every kube2iam of the workspace runs with
 * namespace restrictions and refuses the role; information, saying so, when
 * no kube2iam DaemonSet is in the workspace (its flags are not known);
 * nothing when the outcome depends on what the manifests do not say.
 */
export function namespaceRefusal(ctx: DocContext, facts: NeighbourFacts, namespace: string, role: string): Pick<Report, 'severity' | 'message' | 'related'> | undefined {
  const daemons = daemonsOf(facts);
  if (daemons.length === 0) {
    const allowed = allowedRoles(facts, namespace, KUBE2IAM_NAMESPACE_KEY);
    if (!allowed) return undefined;
    // The flags are not known: read as kube2iam's defaults (globs, no default role), with the base ARN unknown, and said so.
    if (kube2iamAdmits(role, allowed.patterns, { baseRoleArn: undefined, defaultRole: undefined, format: 'glob' }) !== 'refused') return undefined;
    return {
      severity: 'information',
      message: `If kube2iam runs with --namespace-restrictions and its default glob format (no kube2iam DaemonSet is in the workspace to tell), it refuses role "${role}" in namespace ${namespace} unless that is its --default-role: the namespace's ${KUBE2IAM_NAMESPACE_KEY} annotation allows only ${listed(allowed)}.`,
      related: [allowed.related],
    };
  }
  let refusedBy: { daemon: Kube2iamDaemon; allowed: AllowedRoles } | undefined;
  for (const daemon of daemons) {
    const { namespaceRestrictions, format, roleKey, namespaceKey, baseRoleArn, defaultRole } = daemon.settings;
    if (namespaceRestrictions === false) return undefined;
    // A kube2iam told to read another pod annotation does not read this one.
    if (namespaceRestrictions === 'unknown' || format === 'unknown' || (roleKey !== undefined && roleKey !== KUBE2IAM_ROLE_KEY)) return undefined;
    const allowed = allowedRoles(facts, namespace, namespaceKey ?? KUBE2IAM_NAMESPACE_KEY);
    // No annotation (or no Namespace manifest to read it from): nothing is known to be allowed or refused.
    if (!allowed) return undefined;
    if (kube2iamAdmits(role, allowed.patterns, { baseRoleArn, defaultRole, format }) !== 'refused') return undefined;
    refusedBy ??= { daemon, allowed };
  }
  if (!refusedBy) return undefined;
  const { daemon, allowed } = refusedBy;
  const format = daemon.settings.format === 'regexp' ? 'regular expressions' : 'globs';
  return {
    severity: 'warning',
    message: `kube2iam refuses role "${role}" in namespace ${namespace}: it runs with --namespace-restrictions (${displayPath(ctx.file, daemon.file)}), and the namespace's ${allowed.key} annotation allows only ${listed(allowed)} (${format}). The pod gets no credentials.`,
    related: [allowed.related, { uri: daemon.file.uri, range: daemon.file.rangeOf(daemon.settings.container.range), message: 'the kube2iam container, run with --namespace-restrictions' }],
  };
}

function listed(allowed: AllowedRoles): string {
  return allowed.patterns.map((g) => `"${g}"`).join(', ') || 'nothing';
}

interface AllowedRoles {
  key: string;
  patterns: string[];
  related: RelatedInfo;
}

function allowedRoles(facts: NeighbourFacts, namespace: string, key: string): AllowedRoles | undefined {
  const ns = facts.namespace(namespace);
  const annotations = ns ? get(ns.view, 'metadata', 'annotations') : undefined;
  const value = isMap(annotations) ? annotations.pairs.find((p) => p.key === key) : undefined;
  const text = str(value?.value);
  if (!ns || !value || text === undefined) return undefined;
  try {
    const parsed = JSON.parse(text) as unknown;
    if (!Array.isArray(parsed)) return undefined;
    return { key, patterns: parsed.filter((g): g is string => typeof g === 'string'), related: { uri: ns.file.uri, range: ns.file.rangeOf(value.value.range), message: `${key} of namespace ${namespace}` } };
  } catch {
    return undefined;
  }
}
