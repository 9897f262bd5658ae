import { memoized } from '../model/memo';
import { get, getStr, isMap, isSeq, MapNode, Pair, pairOf, str } from '../model/node';

export const CCO_NAMESPACE = 'openshift-cloud-credential-operator';
export const CREDENTIALS_REQUEST_API = 'cloudcredential.openshift.io/v1';
/** Provider spec kinds of the CCO API; only AWS is ours to check in depth. */
export const PROVIDER_KINDS = ['AWSProviderSpec', 'GCPProviderSpec', 'AzureProviderSpec', 'IBMCloudProviderSpec', 'IBMCloudPowerVSProviderSpec', 'NutanixProviderSpec', 'VSphereProviderSpec', 'OpenStackProviderSpec', 'OvirtProviderSpec', 'KubevirtProviderSpec', 'AlibabaCloudProviderSpec'];
export const MAX_ROLE_NAME = 64;
export const DELETE_ANNOTATION = 'release.openshift.io/delete';
export const FEATURE_SET_ANNOTATION = 'release.openshift.io/feature-set';

export interface CredentialsRequestView {
  root: MapNode;
  name: string;
  namespacePair: Pair | undefined;
  spec: MapNode | undefined;
  secretName: string | undefined;
  secretNamespace: string | undefined;
  providerKind: string | undefined;
  isAws: boolean;
  /** Annotated `release.openshift.io/delete: "true"`: the release removes it, ccoctl skips it. */
  deleted: boolean;
  /** `release.openshift.io/feature-set`: behind a feature set (tech preview), ccoctl skips it unless told. */
  featureSet: string | undefined;
  serviceAccountNames: Pair | undefined;
  serviceAccounts: string[];
}

function readCredentialsRequest(root: MapNode): CredentialsRequestView {
  const spec = get(root, 'spec');
  const providerKind = getStr(spec, 'providerSpec', 'kind');
  const names = pairOf(spec, 'serviceAccountNames');
  return {
    root,
    name: getStr(root, 'metadata', 'name') ?? '',
    namespacePair: pairOf(get(root, 'metadata'), 'namespace'),
    spec: isMap(spec) ? spec : undefined,
    secretName: getStr(spec, 'secretRef', 'name'),
    secretNamespace: getStr(spec, 'secretRef', 'namespace'),
    providerKind,
    isAws: providerKind === 'AWSProviderSpec',
    deleted: str(get(root, 'metadata', 'annotations', DELETE_ANNOTATION)) === 'true',
    featureSet: str(get(root, 'metadata', 'annotations', FEATURE_SET_ANNOTATION)),
    serviceAccountNames: names,
    serviceAccounts: isSeq(names?.value) ? names.value.items.map(str).filter((s): s is string => !!s) : [],
  };
}

export const credentialsRequestView = memoized(readCredentialsRequest);

/** The IAM role ccoctl creates for a request: `<name>-<namespace>-<secret>`, cut (not hashed) to 64 characters. */
export function ccoctlRoleName(clusterName: string, view: CredentialsRequestView): { full: string; name: string } | undefined {
  if (!view.secretName || !view.secretNamespace) return undefined;
  const full = `${clusterName}-${view.secretNamespace}-${view.secretName}`;
  return { full, name: full.slice(0, MAX_ROLE_NAME) };
}
