import { actionMatches } from '../iam/catalog';
import { isTemplated } from '../model/templated';
import { ConditionRef, isAllow, PolicyDoc, Statement, ValueRef } from '../views/policy';
import { PodIdentityAssociation } from '../views/podIdentity';
import { conditionAdmits } from './webIdentityTrust';

export const POD_IDENTITY_PRINCIPAL = 'pods.eks.amazonaws.com';

/**
 * The session tags EKS Pod Identity attaches when it assumes a role (unless
 * the association disables them), with what each holds.
 */
export const POD_IDENTITY_TAGS: ReadonlyArray<{ tag: string; doc: string }> = [
  { tag: 'eks-cluster-arn', doc: 'The ARN of the cluster the pod runs in.' },
  { tag: 'eks-cluster-name', doc: 'The name of the cluster the pod runs in.' },
  { tag: 'kubernetes-namespace', doc: 'The namespace of the pod (and of the association).' },
  { tag: 'kubernetes-service-account', doc: 'The service account the pod runs as (the association\'s).' },
  { tag: 'kubernetes-pod-name', doc: 'The name of the pod.' },
  { tag: 'kubernetes-pod-uid', doc: 'The UID of the pod.' },
];

/** `aws:RequestTag/kubernetes-namespace` or `aws:PrincipalTag/...` -> `kubernetes-namespace` (one of the Pod Identity tags), else undefined. */
export function podIdentityTagOf(key: string): string | undefined {
  const m = /^aws:(RequestTag|PrincipalTag)\/(.+)$/i.exec(key);
  const tag = m?.[2].toLowerCase();
  return tag && POD_IDENTITY_TAGS.some((t) => t.tag === tag) ? tag : undefined;
}

export function allows(statement: Statement, action: string): boolean {
  const listed = statement.actions.some((a) => actionMatches(a.value, action));
  return statement.notAction ? !listed : listed;
}

export interface PodIdentityTrust {
  /** Allow statements naming pods.eks.amazonaws.com that allow sts:AssumeRole. */
  statements: Statement[];
  /** Some Allow statement naming pods.eks.amazonaws.com allows sts:TagSession (it need not be the one allowing sts:AssumeRole). */
  tagSession: boolean;
  /** Some principal, action or condition key is templated or a wildcard: what the policy admits is unknown. */
  unknown: boolean;
}

export function analyzePodIdentityTrust(policy: PolicyDoc): PodIdentityTrust {
  let unknown = false;
  const statements: Statement[] = [];
  let tagSession = false;
  for (const statement of policy.statements) {
    if (statement.principalPair && statement.principals.length === 0) unknown = true;
    if (statement.principals.some((p) => p.type === '*' || p.value === '*' || (isTemplated(p.value) && p.type !== 'Federated'))) unknown = true;
    if (!isAllow(statement) || !statement.principals.some((p) => p.type === 'Service' && p.value === POD_IDENTITY_PRINCIPAL)) continue;
    if (statement.actions.some((a) => isTemplated(a.value)) || statement.conditions.some((c) => isTemplated(c.key))) unknown = true;
    if (allows(statement, 'sts:AssumeRole')) statements.push(statement);
    if (allows(statement, 'sts:TagSession')) tagSession = true;
  }
  return { statements, tagSession, unknown };
}

export function allowsTagSession(statement: Statement): boolean {
  return allows(statement, 'sts:TagSession');
}

/** Positive string operators: the only ones whose admission is decided here (others count as admitting). */
function isStringMatch(operator: string): boolean {
  return /^(ForAnyValue:|ForAllValues:)?String(Equals|Like)(IgnoreCase)?(IfExists)?$/i.test(operator);
}

export interface TagCondition {
  condition: ConditionRef;
  tag: string;
}

/** A statement's conditions on Pod Identity session tags that this code can decide. */
export function tagConditions(statement: Statement): TagCondition[] {
  return statement.conditions.flatMap((condition) => {
    const tag = podIdentityTagOf(condition.key);
    return tag && isStringMatch(condition.operator) ? [{ condition, tag }] : [];
  });
}

/** The tag values an association's sessions carry, where the association says them (others are unknown). */
export function associationTags(association: PodIdentityAssociation): Map<string, string> {
  const out = new Map<string, string>();
  if (association.namespace !== undefined) out.set('kubernetes-namespace', association.namespace);
  if (association.serviceAccount !== undefined) out.set('kubernetes-service-account', association.serviceAccount);
  if (association.cluster !== undefined) out.set('eks-cluster-name', association.cluster);
  return out;
}

export interface TagMismatch {
  condition: ConditionRef;
  tag: string;
  value: string;
  values: ValueRef[];
}

/** The tag conditions of a statement that the association's session tags do not meet (none: the statement admits it). */
export function tagMismatches(statement: Statement, tags: Map<string, string>): TagMismatch[] {
  const out: TagMismatch[] = [];
  for (const { condition, tag } of tagConditions(statement)) {
    const value = tags.get(tag);
    if (value === undefined || condition.values.length === 0) continue;
    if (!conditionAdmits(condition, value)) out.push({ condition, tag, value, values: condition.values });
  }
  return out;
}

/** With session tags disabled, the conditions that need a tag to be present (no IfExists). */
export function conditionsNeedingTags(statement: Statement): TagCondition[] {
  return tagConditions(statement).filter(({ condition }) => !/IfExists$/i.test(condition.operator));
}
