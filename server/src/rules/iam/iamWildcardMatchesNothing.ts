import { matchingActions, service } from '../../iam/catalog';
import { POLICY_KINDS } from '../../views/policy';
import { DocRule } from '../rule';
import { actionRefs } from './actionRefs';

export const iamWildcardMatchesNothing: DocRule = {
  id: 'iam-wildcard-matches-nothing',
  description: 'An action pattern with `*` or `?` matches no action of its service.',
  defaultSeverity: 'error',
  kinds: POLICY_KINDS,
  check(ctx) {
    for (const a of actionRefs(ctx)) {
      if (!a.service || !/[*?]/.test(a.name)) continue;
      if (matchingActions(a.service, a.name).length > 0) continue;
      ctx.report({
        range: a.ref.node.range,
        message: `"${a.ref.value}" matches no action of ${service(a.service)!.name} (${a.service}): the statement grants nothing through it. Check the spelling of the part before the wildcard.`,
      });
    }
  },
};
