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
import { analyzeTargetTrust, chainSourceOf, externalIdMismatch } from '../../crossFile/podIdentityTarget';
import { trustSourceFor } from '../../crossFile/trustSources';
import { ParsedFile } from '../../model/parsedFile';
import { isTemplated } from '../../model/templated';
import { PolicyDoc, Statement } from '../../views/policy';
import { PodIdentityAssociation, podIdentityAssociationsOf } from '../../views/podIdentity';
import { addStatementFix } from '../../crossFile/podIdentityStatement';
import { ASSOCIATION_KINDS } from '../../crossFile/podIdentityAssociations';
import { DocContext, DocRule, Fix } from '../rule';

export const podIdentityTrust: DocRule = {
  id: 'pod-identity-trust',
  description:
    "An EKS Pod Identity association names a role whose trust policy in the workspace does not let EKS Pod Identity assume it for the association: no pods.eks.amazonaws.com principal, no sts:TagSession, session-tag conditions the association's namespace, service account or cluster do not meet, or tag conditions while the association disables session tags; and for an association with a target role, a target trust policy that does not let the association's role assume it, tag the session, or send the external ID.",
  defaultSeverity: 'error',
  kinds: ASSOCIATION_KINDS,
  check(ctx) {
    for (const association of podIdentityAssociationsOf(ctx.file, ctx.doc)) {
      checkAssociation(ctx, association);
      checkTargetRole(ctx, association);
    }
  },
};

interface Trust {
  policy: PolicyDoc;
  file: ParsedFile;
  roleLabel: string;
}

function trustOf(ctx: DocContext, association: PodIdentityAssociation): Trust | undefined {
  return roleTrust(ctx, association.localTrust, association.roleName, association.roleLabel);
}

