import { FieldDoc } from './manifestFields';

const SERVICE_ACCOUNT = ['iam', 'serviceAccounts', '[]'];
const ASSOCIATION = ['iam', 'podIdentityAssociations', '[]'];

/** The keys that belong in the map at `path` of a ClusterConfig (paths as yamlCursor writes them). */
export function eksctlKeysAt(path: ReadonlyArray<string>): FieldDoc[] | undefined {
  const is = (...expected: string[]) => path.length === expected.length && path.every((p, i) => p === expected[i]);
  if (is('iam')) return EKSCTL_IAM;
  if (is(...SERVICE_ACCOUNT)) return EKSCTL_SERVICE_ACCOUNT;
  if (is(...SERVICE_ACCOUNT, 'metadata')) return EKSCTL_SERVICE_ACCOUNT_METADATA;
  if (is(...SERVICE_ACCOUNT, 'wellKnownPolicies') || is(...ASSOCIATION, 'wellKnownPolicies')) return EKSCTL_WELL_KNOWN;
  if (is(...ASSOCIATION)) return EKSCTL_POD_IDENTITY;
  return undefined;
}

/**
 * Editing help for the IAM part of an eksctl ClusterConfig
 * (`eksctl.io/v1alpha5`): the fields of `iam`, of its `serviceAccounts`
 * entries and of its `podIdentityAssociations`, as eksctl spells them.
 */

const BOOLEAN = [
  { value: 'true', about: 'On.' },
  { value: 'false', about: 'Off (the default).' },
];

export const EKSCTL_IAM: FieldDoc[] = [
  {
    key: 'withOIDC',
    detail: 'Create the cluster\'s IAM OIDC provider (IRSA)',
    about: 'eksctl creates an IAM OIDC identity provider for the cluster\'s service account issuer, with client ID `sts.amazonaws.com`. IAM roles for service accounts (IRSA) trust tokens through it. Unset means false.',
    ifWrong: 'With `iam.serviceAccounts` listed and withOIDC not `true`, eksctl refuses the file: "iam.withOIDC must be enabled explicitly for iam.serviceAccounts to be created".',
    values: BOOLEAN,
  },
  {
    key: 'serviceAccounts',
    detail: 'Service accounts with an IAM role (IRSA)',
    about: 'For each entry eksctl creates an IAM role whose trust policy admits `system:serviceaccount:<namespace>:<name>` with audience `sts.amazonaws.com` (a CloudFormation stack per account), and a ServiceAccount annotated with `eks.amazonaws.com/role-arn` (unless `roleOnly`).',
    ifWrong: 'A pod that runs as another service account, or in another namespace, cannot assume the role: `AccessDenied: Not authorized to perform sts:AssumeRoleWithWebIdentity`.',
    block: 'list',
  },
  {
    key: 'podIdentityAssociations',
    detail: 'EKS Pod Identity associations',
    about: 'Each entry ties a namespace/service account to an IAM role through EKS Pod Identity (no OIDC provider involved): eksctl creates the role (trusting `pods.eks.amazonaws.com`) unless `roleARN` is given, and the association. The `eks-pod-identity-agent` addon must run in the cluster.',
    ifWrong: 'Without the agent, or for a service account the pods do not run as, the pods get no credentials from Pod Identity.',
    block: 'list',
  },
  {
    key: 'serviceRoleARN',
    detail: 'An existing role for the EKS control plane',
    about: 'The cluster\'s service role; eksctl creates one when unset.',
    ifWrong: 'A role EKS cannot assume makes cluster creation fail.',
  },
  {
    key: 'serviceRolePermissionsBoundary',
    detail: 'Permissions boundary for the roles eksctl creates',
    about: 'A managed policy ARN set as the permissions boundary of the identities eksctl creates.',
    ifWrong: 'A malformed ARN makes the CloudFormation stack fail; a boundary that lacks an action denies it to the role.',
  },
];

