import { memoized } from '../model/memo';
import { get, getStr, isMap, isSeq, MapNode, Pair } from '../model/node';
import { workloadView, WorkloadView } from './workload';

/** CSV annotations by which an operator declares it works with short-lived cloud credentials (OpenShift 4.14+). */
export const TOKEN_AUTH_AWS = 'features.operators.openshift.io/token-auth-aws';
export const TOKEN_AUTH_AZURE = 'features.operators.openshift.io/token-auth-azure';
export const TOKEN_AUTH_GCP = 'features.operators.openshift.io/token-auth-gcp';

/** A Deployment OLM creates from the CSV's `spec.install.spec.deployments`. */
export interface CsvDeployment {
  name: string;
  node: MapNode;
  /** The entry read as a workload (its pod template is at spec.template.spec). */
  workload: WorkloadView;
}

/** An OLM ClusterServiceVersion: an operator's version, its feature annotations and Deployments. */
export interface ClusterServiceVersionView {
  root: MapNode;
  name: string;
  namespace: string | undefined;
  annotations: Pair[];
  tokenAuthAws: Pair | undefined;
  deployments: CsvDeployment[];
}

function readCsv(root: MapNode): ClusterServiceVersionView {
  const annotations = get(root, 'metadata', 'annotations');
  const pairs = isMap(annotations) ? annotations.pairs : [];
  const list = get(root, 'spec', 'install', 'spec', 'deployments');
  const deployments: CsvDeployment[] = [];
  if (isSeq(list)) {
    for (const item of list.items) {
      if (!isMap(item)) continue;
      const workload = workloadView(item);
      if (workload) deployments.push({ name: getStr(item, 'name') ?? '', node: item, workload });
    }
  }
  return {
    root,
    name: getStr(root, 'metadata', 'name') ?? '',
    namespace: getStr(root, 'metadata', 'namespace'),
    annotations: pairs,
    tokenAuthAws: pairs.find((p) => p.key === TOKEN_AUTH_AWS),
    deployments,
  };
}

export const clusterServiceVersionView = memoized(readCsv);

/** The package a CSV belongs to, by OLM's naming convention `<package>.v<version>`. */
export function csvPackage(csvName: string): string | undefined {
  return /^(.+?)\.v?\d+(\.\d+)*([-+.].*)?$/.exec(csvName)?.[1];
}
