import { issuerOfKey, templatedIssuerKey } from '../../iam/conditions';
import { isTemplated } from '../../model/templated';
import { FederatedPrincipal, parseFederated } from '../../iam/principals';
import { claimOf, ConditionRef, PolicyDoc, policiesOf, PrincipalRef, Statement } from '../../views/policy';
import { memoizedOn } from '../../model/memo';
import { DocContext } from '../rule';

/** Facts the trust rules share about one statement of a trust policy. */
export interface TrustStatement {
  statement: Statement;
  policy: PolicyDoc;
  /** Federated principals with their parse. */
  federated: Array<{ ref: PrincipalRef; parsed: FederatedPrincipal }>;
  /** The OIDC provider's issuer (host[/path]) when exactly one is named and it is literal. */
  issuer?: string;
  /**
   * When exactly one OIDC provider is named and its issuer part holds a
   * placeholder (`arn:aws:iam::${account}:oidc-provider/${oidc_provider}`):
   * that part, as written. The statement is web identity; its issuer is unknown.
   */
  issuerTemplate?: string;
  /** The one OIDC provider principal (issuer literal or templated). */
  issuerRef?: PrincipalRef;
  /** Some principal of the statement is a placeholder whose provider is unknown (`%{oidc_provider_arn}`). */
  unknownPrincipal: boolean;
  /** A condition key is templated so that its claim is unknown too (`${sub_key}`): which claims are constrained is unknown. */
  unknownKeys: boolean;
  /** Conditions whose key is `<issuer>:<claim>` shaped (`templated` when the issuer part holds a placeholder). */
  issuerConditions: Array<{ condition: ConditionRef; issuer: string; claim: string; templated: boolean }>;
}

function readTrustStatements(ctx: DocContext): TrustStatement[] {
  const out: TrustStatement[] = [];
  for (const policy of policiesOf(ctx.file, ctx.doc)) {
    if (policy.role !== 'trust') continue;
    for (const statement of policy.statements) {
      const federated = statement.principals.filter((p) => p.type === 'Federated').map((ref) => ({ ref, parsed: parseFederated(ref.value) }));
      const oidc = federated.filter((f) => f.parsed.kind === 'oidc' || (f.parsed.kind === 'templated' && f.parsed.provider === 'oidc'));
      const one = oidc.length === 1 ? oidc[0] : undefined;
      const issuerConditions = statement.conditions.flatMap((condition) => {
        const templated = templatedIssuerKey(condition.key);
        if (templated) return [{ condition, issuer: templated.issuerTemplate, claim: templated.claim.toLowerCase(), templated: true }];
        const parsed = isTemplated(condition.key) ? undefined : issuerOfKey(condition.key);
        return parsed && /[./]/.test(parsed.issuer) ? [{ condition, issuer: parsed.issuer, claim: parsed.claim.toLowerCase(), templated: false }] : [];
      });
      out.push({
        statement,
        policy,
        federated,
        issuer: one?.parsed.kind === 'oidc' ? one.parsed.issuer : undefined,
        issuerTemplate: one?.parsed.kind === 'templated' ? one.parsed.issuerTemplate : undefined,
        issuerRef: one?.ref,
        unknownPrincipal: federated.some((f) => f.parsed.kind === 'templated' && f.parsed.provider === undefined),
        unknownKeys: statement.conditions.some((c) => isTemplated(c.key) && !templatedIssuerKey(c.key)),
        issuerConditions,
      });
    }
  }
  return out;
}

/** The trust statements of a document, read once per parse for all the trust rules. */
export const trustStatements = memoizedOn((ctx: DocContext) => ctx.doc, readTrustStatements);

/** A statement that lets OIDC tokens assume the role (the IRSA / ccoctl shape), issuer known or templated. */
export function isOidcWebIdentity(t: TrustStatement): boolean {
  return t.issuer !== undefined || t.issuerTemplate !== undefined;
}

/** Conditions on `<issuer>:<claim>`, the issuer literal or templated. */
export function conditionsWithClaim(t: TrustStatement, claim: string): ConditionRef[] {
  return t.statement.conditions.filter((c) => claimOf(c.key) === claim && (templatedIssuerKey(c.key) !== undefined || (!isTemplated(c.key) && issuerOfKey(c.key) !== undefined)));
}

