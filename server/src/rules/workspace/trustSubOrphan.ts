import { CLUSTER_DEFINITION_KINDS, clusterOf, ClusterSettings } from '../../crossFile/clusterScope';
import { knownSubjectsWithFiles } from '../../crossFile/roleBindings';
import { ParsedFile } from '../../model/parsedFile';
import { webIdentityStatements } from '../../crossFile/webIdentityTrust';
import { isTemplated } from '../../model/templated';
import { policiesOf } from '../../views/policy';
import { WorkspaceIndex } from '../../workspace/workspaceIndex';
import { nearest } from '../../util/nearest';
import { DocRule } from '../rule';

const SUBJECT = /^system:serviceaccount:([^:*?]+):([^:*?]+)$/;

export const trustSubOrphan: DocRule = {
  id: 'trust-sub-orphan',
  description: 'A trust policy admits a namespace/serviceaccount that no manifest of its cluster defines or uses, although that cluster has manifests for the namespace.',
  defaultSeverity: 'warning',
  kinds: ['trust-policy', 'iam-role', 'cloudformation', 'terraform'],
  check(ctx) {
    if (!ctx.index) return;
    const known = knownServiceAccounts(ctx.index, ctx.file, ctx.settings);
    for (const policy of policiesOf(ctx.file, ctx.doc)) {
      if (policy.role !== 'trust') continue;
      for (const statement of webIdentityStatements(policy)) {
        for (const condition of statement.subs) {
          for (const value of condition.values) {
            // A templated subject (`system:serviceaccount:default:${sa}`) names an account nobody can look up yet.
            const match = isTemplated(value.value) ? null : SUBJECT.exec(value.value);
            if (!match) continue;
            const [, namespace, name] = match;
            const names = known.get(namespace);
            if (!names || names.has(name)) continue;
            const suggestion = nearest(name, names);
            const fixed = `system:serviceaccount:${namespace}:${suggestion}`;
            ctx.report({
              range: value.node.range,
              message:
                `No manifest in the workspace defines or uses service account ${namespace}/${name}` +
                `${suggestion ? ` (did you mean ${suggestion}?)` : ` (namespace ${namespace} has ${[...names].sort().join(', ')})`}: this trust policy admits a service account nothing runs as.`,
              fixes: suggestion ? [{ title: `Replace with ${fixed}`, edits: { [ctx.file.uri]: [ctx.edit(value.node.range, policy.encode(JSON.stringify(fixed)))] } }] : [],
            });
          }
        }
      }
    }
  },
};

type Known = Map<string, Set<string>>;

/**
 * namespace -> service account names defined or used there, per cluster
 * folder ('' for files of no cluster): a trust policy is compared with the
 * manifests of its own cluster, not with another cluster's namespaces.
 */
function knownServiceAccounts(index: WorkspaceIndex, file: ParsedFile, settings: ClusterSettings): Known {
  const roots = JSON.stringify(settings.clusterRoots);
  const byCluster = index.derived(
    `known-service-accounts-by-cluster:${roots}`,
    () => {
      const out = new Map<string, Known>();
      for (const { subject, file: where } of knownSubjectsWithFiles(index)) {
        const root = clusterOf(index, where, settings)?.root ?? '';
        const [, , namespace, name] = subject.split(':');
        if (!out.has(root)) out.set(root, new Map());
        const known = out.get(root)!;
        if (!known.has(namespace)) known.set(namespace, new Set());
        known.get(namespace)!.add(name);
      }
      return out;
    },
    ['service-account', 'workload', 'credentials-request', ...CLUSTER_DEFINITION_KINDS],
  );
  const mine = clusterOf(index, file, settings)?.root;
  // One merged map per cluster (and one for files of no cluster), not one per trust policy.
  return index.derived(
    `known-service-accounts-for:${roots}:${mine ?? '*'}`,
    () => {
      const roots = mine !== undefined ? [mine, ''] : [...byCluster.keys()];
      const merged: Known = new Map();
      for (const root of roots) {
        for (const [namespace, names] of byCluster.get(root) ?? []) {
          if (!merged.has(namespace)) merged.set(namespace, new Set());
          for (const name of names) merged.get(namespace)!.add(name);
        }
      }
      return merged;
    },
    ['service-account', 'workload', 'credentials-request', ...CLUSTER_DEFINITION_KINDS],
  );
}
