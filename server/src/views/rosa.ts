import * as path from 'path';
import { get, getStr, isSeq, SNode, str } from '../model/node';

/**
 * The files `rosa create operator-roles --mode manual` and `rosa create
 * account-roles --mode manual` write into the working directory for the user
 * to review and pass to `aws iam`, and rosa's naming rules for the roles.
 */

/** An operator ROSA makes a role for: the Secret it reads and the service accounts that assume the role. */
export interface RosaOperator {
  /** The credentials request key rosa names files after (`operator_<key>_policy.json`). */
  key: string;
  namespace: string;
  secret: string;
  serviceAccounts: string[];
  /** Hosted control planes only. */
  hcp?: boolean;
}

/** The operator roles of ROSA classic and ROSA with hosted control planes. */
export const ROSA_OPERATORS: ReadonlyArray<RosaOperator> = [
  { key: 'ingress_operator_cloud_credentials', namespace: 'openshift-ingress-operator', secret: 'cloud-credentials', serviceAccounts: ['ingress-operator'] },
  { key: 'cluster_csi_drivers_ebs_cloud_credentials', namespace: 'openshift-cluster-csi-drivers', secret: 'ebs-cloud-credentials', serviceAccounts: ['aws-ebs-csi-driver-operator', 'aws-ebs-csi-driver-controller-sa'] },
  { key: 'machine_api_aws_cloud_credentials', namespace: 'openshift-machine-api', secret: 'aws-cloud-credentials', serviceAccounts: ['machine-api-controllers'] },
  { key: 'cloud_credential_operator_cloud_credential_operator_iam_ro_creds', namespace: 'openshift-cloud-credential-operator', secret: 'cloud-credential-operator-iam-ro-creds', serviceAccounts: ['cloud-credential-operator'] },
  { key: 'image_registry_installer_cloud_credentials', namespace: 'openshift-image-registry', secret: 'installer-cloud-credentials', serviceAccounts: ['cluster-image-registry-operator', 'registry'] },
  { key: 'cloud_network_config_controller_cloud_credentials', namespace: 'openshift-cloud-network-config-controller', secret: 'cloud-credentials', serviceAccounts: ['cloud-network-config-controller'] },
  { key: 'kube_controller_manager', namespace: 'kube-system', secret: 'kube-controller-manager', serviceAccounts: ['kube-controller-manager'], hcp: true },
  { key: 'capa_controller_manager', namespace: 'kube-system', secret: 'capa-controller-manager', serviceAccounts: ['capa-controller-manager'], hcp: true },
  { key: 'control_plane_operator', namespace: 'kube-system', secret: 'control-plane-operator', serviceAccounts: ['control-plane-operator'], hcp: true },
  { key: 'kms_provider', namespace: 'kube-system', secret: 'kms-provider', serviceAccounts: ['kms-provider'], hcp: true },
];

/** Account roles (`<prefix>-<Name>-Role`) and the file key rosa uses for their policies (`sts_<key>_trust_policy.json`). */
export const ROSA_ACCOUNT_ROLES: Record<string, string> = {
  installer: 'Installer',
  support: 'Support',
  instance_controlplane: 'ControlPlane',
  instance_worker: 'Worker',
};

/** rosa refuses longer operator-role and account-role prefixes ("Expected a prefix with no more than 32 characters"). */
export const ROSA_MAX_PREFIX = 32;
const MAX_ROLE_NAME = 64;

export type RosaFile =
  | { kind: 'operator-role-trust'; operator: RosaOperator }
  | { kind: 'account-role'; role: string; policy: 'trust' | 'permission' };

/** What a file name says about a file rosa wrote in manual mode, if it is one. */
export function rosaFileOf(fsPath: string): RosaFile | undefined {
  const base = path.basename(fsPath);
  const operator = /^operator_([a-z0-9_]+)_policy\.json$/.exec(base);
  if (operator) {
    const known = ROSA_OPERATORS.find((o) => o.key === operator[1]);
    return known ? { kind: 'operator-role-trust', operator: known } : undefined;
  }
  const account = /^sts_([a-z_]+?)_(trust|permission)_policy\.json$/.exec(base);
  if (account && ROSA_ACCOUNT_ROLES[account[1]]) return { kind: 'account-role', role: ROSA_ACCOUNT_ROLES[account[1]], policy: account[2] as 'trust' | 'permission' };
  return undefined;
}

/** `<prefix>-<namespace>-<secret>`, cut to IAM's 64 characters, as rosa names operator roles. */
export function rosaOperatorRoleName(prefix: string, operator: RosaOperator): string {
  return `${prefix}-${operator.namespace}-${operator.secret}`.slice(0, MAX_ROLE_NAME);
}

/**
 * The operator and prefix of a role named by rosa's rule, if the name is one:
 * `<prefix>-<namespace>-<secret>`, or its first 64 characters when longer.
 */
export function rosaOperatorOfRole(roleName: string): { operator: RosaOperator; prefix: string } | undefined {
  let best: { operator: RosaOperator; prefix: string } | undefined;
  for (const operator of ROSA_OPERATORS) {
    const suffix = `-${operator.namespace}-${operator.secret}`;
    let prefix: string | undefined;
    if (roleName.endsWith(suffix) && roleName.length > suffix.length) prefix = roleName.slice(0, -suffix.length);
    else if (roleName.length === MAX_ROLE_NAME) {
      // Cut: the name ends inside the suffix; the prefix is what precedes the namespace.
      const at = roleName.lastIndexOf(`-${operator.namespace}-`);
      if (at > 0 && suffix.startsWith(roleName.slice(at))) prefix = roleName.slice(0, at);
    }
    if (prefix !== undefined && (!best || prefix.length < best.prefix.length)) best = { operator, prefix };
  }
  return best;
}

/** Issuers of ROSA's OIDC configurations hosted by Red Hat (`oidc.op1.openshiftapps.com/<id>`, older `rh-oidc.s3.<region>.amazonaws.com/<id>`). */
export function rosaHostedIssuer(issuer: string): { id: string } | undefined {
  const match = /^(?:oidc\.op1\.openshiftapps\.com|rh-oidc\.s3\.[a-z0-9-]+\.amazonaws\.com)\/([A-Za-z0-9]+)$/.exec(issuer);
  return match ? { id: match[1] } : undefined;
}

/**
 * Whether a role document carries the tags rosa puts on the roles it makes
 * (`red-hat-managed: true`). ccoctl names its roles `<name>-<namespace>-<secret>`
 * too, so the name alone does not say a role is ROSA's.
 */
export function hasRosaTags(tags: SNode | undefined): boolean {
  if (!isSeq(tags)) return false;
  return tags.items.some((t) => getStr(t, 'Key') === 'red-hat-managed' && /^true$/i.test(String(str(get(t, 'Value')) ?? '')));
}
