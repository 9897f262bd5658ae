import { get, pairOf, str } from '../../model/node';
import { hasRosaTags, ROSA_MAX_PREFIX, rosaOperatorOfRole } from '../../views/rosa';
import { DocRule } from '../rule';

/** rosa names operator roles `<prefix>-<namespace>-<secret>` and refuses a prefix of more than 32 characters. */
export const rosaRolePrefix: DocRule = {
  id: 'rosa-role-prefix',
  description: 'A ROSA operator role (tagged red-hat-managed) named <prefix>-<namespace>-<secret> whose prefix is longer than the 32 characters rosa accepts.',
  defaultSeverity: 'warning',
  kinds: ['iam-role'],
  check(ctx) {
    // ccoctl names its roles the same way: only rosa's tags make a role document ROSA's.
    if (!hasRosaTags(get(ctx.root, 'Tags'))) return;
    const pair = pairOf(ctx.root, 'RoleName');
    const roleName = str(pair?.value);
    const match = roleName ? rosaOperatorOfRole(roleName) : undefined;
    if (!pair || !match || match.prefix.length <= ROSA_MAX_PREFIX) return;
    ctx.report({
      range: pair.value.range,
      message:
        `Role ${roleName} is ROSA's operator role for ${match.operator.namespace}/${match.operator.secret} with prefix "${match.prefix}" (${match.prefix.length} characters), ` +
        `but rosa accepts at most ${ROSA_MAX_PREFIX} ("Expected a prefix with no more than 32 characters"): rosa create cluster --operator-roles-prefix cannot name it. Use a prefix of ${ROSA_MAX_PREFIX} characters or fewer.`,
    });
  },
};
