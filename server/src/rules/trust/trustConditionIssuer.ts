import { POLICY_KINDS } from '../../views/policy';
import { renameKey } from '../iam/policyEdits';
import { DocRule } from '../rule';
import { trustStatements } from './webIdentity';

export const trustConditionIssuer: DocRule = {
  id: 'trust-condition-issuer',
  description: 'A web-identity condition key must start with the issuer of the Federated provider, without https://.',
  defaultSeverity: 'error',
  kinds: POLICY_KINDS,
  check(ctx) {
    for (const t of trustStatements(ctx)) {
      // Two templated issuers may well be the same once filled in: compare only literal ones.
      if (!t.issuer) continue;
      for (const { condition, issuer, templated } of t.issuerConditions) {
        if (templated) continue;
        const scheme = /^https?:\/\//i.test(issuer);
        const bare = issuer.replace(/^https?:\/\//i, '');
        if (!scheme && bare.toLowerCase() === t.issuer.toLowerCase()) continue;
        const rawClaim = condition.key.slice(condition.key.lastIndexOf(':') + 1);
        const fixed = `${t.issuer}:${rawClaim}`;
        const message = scheme
          ? `Condition key "${condition.key}" starts with "${issuer.slice(0, issuer.indexOf('//') + 2)}": IAM names the key after the provider without the scheme ("${fixed}"), so this condition never matches and STS denies every token.`
          : `Condition key "${condition.key}" names issuer "${issuer}" but the Federated principal is the provider for "${t.issuer}": the key never matches a token from that provider. Use "${fixed}".`;
        ctx.report({
          range: condition.keyPair.keyRange,
          message,
          fixes: [{ title: `Rewrite the key to "${fixed}"`, isPreferred: true, edits: { [ctx.file.uri]: [renameKey(ctx, t.policy, condition.keyPair.keyRange, condition.key, fixed)] } }],
        });
      }
    }
  },
};
