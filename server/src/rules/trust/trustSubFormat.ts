import { parseOperator } from '../../iam/conditions';
import { humanPlaceholder, isTemplated, splitTemplated } from '../../model/templated';
import { POLICY_KINDS } from '../../views/policy';
import { replaceString } from '../iam/policyEdits';
import { DocRule } from '../rule';
import { conditionsWithClaim, trustStatements } from './webIdentity';
import { issuerKind } from '../../crossFile/issuerKind';

const NAMESPACE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const SERVICE_ACCOUNT = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

/** What is wrong with a sub value, and the corrected value when it is obvious. */
export function subProblem(value: string, wildcards: boolean): { problem: string; fixed?: string } | undefined {
  const m = /^system:serviceaccount:([^:]*):([^:]*)$/.exec(value);
  if (!m) {
    const guess = /^(?:system:)?serviceaccounts?[:/]([^:/]+)[:/]([^:/]+)$/i.exec(value) ?? /^system:serviceaccounts:([^:]+):([^:]+)$/i.exec(value);
    const fixed = guess ? `system:serviceaccount:${guess[1].toLowerCase()}:${guess[2].toLowerCase()}` : undefined;
    if (wildcards && /^system:serviceaccount:?\*$|^\*$/.test(value)) return undefined;
    return { problem: 'it is not system:serviceaccount:<namespace>:<serviceaccount>', fixed };
  }
  const [, ns, sa] = m;
  const placeholder = humanPlaceholder(ns) ?? humanPlaceholder(sa);
  if (placeholder) return { problem: `the placeholder "${placeholder}" was left in (nothing fills it in)` };
  const plain = (s: string) => (wildcards ? s.replace(/[*?]/g, 'a') : s);
  const nsOk = plain(ns).length <= 63 && NAMESPACE.test(plain(ns));
  const saOk = plain(sa).length <= 253 && SERVICE_ACCOUNT.test(plain(sa));
  if (nsOk && saOk) return undefined;
  const lower = `system:serviceaccount:${ns.toLowerCase()}:${sa.toLowerCase()}`;
  const fixable = lower !== value && subProblem(lower, wildcards) === undefined;
  const what = !nsOk ? `namespace "${ns}"` : `service account name "${sa}"`;
  return { problem: `${what} is not a valid Kubernetes name (lower-case letters, digits and "-"${nsOk ? ' or "."' : ''})`, fixed: fixable ? lower : undefined };
}

/**
 * The problem of a templated sub value, judged on its literal parts
 * (`system:serviceaccount:${namespace}:app`): each templated part is taken
 * as a valid name. With fewer than four parts a placeholder may stand for
 * several, and nothing is said.
 */
export function templatedSubProblem(value: string, wildcards: boolean): { problem: string } | undefined {
  const parts = splitTemplated(value, ':');
  if (parts.length !== 4 || parts[0].templated || parts[1].templated) return undefined;
  const sample = parts.map((p) => (p.templated ? 'a' : p.text)).join(':');
  const found = subProblem(sample, wildcards);
  return found ? { problem: found.problem } : undefined;
}

export const trustSubFormat: DocRule = {
  id: 'trust-sub-format',
  description: 'A Kubernetes `sub` value must be system:serviceaccount:<namespace>:<serviceaccount> with DNS-1123 names.',
  defaultSeverity: 'error',
  kinds: POLICY_KINDS,
  check(ctx) {
    for (const t of trustStatements(ctx)) {
      if (!t.issuer && !t.issuerTemplate) continue;
      // A cluster's issuer, or a value written as a service-account subject; other issuers (GitHub, Bitbucket...) have formats of their own.
      const clusterIssuer = t.issuer !== undefined && issuerKind(t.issuer, ctx.index).kind === 'kubernetes';
      for (const condition of conditionsWithClaim(t, 'sub')) {
        const op = parseOperator(condition.operator);
        const wildcards = op?.base === 'StringLike' || op?.base === 'StringNotLike';
        for (const ref of condition.values) {
          // A wildcard under StringEquals is trust-wildcard-operator's finding.
          if (!wildcards && /[*?]/.test(ref.value)) continue;
          if (!clusterIssuer && !/serviceaccount/i.test(ref.value)) continue;
          const found: { problem: string; fixed?: string } | undefined = isTemplated(ref.value) ? templatedSubProblem(ref.value, wildcards) : subProblem(ref.value, wildcards);
          if (!found) continue;
          ctx.report({
            range: ref.node.range,
            message: `"${ref.value}" can never match a service-account token's sub: ${found.problem}. Tokens carry "system:serviceaccount:<namespace>:<serviceaccount>".${found.fixed ? ` Did you mean "${found.fixed}"?` : ''}`,
            fixes: found.fixed ? [{ title: `Change to "${found.fixed}"`, isPreferred: true, edits: { [ctx.file.uri]: [replaceString(ctx, t.policy, ref.node.range, ref.value, found.fixed)] } }] : undefined,
          });
        }
      }
    }
  },
};
