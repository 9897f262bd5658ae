import { Pair, ScalarNode, str } from '../../model/node';
import { eksctlClusterView, stringItems } from '../../views/eksctlCluster';
import { policyArnProblem, roleArnProblem } from '../../views/roleArn';
import { DocContext, DocRule } from '../rule';

type Kind = 'policy' | 'role';

const STACK_FAILS = 'the CloudFormation stack eksctl deploys for the role fails';
const ANNOTATED = 'eksctl writes it into the ServiceAccount\'s eks.amazonaws.com/role-arn annotation, and the pods cannot assume it';
const ASSOCIATION_REFUSED = 'EKS refuses to create the pod identity association';

export const eksctlArnFormat: DocRule = {
  id: 'eksctl-arn-format',
  description: 'A policy or role ARN of an eksctl ClusterConfig (attachPolicyARNs, permissionsBoundary, attachRoleARN; podIdentityAssociations roleARN, permissionPolicyARNs, permissionsBoundaryARN) is not one.',
  defaultSeverity: 'error',
  kinds: ['eksctl-cluster'],
  check(ctx) {
    const cluster = eksctlClusterView(ctx.root);
    cluster.serviceAccounts.forEach((sa, i) => {
      const where = `iam.serviceAccounts[${i}]`;
      for (const item of stringItems(sa.attachPolicyARNs)) report(ctx, item, `${where}.attachPolicyARNs`, 'policy', STACK_FAILS);
      checkPair(ctx, sa.permissionsBoundary, `${where}.permissionsBoundary`, 'policy', STACK_FAILS);
      checkPair(ctx, sa.attachRoleARN, `${where}.attachRoleARN`, 'role', ANNOTATED);
    });
    cluster.podIdentityAssociations.forEach((association, i) => {
      const where = `iam.podIdentityAssociations[${i}]`;
      for (const item of stringItems(association.permissionPolicyARNs)) report(ctx, item, `${where}.permissionPolicyARNs`, 'policy', STACK_FAILS);
      checkPair(ctx, association.permissionsBoundaryARN, `${where}.permissionsBoundaryARN`, 'policy', STACK_FAILS);
      checkPair(ctx, association.roleARN, `${where}.roleARN`, 'role', ASSOCIATION_REFUSED);
    });
  },
};

function checkPair(ctx: DocContext, pair: Pair | undefined, where: string, kind: Kind, consequence: string): void {
  // An empty value is eksctl's "not set".
  if (pair?.value.type === 'scalar' && str(pair.value)) report(ctx, pair.value, where, kind, consequence);
}

function report(ctx: DocContext, node: ScalarNode, where: string, kind: Kind, consequence: string): void {
  const value = String(node.value);
  const problem = kind === 'policy' ? policyArnProblem(value) : roleArnProblem(value);
  if (!problem) return;
  ctx.report({
    range: node.range,
    message:
      `${where} "${value}" is not an IAM ${kind} ARN: ${problem}; ${consequence}. ` +
      `Expected arn:aws:iam::${kind === 'policy' ? '<12-digit account, or aws for an AWS managed policy>' : '<12-digit account>'}:${kind}/<name>.`,
  });
}
