import * as path from 'path';
import { conditionEdits } from '../../crossFile/trustSubFix';
import { admits, subjectOf, webIdentityStatements } from '../../crossFile/webIdentityTrust';
import { get, getStr } from '../../model/node';
import { policiesOf } from '../../views/policy';
import { hasRosaTags, RosaOperator, rosaFileOf, rosaHostedIssuer, rosaOperatorOfRole } from '../../views/rosa';
import { DocRule } from '../rule';

/**
 * A ROSA operator role must trust each service account of its operator: the
 * trust file `rosa create operator-roles --mode manual` writes
 * (`operator_<key>_policy.json`), or a role document with rosa's tags named by
 * rosa's rule (`<prefix>-<namespace>-<secret>`), once a user has edited it.
 */
export const rosaOperatorRoleTrust: DocRule = {
  id: 'rosa-operator-role-trust',
  description: "A ROSA operator role's trust policy does not admit every service account of its operator (the file rosa --mode manual writes, or a role tagged red-hat-managed named <prefix>-<namespace>-<secret>).",
  defaultSeverity: 'error',
  kinds: ['trust-policy', 'iam-role'],
  check(ctx) {
    let operator: RosaOperator | undefined;
    let roleName: string;
    if (ctx.doc.kind === 'trust-policy') {
      const rosa = rosaFileOf(ctx.file.fsPath ?? ctx.file.uri);
      if (rosa?.kind !== 'operator-role-trust') return;
      operator = rosa.operator;
      roleName = `<prefix>-${operator.namespace}-${operator.secret}`;
    } else {
      // ccoctl names its roles the same way: only rosa's tags make a role document ROSA's.
      if (!hasRosaTags(get(ctx.root, 'Tags'))) return;
      roleName = getStr(ctx.root, 'RoleName') ?? '';
      operator = rosaOperatorOfRole(roleName)?.operator;
    }
    if (!operator) return;
    for (const policy of policiesOf(ctx.file, ctx.doc).filter((p) => p.role === 'trust')) {
      const statements = webIdentityStatements(policy);
      const withSub = statements.find((s) => s.subs.length > 0);
      if (!withSub) continue; // no sub at all: trust-sub-missing says so
      const source = { roleName, kind: 'file-name' as const, file: ctx.file, doc: ctx.doc, policy };
      const hosted = rosaHostedIssuer(withSub.issuer ?? "");
      const issuer = hosted ? `the Red Hat-hosted OIDC configuration ${hosted.id}` : withSub.issuer ?? "the cluster's issuer";
      for (const sa of operator.serviceAccounts) {
        const subject = subjectOf(operator.namespace, sa);
        const admission = admits(policy, 'sub', subject);
        if (admission.admitted || !admission.constrained) continue;
        const admitted = [...new Set(admission.values.map((v) => v.value))];
        ctx.report({
          range: withSub.subs[0].keyPair.keyRange,
          message:
            `This is the trust policy of ROSA's operator role for ${operator.namespace}/${operator.secret} (${path.basename(ctx.file.fsPath ?? ctx.file.uri)}), ` +
            `whose pods run as ${subject}, but it admits only ${admitted.join(', ')}: that service account's tokens from ${issuer} get AccessDenied on AssumeRoleWithWebIdentity ` +
            `and the operator has no AWS credentials. Add ${subject} to the sub condition.`,
          fixes: conditionEdits(source, subject),
        });
      }
    }
  },
};
