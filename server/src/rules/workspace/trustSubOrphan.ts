import { clusterOf, FLAVOURS } from '../../crossFile/clusterScope';
import { ANY_NAME, knownServiceAccounts } from '../../crossFile/knownServiceAccounts';
import { existsWithoutManifest } from '../../crossFile/platformServiceAccounts';
import { webIdentityStatements } from '../../crossFile/webIdentityTrust';
import { isTemplated } from '../../model/templated';
import { policiesOf } from '../../views/policy';
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
    const cluster = { openshift: clusterOf(ctx.index, ctx.file, ctx.settings)?.flavour === FLAVOURS.openshift };
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
            // ANY_NAME: a Helm release there runs an account its chart names itself.
            if (!names || names.has(name) || names.has(ANY_NAME) || existsWithoutManifest(namespace, name, cluster)) continue;
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
