import { keyValuedness, parseOperator } from '../../iam/conditions';
import { isTemplated } from '../../model/templated';
import { isAllow, POLICY_KINDS, policiesOf } from '../../views/policy';
import { renameKey } from './policyEdits';
import { DocRule } from '../rule';

/**
 * `ForAllValues:` is true when the request has no value for the key. With a
 * multi-valued key (aws:TagKeys) that is the documented way to say "only these
 * values", so it is not reported. With a single-valued key (an OIDC `sub` or
 * `aud` in a trust policy, aws:SourceVpc, s3:prefix) it lets a request without
 * the key through: the trap IAM Access Analyzer calls FORALLVALUES_WITH_SINGLE_VALUED_KEY.
 * The fix drops the set operator (`StringEquals`), which only ever allows less.
 */
export const iamForAllValuesSingleValued: DocRule = {
  id: 'iam-forallvalues-single-valued',
  description: 'ForAllValues: on a single-valued condition key in an Allow statement is also true when the request lacks the key.',
  defaultSeverity: 'warning',
  kinds: POLICY_KINDS,
  check(ctx) {
    for (const policy of policiesOf(ctx.file, ctx.doc)) {
      for (const statement of policy.statements) {
        if (!isAllow(statement)) continue;
        const seen = new Set<unknown>();
        for (const condition of statement.conditions) {
          if (seen.has(condition.operatorPair) || parseOperator(condition.operator)?.set !== 'ForAllValues') continue;
          // Unknown keys (and multi-valued ones) are left alone: the rule cannot be sure.
          if (isTemplated(condition.key) || keyValuedness(condition.key) !== 'single') continue;
          seen.add(condition.operatorPair);
          const plain = condition.operator.slice('ForAllValues:'.length);
          ctx.report({
            range: condition.operatorPair.keyRange,
            message:
              `"${condition.key}" has a single value, and ${condition.operator} is also true when the request has no "${condition.key}" at all, ` +
              `so this ${policy.role === 'trust' ? 'trust policy' : 'statement'} allows requests without it. Use ${plain}, which requires the key.`,
            fixes: [{ title: `Change to ${plain}`, isPreferred: true, edits: { [ctx.file.uri]: [renameKey(ctx, policy, condition.operatorPair.keyRange, condition.operator, plain)] } }],
          });
        }
      }
    }
  },
};
