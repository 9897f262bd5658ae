import { credentialsRequestView } from '../../views/credentialsRequest';
import { serviceAccountNameOf } from '../../views/serviceAccount';
import { folderFacts } from '../../workspace/folderFacts';
import { DocRule, Fix } from '../rule';
import { appendMapKey } from '../manifests/yamlInsert';

export const credentialsRequestServiceAccounts: DocRule = {
  id: 'credentials-request-service-accounts',
  description: 'An AWS CredentialsRequest without serviceAccountNames: ccoctl refuses it and STS has no subject to trust.',
  defaultSeverity: 'error',
  kinds: ['credentials-request'],
  check(ctx) {
    const view = credentialsRequestView(ctx.root);
    if (!view.isAws || view.deleted || !view.spec || view.serviceAccounts.length > 0) return;
    const users = new Set<string>();
    for (const { view: workload } of folderFacts(ctx.workspace, ctx.file).workloads()) {
      if (view.secretNamespace && workload.namespace && workload.namespace !== view.secretNamespace) continue;
      if (workload.volumes.some((v) => view.secretName && v.secretNames.includes(view.secretName))) users.add(serviceAccountNameOf(workload));
    }
    const names = [...users].sort();
    const fixes: Fix[] = [];
    if (names.length && !view.serviceAccountNames) {
      fixes.push({ title: `Add serviceAccountNames: ${names.join(', ')}`, isPreferred: true, edits: { [ctx.file.uri]: [appendMapKey(ctx, view.spec, 'serviceAccountNames', names.map((n) => `- ${n}`))] } });
    }
    const target = `${view.secretNamespace ?? '<namespace>'}/${view.secretName ?? '<secret>'}`;
    ctx.report({
      range: view.serviceAccountNames?.keyRange ?? pairOf(ctx.root),
      message: `CredentialsRequest ${view.name} lists no serviceAccountNames: ccoctl refuses it ("serviceAccountNames ... empty") and the role's trust policy would admit no service account. List the service accounts of ${view.secretNamespace ?? 'the secret\'s namespace'} that use Secret ${target}${names.length ? ` (workloads here use ${names.join(', ')})` : ''}.`,
      fixes,
    });
  },
};

function pairOf(root: { pairs: Array<{ key: string; keyRange: readonly [number, number] }> }): readonly [number, number] {
  return (root.pairs.find((p) => p.key === 'spec') ?? root.pairs[0]).keyRange;
}
