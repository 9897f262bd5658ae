import { credentialsRequestNamespace } from './credentialsRequest/credentialsRequestNamespace';
import { credentialsRequestSchema } from './credentialsRequest/credentialsRequestSchema';
import { credentialsRequestServiceAccounts } from './credentialsRequest/credentialsRequestServiceAccounts';
import { roleNameTruncated } from './credentialsRequest/roleNameTruncated';
import { installConfigRegion } from './installConfig/installConfigRegion';
import { installConfigSchemaRule } from './installConfig/installConfigSchema';
import { stsManifestsMissing } from './installConfig/stsManifestsMissing';
import { stsManualModeRequired } from './installConfig/stsManualModeRequired';
import { kube2iamAnnotation } from './manifests/kube2iamAnnotation';
import { oidcDiscovery } from './manifests/oidcDiscovery';
import { serviceAccountIssuer } from './manifests/serviceAccountIssuer';
import { awsConfigNotMounted } from './manifests/awsConfigNotMounted';
import { credentialsPlaceholder } from './manifests/credentialsPlaceholder';
import { credentialsFileValue } from './manifests/credentialsFileValue';
import { roleArnFormat } from './manifests/roleArnFormat';
import { serviceAccountAnnotation } from './manifests/serviceAccountAnnotation';
import { tokenAudienceMissing } from './manifests/tokenAudienceMissing';
import { tokenExpiration } from './manifests/tokenExpiration';
import { tokenFileNotMounted } from './manifests/tokenFileNotMounted';
import { tokenNonrootFsgroup } from './manifests/tokenNonrootFsgroup';
import { tokenPath } from './manifests/tokenPath';
import { policyRules } from './iam/policyRules';
import { rosaOperatorRoleTrust } from './rosa/rosaOperatorRoleTrust';
import { rosaRolePrefix } from './rosa/rosaRolePrefix';
import { Rule } from './rule';
import { eksctlArnFormat } from './eksctl/eksctlArnFormat';
import { eksctlRoleConflict } from './eksctl/eksctlRoleConflict';
import { eksctlServiceAccount } from './eksctl/eksctlServiceAccount';
import { eksctlWithOidc } from './eksctl/eksctlWithOidc';
import { jsonSyntax } from './syntax/jsonSyntax';
import { yamlSyntax } from './syntax/yamlSyntax';
import { yaml11Value } from './manifests/yaml11Value';
import { workspaceRules } from './workspace';
import { kustomizeUnsupported } from './kustomize/kustomizeUnsupported';

/** Every rule, in the order findings of equal position are listed. Adding a rule: its file and this list. */
export const allRules: ReadonlyArray<Rule> = [
  yamlSyntax,
  jsonSyntax,
  yaml11Value,
  installConfigSchemaRule,
  installConfigRegion,
  stsManualModeRequired,
  stsManifestsMissing,
  // Workloads, ServiceAccounts, Secrets (issue 4)
  tokenExpiration,
  tokenPath,
  tokenAudienceMissing,
  tokenFileNotMounted,
  awsConfigNotMounted,
  tokenNonrootFsgroup,
  roleArnFormat,
  credentialsPlaceholder,
  credentialsFileValue,
  serviceAccountAnnotation,
  kube2iamAnnotation,
  oidcDiscovery,
  serviceAccountIssuer,
  credentialsRequestSchema,
  credentialsRequestServiceAccounts,
  roleNameTruncated,
  credentialsRequestNamespace,
  // IAM policies and trust policies (issue 3)
  ...policyRules,
  // ROSA roles written by rosa --mode manual (issue 16)
  rosaOperatorRoleTrust,
  rosaRolePrefix,
  // eksctl ClusterConfig (issue 13)
  eksctlWithOidc,
  eksctlServiceAccount,
  eksctlArnFormat,
  eksctlRoleConflict,
  // Across the workspace (issue 5)
  ...workspaceRules,
  // Kustomize overlays (issue 13)
  kustomizeUnsupported,
];

export function ruleById(id: string): Rule | undefined {
  return allRules.find((rule) => rule.id === id);
}
