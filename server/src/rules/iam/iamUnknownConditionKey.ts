import { pastConditionKey, templateOf } from '../../iam/catalog';
import { conditionKeysFor, lookupConditionKey, whenKeyMissing } from '../../iam/conditions';
import { isTemplated } from '../../model/templated';
import { nearest } from '../../util/nearest';
import { POLICY_KINDS, policiesOf } from '../../views/policy';
import { DocRule } from '../rule';
import { renameKey } from './policyEdits';

/** `: <lead> <operator> is true|false`, or nothing for an operator whose outcome is not that simple (Null, unknown ones). */
function missing(operator: string, lead: string): string {
  const outcome = whenKeyMissing(operator);
  if (outcome === undefined) return '';
  return lead.endsWith('makes') ? `: ${lead} ${operator} ${outcome}` : `: ${lead}, ${operator} is ${outcome}`;
}

export const iamUnknownConditionKey: DocRule = {
  id: 'iam-unknown-condition-key',
  description: 'A condition key that is neither global, nor a key of the service, nor an identity provider key (one AWS retired or uses undocumented is information).',
  defaultSeverity: 'warning',
  kinds: POLICY_KINDS,
  check(ctx) {
    for (const policy of policiesOf(ctx.file, ctx.doc)) {
      for (const statement of policy.statements) {
        for (const c of statement.conditions) {
          // A templated key (`%{issuer_url}:sub`, `aws:PrincipalTag/${tag}`) is unknown until it is filled in.
          if (isTemplated(c.key)) continue;
          const found = lookupConditionKey(c.key);
          if (found.known) continue;
          const past = pastConditionKey(c.key);
          if (past) {
            ctx.report({
              range: c.keyPair.keyRange,
              severity: 'information',
              message: past.status === 'retired'
                ? `AWS no longer lists the condition key "${past.name}" (earlier editions of its Service Authorization Reference did)${missing(c.operator, 'if no request carries it any more')}.`
                : `AWS does not document the condition key "${past.name}", but uses it in its own policies${missing(c.operator, 'if no request carries it')}.`,
            });
            continue;
          }
          const prefix = c.key.includes(':') ? c.key.slice(0, c.key.indexOf(':')) : '';
          const suggestion = found.prefixKnown ? nearest(c.key, conditionKeysFor(prefix).filter((k) => !templateOf(k.key).includes('${')).map((k) => k.key)) : undefined;
          ctx.report({
            range: c.keyPair.keyRange,
            message: found.prefixKnown
              ? `"${c.key}" is not a known "${prefix}:" condition key${suggestion ? ` (did you mean "${suggestion}"?)` : ''}${missing(c.operator, 'a key missing from the request makes')}.`
              : `"${c.key}" is not a condition key: use a global key (aws:...), a service key (<service>:...) or an identity provider key (<issuer>:sub).`,
            fixes: suggestion ? [{ title: `Change to "${suggestion}"`, isPreferred: true, edits: { [ctx.file.uri]: [renameKey(ctx, policy, c.keyPair.keyRange, c.key, suggestion)] } }] : undefined,
          });
        }
      }
    }
  },
};