export const EKSCTL_SERVICE_ACCOUNT: FieldDoc[] = [
  {
    key: 'metadata',
    detail: 'name and namespace of the service account',
    about: '`name` (required) and `namespace` (default `default`), plus optional `labels` and `annotations` for the ServiceAccount eksctl creates.',
    ifWrong: 'Without a name eksctl refuses the file; a name that is not a DNS-1123 subdomain (or a namespace that is not a DNS-1123 label) is refused by the API server.',
    block: 'map',
  },
  {
    key: 'attachPolicyARNs',
    detail: 'Managed policies to attach to the role',
    about: 'ARNs of managed policies (`arn:aws:iam::aws:policy/...` for AWS managed ones, `arn:aws:iam::<account>:policy/...` for yours).',
    ifWrong: 'A malformed ARN makes the role\'s CloudFormation stack fail.',
    block: 'list',
  },
  {
    key: 'attachPolicy',
    detail: 'An inline policy document for the role',
    about: 'An IAM policy (`Version`, `Statement`) that eksctl attaches to the role as an inline policy. STS Lens checks it like any other policy.',
    ifWrong: 'IAM refuses a malformed document and the stack fails; a misspelled action grants nothing.',
    block: 'map',
  },
  {
    key: 'wellKnownPolicies',
    detail: 'Policies eksctl knows for common add-ons',
    about: 'Set one to `true`: `imageBuilder`, `autoScaler`, `awsLoadBalancerController`, `externalDNS`, `certManager`, `ebsCSIController`, `efsCSIController`.',
    ifWrong: 'eksctl refuses an entry with no wellKnownPolicies, attachPolicyARNs, attachRoleARN or attachPolicy.',
    block: 'map',
  },
  {
    key: 'attachRoleARN',
    detail: 'Use an existing role instead of creating one',
    about: 'eksctl creates no role and annotates the ServiceAccount with this ARN. The role\'s trust policy must admit this service account.',
    ifWrong: 'A role whose trust policy does not name `system:serviceaccount:<namespace>:<name>` fails with `AccessDenied` on `sts:AssumeRoleWithWebIdentity`.',
  },
  {
    key: 'roleName',
    detail: 'Name of the role eksctl creates',
    about: 'Without it CloudFormation generates the name (`eksctl-<cluster>-addon-iamserviceaccount-...`). With it, manifests and other tools can name the role.',
    ifWrong: 'A name already taken in the account makes the stack fail; a ServiceAccount manifest that names another role contradicts eksctl\'s annotation.',
  },
  {
    key: 'roleOnly',
    detail: 'Create only the role, not the ServiceAccount',
    about: 'eksctl creates the role (trusting this service account) and leaves the ServiceAccount and its annotation to you.',
    ifWrong: 'With `true` and no ServiceAccount annotated with the role\'s ARN, the pods get no role.',
    values: BOOLEAN,
  },
  {
    key: 'permissionsBoundary',
    detail: 'Permissions boundary of the role',
    about: 'A managed policy ARN set as the role\'s permissions boundary.',
    ifWrong: 'A malformed ARN makes the role\'s CloudFormation stack fail.',
  },
  {
    key: 'subjectPattern',
    detail: 'A wildcard subject instead of the account\'s own',
    about: 'The trust policy admits `system:serviceaccount:<namespace>:<pattern>` under `StringLike` instead of the exact service account.',
    ifWrong: 'A broad pattern lets other service accounts of the namespace assume the role.',
  },
  {
    key: 'tags',
    detail: 'AWS tags of the role',
    about: 'Tags put on the role eksctl creates.',
    ifWrong: 'Tags only label the role.',
    block: 'map',
  },
];

