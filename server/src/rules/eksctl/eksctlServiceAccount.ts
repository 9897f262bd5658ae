import { isMap, isScalar, isSeq, Pair, str } from '../../model/node';
import { isTemplated } from '../../model/templated';
import { dns1123LabelProblem, dns1123SubdomainProblem, shownName } from '../../util/k8sNames';
import { EksctlServiceAccount, eksctlClusterView, stringItems } from '../../views/eksctlCluster';
import { DocContext, DocRule } from '../rule';

export const eksctlServiceAccount: DocRule = {
  id: 'eksctl-service-account',
  description: 'An eksctl iam.serviceAccounts entry that eksctl or Kubernetes refuses: no name, a name or namespace Kubernetes does not allow, the same namespace/name twice, or no policy at all.',
  defaultSeverity: 'error',
  kinds: ['eksctl-cluster'],
  check(ctx) {
    const seen = new Map<string, number>();
    eksctlClusterView(ctx.root).serviceAccounts.forEach((sa, i) => {
      const where = `iam.serviceAccounts[${i}]`;
      const name = str(sa.name?.value);
      if (name === undefined || name === '') {
        if (sa.name && !isScalar(sa.name.value)) return;
        ctx.report({ range: (sa.name ?? sa.metadata)?.keyRange ?? firstKeyRange(sa), message: `${where} has no metadata.name: eksctl refuses the file ("${where}.name must be set").` });
        return;
      }
      if (isTemplated(name) || isTemplated(sa.namespace)) return;
      checkName(ctx, sa.name!, name, dns1123SubdomainProblem(name), 'name', 'DNS-1123 subdomain');
      const namespace = str(sa.namespacePair?.value);
      if (sa.namespacePair && namespace) checkName(ctx, sa.namespacePair, namespace, dns1123LabelProblem(namespace), 'namespace', 'DNS-1123 label');
      const key = `${sa.namespace}/${name}`;
      if (seen.has(key)) {
        ctx.report({
          range: sa.name!.value.range,
          message: `${key} is also iam.serviceAccounts[${seen.get(key)}]: eksctl refuses the file ("<namespace>/<name> of ${where} \"${key}\" is not unique").`,
        });
      } else seen.set(key, i);
      if (!hasPolicy(sa)) {
        ctx.report({
          range: sa.name!.value.range,
          message: `${where} (${key}) gives its role no permissions: eksctl refuses the file ("${where}.wellKnownPolicies, ${where}.attachPolicyARNs,${where}.attachRoleARN  or ${where}.attachPolicy must be set"). Add one of them.`,
        });
      }
    });
  },
};

function checkName(ctx: DocContext, pair: Pair, value: string, problem: string | undefined, what: string, rule: string): void {
  if (!problem) return;
  ctx.report({
    range: pair.value.range,
    message: `The service account ${what} ${shownName(value)} is not a ${rule} (${problem}): the API server refuses such a ServiceAccount, and no pod can run as the subject its role trusts.`,
  });
}

/** eksctl's rule: a well-known policy, a policy ARN, a role to attach or an inline policy. */
function hasPolicy(sa: EksctlServiceAccount): boolean {
  const wellKnown = sa.wellKnownPolicies?.value;
  const anyWellKnown = isMap(wellKnown) ? wellKnown.pairs.some((p) => !(isScalar(p.value) && p.value.value === false)) : wellKnown !== undefined;
  const arns = sa.attachPolicyARNs?.value;
  const anyArn = isSeq(arns) ? arns.items.length > 0 : arns !== undefined && !(isScalar(arns) && arns.value === null);
  const role = sa.attachRoleARN?.value;
  const anyRole = role !== undefined && !(isScalar(role) && (role.value === '' || role.value === null));
  const inline = sa.attachPolicy?.value;
  const anyInline = inline !== undefined && !(isScalar(inline) && inline.value === null);
  return anyWellKnown || anyArn || anyRole || anyInline || stringItems(sa.attachPolicyARNs).length > 0;
}

function firstKeyRange(sa: EksctlServiceAccount) {
  return sa.node.pairs[0]?.keyRange ?? sa.node.range;
}
