import { displayPath } from '../../crossFile/display';
import { appendToList } from '../../crossFile/listEdits';
import {
  allowsTagSession,
  associationTags,
  conditionsNeedingTags,
  POD_IDENTITY_PRINCIPAL,
  analyzePodIdentityTrust,
  TagMismatch,
  tagMismatches,
} from '../../crossFile/podIdentityTrust';
import { trustSourceFor } from '../../crossFile/trustSources';
import { ParsedFile } from '../../model/parsedFile';
import { isTemplated } from '../../model/templated';
import { PolicyDoc } from '../../views/policy';
import { PodIdentityAssociation, podIdentityAssociationsOf } from '../../views/podIdentity';
import { addStatementFix } from '../../crossFile/podIdentityStatement';
import { ASSOCIATION_KINDS } from '../../crossFile/podIdentityAssociations';
import { DocContext, DocRule, Fix } from '../rule';

export const podIdentityTrust: DocRule = {
  id: 'pod-identity-trust',
  description:
    "An EKS Pod Identity association names a role whose trust policy in the workspace does not let EKS Pod Identity assume it for the association: no pods.eks.amazonaws.com principal, no sts:TagSession, session-tag conditions the association's namespace, service account or cluster do not meet, or tag conditions while the association disables session tags.",
  defaultSeverity: 'error',
  kinds: ASSOCIATION_KINDS,
  check(ctx) {
    for (const association of podIdentityAssociationsOf(ctx.file, ctx.doc)) checkAssociation(ctx, association);
  },
};

interface Trust {
  policy: PolicyDoc;
  file: ParsedFile;
  roleLabel: string;
}

function trustOf(ctx: DocContext, association: PodIdentityAssociation): Trust | undefined {
  if (association.localTrust) return { policy: association.localTrust, file: ctx.file, roleLabel: association.roleLabel ?? association.roleName ?? 'the role' };
  if (!ctx.index || !association.roleName) return undefined;
  const source = trustSourceFor(ctx.index, ctx.settings, association.roleName, ctx.file);
  return source ? { policy: source.policy, file: source.file, roleLabel: association.roleName } : undefined;
}

function checkAssociation(ctx: DocContext, association: PodIdentityAssociation): void {
  const trust = trustOf(ctx, association);
  if (!trust) return;
  const { policy, file } = trust;
  const analysis = analyzePodIdentityTrust(policy);
  if (analysis.unknown || policy.embedded?.errors.length) return;
  const where = displayPath(ctx.file, file);
  const lead = `${association.describe} gives ${who(association)} role ${trust.roleLabel}, but the role's trust policy (${where})`;
  const related = (range: readonly [number, number], message: string) => [{ uri: file.uri, range: file.rangeOf(range), message }];

  if (analysis.statements.length === 0) {
    ctx.report({
      range: association.range,
      message: `${lead} does not allow ${POD_IDENTITY_PRINCIPAL} to call sts:AssumeRole: EKS Pod Identity cannot assume the role and the pods get no credentials. Add a statement that allows the service principal ${POD_IDENTITY_PRINCIPAL} sts:AssumeRole and sts:TagSession.`,
      fixes: addStatementFix(file, policy, association, trust.roleLabel),
      related: related((policy.statementPair?.value ?? policy.node).range, `the trust policy of ${trust.roleLabel}`),
    });
    return;
  }

  if (association.disableSessionTags) {
    // No tags are sent: a statement admits only if none of its conditions needs one.
    if (analysis.statements.some((s) => conditionsNeedingTags(s).length === 0)) return;
    const first = conditionsNeedingTags(analysis.statements[0])[0].condition;
    ctx.report({
      range: association.range,
      message: `${lead} admits EKS Pod Identity only with session tag conditions (${first.key}), and the association disables session tags: no tags are sent, the conditions fail and the role cannot be assumed. Enable session tags or remove the tag conditions.`,
      related: related(first.keyPair.keyRange, `${first.key} needs a session tag`),
    });
    return;
  }

  const tagging = analysis.statements.filter(allowsTagSession);
  if (tagging.length === 0) {
    const statement = analysis.statements[0];
    const actions = statement.actionPair;
    ctx.report({
      range: association.range,
      message: `${lead} does not allow sts:TagSession for ${POD_IDENTITY_PRINCIPAL}: EKS Pod Identity attaches session tags when it assumes the role, so AssumeRole fails. Add "sts:TagSession" to the statement's actions.`,
      fixes:
        actions && !statement.notAction
          ? [{ title: `Add sts:TagSession to the trust policy of ${trust.roleLabel}`, isPreferred: true, edits: { [file.uri]: [appendToList(file, actions.value, 'sts:TagSession', (t) => policy.encode(t), !policy.embedded)] } }]
          : undefined,
      related: related(actions?.keyRange ?? statement.node.range, `the ${POD_IDENTITY_PRINCIPAL} statement of ${trust.roleLabel}`),
    });
    return;
  }

  const tags = associationTags(association);
  const mismatches = tagging.map((s) => tagMismatches(s, tags));
  if (mismatches.some((m) => m.length === 0)) return;
  const shown = mismatches[0];
  const sent = shown.map((m) => `${m.tag}=${m.value}`).join(', ');
  const wanted = shown.map((m) => `${m.condition.key} ${m.values.map((v) => v.value).join(' or ')}`).join('; ');
  ctx.report({
    range: association.range,
    message: `${lead} requires ${wanted}, and the association's sessions are tagged ${sent}: EKS Pod Identity cannot assume the role for it. Add the association's values to the trust policy's conditions, or change the association.`,
    fixes: mismatches.length === 1 ? conditionFix(file, policy, shown, trust.roleLabel) : undefined,
    related: shown.flatMap((m) => related(m.condition.keyPair.keyRange, `${m.condition.key} admits ${m.values.map((v) => v.value).join(', ')}`)),
  });
}

function who(association: PodIdentityAssociation): string {
  const namespace = association.namespace ?? '(unknown namespace)';
  const serviceAccount = association.serviceAccount ?? '(unknown service account)';
  return `service account ${namespace}/${serviceAccount}${association.cluster ? ` of cluster ${association.cluster}` : ''}`;
}

/** Adds each missing literal value to its condition's list. */
function conditionFix(file: ParsedFile, policy: PolicyDoc, mismatches: TagMismatch[], roleLabel: string): Fix[] | undefined {
  if (mismatches.some((m) => isTemplated(m.value))) return undefined;
  const edits = mismatches.map((m) => appendToList(file, m.condition.keyPair.value, m.value, (t) => policy.encode(t), !policy.embedded));
  return [{ title: `Admit ${mismatches.map((m) => `${m.tag}=${m.value}`).join(', ')} in the trust policy of ${roleLabel}`, isPreferred: true, edits: { [file.uri]: edits } }];
}
