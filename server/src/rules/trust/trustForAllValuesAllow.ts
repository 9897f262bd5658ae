import { parseOperator } from '../../iam/conditions';
import { isAllow, POLICY_KINDS, policiesOf } from '../../views/policy';
import { renameKey } from '../iam/policyEdits';
import { DocRule } from '../rule';

export const trustForAllValuesAllow: DocRule = {
  id: 'trust-forallvalues-allow',
  description: 'ForAllValues: in an Allow statement is true when the key is absent from the request.',
  defaultSeverity: 'warning',
  kinds: POLICY_KINDS,
  check(ctx) {
    for (const policy of policiesOf(ctx.file, ctx.doc)) {
      for (const statement of policy.statements) {
        if (!isAllow(statement)) continue;
        const seen = new Set<unknown>();
        for (const condition of statement.conditions) {
          if (seen.has(condition.operatorPair) || parseOperator(condition.operator)?.set !== 'ForAllValues') continue;
          seen.add(condition.operatorPair);
          const anyValue = condition.operator.replace('ForAllValues:', 'ForAnyValue:');
          ctx.report({
            range: condition.operatorPair.keyRange,
            message: `${condition.operator} in an Allow statement is also true when the request has no "${condition.key}" at all, so it can allow more than intended. Use ${anyValue}, or add a Null condition on the key.`,
            fixes: [{ title: `Change to ${anyValue}`, edits: { [ctx.file.uri]: [renameKey(ctx, policy, condition.operatorPair.keyRange, condition.operator, anyValue)] } }],
          });
        }
      }
    }
  },
};
