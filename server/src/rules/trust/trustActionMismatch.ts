import { actionMatches } from '../../iam/catalog';
import { isTemplated } from '../../model/templated';
import { isAllow, isPodIdentity, POLICY_KINDS, Statement } from '../../views/policy';
import { replaceString } from '../iam/policyEdits';
import { DocRule } from '../rule';
import { trustStatements } from './webIdentity';

function allows(statement: Statement, action: string): boolean {
  if (statement.notAction) return !statement.actions.some((a) => actionMatches(a.value, action));
  return statement.actions.some((a) => actionMatches(a.value, action));
}

export const trustActionMismatch: DocRule = {
  id: 'trust-action-mismatch',
  description: 'The trust action must fit the principal: OIDC needs sts:AssumeRoleWithWebIdentity, SAML sts:AssumeRoleWithSAML.',
  defaultSeverity: 'error',
  kinds: POLICY_KINDS,
  check(ctx) {
    for (const t of trustStatements(ctx)) {
      const { statement } = t;
      const first = statement.actions[0];
      if (!first || statement.actions.some((a) => isTemplated(a.value))) continue;
      // A templated provider ARN counts by its literal resource type (oidc-provider/, saml-provider/).
      const kinds = new Set(t.federated.map((f) => (f.parsed.kind === 'templated' ? f.parsed.provider : f.parsed.kind)));
      const want = kinds.has('oidc') || kinds.has('builtin') ? 'sts:AssumeRoleWithWebIdentity' : kinds.has('saml') ? 'sts:AssumeRoleWithSAML' : undefined;
      if (want && !allows(statement, want)) {
        const principal = t.federated[0].ref.value;
        ctx.report({
          range: first.node.range,
          message: `Federated principal "${principal}" can only be assumed with ${want}, but the statement allows ${statement.actions.map((a) => `"${a.value}"`).join(', ')}: STS will deny every request ("Not authorized to perform ${want}").`,
          fixes:
            statement.actions.length === 1
              ? [{ title: `Set the action to ${want}`, isPreferred: true, edits: { [ctx.file.uri]: [replaceString(ctx, t.policy, first.node.range, first.value, want)] } }]
              : undefined,
        });
        continue;
      }
      const webIdentityAction = statement.actions.find((a) => /^sts:AssumeRoleWith(WebIdentity|SAML)$/i.test(a.value));
      const nonFederated = statement.principals.find((p) => p.type === 'AWS' || p.type === 'Service');
      if (!want && !t.unknownPrincipal && webIdentityAction && nonFederated && !isTemplated(nonFederated.value) && !statement.notAction) {
        ctx.report({
          range: webIdentityAction.node.range,
          message: `"${webIdentityAction.value}" needs a Federated principal (an OIDC or SAML provider ARN), but this statement names ${nonFederated.type} "${nonFederated.value}": use sts:AssumeRole for ${nonFederated.type} principals.`,
        });
      }
      // sts:TagSession may come from another statement for the same service principal.
      const tagSessionElsewhere = t.policy.statements.some((s) => s !== statement && isAllow(s) && isPodIdentity(s) && allows(s, 'sts:TagSession'));
      if (isPodIdentity(statement) && !statement.notAction && !allows(statement, 'sts:TagSession') && !tagSessionElsewhere) {
        ctx.report({
          range: first.node.range,
          message: 'EKS Pod Identity (pods.eks.amazonaws.com) needs both sts:AssumeRole and sts:TagSession: add "sts:TagSession" or the pod identity association cannot assume this role.',
        });
      }
    }
  },
};
