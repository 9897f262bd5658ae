import { CredentialsRequest } from './credentialsRequests';
import { dns1123LabelProblem, dns1123SubdomainProblem, shownName } from '../util/k8sNames';
import { emptyPlan, goJson, MODE_PUBLIC, MODE_SECRET, ownerTags, Plan } from './plan';

export const TOKEN_FILE = '/var/run/secrets/openshift/serviceaccount/token';
export const POPULATE_LINE = 'POPULATE ROLE ARN AND DELETE THIS LINE';
const MAX_ROLE_NAME = 64;

export interface IamRolesInputs {
  name: string;
  requests: CredentialsRequest[];
  /** The provider's ARN; its part after `oidc-provider/` is the issuer the condition keys name. */
  providerArn: string;
  permissionsBoundaryArn?: string;
}

/**
 * Stands for a role's ARN in a live plan's Secret: ccoctl's createRole writes
 * the ARN IAM returns (CreateRole, or GetRole for an existing role), which
 * differs from a hand-built one for a role with a path. The executor puts the
 * returned ARN in its place once the role step ran.
 */
export function roleArnToken(roleName: string): string {
  return `<iam-role-arn:${roleName}>`;
}

/** `<name>-<secret namespace>-<secret name>`, cut to IAM's 64 characters like ccoctl (no hash). */
export function fullRoleName(name: string, request: CredentialsRequest): string {
  return `${name}-${request.secretNamespace}-${request.secretName}`;
}

export function roleNameOf(name: string, request: CredentialsRequest): string {
  return fullRoleName(name, request).slice(0, MAX_ROLE_NAME);
}

/** The account (12 digits) and partition in a provider ARN, when it has them. */
function arnParts(providerArn: string): { partition: string; account: string; issuer: string } | undefined {
  const match = /^arn:([a-z-]+):iam::(\d{12}):oidc-provider\/(.+)$/.exec(providerArn);
  if (match) return { partition: match[1], account: match[2], issuer: match[3] };
  return undefined;
}

export function issuerOfProviderArn(providerArn: string): string {
  const index = providerArn.indexOf(':oidc-provider/');
  return index >= 0 ? providerArn.slice(index + ':oidc-provider/'.length) : providerArn;
}

export function trustPolicy(providerArn: string, namespace: string, serviceAccounts: string[]): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Federated: providerArn },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: { StringEquals: { [`${issuerOfProviderArn(providerArn)}:sub`]: serviceAccounts.map((sa) => `system:serviceaccount:${namespace}:${sa}`) } },
      },
    ],
  });
}

export function permissionPolicy(request: CredentialsRequest): string {
  return goJson({
    Version: '2012-10-17',
    Statement: request.statementEntries.map((e) => ({
      Effect: e.effect,
      Action: e.action,
      Resource: e.resource,
      ...(e.policyCondition ? { Condition: e.policyCondition } : {}),
    })),
  });
}

/** ccoctl's Secret manifest; in dry run without a known account the ARN is left for the user, flagged by a line they must delete. */
export function secretManifest(request: CredentialsRequest, roleArn: string | undefined): string {
  const text = [
    'apiVersion: v1',
    'stringData:',
    '  credentials: |-',
    '    [default]',
    '    sts_regional_endpoints = regional',
    `    role_arn = ${roleArn ?? ''}`,
    `    web_identity_token_file = ${TOKEN_FILE}`,
    'kind: Secret',
    'metadata:',
    `  name: ${request.secretName}`,
    `  namespace: ${request.secretNamespace}`,
    'type: Opaque',
  ].join('\n');
  return roleArn === undefined ? `${text}\n${POPULATE_LINE}\n` : `${text}\n`;
}

export function secretFileOf(request: CredentialsRequest): string {
  return `manifests/${request.secretNamespace}-${request.secretName}-credentials.yaml`;
}

/**
 * The secretRef names become file names (`manifests/<namespace>-<name>-credentials.yaml`,
 * `05-<i>-<cluster>-<namespace>-<name>-role.json`) and lines of the Secret
 * manifest: anything but a Kubernetes name could climb out of the output
 * directory or add keys to the Secret, and Kubernetes would reject it anyway.
 */
function nameProblems(request: CredentialsRequest): string[] {
  const problems: string[] = [];
  const namespaceProblem = dns1123LabelProblem(request.secretNamespace);
  if (namespaceProblem) problems.push(`spec.secretRef.namespace ${shownName(request.secretNamespace)} is not a Kubernetes namespace name (${namespaceProblem}); nothing is written for it.`);
  const nameProblem = dns1123SubdomainProblem(request.secretName);
  if (nameProblem) problems.push(`spec.secretRef.name ${shownName(request.secretName)} is not a Kubernetes Secret name (${nameProblem}); nothing is written for it.`);
  return problems;
}

