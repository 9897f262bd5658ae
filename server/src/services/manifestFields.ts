/**
 * What editing help says about the manifest fields sts-lens checks: one entry
 * per key, each with what it does and what the pod sees when it is wrong, so
 * completion documentation and hovers tell the same story.
 */
export interface FieldDoc {
  key: string;
  /** One line, shown next to the completion label. */
  detail: string;
  about: string;
  /** The consequence of getting it wrong, with the error the workload would log. */
  ifWrong: string;
  /** The key's value is a block (map or list) rather than a scalar. */
  block?: 'map' | 'list';
  /** Values to offer after `key: `, with what each means. */
  values?: Array<{ value: string; about: string }>;
}

const AUDIENCE_VALUES = [
  { value: 'sts.amazonaws.com', about: 'The audience EKS and eksctl register as the OIDC provider\'s client ID.' },
  { value: 'openshift', about: 'The audience ccoctl registers for OpenShift clusters in Manual (STS) mode.' },
];

export const SERVICE_ACCOUNT_ANNOTATIONS: FieldDoc[] = [
  {
    key: 'eks.amazonaws.com/role-arn',
    detail: 'IAM role for pods of this ServiceAccount (IRSA)',
    about: 'The pod identity webhook sees this annotation when a pod of this ServiceAccount is created and injects `AWS_ROLE_ARN`, `AWS_WEB_IDENTITY_TOKEN_FILE` and a projected token mounted at `/var/run/secrets/eks.amazonaws.com/serviceaccount/token`. Running pods keep what they had: restart them after a change.',
    ifWrong: 'A role whose trust policy does not name `system:serviceaccount:<namespace>:<name>`, or a mistyped ARN, fails with `AccessDenied: Not authorized to perform sts:AssumeRoleWithWebIdentity`. Without the annotation nothing is injected and the SDK falls back to the node\'s credentials, or reports that it found none.',
  },
  {
    key: 'eks.amazonaws.com/audience',
    detail: 'aud of the injected token (default sts.amazonaws.com)',
    about: 'The audience the webhook asks for in the projected token. It must be one of the OIDC provider\'s client IDs and match the trust policy\'s `:aud` condition.',
    ifWrong: 'STS answers `InvalidIdentityToken: Incorrect token audience` (a typo such as `sts.amazon.com`, or `openshift` against a provider that only lists `sts.amazonaws.com`).',
    values: AUDIENCE_VALUES,
  },
  {
    key: 'eks.amazonaws.com/sts-regional-endpoints',
    detail: '"true": the webhook sets AWS_STS_REGIONAL_ENDPOINTS=regional',
    about: 'With `"true"` the webhook adds `AWS_STS_REGIONAL_ENDPOINTS=regional`, so SDKs call the STS endpoint of their own region instead of the global `sts.amazonaws.com`. Annotation values are strings: quote it.',
    ifWrong: 'Unquoted `true` is a YAML boolean and the API server rejects the ServiceAccount (`cannot unmarshal bool into Go struct field ObjectMeta.metadata.annotations of type string`). Any other string leaves older SDKs on the global endpoint, which private subnets with only a regional STS VPC endpoint cannot reach (the call times out).',
    values: [
      { value: '"true"', about: 'Use the regional STS endpoint.' },
      { value: '"false"', about: 'Leave the SDK\'s default endpoint.' },
    ],
  },
  {
    key: 'eks.amazonaws.com/token-expiration',
    detail: 'Lifetime of the injected token in seconds (default 86400)',
    about: 'Seconds the projected token is valid; the kubelet refreshes the file at 80% of its lifetime. A quoted number, 600 or more.',
    ifWrong: 'Below 600 the webhook silently raises it to 600; a value that is not a number is ignored and the default 86400 applies. Unquoted numbers are rejected like any non-string annotation value.',
    values: [
      { value: '"86400"', about: 'The webhook\'s default: one day.' },
      { value: '"3600"', about: 'One hour.' },
    ],
  },
];

