import { ConditionRef, PolicyDoc, Statement } from '../views/policy';

/** A Deny statement conditioned on the caller's source IP address. */
export interface SourceIpDeny {
  statement: Statement;
  condition: ConditionRef;
  /** e.g. `NotIpAddress aws:SourceIp 203.0.113.0/24` */
  summary: string;
}

/**
 * Deny statements keyed on `aws:SourceIp` in a permission policy.
 * openshift-install pre-signs the bootstrap ignition URL with the installer's
 * credentials, and the bootstrap node fetches it from its own address, which
 * such a statement refuses. Shared by the `bootstrap-presign-source-ip` rule
 * (workspace files) and `sts-lens aws check-installer-credentials` (live policies).
 */
export function sourceIpDenies(policy: PolicyDoc): SourceIpDeny[] {
  if (policy.role !== 'permission') return [];
  const out: SourceIpDeny[] = [];
  for (const statement of policy.statements) {
    if ((statement.effect?.value ?? '').toLowerCase() !== 'deny') continue;
    const condition = statement.conditions.find((c) => c.key.toLowerCase() === 'aws:sourceip' && /^(Not)?IpAddress(IfExists)?$/i.test(c.operator));
    if (!condition) continue;
    out.push({ statement, condition, summary: `${condition.operator} aws:SourceIp ${condition.values.map((v) => v.value).join(', ')}` });
  }
  return out;
}

/** Why such a statement breaks the install, and what to do (one text for the editor and the CLI). */
export function sourceIpDenyExplanation(deny: SourceIpDeny): string {
  return (
    `This statement denies requests by source IP (${deny.summary}). openshift-install signs the bootstrap ignition URL with these credentials, ` +
    `and the bootstrap node fetches it from its own address: S3 answers Forbidden, ignition fails, and the install hangs at "Waiting up to 20m0s for the Kubernetes API"`
  );
}

export const SOURCE_IP_DENY_ADVICE = 'Lift the restriction during the install, or install with a principal it does not apply to.';
