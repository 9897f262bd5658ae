import { inScope } from '../../crossFile/clusterScope';
import { displayPath } from '../../crossFile/display';
import { eksctlAccounts, eksctlRoleNamed, eksctlSubject } from '../../crossFile/eksctlServiceAccounts';
import { globMatch, subjectOf } from '../../crossFile/webIdentityTrust';
import { roleNameOf } from '../../crossFile/roleNames';
import { str } from '../../model/node';
import { isTemplated } from '../../model/templated';
import { serviceAccountView } from '../../views/serviceAccount';
import { replaceScalar } from '../edits';
import { DocRule } from '../rule';

export const eksctlRoleConflict: DocRule = {
  id: 'eksctl-role-conflict',
  description: "A ServiceAccount manifest names a different role than the eksctl ClusterConfig of its cluster gives the same service account (roleName or attachRoleARN), or names a role eksctl creates for another service account, whose trust policy does not admit it.",
  defaultSeverity: 'warning',
  kinds: ['service-account'],
  check(ctx) {
    if (!ctx.index) return;
    const sa = serviceAccountView(ctx.root);
    const arn = str(sa.roleArn?.value);
    // A manifest without a namespace lands wherever it is applied: no certain match.
    if (!sa.roleArn || !arn || !sa.namespace || isTemplated(arn) || isTemplated(sa.name) || isTemplated(sa.namespace)) return;
    const roleName = roleNameOf(arn);
    if (!roleName) return;
    const candidates = eksctlAccounts(ctx.index).filter((a) => a.namespace === sa.namespace && a.name === sa.name);
    for (const account of inScope(ctx.index, ctx.settings, ctx.file, candidates)) {
      // roleOnly: eksctl leaves the ServiceAccount alone, so its annotation is this manifest's to choose.
      if (account.entry.roleOnly || !account.roleName || account.roleName.toLowerCase() === roleName.toLowerCase()) continue;
      const where = account.entry.roleName ?? account.entry.attachRoleARN!;
      const fixed = arn.replace(/:role\/.*$/, `:role/${account.roleName}`);
      ctx.report({
        range: sa.roleArn.value.range,
        message:
          `ServiceAccount ${sa.namespace}/${sa.name} names role ${roleName}, but ${displayPath(ctx.file, account.file)} has eksctl create this service account with role ${account.roleName} ` +
          `(eksctl writes that role into the same annotation): whichever is applied last decides which role the pods get. Name the same role in both, or set roleOnly: true in the ClusterConfig.`,
        fixes: fixed !== arn ? [{ title: `Use role ${account.roleName}`, edits: { [ctx.file.uri]: [replaceScalar(ctx, sa.roleArn.value, fixed)] } }] : [],
        related: [{ uri: account.file.uri, range: account.file.rangeOf(where.value.range), message: `eksctl's role for ${sa.namespace}/${sa.name}` }],
      });
      return;
    }
    // The role eksctl creates trusts its own entry's service account (or subjectPattern), nothing else.
    const creator = eksctlRoleNamed(ctx.index, ctx.settings, ctx.file, roleName);
    if (!creator) return;
    const { subject, pattern } = eksctlSubject(creator);
    const runs = subjectOf(sa.namespace, sa.name);
    if (pattern ? globMatch(subject, runs) : subject === runs) return;
    ctx.report({
      range: sa.roleArn.value.range,
      message:
        `ServiceAccount ${sa.namespace}/${sa.name} names role ${roleName}, which ${displayPath(ctx.file, creator.file)} has eksctl create for ${creator.namespace}/${creator.name}: ` +
        `its trust policy admits ${pattern ? 'only subjects like ' : 'only '}${subject}, so AssumeRoleWithWebIdentity fails with AccessDenied for ${runs}. Give this service account its own iam.serviceAccounts entry, or use ${creator.namespace}/${creator.name}.`,
      related: [{ uri: creator.file.uri, range: creator.file.rangeOf(creator.entry.roleName!.value.range), message: `eksctl creates ${roleName} for ${creator.namespace}/${creator.name}` }],
    });
  },
};
