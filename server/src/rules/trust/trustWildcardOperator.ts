import { parseOperator } from '../../iam/conditions';
import { POLICY_KINDS, policiesOf } from '../../views/policy';
import { renameKey } from '../iam/policyEdits';
import { DocRule, Fix } from '../rule';

const LIKE: Record<string, string> = { StringEquals: 'StringLike', StringNotEquals: 'StringNotLike' };

export const trustWildcardOperator: DocRule = {
  id: 'trust-wildcard-operator',
  description: '`*` or `?` under StringEquals is a literal character, not a wildcard: use StringLike.',
  defaultSeverity: 'error',
  kinds: POLICY_KINDS,
  check(ctx) {
    for (const policy of policiesOf(ctx.file, ctx.doc)) {
      for (const statement of policy.statements) {
        for (const condition of statement.conditions) {
          const op = parseOperator(condition.operator);
          const like = op && LIKE[op.base];
          if (!op || !like) continue;
          const wild = condition.values.find((v) => /[*?]/.test(v.value));
          if (!wild) continue;
          const newOperator = condition.operator.replace(op.base, like);
          // Renaming the block would collide with a StringLike block already there.
          const collides = statement.conditions.some((c) => c.operator === newOperator);
          const fixes: Fix[] = collides
            ? []
            : [{ title: `Change ${condition.operator} to ${newOperator}`, isPreferred: true, edits: { [ctx.file.uri]: [renameKey(ctx, policy, condition.operatorPair.keyRange, condition.operator, newOperator)] } }];
          ctx.report({
            range: wild.node.range,
            message: `"${wild.value}" is under ${condition.operator}, which compares literally: the "${wild.value.includes('*') ? '*' : '?'}" only matches that character, so "${condition.key}" never matches a real value. Use ${newOperator} for wildcards.`,
            fixes,
          });
        }
      }
    }
  },
};
