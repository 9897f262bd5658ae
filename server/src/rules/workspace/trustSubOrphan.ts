import { webIdentityStatements } from '../../crossFile/webIdentityTrust';
import { getStr, isMap } from '../../model/node';
import { credentialsRequestView } from '../../views/credentialsRequest';
import { policiesOf } from '../../views/policy';
import { serviceAccountNameOf } from '../../views/serviceAccount';
import { workloadView } from '../../views/workload';
import { WorkspaceIndex } from '../../workspace/workspaceIndex';
import { nearest } from '../../util/nearest';
import { DocRule } from '../rule';

const SUBJECT = /^system:serviceaccount:([^:*?]+):([^:*?]+)$/;

export const trustSubOrphan: DocRule = {
  id: 'trust-sub-orphan',
  description: 'A trust policy admits a namespace/serviceaccount that no manifest in the workspace defines or uses, although the workspace has manifests for that namespace.',
  defaultSeverity: 'warning',
  kinds: ['trust-policy', 'iam-role', 'cloudformation'],
  check(ctx) {
    if (!ctx.index) return;
    const known = knownServiceAccounts(ctx.index);
    for (const policy of policiesOf(ctx.file, ctx.doc)) {
      if (policy.role !== 'trust') continue;
      for (const statement of webIdentityStatements(policy)) {
        for (const condition of statement.subs) {
          for (const value of condition.values) {
            const match = SUBJECT.exec(value.value);
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

/** namespace -> service account names the workspace defines or uses there. */
function knownServiceAccounts(index: WorkspaceIndex): Map<string, Set<string>> {
  return index.derived('known-service-accounts', () => {
    const out = new Map<string, Set<string>>();
    const add = (namespace: string | undefined, name: string | undefined) => {
      if (!namespace || !name) return;
      if (!out.has(namespace)) out.set(namespace, new Set());
      out.get(namespace)!.add(name);
    };
    for (const { doc } of index.docsOfKind('service-account')) add(getStr(doc.root, 'metadata', 'namespace'), getStr(doc.root, 'metadata', 'name'));
    for (const { doc } of index.docsOfKind('workload')) {
      const workload = isMap(doc.root) ? workloadView(doc.root) : undefined;
      if (workload) add(workload.namespace, serviceAccountNameOf(workload));
    }
    for (const { doc } of index.docsOfKind('credentials-request')) {
      if (!isMap(doc.root)) continue;
      const request = credentialsRequestView(doc.root);
      for (const name of request.serviceAccounts) add(request.secretNamespace, name);
    }
    return out;
  }, ['service-account', 'workload', 'credentials-request']);
}
