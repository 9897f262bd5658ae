import { matchingActions, matchingPastActions, service } from '../../iam/catalog';
import { POLICY_KINDS } from '../../views/policy';
import { DocRule } from '../rule';
import { actionRefs } from './actionRefs';

export const iamWildcardMatchesNothing: DocRule = {
  id: 'iam-wildcard-matches-nothing',
  description: 'An action pattern with `*` or `?` matches no action of its service (only retired or undocumented ones: information).',
  defaultSeverity: 'error',
  kinds: POLICY_KINDS,
  check(ctx) {
    for (const a of actionRefs(ctx)) {
      if (!a.service || !/[*?]/.test(a.name)) continue;
      if (matchingActions(a.service, a.name).length > 0) continue;
      const name = service(a.service)!.name;
      const past = matchingPastActions(a.service, a.name);
      if (past.length > 0) {
        ctx.report({
          range: a.ref.node.range,
          severity: 'information',
          message: `"${a.ref.value}" matches no action that AWS documents today for ${name} (${a.service}), only ${past.slice(0, 3).map((p) => `"${a.service}:${p.name}"`).join(', ')}${past.length > 3 ? ' and more' : ''}, which AWS retired or never documented.`,
        });
        continue;
      }
      ctx.report({
        range: a.ref.node.range,
        message: `"${a.ref.value}" matches no action of ${name} (${a.service}): the statement grants nothing through it. Check the spelling of the part before the wildcard.`,
      });
    }
  },
};