export const POD_ANNOTATIONS: FieldDoc[] = [
  {
    key: 'eks.amazonaws.com/skip-containers',
    detail: 'Containers the pod identity webhook leaves alone (comma list)',
    about: 'A comma-separated list of container names that get neither the token mount nor the `AWS_*` variables from the pod identity webhook.',
    ifWrong: 'A misspelled name is ignored silently and that container still gets the role; a container listed here that calls AWS finds no web identity and fails with `NoCredentialProviders: no valid providers in chain` (or the node\'s role is used).',
  },
  {
    key: 'eks.amazonaws.com/token-expiration',
    detail: 'Lifetime of the injected token for this pod (overrides the ServiceAccount)',
    about: 'Seconds the webhook-injected token is valid for this pod. A quoted number, 600 or more.',
    ifWrong: 'Below 600 the webhook silently raises it to 600.',
  },
  {
    key: 'iam.amazonaws.com/role',
    detail: 'kube2iam: the role this pod gets through the metadata API',
    about: 'kube2iam intercepts the node\'s metadata API (169.254.169.254) and hands the pod credentials of this role (a name, or an ARN). The role must trust the node\'s role; with `--namespace-restrictions`, a namespace `iam.amazonaws.com/allowed-roles` annotation restricts which roles a namespace may use. IRSA gives the pod its own identity instead: sts-lens offers "Migrate to IRSA".',
    ifWrong: 'A role the namespace does not allow, or one that does not trust the node role, leaves the pod without credentials: the SDK reports `NoCredentialProviders` or `AccessDenied` on `sts:AssumeRole` appears in kube2iam\'s log. Written in the Deployment\'s own metadata instead of the pod template, kube2iam never sees it.',
  },
];

export const POD_LABELS: FieldDoc[] = [
  {
    key: 'eks.amazonaws.com/skip-pod-identity-webhook',
    detail: 'The pod identity webhook does not touch this pod',
    about: 'With this label the webhook injects nothing: no token volume, no mount, no `AWS_ROLE_ARN`. Pods that still need a web identity must declare the projected token and the variables themselves.',
    ifWrong: 'A pod that relied on the webhook finds no token: the SDK fails with `NoCredentialProviders: no valid providers in chain`, or silently uses the node\'s role.',
    values: [{ value: '"true"', about: 'Any value opts the pod out; "true" says so plainly.' }],
  },
];

export const TOKEN_KEYS: FieldDoc[] = [
  {
    key: 'audience',
    detail: 'aud claim of the projected token',
    about: 'The audience the kubelet asks for. For STS it must be a client ID of the IAM OIDC provider and match the trust policy\'s `:aud` condition: `openshift` for ccoctl clusters, `sts.amazonaws.com` for EKS.',
    ifWrong: 'Left out, the token carries the API server\'s own audience, which STS refuses; a mismatch gives `InvalidIdentityToken: Incorrect token audience`.',
    values: AUDIENCE_VALUES,
  },
  {
    key: 'expirationSeconds',
    detail: 'Token lifetime in seconds (600 to 2^32, default 3600)',
    about: 'How long the token is valid; the kubelet rewrites the file at 80% of its lifetime, so the application must re-read it.',
    ifWrong: 'The API server rejects the pod: `may not specify a duration less than 10 minutes` below 600, `may not specify a duration larger than 2^32 seconds` above.',
    values: [
      { value: '3600', about: 'One hour (the default).' },
      { value: '86400', about: 'One day.' },
    ],
  },
  {
    key: 'path',
    detail: 'File name of the token under the volume\'s mountPath',
    about: 'Relative path of the token file inside the volume; the container finds it at `<mountPath>/<path>`, which must be what `AWS_WEB_IDENTITY_TOKEN_FILE` or the credentials file\'s `web_identity_token_file` names.',
    ifWrong: 'An absolute path, an empty one or one with `..` makes the API server reject the pod; a path that differs from the one the SDK reads fails with `WebIdentityErr: failed fetching WebIdentity token` (`no such file or directory`).',
    values: [{ value: 'token', about: 'The name ccoctl and the EKS webhook use.' }],
  },
];