export const EKSCTL_SERVICE_ACCOUNT_METADATA: FieldDoc[] = [
  {
    key: 'name',
    detail: 'The service account\'s name (required)',
    about: 'A DNS-1123 subdomain: lower-case letters, digits, `-` and `.`. Pods run as it with `serviceAccountName`.',
    ifWrong: 'eksctl refuses an entry without a name; the API server refuses a name that is not a DNS-1123 subdomain.',
  },
  {
    key: 'namespace',
    detail: 'The service account\'s namespace (default: default)',
    about: 'The trust policy eksctl writes admits only this namespace.',
    ifWrong: 'Pods of another namespace cannot assume the role: `AccessDenied` on `sts:AssumeRoleWithWebIdentity`.',
  },
  {
    key: 'labels',
    detail: 'Labels of the ServiceAccount',
    about: 'Labels eksctl puts on the ServiceAccount it creates.',
    ifWrong: 'Labels do not change which role the pods get.',
    block: 'map',
  },
  {
    key: 'annotations',
    detail: 'Annotations of the ServiceAccount',
    about: 'Extra annotations for the ServiceAccount (eksctl sets `eks.amazonaws.com/role-arn` itself).',
    ifWrong: 'A misspelled `eks.amazonaws.com/` annotation is ignored by the pod identity webhook.',
    block: 'map',
  },
];

export const EKSCTL_POD_IDENTITY: FieldDoc[] = [
  {
    key: 'namespace',
    detail: 'Namespace of the service account',
    about: 'The association applies to pods of this namespace that run as `serviceAccountName`.',
    ifWrong: 'Pods of another namespace get no credentials from Pod Identity.',
  },
  {
    key: 'serviceAccountName',
    detail: 'The service account the pods run as',
    about: 'Pods with this `serviceAccountName` get the role\'s credentials from the Pod Identity agent.',
    ifWrong: 'Pods that run as another service account get no credentials from Pod Identity.',
  },
  {
    key: 'roleARN',
    detail: 'An existing role (its trust policy must admit pods.eks.amazonaws.com)',
    about: 'With it eksctl creates no role. The role must trust the `pods.eks.amazonaws.com` service principal with `sts:AssumeRole` and `sts:TagSession`.',
    ifWrong: 'A malformed ARN makes EKS refuse the association; a role that does not trust `pods.eks.amazonaws.com` leaves the pods without credentials.',
  },
  {
    key: 'roleName',
    detail: 'Name of the role eksctl creates',
    about: 'Without it CloudFormation generates the name.',
    ifWrong: 'A name already taken in the account makes the stack fail.',
  },
  {
    key: 'permissionPolicyARNs',
    detail: 'Managed policies to attach to the role',
    about: 'ARNs of managed policies for the role eksctl creates.',
    ifWrong: 'A malformed ARN makes the role\'s CloudFormation stack fail.',
    block: 'list',
  },
  {
    key: 'permissionPolicy',
    detail: 'An inline policy document for the role',
    about: 'An IAM policy (`Version`, `Statement`) attached to the role as an inline policy. STS Lens checks it like any other policy.',
    ifWrong: 'IAM refuses a malformed document; a misspelled action grants nothing.',
    block: 'map',
  },
  {
    key: 'permissionsBoundaryARN',
    detail: 'Permissions boundary of the role',
    about: 'A managed policy ARN set as the role\'s permissions boundary.',
    ifWrong: 'A malformed ARN makes the role\'s CloudFormation stack fail.',
  },
  {
    key: 'wellKnownPolicies',
    detail: 'Policies eksctl knows for common add-ons',
    about: 'As for `iam.serviceAccounts`: `imageBuilder`, `autoScaler`, `awsLoadBalancerController`, `externalDNS`, `certManager`, `ebsCSIController`, `efsCSIController`.',
    ifWrong: 'A misspelled name makes eksctl refuse the file.',
    block: 'map',
  },
  {
    key: 'createServiceAccount',
    detail: 'Also create the ServiceAccount',
    about: 'eksctl creates the ServiceAccount too (it needs no annotation for Pod Identity).',
    ifWrong: 'Without it, and without a ServiceAccount manifest, the pods cannot run as the account.',
    values: BOOLEAN,
  },
];

export const EKSCTL_WELL_KNOWN: FieldDoc[] = ['imageBuilder', 'autoScaler', 'awsLoadBalancerController', 'externalDNS', 'certManager', 'ebsCSIController', 'efsCSIController'].map((key) => ({
  key,
  detail: 'eksctl\'s policy for this add-on',
  about: `\`${key}: true\` attaches the permissions eksctl keeps for this add-on.`,
  ifWrong: 'eksctl refuses a name it does not know.',
  values: BOOLEAN,
}));
