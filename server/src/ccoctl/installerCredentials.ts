import {
  GetGroupPolicyCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRolePolicyCommand,
  GetUserPolicyCommand,
  IAMClient,
  ListAttachedGroupPoliciesCommand,
  ListAttachedRolePoliciesCommand,
  ListAttachedUserPoliciesCommand,
  ListGroupPoliciesCommand,
  ListGroupsForUserCommand,
  ListRolePoliciesCommand,
  ListUserPoliciesCommand,
} from '@aws-sdk/client-iam';
import { SOURCE_IP_DENY_ADVICE, sourceIpDenies, sourceIpDenyExplanation } from '../iam/sourceIpDeny';
import { getStr } from '../model/node';
import { parseFile } from '../model/parsedFile';
import { policiesOf } from '../views/policy';
import { AwsClients } from './awsClients';
import { callerAccount } from './executor';
import { decodePolicy } from './policyCompare';

/** Whose credentials these are, from the caller ARN STS returns. */
export type Principal = { kind: 'user'; name: string } | { kind: 'role'; name: string } | { kind: 'root' } | { kind: 'other' };

export interface PolicySource {
  /** e.g. `managed policy arn:aws:iam::aws:policy/X (attached to group admins)` */
  describe: string;
  document: string;
}

export interface InstallerFinding {
  policy: string;
  sid: string | undefined;
  summary: string;
  message: string;
}

export interface InstallerReport {
  callerArn: string;
  principal: Principal;
  policiesRead: string[];
  findings: InstallerFinding[];
}

/** The IAM entity behind a caller ARN: a user, or the role of an assumed-role session. */
export function principalOf(arn: string): Principal {
  const resource = arn.split(':').slice(5).join(':');
  if (/^root$/.test(resource)) return { kind: 'root' };
  const user = /^user\/(?:.*\/)?([^/]+)$/.exec(resource);
  if (user) return { kind: 'user', name: user[1] };
  // assumed-role/<role name>/<session>; the role's path is not in the session ARN.
  const assumed = /^assumed-role\/([^/]+)\/[^/]+$/.exec(resource);
  if (assumed) return { kind: 'role', name: assumed[1] };
  const role = /^role\/(?:.*\/)?([^/]+)$/.exec(resource);
  if (role) return { kind: 'role', name: role[1] };
  return { kind: 'other' };
}

/** Follows IAM's Marker pagination. */
async function pages<T>(fetch: (marker: string | undefined) => Promise<{ items: T[]; marker?: string; truncated?: boolean }>): Promise<T[]> {
  const out: T[] = [];
  let marker: string | undefined;
  // IAM lists are bounded; the cap only guards against a server that never stops paging.
  for (let i = 0; i < 1000; i++) {
    const page = await fetch(marker);
    out.push(...page.items);
    if (!page.truncated || !page.marker) break;
    marker = page.marker;
  }
  return out;
}

async function managedDocument(iam: IAMClient, arn: string, signal?: AbortSignal): Promise<string> {
  const policy = await iam.send(new GetPolicyCommand({ PolicyArn: arn }), { abortSignal: signal });
  const version = await iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: policy.Policy?.DefaultVersionId }), { abortSignal: signal });
  return decodePolicy(version.PolicyVersion?.Document);
}

async function managedPolicies(iam: IAMClient, arns: Array<{ PolicyArn?: string }>, where: string, signal?: AbortSignal): Promise<PolicySource[]> {
  const out: PolicySource[] = [];
  for (const { PolicyArn } of arns) {
    if (PolicyArn) out.push({ describe: `managed policy ${PolicyArn} (attached to ${where})`, document: await managedDocument(iam, PolicyArn, signal) });
  }
  return out;
}

