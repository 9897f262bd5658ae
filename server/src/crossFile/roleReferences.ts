import { get, isMap, MapNode, OffsetRange, pairOf, str } from '../model/node';
import { keptWhileSame } from '../model/memo';
import { ParsedFile, SourceDoc } from '../model/parsedFile';
import { credentialEntry, SecretView } from '../views/secret';
import { EKS_PREFIX, serviceAccountNameOf, serviceAccountView } from '../views/serviceAccount';
import { envValue, workloadView, WorkloadView } from '../views/workload';
import { chartServiceAccounts, helmReleaseView, installNamespace } from '../views/helmRelease';
import { secretsNamed } from '../workspace/indexFacts';
import { WorkspaceIndex } from '../workspace/workspaceIndex';
import { displayPath } from './display';
import { KustomizeRendering, renderingsOf } from './kustomize';
import { roleNameOf } from './roleNames';

/** A manifest that makes a service account assume a role. */
export interface RoleReference {
  roleName: string;
  arn: string;
  namespace: string | undefined;
  serviceAccount: string;
  /** "ServiceAccount default/app", "Deployment web (Secret aws-creds)" … for messages. */
  describe: string;
  range: OffsetRange;
  workload?: WorkloadView;
  /** The Kustomize overlay this reference is rendered by, when a kustomization includes the document. */
  overlay?: ParsedFile;
  /** Read from a release's chart values: the ServiceAccount is the one the chart names after `serviceAccount.name`, by Helm's convention. */
  chartValues?: true;
}

/**
 * Role references in one document: a ServiceAccount's role annotation, a
 * workload's AWS_ROLE_ARN or mounted credentials Secret. A document that a
 * Kustomize overlay includes gives its references as each overlay renders it.
 */
export function roleReferences(index: WorkspaceIndex | undefined, file: ParsedFile, doc: SourceDoc): RoleReference[] {
  if (!isMap(doc.root)) return [];
  const renderings = renderingsOf(index, doc);
  // Besides the document and its renderings they read the workspace's Secrets (the index keeps that list while no Secret changes).
  return keptReferences(doc, [index, renderings, index?.docsOfKind('secret')], () =>
    renderings ? renderings.flatMap((rendering) => referencesIn(index, file, doc, rendering)) : referencesIn(index, file, doc, undefined),
  );
}

/** A document's references, kept while it is the same object (the index keeps an unedited one so): a keystroke in one workload reads that workload again, not every one. */
const keptReferences = keptWhileSame<SourceDoc, RoleReference[]>();

function referencesIn(index: WorkspaceIndex | undefined, file: ParsedFile, doc: SourceDoc, rendering: KustomizeRendering | undefined): RoleReference[] {
  const overlay = rendering ? { overlay: rendering.overlay } : {};
  const by = rendering ? ` (overlay ${displayPath(file, rendering.overlay)})` : '';
  if (doc.kind === 'helm-release') return chartReferences(doc.root as MapNode, rendering, overlay, by);
  if (doc.kind === 'service-account') {
    const sa = serviceAccountView(doc.root as MapNode);
    const patched = rendering?.annotations.get(sa.roleArn?.key ?? `${EKS_PREFIX}role-arn`);
    const arn = patched ? patched.value : str(sa.roleArn?.value);
    const roleName = arn ? roleNameOf(arn) : undefined;
    // A rendered annotation is reported on the base's own line: the annotation, else the name.
    const range = sa.roleArn?.value.range ?? pairOf(pairOf(doc.root, 'metadata')?.value, 'name')?.value.range;
    if ((!sa.roleArn && !patched) || !arn || !roleName || !range) return [];
    const namespace = rendering ? rendering.namespace : sa.namespace;
    const name = rendering ? rendering.name : sa.name;
    return [{ roleName, arn, namespace, serviceAccount: name, describe: `ServiceAccount ${qualified(namespace, name)}${by}`, range, ...overlay }];
  }
  if (doc.kind !== 'workload') return [];
  const workload = workloadView(doc.root as MapNode);
  if (!workload) return [];
  const out: RoleReference[] = [];
  const serviceAccount = rendering?.serviceAccountName ?? serviceAccountNameOf(workload);
  const namespace = rendering ? rendering.namespace : workload.namespace;
  const name = rendering ? rendering.name : workload.name;
  const base = { namespace, serviceAccount, workload, ...overlay };
  for (const container of workload.containers) {
    const env = envValue(container, 'AWS_ROLE_ARN');
    const arn = str(env?.value);
    const roleName = arn ? roleNameOf(arn) : undefined;
    if (env?.value && arn && roleName) out.push({ ...base, roleName, arn, describe: `${workload.kind} ${qualified(namespace, name)} (AWS_ROLE_ARN)${by}`, range: env.value.range });
  }
  if (!index) return out;
  for (const volume of workload.volumes) {
    for (const secretName of volume.secretNames) {
      const secret = findSecret(index, secretName, namespace);
      const entry = secret ? credentialEntry(secret, 'role_arn') : undefined;
      const roleName = entry?.value ? roleNameOf(entry.value) : undefined;
      if (!entry || !roleName) continue;
      const nameNode = get(volume.node, 'secret', 'secretName');
      out.push({
        ...base,
        roleName,
        arn: entry.value,
        describe: `${workload.kind} ${qualified(namespace, name)} (Secret ${secretName})${by}`,
        range: nameNode?.range ?? volume.node.range,
      });
    }
  }
  return out;
}

/** The role annotations of the ServiceAccounts a release's values create, with the name the chart gives them. */
function chartReferences(root: MapNode, rendering: KustomizeRendering | undefined, overlay: { overlay?: ParsedFile }, by: string): RoleReference[] {
  const view = helmReleaseView(root);
  const namespace = installNamespace(view, rendering);
  const out: RoleReference[] = [];
  for (const sa of chartServiceAccounts(view)) {
    const arn = str(sa.roleArn?.value);
    const roleName = arn ? roleNameOf(arn) : undefined;
    // Without serviceAccount.name the chart names it after the release and chart, which is its own business.
    if (!sa.roleArn || !arn || !roleName || !sa.name) continue;
    const name = String(sa.name.value);
    out.push({ roleName, arn, namespace, serviceAccount: name, describe: `${view.describe} (values ${sa.path}.name ${name})${by}`, range: sa.roleArn.value.range, chartValues: true, ...overlay });
  }
  return out;
}

export function qualified(namespace: string | undefined, name: string): string {
  return `${namespace ?? '(no namespace)'}/${name}`;
}

/** A Secret by name, in the namespace when both sides say one (the first in workspace order). */
export function findSecret(index: WorkspaceIndex, name: string, namespace: string | undefined): SecretView | undefined {
  return secretsNamed(index, name).find(({ view }) => namespace === undefined || view.namespace === undefined || view.namespace === namespace)?.view;
}