export const ENV_NAMES: FieldDoc[] = [
  {
    key: 'AWS_ROLE_ARN',
    detail: 'Role the SDK assumes with the web identity token',
    about: 'Together with `AWS_WEB_IDENTITY_TOKEN_FILE`, makes the SDK call `sts:AssumeRoleWithWebIdentity` for this role (`arn:aws:iam::<account>:role/<name>`).',
    ifWrong: 'A malformed ARN fails validation in STS; a role whose trust policy does not name this service account fails with `AccessDenied: Not authorized to perform sts:AssumeRoleWithWebIdentity`.',
  },
  {
    key: 'AWS_WEB_IDENTITY_TOKEN_FILE',
    detail: 'Path of the projected service account token',
    about: 'The file the SDK reads the web identity token from: a projected `serviceAccountToken` volume mounted in this container, at `<mountPath>/<path>`.',
    ifWrong: 'A path no token volume provides fails with `WebIdentityErr: failed fetching WebIdentity token` (`no such file or directory`).',
  },
  {
    key: 'AWS_CONFIG_FILE',
    detail: 'Path of the AWS config file (OpenShift: the ccoctl Secret\'s credentials)',
    about: 'Where the SDK reads profiles from. With ccoctl, point it at the `credentials` key of the operator Secret mounted in this container; that file names `role_arn` and `web_identity_token_file`.',
    ifWrong: 'A file that is not mounted is skipped without an error: the SDK moves on to the next provider and ends with the node\'s role or `NoCredentialProviders: no valid providers in chain`.',
  },
  {
    key: 'AWS_SHARED_CREDENTIALS_FILE',
    detail: 'Path of the AWS shared credentials file',
    about: 'Where the SDK reads the shared credentials file; OpenShift operators point it at the mounted ccoctl Secret\'s `credentials` key.',
    ifWrong: 'A file that is not mounted is skipped without an error, and the SDK ends with another identity or `NoCredentialProviders`.',
  },
  {
    key: 'AWS_REGION',
    detail: 'Region for STS and service calls',
    about: 'The region the SDK signs requests for, and whose regional STS endpoint it uses when regional endpoints are on.',
    ifWrong: 'Without a region most SDKs stop with `MissingRegion: could not find region configuration`.',
  },
  {
    key: 'AWS_STS_REGIONAL_ENDPOINTS',
    detail: '`regional` or `legacy`',
    about: '`regional` makes older SDKs call the STS endpoint of `AWS_REGION` instead of the global `sts.amazonaws.com`.',
    ifWrong: 'Any other value is ignored; on the global endpoint, private subnets with only a regional STS VPC endpoint time out.',
  },
];

export const CREDENTIALS_REQUEST_SPEC: FieldDoc[] = [
  {
    key: 'secretRef',
    block: 'map',
    detail: 'Secret the credentials are written to (name, namespace)',
    about: 'The Secret the operator (or ccoctl\'s manifests) writes, in the namespace of the component that mounts it. ccoctl names the role `<cluster>-<namespace>-<name>`, cut to 64 characters.',
    ifWrong: 'The component mounts a Secret that never appears: its pod stays in `ContainerCreating` with `secret "<name>" not found`.',
  },
  {
    key: 'providerSpec',
    block: 'map',
    detail: 'AWSProviderSpec: the permissions of the role',
    about: '`apiVersion: cloudcredential.openshift.io/v1`, `kind: AWSProviderSpec` and `statementEntries` (effect, action, resource, policyCondition) become the role\'s permission policy.',
    ifWrong: 'A wrong kind or apiVersion makes the operator skip the request; a missing action shows up later as `AccessDenied` from the AWS service the component calls.',
  },
  {
    key: 'serviceAccountNames',
    block: 'list',
    detail: 'ServiceAccounts allowed to assume the role',
    about: 'ccoctl writes each name into the role\'s trust policy as `system:serviceaccount:<secret namespace>:<name>`. Required by ccoctl.',
    ifWrong: 'A pod running as a ServiceAccount not listed here fails with `AccessDenied: Not authorized to perform sts:AssumeRoleWithWebIdentity`; an empty list makes ccoctl fail on the request.',
  },
  {
    key: 'cloudTokenPath',
    detail: 'Where the component reads its token (default /var/run/secrets/openshift/serviceaccount/token)',
    about: 'The path written as `web_identity_token_file` in the generated Secret; the component must mount a projected token there.',
    ifWrong: 'A path no token volume provides fails with `WebIdentityErr: failed fetching WebIdentity token` (`no such file or directory`).',
  },
];

