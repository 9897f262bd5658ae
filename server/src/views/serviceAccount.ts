import { memoized } from '../model/memo';
import { getStr, isMap, MapNode, Pair, pairOf, str } from '../model/node';
import { ContainerView, VolumeMount, WorkloadView } from './workload';

/** The annotation prefix of amazon-eks-pod-identity-webhook (its `--annotation-prefix` default). */
export const EKS_PREFIX = 'eks.amazonaws.com/';
/** The ServiceAccount annotation that gives IRSA its role. */
export const IRSA_ROLE_ANNOTATION = `${EKS_PREFIX}role-arn`;
export const EKS_ANNOTATIONS = ['role-arn', 'audience', 'sts-regional-endpoints', 'token-expiration'] as const;
export const SKIP_LABEL = 'eks.amazonaws.com/skip-pod-identity-webhook';
export const SKIP_CONTAINERS = 'eks.amazonaws.com/skip-containers';
export const WEBHOOK_MOUNT_PATH = '/var/run/secrets/eks.amazonaws.com/serviceaccount';
export const WEBHOOK_VOLUME = 'aws-iam-token';
export const WEBHOOK_TOKEN_FILE = `${WEBHOOK_MOUNT_PATH}/token`;

export interface ServiceAccountView {
  name: string;
  namespace: string | undefined;
  root: MapNode;
  annotationsPair: Pair | undefined;
  annotations: Pair[];
  labels: Pair[];
  roleArn: Pair | undefined;
  audience: Pair | undefined;
  stsRegionalEndpoints: Pair | undefined;
  tokenExpiration: Pair | undefined;
}

function readServiceAccount(root: MapNode): ServiceAccountView {
  const metadata = pairOf(root, 'metadata')?.value;
  const annotationsPair = pairOf(metadata, 'annotations');
  const annotations = isMap(annotationsPair?.value) ? annotationsPair.value.pairs : [];
  const labels = pairOf(metadata, 'labels');
  const find = (key: string) => annotations.find((p) => p.key === EKS_PREFIX + key);
  return {
    name: getStr(metadata, 'name') ?? '',
    namespace: getStr(metadata, 'namespace'),
    root,
    annotationsPair,
    annotations,
    labels: isMap(labels?.value) ? labels.value.pairs : [],
    roleArn: find('role-arn'),
    audience: find('audience'),
    stsRegionalEndpoints: find('sts-regional-endpoints'),
    tokenExpiration: find('token-expiration'),
  };
}

export const serviceAccountView = memoized(readServiceAccount);

/** What the pod identity webhook will add to a workload at admission. */
export interface WebhookInjection {
  /** The ServiceAccount manifest that names the role; undefined when eksctl creates the account with its annotation. */
  serviceAccount: ServiceAccountView | undefined;
  mount: VolumeMount;
  /** Containers that get the token mount (and the env, unless they set it). */
  containers: Set<ContainerView>;
}

/**
 * The webhook mutates a pod when its ServiceAccount names a role, unless the
 * pod carries the skip label; it leaves out the containers listed in
 * `skip-containers`, and ephemeral containers, which it does not touch.
 * `annotatedElsewhere`: the account is not in the workspace but a tool
 * creates it with the role annotation (eksctl's iam.serviceAccounts).
 */
export function webhookInjection(workload: WorkloadView, serviceAccount: ServiceAccountView | undefined, annotatedElsewhere = false): WebhookInjection | undefined {
  if (!(serviceAccount ? str(serviceAccount.roleArn?.value) : annotatedElsewhere)) return undefined;
  if (workload.labels.some((l) => l.key === SKIP_LABEL)) return undefined;
  const skipped = new Set((str(workload.annotations.find((a) => a.key === SKIP_CONTAINERS)?.value) ?? '').split(',').map((s) => s.trim()).filter(Boolean));
  const containers = new Set(workload.containers.filter((c) => c.group !== 'ephemeralContainers' && !skipped.has(c.name)));
  const mount: VolumeMount = { name: WEBHOOK_VOLUME, mountPath: WEBHOOK_MOUNT_PATH, subPath: undefined, node: workload.podSpec };
  return { serviceAccount, mount, containers };
}

/** The ServiceAccount a workload runs as (`default` when unset). */
export function serviceAccountNameOf(workload: WorkloadView): string {
  return str(workload.serviceAccountName?.value) || 'default';
}
