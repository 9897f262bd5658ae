import { GetRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { Finding } from '../analysis/finding';
import { roleReferences } from '../crossFile/roleReferences';
import { trustSourceFor } from '../crossFile/trustSources';
import { OffsetRange, toPlain } from '../model/node';
import { ParsedFile } from '../model/parsedFile';
import { Settings } from '../settings';
import { WorkspaceIndex } from '../workspace/workspaceIndex';
import { isNoSuchEntity } from './awsClients';
import { IssuerConnectOptions } from './issuerTls';
import { IssuerUses, LocatedReference } from './issuerUses';
import { decodePolicy, samePolicy } from './policyCompare';
import { VERIFY_CODES } from './verifyCodes';
import { verifyIssuer } from './verifyIssuers';
import { wildcardMatch } from '../util/wildcard';

export const DRIFT_CODE = VERIFY_CODES.drift.id;

export interface VerifyFinding {
  file: ParsedFile;
  finding: Finding;
}

export interface VerifyReport {
  /** Role names looked up in AWS, sorted. */
  roles: string[];
  /** Issuers (host[/path]) whose provider, discovery document and keys were checked, sorted. */
  issuers: string[];
  findings: VerifyFinding[];
}

export interface VerifyOptions {
  signal?: AbortSignal;
  /** How issuers are reached (extra trusted CAs; the environment's HTTPS_PROXY and NO_PROXY by default). */
  connect?: IssuerConnectOptions;
}

function finding(file: ParsedFile, range: OffsetRange, message: string): VerifyFinding {
  return { file, finding: { code: DRIFT_CODE, severity: 'error', message, range: file.rangeOf(range), fixes: [], related: [] } };
}

/** The `sub` values a trust policy admits (any condition key ending in `:sub`). */
function admittedSubs(policy: unknown): string[] {
  const subs: string[] = [];
  const statements = (policy as { Statement?: unknown })?.Statement;
  for (const statement of Array.isArray(statements) ? statements : [statements]) {
    const s = statement as { Effect?: string; Condition?: Record<string, Record<string, unknown>> } | undefined;
    if (!s || s.Effect !== 'Allow') continue;
    for (const block of Object.values(s.Condition ?? {})) {
      for (const [key, value] of Object.entries(block ?? {})) {
        if (key.endsWith(':sub')) subs.push(...(Array.isArray(value) ? value : [value]).map(String));
      }
    }
  }
  return subs;
}

/** IAM's StringLike wildcards (`*`, `?`); an exact value matches itself. */
function subMatches(pattern: string, sub: string): boolean {
  return wildcardMatch(pattern, sub);
}

function compact(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text));
  } catch {
    return text;
  }
}

/**
 * `sts-lens aws verify`: GetRole for every role the workspace references
 * (ServiceAccount annotations, AWS_ROLE_ARN, credentials Secrets). A role
 * that does not exist, a live trust policy that differs from the workspace's,
 * or (when the workspace holds none) one that does not admit the service
 * account that uses it, is reported where the workspace says it. Then, for
 * every issuer those roles trust or a cluster declares, the rest of the chain
 * (verifyIssuer: IAM OIDC provider, discovery document, JWKS).
 */
export async function verifyRoles(index: WorkspaceIndex, settings: Settings, iam: IAMClient, options: VerifyOptions = {}): Promise<VerifyReport> {
  const { signal } = options;
  const byRole = new Map<string, LocatedReference[]>();
  for (const file of index.files()) {
    for (const doc of file.docs) {
      for (const ref of roleReferences(index, file, doc)) {
        const list = byRole.get(ref.roleName) ?? [];
        list.push({ file, doc, ref });
        byRole.set(ref.roleName, list);
      }
    }
  }
  const roles = [...byRole.keys()].sort();
  const findings: VerifyFinding[] = [];
  const issuers = new IssuerUses(index, settings);
  for (const roleName of roles) {
    const refs = byRole.get(roleName)!;
    let live: string;
    try {
      const answer = await iam.send(new GetRoleCommand({ RoleName: roleName }), { abortSignal: signal });
      live = decodePolicy(answer.Role?.AssumeRolePolicyDocument);
    } catch (error) {
      if (!isNoSuchEntity(error)) throw error;
      for (const { file, ref } of refs) {
        findings.push(finding(file, ref.range, `Role ${roleName} does not exist in AWS (GetRole: NoSuchEntity): ${ref.describe} names ${ref.arn}, and every AssumeRoleWithWebIdentity will fail. Create the role or correct the ARN.`));
      }
      continue;
    }
    const source = trustSourceFor(index, settings, roleName);
    issuers.addRole(parsedOrUndefined(live), source, refs);
    if (source) {
      let wanted: string;
      try {
        wanted = JSON.stringify(toPlain(source.policy.node));
      } catch {
        continue;
      }
      if (!samePolicy(wanted, live)) {
        const range = source.policy.holder?.keyRange ?? [source.policy.node.range[0], source.policy.node.range[0]];
        findings.push(
          finding(
            source.file,
            range,
            `The trust policy of role ${roleName} in AWS differs from this one, which ${refs.map((r) => r.ref.describe).join(', ')} relies on. Live: ${compact(live)}. Apply this file (aws iam update-assume-role-policy --role-name ${roleName} --policy-document file://...) or update it from AWS.`,
          ),
        );
      }
      continue;
    }
    // an unreadable live policy admits nothing we can tell
    const subs = admittedSubs(parsedOrUndefined(live));
    for (const { file, ref } of refs) {
      const sub = `system:serviceaccount:${ref.namespace ?? 'default'}:${ref.serviceAccount}`;
      if (subs.some((s) => subMatches(s, sub))) continue;
      findings.push(
        finding(
          file,
          ref.range,
          `The trust policy of role ${roleName} in AWS admits ${subs.length ? subs.join(', ') : 'no service account (no :sub condition)'}, not ${sub}: ${ref.describe} will get AccessDenied from AssumeRoleWithWebIdentity. Add ${sub} to the role's trust policy.`,
        ),
      );
    }
  }
  issuers.addClusters(settings);
  const checked = issuers.all();
  for (const use of checked) findings.push(...(await verifyIssuer(use, { iam, connect: options.connect, signal })));
  return { roles, issuers: checked.filter((u) => u.places.length > 0).map((u) => u.issuer), findings };
}

function parsedOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