export const SECRET_REF_KEYS: FieldDoc[] = [
  { key: 'name', detail: 'Name of the Secret to write', about: 'The Secret name the component mounts.', ifWrong: 'The component\'s pod waits with `secret "<name>" not found`.' },
  { key: 'namespace', detail: 'Namespace of the Secret (the component\'s namespace)', about: 'Also the namespace in the trust policy\'s `sub` for `serviceAccountNames`.', ifWrong: 'The Secret lands where the component cannot mount it, and the trust policy names the wrong namespace (`AccessDenied` on `AssumeRoleWithWebIdentity`).' },
];

export const AWS_PROVIDER_KEYS: FieldDoc[] = [
  {
    key: 'apiVersion',
    detail: 'cloudcredential.openshift.io/v1',
    about: 'The API version of the provider spec.',
    ifWrong: 'The operator cannot decode the spec and ignores the request.',
    values: [{ value: 'cloudcredential.openshift.io/v1', about: 'The only version.' }],
  },
  {
    key: 'kind',
    detail: 'AWSProviderSpec',
    about: 'Which cloud the request is for; only `AWSProviderSpec` produces an IAM role.',
    ifWrong: 'An unknown kind makes the operator skip the request: the component gets no credentials.',
    values: [{ value: 'AWSProviderSpec', about: 'An IAM role with the statementEntries as its policy.' }],
  },
  {
    key: 'statementEntries',
    block: 'list',
    detail: 'Permission policy statements (effect, action, resource)',
    about: 'Each entry becomes one statement of the role\'s permission policy.',
    ifWrong: 'A missing action shows up as `AccessDenied` when the component calls that API.',
  },
  {
    key: 'stsIAMRoleARN',
    detail: 'Role ARN the operator writes into the Secret (STS mode)',
    about: 'When the cluster runs in Manual mode with a service account issuer, the operator itself writes a Secret for this role instead of ccoctl.',
    ifWrong: 'A role that does not trust the cluster\'s OIDC provider fails with `InvalidIdentityToken: No OpenIDConnect provider found in your account`; a malformed ARN is rejected by STS.',
  },
];

export const STATEMENT_ENTRY_KEYS: FieldDoc[] = [
  { key: 'effect', detail: 'Allow or Deny', about: 'The statement\'s effect (case-sensitive).', ifWrong: 'Any other value makes the policy invalid and ccoctl fails to create the role.', values: [{ value: 'Allow', about: 'Grant the actions.' }, { value: 'Deny', about: 'Refuse the actions, whatever else grants them.' }] },
  { key: 'action', block: 'list', detail: 'IAM actions (service:Action)', about: 'The actions the statement covers, e.g. `s3:GetObject`.', ifWrong: 'A missing or misspelled action: the component gets `AccessDenied` when it calls that API.' },
  { key: 'resource', detail: 'One resource ("*" or an ARN)', about: 'The resource the actions apply to; one string per entry.', ifWrong: 'A wrong ARN: `AccessDenied` on that resource.' },
  { key: 'policyCondition', block: 'map', detail: 'IAM condition block', about: 'A condition map (operator → key → value) added to the statement.', ifWrong: 'A condition that never holds turns the statement off: `AccessDenied`.' },
];

export const SERVICE_ACCOUNT_NAME: FieldDoc = {
  key: 'serviceAccountName',
  detail: 'The ServiceAccount the pod runs as',
  about: 'The pod\'s identity: its token\'s `sub` is `system:serviceaccount:<namespace>:<name>`, and the pod identity webhook reads this ServiceAccount\'s `eks.amazonaws.com/role-arn`.',
  ifWrong: 'A ServiceAccount that does not exist keeps the pod from being created (`serviceaccount "<name>" not found`); one the trust policy does not name fails with `AccessDenied: Not authorized to perform sts:AssumeRoleWithWebIdentity`.',
};

