import { awsPrincipalProblem } from '../../iam/principals';
import { isTemplated } from '../../model/templated';
import { POLICY_KINDS } from '../../views/policy';
import { replaceString } from '../iam/policyEdits';
import { DocRule } from '../rule';
import { trustStatements } from './webIdentity';

const SERVICE_PRINCIPAL = /^[a-z0-9][a-z0-9.-]*\.amazonaws\.com(\.cn)?$/;

export const trustPrincipalArn: DocRule = {
  id: 'trust-principal-arn',
  description: 'A trust policy principal must be a well-formed provider ARN, account, IAM ARN or service principal.',
  defaultSeverity: 'error',
  kinds: POLICY_KINDS,
  check(ctx) {
    for (const t of trustStatements(ctx)) {
      for (const { ref, parsed } of t.federated) {
        if (parsed.kind !== 'invalid') continue;
        ctx.report({
          range: ref.node.range,
          message: `Federated principal "${ref.value}" is malformed: ${parsed.problem}. STS will answer "No OpenIDConnect provider found".`,
          fixes: parsed.suggestion
            ? [{ title: `Change to "${parsed.suggestion}"`, isPreferred: true, edits: { [ctx.file.uri]: [replaceString(ctx, t.policy, ref.node.range, ref.value, parsed.suggestion)] } }]
            : undefined,
        });
      }
      for (const ref of t.statement.principals) {
        if (ref.type === 'AWS') {
          const problem = awsPrincipalProblem(ref.value);
          if (problem) ctx.report({ range: ref.node.range, message: `AWS principal "${ref.value}" is malformed: ${problem}.` });
        } else if (ref.type === 'Service' && !isTemplated(ref.value) && !SERVICE_PRINCIPAL.test(ref.value)) {
          ctx.report({ range: ref.node.range, message: `Service principal "${ref.value}" is not of the form <service>.amazonaws.com (e.g. "ec2.amazonaws.com", "pods.eks.amazonaws.com").` });
        }
      }
    }
  },
};
