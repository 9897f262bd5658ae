import { isTemplated } from '../model/templated';
import { isAllow, PolicyDoc, PrincipalRef, Statement } from '../views/policy';
import { PodIdentityAssociation } from '../views/podIdentity';
import { accountOf } from './roleNames';
import { allows } from './podIdentityTrust';

/**
 * The second hop of an association with a target role: EKS Pod Identity
 * assumes the association's role, then calls sts:AssumeRole on the target
 * role with that role's session (role chaining). So the target role's trust
 * must let the first role assume it: an AWS principal that is the role's ARN
 * or its account. With session tags on, the request carries the Pod Identity
 * session tags (sts:TagSession); with them off, an `sts:ExternalId` of
 * `region/account/cluster/namespace/service-account` (the Amazon EKS user
 * guide, "Access AWS Resources using EKS Pod Identity Target IAM Roles").
 */
export interface ChainSource {
  /** The first role's name, when known. */
  name: string | undefined;
  /** Its account, when its ARN is written out. */
  account: string | undefined;
  /** Its ARN, when written out with no placeholder. */
  arn: string | undefined;
}

export function chainSourceOf(association: PodIdentityAssociation): ChainSource {
  const written = typeof association.roleNode?.value === 'string' ? association.roleNode.value.trim() : undefined;
  const literal = written && !isTemplated(written) && /^arn:[a-z-]+:iam::\d{12}:role\//.test(written) ? written : undefined;
  return { name: association.roleName, account: literal ? accountOf(literal) : undefined, arn: literal };
}

export type Admits = 'yes' | 'no' | 'unknown';

/** Whether one principal of a trust statement is the first role's session: its role, its account, or anyone. */
export function principalAdmits(principal: PrincipalRef, source: ChainSource): Admits {
  if (principal.type === '*' || principal.value === '*') return 'unknown';
  if (principal.type !== 'AWS') return 'no';
  const value = principal.value.trim();
  if (isTemplated(value)) return 'unknown';
  const sameAccount = (account: string): Admits => (source.account === undefined ? 'unknown' : source.account === account ? 'yes' : 'no');
  if (/^\d{12}$/.test(value)) return sameAccount(value);
  const root = /^arn:[a-z-]+:iam::(\d{12}):root$/.exec(value);
  if (root) return sameAccount(root[1]);
  const role = /^arn:[a-z-]+:iam::(\d{12}):role\/(?:[\w+=,.@\/-]*\/)?([\w+=,.@-]+)$/.exec(value);
  if (role) {
    if (source.name === undefined) return 'unknown';
    return role[2] !== source.name ? 'no' : sameAccount(role[1]) === 'no' ? 'no' : 'yes';
  }
  // A role session (the session name EKS Pod Identity chooses is not known here).
  const session = /^arn:[a-z-]+:sts::(\d{12}):assumed-role\/([\w+=,.@-]+)\//.exec(value);
  if (session) return source.name !== undefined && session[2] !== source.name ? 'no' : 'unknown';
  return 'no';
}

function statementAdmits(statement: Statement, source: ChainSource): Admits {
  if (!statement.principalPair || statement.principalPair.key === 'NotPrincipal') return 'unknown';
  if (statement.principals.length === 0) return 'unknown';
  const each = statement.principals.map((p) => principalAdmits(p, source));
  return each.includes('yes') ? 'yes' : each.includes('unknown') ? 'unknown' : 'no';
}

export interface TargetTrust {
  /** Allow statements whose principal is the first role (or its account) and that allow sts:AssumeRole. */
  assume: Statement[];
  /** Whether a statement for that principal allows sts:TagSession (it may be another statement). */
  tagSession: boolean;
  /** A principal, an action or a condition key is templated or a wildcard: what the trust admits is unknown. */
  unknown: boolean;
}

export function analyzeTargetTrust(policy: PolicyDoc, source: ChainSource): TargetTrust {
  let unknown = false;
  const assume: Statement[] = [];
  let tagSession = false;
  for (const statement of policy.statements) {
    if (!isAllow(statement)) continue;
    const admits = statementAdmits(statement, source);
    if (admits === 'no') continue;
    if (admits === 'unknown' || statement.actions.some((a) => isTemplated(a.value)) || statement.conditions.some((c) => isTemplated(c.key))) unknown = true;
    if (allows(statement, 'sts:TagSession')) tagSession = true;
    if (admits === 'yes' && allows(statement, 'sts:AssumeRole')) assume.push(statement);
  }
  return { assume, tagSession, unknown };
}

/** The external ID EKS Pod Identity sends to the target role when session tags are off, as far as the association says it. */
export interface ExternalIdMismatch {
  values: string[];
  expected: string;
}

/**
 * An `sts:ExternalId` condition (StringEquals) of every admitting statement
 * whose literal values, all of the documented five-part shape, name another
 * namespace, service account or cluster than the association. Unknown parts
 * of the association are not compared.
 */
export function externalIdMismatch(statements: Statement[], association: PodIdentityAssociation): ExternalIdMismatch | undefined {
  const parts = [association.cluster, association.namespace, association.serviceAccount];
  if (parts.some((p) => p !== undefined && isTemplated(p)) || association.namespace === undefined || association.serviceAccount === undefined) return undefined;
  let shown: string[] | undefined;
  for (const statement of statements) {
    const conditions = statement.conditions.filter((c) => c.key.toLowerCase() === 'sts:externalid');
    const decided = conditions.find((c) => /^StringEquals$/i.test(c.operator));
    if (!decided || conditions.length !== 1 || decided.values.length === 0) return undefined;
    const values = decided.values.map((v) => v.value);
    if (values.some((v) => isTemplated(v) || v.split('/').length !== 5)) return undefined;
    const matches = values.some((v) => {
      const [, , cluster, namespace, serviceAccount] = v.split('/');
      return namespace === association.namespace && serviceAccount === association.serviceAccount && (association.cluster === undefined || cluster === association.cluster);
    });
    if (matches) return undefined;
    shown ??= values;
  }
  if (!shown) return undefined;
  return { values: shown, expected: `<region>/<account>/${association.cluster ?? '<cluster>'}/${association.namespace}/${association.serviceAccount}` };
}
