import { issuerOfKey } from '../../iam/conditions';
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
  /** The OIDC provider's issuer (host[/path]) when exactly one is named. */
  issuer?: string;
  issuerRef?: PrincipalRef;
  /** Conditions whose key is `<issuer>:<claim>` shaped. */
  issuerConditions: Array<{ condition: ConditionRef; issuer: string; claim: string }>;
}

function readTrustStatements(ctx: DocContext): TrustStatement[] {
  const out: TrustStatement[] = [];
  for (const policy of policiesOf(ctx.file, ctx.doc)) {
    if (policy.role !== 'trust') continue;
    for (const statement of policy.statements) {
      const federated = statement.principals.filter((p) => p.type === 'Federated').map((ref) => ({ ref, parsed: parseFederated(ref.value) }));
      const oidc = federated.filter((f) => f.parsed.kind === 'oidc');
      const one = oidc.length === 1 && oidc[0].parsed.kind === 'oidc' ? oidc[0] : undefined;
      const issuerConditions = statement.conditions.flatMap((condition) => {
        const parsed = issuerOfKey(condition.key);
        return parsed && /[./]/.test(parsed.issuer) ? [{ condition, issuer: parsed.issuer, claim: parsed.claim.toLowerCase() }] : [];
      });
      out.push({ statement, policy, federated, issuer: one?.parsed.kind === 'oidc' ? one.parsed.issuer : undefined, issuerRef: one?.ref, issuerConditions });
    }
  }
  return out;
}

/** The trust statements of a document, read once per parse for all the trust rules. */
export const trustStatements = memoizedOn((ctx: DocContext) => ctx.doc, readTrustStatements);

/** A statement that lets OIDC tokens assume the role (the IRSA / ccoctl shape). */
export function isOidcWebIdentity(t: TrustStatement): boolean {
  return t.issuer !== undefined;
}

export function conditionsWithClaim(t: TrustStatement, claim: string): ConditionRef[] {
  return t.statement.conditions.filter((c) => claimOf(c.key) === claim && issuerOfKey(c.key) !== undefined);
}

/**
 * Kubernetes-issued tokens (`sub` = system:serviceaccount:...). Other OIDC
 * issuers (GitHub Actions, GitLab, Google) have their own `sub` formats.
 */
export function looksLikeKubernetesIssuer(issuer: string): boolean {
  if (/(^|\.)(token\.actions\.githubusercontent\.com|gitlab\.com|accounts\.google\.com|app\.terraform\.io|oidc\.circleci\.com|buildkite\.(com|dev|site))(\/|$)/.test(issuer)) return false;
  return /^oidc\.eks\.|\.s3[.-]|amazonaws\.com|cloudfront\.net|oidc|openshift|kubernetes|k8s|cluster/i.test(issuer);
}