/**
 * One role per CredentialsRequest: trust policy for its service accounts,
 * inline permission policy, and the Secret manifest the installer applies.
 * Every request is checked first (provider kind, service accounts, names
 * colliding after the 64-character cut), so a bad one stops the run before
 * anything is written.
 */
export function planIamRoles(inputs: IamRolesInputs, dryRun: boolean): Plan {
  const plan = emptyPlan();
  const { name, providerArn } = inputs;
  const parts = arnParts(providerArn);
  const tags = ownerTags(name);
  const seen = new Map<string, CredentialsRequest>();
  for (const request of inputs.requests) {
    const label = `CredentialsRequest ${request.namespace}/${request.name} (${request.file})`;
    if (request.providerKind !== 'AWSProviderSpec') {
      plan.problems.push({ severity: 'error', message: `${label}: providerSpec.kind is ${request.providerKind ?? 'missing'}, not AWSProviderSpec.` });
      continue;
    }
    if (!request.secretName || !request.secretNamespace) {
      plan.problems.push({ severity: 'error', message: `${label}: spec.secretRef needs both name and namespace.` });
      continue;
    }
    const badNames = nameProblems(request);
    if (badNames.length > 0) {
      for (const problem of badNames) plan.problems.push({ severity: 'error', message: `${label}: ${problem}` });
      continue;
    }
    if (request.serviceAccountNames.length === 0) {
      plan.problems.push({ severity: 'error', message: `${label}: spec.serviceAccountNames is empty; the role's trust policy needs the service accounts that use ${request.secretNamespace}/${request.secretName}.` });
      continue;
    }
    const roleName = roleNameOf(name, request);
    const other = seen.get(roleName);
    if (other) {
      plan.problems.push({
        severity: 'error',
        message: `${label} and CredentialsRequest ${other.namespace}/${other.name} (${other.file}) both get the role name ${roleName} after the cut to 64 characters (${fullRoleName(name, other)} and ${fullRoleName(name, request)}): one would take over the other's role. Use a shorter --name.`,
      });
      continue;
    }
    seen.set(roleName, request);
    if (fullRoleName(name, request).length > MAX_ROLE_NAME) {
      plan.problems.push({ severity: 'warning', message: `Role name ${fullRoleName(name, request)} is longer than 64 characters: it is cut to ${roleName}.` });
    }
  }
  if (plan.problems.some((p) => p.severity === 'error')) return plan;

  inputs.requests.forEach((request, index) => {
    const roleName = roleNameOf(name, request);
    const description = `OpenShift role for ${request.secretNamespace}/${request.secretName}`;
    const trust = trustPolicy(providerArn, request.secretNamespace, request.serviceAccountNames);
    const policy = permissionPolicy(request);
    const roleArn = !dryRun ? roleArnToken(roleName) : parts ? `arn:${parts.partition}:iam::${parts.account}:role/${roleName}` : undefined;
    if (dryRun) {
      const role: Record<string, unknown> = { AssumeRolePolicyDocument: trust, Description: description };
      if (inputs.permissionsBoundaryArn) role.PermissionsBoundary = inputs.permissionsBoundaryArn;
      role.RoleName = roleName;
      role.Tags = tags;
      // ccoctl names these files after the uncut role name.
      const base = fullRoleName(name, request);
      plan.files.push(
        { path: `05-${index}-${base}-role.json`, content: `${goJson(role)}\n`, mode: MODE_PUBLIC, description: `IAM role ${roleName} (aws iam create-role --cli-input-json)` },
        { path: `06-${index}-${base}-policy.json`, content: `${goJson({ PolicyDocument: policy, PolicyName: roleName, RoleName: roleName })}\n`, mode: MODE_PUBLIC, description: `inline policy of ${roleName} (aws iam put-role-policy --cli-input-json)` },
      );
    }
    plan.steps.push(
      { kind: 'iam.ensureRole', roleName, description, trustPolicy: trust, tags, permissionsBoundary: inputs.permissionsBoundaryArn || undefined },
      { kind: 'iam.putRolePolicy', roleName, policyName: roleName, policyDocument: policy },
    );
    plan.files.push({ path: secretFileOf(request), content: secretManifest(request, roleArn), mode: MODE_SECRET, description: `Secret ${request.secretNamespace}/${request.secretName} for role ${roleName}` });
  });
  if (!parts) {
    plan.problems.push({ severity: 'warning', message: `The identity provider ARN ${providerArn} names no account: the Secrets' role_arn is left empty with "${POPULATE_LINE}" (give --account-id to fill it).` });
  }
  return plan;
}