export function describeField(field: FieldDoc): string {
  return [`**${field.key}**: ${field.detail}`, '', field.about, '', `**If it is wrong:** ${field.ifWrong}`].join('\n');
}

/** OLM Subscription (operators.coreos.com/v1alpha1) `spec` keys that matter for an operator on an STS cluster. */
export const SUBSCRIPTION_SPEC: FieldDoc[] = [
  {
    key: 'name',
    detail: 'The package (operator) to install',
    about: 'The operator\'s package name in the catalog given by `source`.',
    ifWrong: 'OLM finds no such package and the Subscription reports `ResolutionFailed`: nothing is installed.',
  },
  {
    key: 'channel',
    detail: 'Update channel of the package',
    about: 'The channel OLM follows for this operator\'s updates.',
    ifWrong: 'A channel the package does not have leaves the Subscription in `ResolutionFailed`.',
  },
  {
    key: 'source',
    detail: 'CatalogSource the package comes from',
    about: 'The CatalogSource (for example `redhat-operators`) in `sourceNamespace`.',
    ifWrong: 'An unknown catalog leaves the Subscription in `CatalogSourcesUnhealthy` or `ResolutionFailed`.',
  },
  {
    key: 'sourceNamespace',
    detail: 'Namespace of the CatalogSource (openshift-marketplace)',
    about: 'Where the CatalogSource lives; the default catalogs are in `openshift-marketplace`.',
    ifWrong: 'The catalog is not found and nothing is installed.',
    values: [{ value: 'openshift-marketplace', about: 'The namespace of the default catalogs.' }],
  },
  {
    key: 'installPlanApproval',
    detail: 'Automatic or Manual approval of updates',
    about: 'With `Manual`, each update waits for an approved InstallPlan. On an STS cluster an update can bring new permissions in the operator\'s CredentialsRequests: approve it only after the role\'s policy has them.',
    ifWrong: 'With `Automatic`, an update that needs more AWS permissions than the role grants starts failing with `AccessDenied` as soon as it is installed.',
    values: [
      { value: 'Manual', about: 'Updates wait for approval: time to update the role first (what OpenShift recommends for operators on STS).' },
      { value: 'Automatic', about: 'Updates install as soon as the channel has them.' },
    ],
  },
  {
    key: 'startingCSV',
    detail: 'The ClusterServiceVersion to install first',
    about: 'The exact operator version (`<package>.v<version>`) to start from.',
    ifWrong: 'A CSV the channel does not contain leaves the Subscription unresolved.',
  },
  {
    key: 'config',
    block: 'map',
    detail: 'Settings OLM applies to the operator\'s Deployment (env: ROLEARN)',
    about: 'OLM copies `config.env` into every container of the operator\'s Deployment. On an AWS STS cluster OpenShift\'s console puts the role the operator assumes there as `ROLEARN`.',
    ifWrong: 'Without `ROLEARN` a token-auth operator creates its CredentialsRequest without a role and gets no AWS credentials.',
  },
];

export const SUBSCRIPTION_CONFIG: FieldDoc[] = [
  {
    key: 'env',
    block: 'list',
    detail: 'Environment of the operator\'s containers (ROLEARN on AWS STS)',
    about: 'Each `name`/`value` item is set in every container of the operator\'s Deployment; the operator reads its cloud identity (`ROLEARN` on AWS) from here.',
    ifWrong: 'A misspelled name is just another variable: the operator does not see its role and gets no AWS credentials.',
  },
];

