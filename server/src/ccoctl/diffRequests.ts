import { CredentialsRequest, StatementEntry } from './credentialsRequests';
import { fullRoleName, roleNameOf } from './createIamRoles';

/**
 * What changes between the CredentialsRequests of two releases, and what that
 * asks of AWS before a cluster in manual mode may upgrade: new requests need
 * roles, changed permissions need a new role policy, changed service accounts
 * a new trust policy, a moved Secret a new role.
 */

/** Actions of statement entries that share effect, resource and condition. */
export interface PermissionGroup {
  effect: string;
  resource: string;
  condition: Record<string, unknown> | undefined;
  actions: string[];
}

export interface RequestSummary {
  /** `<metadata.namespace>/<metadata.name>`. */
  id: string;
  file: string;
  secret: { namespace: string; name: string };
  /** The role ccoctl makes for it: `<name>-<secret namespace>-<secret name>`, cut to 64 (`<name>` when no --name is given). */
  roleName: string;
  serviceAccounts: string[];
  statementEntries: StatementEntry[];
}

export interface RequestChange {
  old: RequestSummary;
  new: RequestSummary;
  permissions?: { added: PermissionGroup[]; removed: PermissionGroup[] };
  serviceAccounts?: { added: string[]; removed: string[] };
  secret?: { old: { namespace: string; name: string }; new: { namespace: string; name: string } };
}

/** One thing to do in AWS, in words and as the role it concerns. */
export interface AwsTodo {
  action: 'create-role' | 'update-role-policy' | 'update-trust-policy' | 'delete-role-after-upgrade';
  roleName: string;
  why: string;
}

export interface RequestsDiff {
  added: RequestSummary[];
  removed: RequestSummary[];
  changed: RequestChange[];
  unchanged: string[];
  aws: AwsTodo[];
}

export const NAME_PLACEHOLDER = '<name>';

export function summarize(request: CredentialsRequest, clusterName: string | undefined): RequestSummary {
  const name = clusterName || NAME_PLACEHOLDER;
  const full = fullRoleName(name, request);
  return {
    id: `${request.namespace}/${request.name}`,
    file: request.file,
    secret: { namespace: request.secretNamespace, name: request.secretName },
    roleName: clusterName ? roleNameOf(name, request) : full,
    serviceAccounts: [...request.serviceAccountNames],
    statementEntries: request.statementEntries,
  };
}

/** Requests for AWS only: a release's requests for other clouds are not ours to compare. */
export function diffCredentialsRequests(oldRequests: CredentialsRequest[], newRequests: CredentialsRequest[], clusterName?: string): RequestsDiff {
  const aws = (list: CredentialsRequest[]) => list.filter((r) => r.providerKind === 'AWSProviderSpec');
  const before = new Map(aws(oldRequests).map((r) => [`${r.namespace}/${r.name}`, r]));
  const after = new Map(aws(newRequests).map((r) => [`${r.namespace}/${r.name}`, r]));
  const diff: RequestsDiff = { added: [], removed: [], changed: [], unchanged: [], aws: [] };
  for (const [id, request] of after) {
    const summary = summarize(request, clusterName);
    const previous = before.get(id);
    if (!previous) {
      diff.added.push(summary);
      diff.aws.push({ action: 'create-role', roleName: summary.roleName, why: `new CredentialsRequest ${id} (Secret ${summary.secret.namespace}/${summary.secret.name})` });
      continue;
    }
    const change = compare(summarize(previous, clusterName), summary);
    if (!change) {
      diff.unchanged.push(id);
      continue;
    }
    diff.changed.push(change);
    if (change.secret) {
      diff.aws.push({ action: 'create-role', roleName: summary.roleName, why: `CredentialsRequest ${id} now writes Secret ${summary.secret.namespace}/${summary.secret.name}, which names another role` });
      diff.aws.push({ action: 'delete-role-after-upgrade', roleName: change.old.roleName, why: `CredentialsRequest ${id} no longer writes Secret ${change.old.secret.namespace}/${change.old.secret.name}` });
      continue;
    }
    if (change.permissions) diff.aws.push({ action: 'update-role-policy', roleName: summary.roleName, why: `the statement entries of ${id} changed` });
    if (change.serviceAccounts) diff.aws.push({ action: 'update-trust-policy', roleName: summary.roleName, why: `the service accounts of ${id} changed` });
  }
  for (const [id, request] of before) {
    if (after.has(id)) continue;
    const summary = summarize(request, clusterName);
    diff.removed.push(summary);
    diff.aws.push({ action: 'delete-role-after-upgrade', roleName: summary.roleName, why: `the new release has no CredentialsRequest ${id}` });
  }
  return diff;
}

function compare(before: RequestSummary, after: RequestSummary): RequestChange | undefined {
  const change: RequestChange = { old: before, new: after };
  const permissions = diffPermissions(before.statementEntries, after.statementEntries);
  if (permissions.added.length > 0 || permissions.removed.length > 0) change.permissions = permissions;
  const addedSas = after.serviceAccounts.filter((s) => !before.serviceAccounts.includes(s));
  const removedSas = before.serviceAccounts.filter((s) => !after.serviceAccounts.includes(s));
  if (addedSas.length > 0 || removedSas.length > 0) change.serviceAccounts = { added: addedSas, removed: removedSas };
  if (before.secret.namespace !== after.secret.namespace || before.secret.name !== after.secret.name) change.secret = { old: before.secret, new: after.secret };
  return change.permissions || change.serviceAccounts || change.secret ? change : undefined;
}

/** Statement entries grouped by effect, resource and condition; actions compared as sets (their order means nothing to IAM). */
function groups(entries: StatementEntry[]): Map<string, PermissionGroup> {
  const out = new Map<string, PermissionGroup>();
  for (const e of entries) {
    const key = JSON.stringify([e.effect, e.resource, canonical(e.policyCondition)]);
    const group = out.get(key) ?? { effect: e.effect, resource: e.resource, condition: e.policyCondition, actions: [] };
    for (const action of e.action) if (!group.actions.includes(action)) group.actions.push(action);
    out.set(key, group);
  }
  return out;
}

function diffPermissions(before: StatementEntry[], after: StatementEntry[]): { added: PermissionGroup[]; removed: PermissionGroup[] } {
  const a = groups(before);
  const b = groups(after);
  const minus = (x: Map<string, PermissionGroup>, y: Map<string, PermissionGroup>) => {
    const out: PermissionGroup[] = [];
    for (const [key, group] of x) {
      const other = y.get(key);
      const actions = group.actions.filter((action) => !other?.actions.includes(action));
      if (actions.length > 0) out.push({ ...group, actions });
    }
    return out;
  };
  return { added: minus(b, a), removed: minus(a, b) };
}

/** JSON with sorted keys, so two conditions written in another order compare equal. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.keys(value as Record<string, unknown>).sort().map((k) => [k, canonical((value as Record<string, unknown>)[k])]));
  }
  return value;
}

/** The requests of the new release a role must be created or updated for (what --apply hands to the roles planner). */
export function requestsToApply(diff: RequestsDiff, newRequests: CredentialsRequest[]): CredentialsRequest[] {
  const ids = new Set([...diff.added.map((s) => s.id), ...diff.changed.map((c) => c.new.id)]);
  return newRequests.filter((r) => ids.has(`${r.namespace}/${r.name}`));
}