/** Every policy that applies to the principal: attached and inline, and for a user its groups' too. */
export async function principalPolicies(iam: IAMClient, principal: Principal, signal?: AbortSignal): Promise<PolicySource[]> {
  const abortSignal = signal;
  const out: PolicySource[] = [];
  if (principal.kind === 'user') {
    const UserName = principal.name;
    const where = `user ${UserName}`;
    const attached = await pages((Marker) => iam.send(new ListAttachedUserPoliciesCommand({ UserName, Marker }), { abortSignal }).then((r) => ({ items: r.AttachedPolicies ?? [], marker: r.Marker, truncated: r.IsTruncated })));
    out.push(...(await managedPolicies(iam, attached, where, signal)));
    const inline = await pages((Marker) => iam.send(new ListUserPoliciesCommand({ UserName, Marker }), { abortSignal }).then((r) => ({ items: r.PolicyNames ?? [], marker: r.Marker, truncated: r.IsTruncated })));
    for (const PolicyName of inline) {
      const policy = await iam.send(new GetUserPolicyCommand({ UserName, PolicyName }), { abortSignal });
      out.push({ describe: `inline policy ${PolicyName} of ${where}`, document: decodePolicy(policy.PolicyDocument) });
    }
    const groups = await pages((Marker) => iam.send(new ListGroupsForUserCommand({ UserName, Marker }), { abortSignal }).then((r) => ({ items: r.Groups ?? [], marker: r.Marker, truncated: r.IsTruncated })));
    for (const group of groups) {
      const GroupName = group.GroupName ?? '';
      const groupWhere = `group ${GroupName} of ${where}`;
      const groupAttached = await pages((Marker) => iam.send(new ListAttachedGroupPoliciesCommand({ GroupName, Marker }), { abortSignal }).then((r) => ({ items: r.AttachedPolicies ?? [], marker: r.Marker, truncated: r.IsTruncated })));
      out.push(...(await managedPolicies(iam, groupAttached, groupWhere, signal)));
      const groupInline = await pages((Marker) => iam.send(new ListGroupPoliciesCommand({ GroupName, Marker }), { abortSignal }).then((r) => ({ items: r.PolicyNames ?? [], marker: r.Marker, truncated: r.IsTruncated })));
      for (const PolicyName of groupInline) {
        const policy = await iam.send(new GetGroupPolicyCommand({ GroupName, PolicyName }), { abortSignal });
        out.push({ describe: `inline policy ${PolicyName} of ${groupWhere}`, document: decodePolicy(policy.PolicyDocument) });
      }
    }
  } else if (principal.kind === 'role') {
    const RoleName = principal.name;
    const where = `role ${RoleName}`;
    const attached = await pages((Marker) => iam.send(new ListAttachedRolePoliciesCommand({ RoleName, Marker }), { abortSignal }).then((r) => ({ items: r.AttachedPolicies ?? [], marker: r.Marker, truncated: r.IsTruncated })));
    out.push(...(await managedPolicies(iam, attached, where, signal)));
    const inline = await pages((Marker) => iam.send(new ListRolePoliciesCommand({ RoleName, Marker }), { abortSignal }).then((r) => ({ items: r.PolicyNames ?? [], marker: r.Marker, truncated: r.IsTruncated })));
    for (const PolicyName of inline) {
      const policy = await iam.send(new GetRolePolicyCommand({ RoleName, PolicyName }), { abortSignal });
      out.push({ describe: `inline policy ${PolicyName} of ${where}`, document: decodePolicy(policy.PolicyDocument) });
    }
  }
  return out;
}

/** The source-IP denies in one live policy document, read with the same policy view the editor uses. */
export function findSourceIpDenies(source: PolicySource): InstallerFinding[] {
  const file = parseFile('aws-iam:/policy.json', source.document, { format: 'json' });
  const out: InstallerFinding[] = [];
  for (const doc of file.docs) {
    for (const policy of policiesOf(file, doc)) {
      for (const deny of sourceIpDenies(policy)) {
        out.push({ policy: source.describe, sid: getStr(deny.statement.node, 'Sid'), summary: deny.summary, message: `${sourceIpDenyExplanation(deny)}. ${SOURCE_IP_DENY_ADVICE}` });
      }
    }
  }
  return out;
}

/** `sts-lens aws check-installer-credentials`: find the source-IP deny that hangs an install, before the install starts. */
export async function checkInstallerCredentials(clients: AwsClients, signal?: AbortSignal): Promise<InstallerReport> {
  const { arn } = await callerAccount(clients, signal);
  const principal = principalOf(arn);
  const sources = await principalPolicies(clients.iam, principal, signal);
  return { callerArn: arn, principal, policiesRead: sources.map((s) => s.describe), findings: sources.flatMap(findSourceIpDenies) };
}