/** The variables OpenShift's console sets in a Subscription for operators with token-based cloud authentication. */
export const SUBSCRIPTION_ENV_NAMES: FieldDoc[] = [
  {
    key: 'ROLEARN',
    detail: 'AWS STS: the IAM role the operator assumes',
    about: 'The operator writes it into its CredentialsRequest as `spec.providerSpec.stsIAMRoleARN`; the Cloud Credential Operator then writes a Secret with `role_arn` and `web_identity_token_file`. The role\'s trust policy must admit `system:serviceaccount:<namespace>:<sa>` for each of the request\'s `serviceAccountNames`, in the namespace of its Secret, with the audience of the operator\'s token (`openshift`).',
    ifWrong: 'An empty value: the Cloud Credential Operator reports "an empty awsSTSIAMRoleARN was found" and the operator has no credentials. A role that does not trust the operator\'s service account: `AccessDenied: Not authorized to perform sts:AssumeRoleWithWebIdentity`.',
  },
  {
    key: 'CLIENTID',
    detail: 'Azure Workload Identity: client ID of the managed identity',
    about: 'On an Azure cluster with short-term credentials, the identity the operator uses (with `TENANTID` and `SUBSCRIPTIONID`).',
    ifWrong: 'The operator cannot authenticate to Azure.',
  },
  { key: 'TENANTID', detail: 'Azure Workload Identity: tenant ID', about: 'The Azure tenant of the managed identity.', ifWrong: 'The operator cannot authenticate to Azure.' },
  { key: 'SUBSCRIPTIONID', detail: 'Azure Workload Identity: subscription ID', about: 'The Azure subscription of the managed identity.', ifWrong: 'The operator cannot authenticate to Azure.' },
  { key: 'AUDIENCE', detail: 'GCP Workload Identity: audience of the token', about: 'The audience configured on the workload identity pool provider.', ifWrong: 'Google\'s STS refuses the token.' },
  { key: 'PROJECT_NUMBER', detail: 'GCP Workload Identity: project number', about: 'The number of the project holding the workload identity pool.', ifWrong: 'The operator cannot exchange its token.' },
  { key: 'POOL_ID', detail: 'GCP Workload Identity: pool ID', about: 'The workload identity pool.', ifWrong: 'The operator cannot exchange its token.' },
  { key: 'PROVIDER_ID', detail: 'GCP Workload Identity: provider ID', about: 'The provider within the pool.', ifWrong: 'The operator cannot exchange its token.' },
  { key: 'SERVICE_ACCOUNT_EMAIL', detail: 'GCP Workload Identity: service account to impersonate', about: 'The Google service account the operator acts as.', ifWrong: 'The operator cannot exchange its token.' },
];

const TRUE_FALSE = [
  { value: '"true"', about: 'The operator supports it (annotation values are strings: quote it).' },
  { value: '"false"', about: 'The operator does not support it.' },
];

/** ClusterServiceVersion `metadata.annotations` that declare token-based cloud authentication. */
export const CSV_ANNOTATIONS: FieldDoc[] = [
  {
    key: 'features.operators.openshift.io/token-auth-aws',
    detail: '"true": the operator works with AWS STS (ROLEARN)',
    about: 'Tells OpenShift\'s console that the operator supports AWS STS: on an STS cluster it asks for a role ARN at install time and sets it in the Subscription as `ROLEARN`. The operator must then create a CredentialsRequest with `stsIAMRoleARN` and `cloudTokenPath`, and project a token with audience `openshift` at that path.',
    ifWrong: 'Without it (or with an unquoted `true`, which the API server rejects as a non-string annotation) the console does not ask for a role, and the operator has no credentials on an STS cluster.',
    values: TRUE_FALSE,
  },
  {
    key: 'features.operators.openshift.io/token-auth-azure',
    detail: '"true": the operator works with Azure Workload Identity',
    about: 'The console asks for `CLIENTID`, `TENANTID` and `SUBSCRIPTIONID` on an Azure cluster with short-term credentials.',
    ifWrong: 'The console does not ask for an identity; the operator gets no Azure credentials.',
    values: TRUE_FALSE,
  },
  {
    key: 'features.operators.openshift.io/token-auth-gcp',
    detail: '"true": the operator works with GCP Workload Identity',
    about: 'The console asks for the workload identity pool, provider and service account on a GCP cluster with short-term credentials.',
    ifWrong: 'The console does not ask for an identity; the operator gets no GCP credentials.',
    values: TRUE_FALSE,
  },
];
