import { get, OffsetRange, str } from '../../model/node';
import { roleArnProblem } from '../../views/roleArn';
import { credentialEntry, entryValueRange, secretView } from '../../views/secret';
import { serviceAccountView } from '../../views/serviceAccount';
import { subscriptionView } from '../../views/subscription';
import { workloadView } from '../../views/workload';
import { DocContext, DocRule } from '../rule';

const KUBE2IAM_ROLE = 'iam.amazonaws.com/role';

export const roleArnFormat: DocRule = {
  id: 'role-arn-format',
  description: "A role reference (eks.amazonaws.com/role-arn, role_arn, AWS_ROLE_ARN, iam.amazonaws.com/role, stsIAMRoleARN, a Subscription's ROLEARN) is not an IAM role ARN, or ROLEARN is empty.",
  defaultSeverity: 'error',
  kinds: ['service-account', 'secret', 'workload', 'credentials-request', 'subscription'],
  check(ctx) {
    switch (ctx.doc.kind) {
      case 'service-account': {
        const pair = serviceAccountView(ctx.root).roleArn;
        checkValue(ctx, str(pair?.value), pair?.value.range, 'eks.amazonaws.com/role-arn', 'the pod identity webhook injects it as AWS_ROLE_ARN and every AWS call fails');
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
        const kube2iam = workload.annotations.find((a) => a.key === KUBE2IAM_ROLE);
        const role = str(kube2iam?.value);
        // kube2iam also accepts a bare role name (prefixed with its --base-role-arn).
        if (role && role.includes(':')) checkValue(ctx, role, kube2iam!.value.range, KUBE2IAM_ROLE, 'kube2iam cannot hand out its credentials');
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
