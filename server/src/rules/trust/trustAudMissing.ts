import { isAllow, POLICY_KINDS } from '../../views/policy';
import { boundAudiences, rolesDefinedBy } from '../../crossFile/roleBindings';
import { DocRule } from '../rule';
import { addStringEquals } from './addCondition';
import { conditionsWithClaim, trustStatements } from './webIdentity';

export const trustAudMissing: DocRule = {
  id: 'trust-aud-missing',
  description: 'A web-identity trust statement without an `aud` condition accepts tokens of any audience the provider allows.',
  defaultSeverity: 'information',
  kinds: POLICY_KINDS,
  check(ctx) {
    for (const t of trustStatements(ctx)) {
      // Information only: said when the issuer is known, to propose the exact key.
      if (!t.issuer || !t.issuerRef || !isAllow(t.statement) || t.unknownKeys) continue;
      if (conditionsWithClaim(t, 'aud').length > 0) continue;
      const key = `${t.issuer}:aud`;
      // The audience the workloads bound to this role request, when the workspace says; else the IRSA default.
      const used = ctx.index ? boundAudiences(ctx.index, rolesDefinedBy(ctx.index, ctx.settings, ctx.doc)) : [];
      const audiences = used.length > 0 ? used : ['sts.amazonaws.com'];
      ctx.report({
        range: t.issuerRef.node.range,
        message: `No "${key}" condition: tokens for any audience that the OIDC provider accepts can assume this role. Add "${key}": "sts.amazonaws.com" (or the audience your pods request, e.g. "openshift").`,
        fixes: [{ title: `Add an aud condition (${audiences.join(', ')})`, edits: { [ctx.file.uri]: [addStringEquals(ctx, t, key, audiences)] } }],
      });
    }
  },
};