function roleTrust(ctx: DocContext, localTrust: PolicyDoc | undefined, roleName: string | undefined, roleLabel: string | undefined): Trust | undefined {
  if (localTrust) return { policy: localTrust, file: ctx.file, roleLabel: roleLabel ?? roleName ?? 'the role' };
  if (!ctx.index || !roleName) return undefined;
  const source = trustSourceFor(ctx.index, ctx.settings, roleName, ctx.file);
  return source ? { policy: source.policy, file: source.file, roleLabel: roleName } : undefined;
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

  // sts:TagSession may be allowed by another statement for the same principal; then every AssumeRole statement may admit the tags.
  const tagging = analysis.statements.filter(allowsTagSession);
  if (!analysis.tagSession) {
    const statement = analysis.statements[0];
    const actions = statement.actionPair;
    ctx.report({
      range: association.range,
      message: `${lead} does not allow sts:TagSession for ${POD_IDENTITY_PRINCIPAL}: EKS Pod Identity attaches session tags when it assumes the role, so AssumeRole fails. Add "sts:TagSession" to the statement's actions.`,
      fixes: tagSessionFix(file, policy, statement, trust.roleLabel),
      related: related(actions?.keyRange ?? statement.node.range, `the ${POD_IDENTITY_PRINCIPAL} statement of ${trust.roleLabel}`),
    });
    return;
  }

  const tags = associationTags(association);
  const mismatches = (tagging.length > 0 ? tagging : analysis.statements).map((s) => tagMismatches(s, tags));
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

/**
 * The second hop: the target role's trust must let the association's role
 * assume it (and tag the session, or match the external ID when tags are off).
 */
function checkTargetRole(ctx: DocContext, association: PodIdentityAssociation): void {
  if (!association.targetRange) return;
  const trust = roleTrust(ctx, association.targetLocalTrust, association.targetRoleName, association.targetRoleLabel);
  if (!trust) return;
  const { policy, file } = trust;
  if (policy.embedded?.errors.length) return;
  const source = chainSourceOf(association);
  const analysis = analyzeTargetTrust(policy, source);
  const first = association.roleLabel ?? association.roleName ?? 'its role';
  const lead = `${association.describe} has EKS Pod Identity assume role ${first} and then, with that role's credentials, the target role ${trust.roleLabel}; the target role's trust policy (${displayPath(ctx.file, file)})`;
  const range = association.targetRange;
  const related = (at: readonly [number, number], message: string) => [{ uri: file.uri, range: file.rangeOf(at), message }];

  if (analysis.assume.length === 0) {
    if (analysis.unknown || source.name === undefined) return;
    ctx.report({
      range,
      message: `${lead} does not allow ${first} to call sts:AssumeRole (no statement names the role or its account as an AWS principal): the second assumption fails and the pods get no credentials. Add a statement that allows the AWS principal ${source.arn ?? first} sts:AssumeRole and sts:TagSession.`,
      fixes: source.arn ? addStatementFix(file, policy, association, trust.roleLabel, { AWS: source.arn }) : undefined,
      related: related((policy.statementPair?.value ?? policy.node).range, `the trust policy of ${trust.roleLabel}`),
    });
    return;
  }
  if (analysis.unknown) return;

  if (association.disableSessionTags) {
    if (analysis.assume.some((s) => conditionsNeedingTags(s).length === 0)) {
      const mismatch = externalIdMismatch(analysis.assume, association);
      if (!mismatch) return;
      const condition = analysis.assume[0].conditions.find((c) => c.key.toLowerCase() === 'sts:externalid')!;
      ctx.report({
        range,
        severity: 'warning',
        message: `${lead} requires sts:ExternalId ${mismatch.values.join(' or ')}. With session tags off, EKS Pod Identity sends the external ID region/account/cluster/namespace/service-account, here ${mismatch.expected}, which the condition does not admit. Make the condition name the association's cluster, namespace and service account.`,
        related: related(condition.keyPair.keyRange, `sts:ExternalId admits ${mismatch.values.join(', ')}`),
      });
      return;
    }
    const needing = conditionsNeedingTags(analysis.assume[0])[0].condition;
    ctx.report({
      range,
      message: `${lead} admits ${first} only with session tag conditions (${needing.key}), and the association disables session tags: no tags are sent, the conditions fail and the target role cannot be assumed. Enable session tags or remove the tag conditions.`,
      related: related(needing.keyPair.keyRange, `${needing.key} needs a session tag`),
    });
    return;
  }

  if (!analysis.tagSession) {
    const statement = analysis.assume[0];
    const actions = statement.actionPair;
    ctx.report({
      range,
      message: `${lead} does not allow sts:TagSession for ${first}: EKS Pod Identity passes its session tags when it assumes the target role, so that AssumeRole fails. Add "sts:TagSession" to the statement's actions.`,
      fixes: tagSessionFix(file, policy, statement, trust.roleLabel),
      related: related(actions?.keyRange ?? statement.node.range, `the statement of ${trust.roleLabel} that admits ${first}`),
    });
    return;
  }

  const mismatches = analysis.assume.map((s) => tagMismatches(s, associationTags(association)));
  if (mismatches.some((m) => m.length === 0)) return;
  const shown = mismatches[0];
  ctx.report({
    range,
    message: `${lead} requires ${shown.map((m) => `${m.condition.key} ${m.values.map((v) => v.value).join(' or ')}`).join('; ')}, and the association's sessions are tagged ${shown.map((m) => `${m.tag}=${m.value}`).join(', ')}: the target role cannot be assumed for it. Add the association's values to the target role's conditions, or change the association.`,
    fixes: mismatches.length === 1 ? conditionFix(file, policy, shown, trust.roleLabel) : undefined,
    related: shown.flatMap((m) => related(m.condition.keyPair.keyRange, `${m.condition.key} admits ${m.values.map((v) => v.value).join(', ')}`)),
  });
}

function who(association: PodIdentityAssociation): string {
  const namespace = association.namespace ?? '(unknown namespace)';
  const serviceAccount = association.serviceAccount ?? '(unknown service account)';
  return `service account ${namespace}/${serviceAccount}${association.cluster ? ` of cluster ${association.cluster}` : ''}`;
}

/** Adds sts:TagSession to the statement's actions. */
function tagSessionFix(file: ParsedFile, policy: PolicyDoc, statement: Statement, roleLabel: string): Fix[] | undefined {
  const actions = statement.actionPair;
  if (!actions || statement.notAction) return undefined;
  return [{ title: `Add sts:TagSession to the trust policy of ${roleLabel}`, isPreferred: true, edits: { [file.uri]: [appendToList(file, actions.value, 'sts:TagSession', (t) => policy.encode(t), !policy.embedded)] } }];
}

/** Adds each missing literal value to its condition's list. */
function conditionFix(file: ParsedFile, policy: PolicyDoc, mismatches: TagMismatch[], roleLabel: string): Fix[] | undefined {
  if (mismatches.some((m) => isTemplated(m.value))) return undefined;
  const edits = mismatches.map((m) => appendToList(file, m.condition.keyPair.value, m.value, (t) => policy.encode(t), !policy.embedded));
  return [{ title: `Admit ${mismatches.map((m) => `${m.tag}=${m.value}`).join(', ')} in the trust policy of ${roleLabel}`, isPreferred: true, edits: { [file.uri]: edits } }];
}
