import { parseFederated } from '../iam/principals';
import { memoized } from '../model/memo';
import { isTemplated, templateAdmits } from '../model/templated';
import { claimOf, ConditionRef, isAllow, PolicyDoc, Statement, ValueRef } from '../views/policy';
import { wildcardMatch } from '../util/wildcard';

/** `arn:<partition>:iam::<account>:oidc-provider/<issuer host[/path]>` -> the issuer part (literal issuers only). */
export function issuerOfProvider(arn: string): string | undefined {
  if (isTemplated(arn)) return undefined;
  return /^arn:[a-z-]+:iam::\d{12}:oidc-provider\/(.+)$/.exec(arn.trim())?.[1];
}

/** `https://host/path/` -> `host/path`, the form IAM uses in provider ARNs and condition keys. */
export function normalizeIssuer(url: string): string {
  return url.trim().replace(/^https?:\/\//i, '').replace(/\/+$/, '');
}

export interface WebIdentityStatement {
  statement: Statement;
  /** Issuer of the Federated OIDC provider (host[/path]); undefined when the provider ARN is templated and its issuer unknown. */
  issuer: string | undefined;
  subs: ConditionRef[];
  auds: ConditionRef[];
}

/** Allow statements that let tokens from an OIDC provider assume the role; read once per policy (the rules of every ServiceAccount and workload ask). */
export const webIdentityStatements: (policy: PolicyDoc) => ReadonlyArray<WebIdentityStatement> = memoized(readWebIdentityStatements);

function readWebIdentityStatements(policy: PolicyDoc): WebIdentityStatement[] {
  const out: WebIdentityStatement[] = [];
  for (const statement of policy.statements) {
    if (!isAllow(statement)) continue;
    // A templated provider (`arn:aws:iam::${account}:oidc-provider/${issuer}`) is web identity with an unknown issuer.
    const webIdentityAction = statement.actions.some((a) => /^sts:AssumeRoleWithWebIdentity$/i.test(a.value));
    // A provider wholly templated (`${module.eks.oidc_provider_arn}` in Terraform) is an OIDC provider when the action says so.
    const federated = statement.principals.find((p) => p.type === 'Federated' && (issuerOfProvider(p.value) || isTemplatedOidc(p.value) || (webIdentityAction && isUnknownProvider(p.value))));
    if (!federated) continue;
    if (!statement.actions.some((a) => /^sts:(AssumeRoleWithWebIdentity|\*)$|^\*$/i.test(a.value))) continue;
    out.push({
      statement,
      issuer: providerIssuer(federated.value),
      subs: statement.conditions.filter((c) => claimOf(c.key) === 'sub' && isStringMatch(c.operator)),
      auds: statement.conditions.filter((c) => claimOf(c.key) === 'aud' && isStringMatch(c.operator)),
    });
  }
  return out;
}

function isUnknownProvider(value: string): boolean {
  const parsed = parseFederated(value);
  return parsed.kind === 'templated' && parsed.provider === undefined;
}

function isTemplatedOidc(value: string): boolean {
  const parsed = parseFederated(value);
  return parsed.kind === 'oidc' || (parsed.kind === 'templated' && parsed.provider === 'oidc');
}

/** The issuer of a provider ARN when it is literal, the ARN's other parts literal or templated (`arn:aws:iam::${account}:oidc-provider/oidc.example.com`). */
export function providerIssuer(value: string): string | undefined {
  return issuerOfProvider(value) ?? literalOidcIssuer(value);
}

function literalOidcIssuer(value: string): string | undefined {
  const parsed = parseFederated(value);
  return parsed.kind === 'oidc' ? parsed.issuer : undefined;
}

function isStringMatch(operator: string): boolean {
  return /^(ForAnyValue:|ForAllValues:)?String(Equals|Like)(IgnoreCase)?(IfExists)?$/i.test(operator);
}

/** Does one condition's value admit a claim value, with IAM's semantics for the operator? */
export function conditionAdmits(condition: ConditionRef, claim: string): ValueRef | undefined {
  const like = /StringLike/i.test(condition.operator);
  const ignoreCase = /IgnoreCase/i.test(condition.operator);
  // A templated claim (a ServiceAccount in namespace `$(NAMESPACE)`) may be admitted by any value one of its instances equals.
  if (isTemplated(claim)) return condition.values.find((v) => isTemplated(v.value) || (like && /[*?]/.test(v.value)) || templateAdmits(claim, v.value, { ignoreCase }));
  return condition.values.find((v) => {
    // A templated value admits whatever it may become (`system:serviceaccount:${namespace}:app`).
    if (isTemplated(v.value)) return templateAdmits(v.value, claim, { glob: like, ignoreCase });
    if (like) return globMatch(v.value, claim);
    return ignoreCase ? v.value.toLowerCase() === claim.toLowerCase() : v.value === claim;
  });
}

/** StringLike: `*` any run of characters, `?` one character, case-sensitive. */
export function globMatch(pattern: string, value: string): boolean {
  return wildcardMatch(pattern, value);
}

export interface Admission {
  /** Some web-identity statement admits the value. */
  admitted: boolean;
  /** Every web-identity statement constrains the claim (else anything is admitted). */
  constrained: boolean;
  /** The values written in the conditions, for messages. */
  values: ValueRef[];
  statements: ReadonlyArray<WebIdentityStatement>;
}

/**
 * Whether a trust policy lets a token with this claim value assume the role.
 * A statement without a condition on the claim admits every value (that is
 * trust-sub-missing's finding, not a mismatch).
 */
export function admits(policy: PolicyDoc, claim: 'sub' | 'aud', value: string): Admission {
  const statements = webIdentityStatements(policy);
  const values: ValueRef[] = [];
  let admitted = false;
  let constrained = statements.length > 0;
  for (const s of statements) {
    const conditions = claim === 'sub' ? s.subs : s.auds;
    if (conditions.length === 0) {
      constrained = false;
      admitted = true;
      continue;
    }
    for (const c of conditions) values.push(...c.values);
    // All conditions of one statement must hold.
    if (conditions.every((c) => conditionAdmits(c, value))) admitted = true;
  }
  return { admitted, constrained, values, statements };
}

export function subjectOf(namespace: string, serviceAccount: string): string {
  return `system:serviceaccount:${namespace}:${serviceAccount}`;
}
