import { get, isMap, isSeq, MapNode, OffsetRange, Pair, SNode, str } from '../../model/node';
import { roleArnProblem } from '../../views/roleArn';
import { credentialEntry, entryValueRange, secretView } from '../../views/secret';
import { IRSA_ROLE_ANNOTATION, serviceAccountView } from '../../views/serviceAccount';
import { KUBE2IAM_ROLE_KEY } from '../../views/kube2iam';
import { subscriptionView } from '../../views/subscription';
import { workloadView } from '../../views/workload';
import { DocContext, DocRule } from '../rule';

/** How deep annotations are looked for in a document sts-lens does not otherwise read (Helm values nest a few levels). */
const MAX_ANNOTATION_DEPTH = 8;

/** The `key` pairs of every `annotations` map of a document, down to MAX_ANNOTATION_DEPTH (aliases visited once). */
function annotationPairs(root: MapNode, key: string): Pair[] {
  const out: Pair[] = [];
  const seen = new Set<SNode>();
  const walk = (node: SNode, depth: number) => {
    if (depth > MAX_ANNOTATION_DEPTH || seen.has(node)) return;
    seen.add(node);
    if (isSeq(node)) for (const item of node.items) walk(item, depth + 1);
    if (!isMap(node)) return;
    for (const pair of node.pairs) {
      if (pair.key === 'annotations' && isMap(pair.value)) {
        const found = pair.value.pairs.find((p) => p.key === key);
        if (found) out.push(found);
      } else walk(pair.value, depth + 1);
    }
  };
  walk(root, 0);
  return out;
}

export const roleArnFormat: DocRule = {
  id: 'role-arn-format',
  description: "A role reference (eks.amazonaws.com/role-arn, also in Helm values, role_arn, AWS_ROLE_ARN, iam.amazonaws.com/role, stsIAMRoleARN, a Subscription's ROLEARN) is not an IAM role ARN, or ROLEARN is empty.",
  defaultSeverity: 'error',
  kinds: ['service-account', 'secret', 'workload', 'credentials-request', 'subscription', 'helm-release', 'unknown'],
  check(ctx) {
    switch (ctx.doc.kind) {
      case 'helm-release':
      case 'unknown': {
        // Helm values (`serviceAccount.annotations`), a Crossplane DeploymentRuntimeConfig, an Argo CD valuesObject...: the annotation is written for a ServiceAccount to carry.
        if (ctx.file.format !== 'yaml') break;
        for (const pair of annotationPairs(ctx.root, IRSA_ROLE_ANNOTATION)) {
          checkValue(ctx, str(pair.value), pair.value.range, IRSA_ROLE_ANNOTATION, 'a ServiceAccount that carries it makes the pod identity webhook inject it as AWS_ROLE_ARN, and every AWS call fails');
        }
        break;
      }
      case 'service-account': {
        const pair = serviceAccountView(ctx.root).roleArn;
        checkValue(ctx, str(pair?.value), pair?.value.range, IRSA_ROLE_ANNOTATION, 'the pod identity webhook injects it as AWS_ROLE_ARN and every AWS call fails');
        break;
      }
      case 'secret': {
        const view = secretView(ctx.root);
        const entry = credentialEntry(view, 'role_arn');
        if (entry && entry.value !== '') checkValue(ctx, entry.value, entryValueRange(ctx.file.text, view, entry), 'role_arn', 'the AWS SDK cannot assume it');
        break;
      }
      case 'workload': {
        const workload = workloadView(ctx.root);
        if (!workload) return;
        for (const container of workload.containers) {
          const env = container.env.find((e) => e.name === 'AWS_ROLE_ARN');
          if (env?.value) checkValue(ctx, str(env.value), env.value.range, `AWS_ROLE_ARN of container "${container.name}"`, 'the AWS SDK cannot assume it');
        }
        const kube2iam = workload.annotations.find((a) => a.key === KUBE2IAM_ROLE_KEY);
        const role = str(kube2iam?.value);
        // kube2iam also accepts a bare role name (prefixed with its --base-role-arn).
        if (role && role.includes(':')) checkValue(ctx, role, kube2iam!.value.range, KUBE2IAM_ROLE_KEY, 'kube2iam cannot hand out its credentials');
        break;
      }
      case 'credentials-request': {
        const node = get(ctx.root, 'spec', 'providerSpec', 'stsIAMRoleARN');
        checkValue(ctx, str(node), node?.range, 'stsIAMRoleARN', 'the Cloud Credential Operator writes it into the Secret and the operator cannot assume it');
        break;
      }
      case 'subscription': {
        const env = subscriptionView(ctx.root).roleArn;
        if (!env?.value) break;
        const value = str(env.value);
        if (value === '') {
          ctx.report({
            range: env.value.range,
            message: 'ROLEARN is empty: the operator puts it into its CredentialsRequest as stsIAMRoleARN, the Cloud Credential Operator reports "an empty awsSTSIAMRoleARN was found" and the operator gets no AWS credentials. Set it to the ARN of the role created for this operator.',
          });
          break;
        }
        checkValue(ctx, value, env.value.range, 'ROLEARN', 'the operator copies it into its CredentialsRequest as stsIAMRoleARN and cannot assume it');
        break;
      }
    }
  },
};

function checkValue(ctx: DocContext, value: string | undefined, range: OffsetRange | undefined, what: string, consequence: string): void {
  if (value === undefined || value === '' || !range) return;
  const problem = roleArnProblem(value);
  if (!problem) return;
  ctx.report({
    range,
    message: `${what} "${value}" is not an IAM role ARN: ${problem}; ${consequence}. Expected arn:aws:iam::<12-digit account>:role/<name>.`,
  });
}
