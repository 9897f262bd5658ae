import { displayPath } from '../../crossFile/display';
import { inScope } from '../../crossFile/clusterScope';
import { rolesByDoc, trustSources } from '../../crossFile/trustSources';
import { DocRule } from '../rule';

const HOW: Record<string, string> = {
  setting: 'the stsLens.trustPolicies setting',
  'role-document': 'a RoleName/AssumeRolePolicyDocument document',
  cloudformation: 'a CloudFormation AWS::IAM::Role',
  terraform: 'a Terraform aws_iam_role or IRSA module',
  'file-name': 'a trust policy file named after the role',
};

export const trustPolicyDuplicate: DocRule = {
  id: 'trust-policy-duplicate',
  description: 'Several files of the same cluster define the trust policy of the same role: the checks follow only the first.',
  defaultSeverity: 'warning',
  kinds: ['trust-policy', 'iam-role', 'cloudformation', 'terraform'],
  check(ctx) {
    if (!ctx.index) return;
    const all = trustSources(ctx.index, ctx.settings);
    for (const roleName of rolesByDoc(ctx.index, ctx.settings).get(ctx.doc) ?? []) {
      // Roles of the same name in two clusters' folders are two roles (or one account's role per cluster), not a duplicate.
      const sources = inScope(ctx.index, ctx.settings, ctx.file, all.get(roleName)!);
      const files = new Set(sources.map((s) => s.file));
      const mine = sources.find((s) => s.file === ctx.file && s.doc === ctx.doc);
      if (!mine || files.size < 2) continue;
      const others = sources.filter((s) => s.file !== ctx.file);
      const winner = sources[0];
      const range = mine.policy.holder?.keyRange ?? mine.policy.statementPair?.keyRange ?? ctx.root.range;
      ctx.report({
        range,
        message:
          `Role ${roleName} has trust policies in ${sources.length} places (also ${others.map((o) => displayPath(ctx.file, o.file)).join(', ')}); ` +
          `cross-file checks use ${winner === mine ? 'this one' : displayPath(ctx.file, winner.file)} (${HOW[winner.kind]}). Keep one, or map the role in stsLens.trustPolicies.`,
        related: others.map((o) => ({ uri: o.file.uri, range: o.file.rangeOf(o.policy.holder?.keyRange ?? o.policy.node.range), message: `another trust policy of ${roleName}` })),
      });
    }
  },
};
