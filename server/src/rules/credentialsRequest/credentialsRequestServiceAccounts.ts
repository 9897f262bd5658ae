import { credentialsRequestView } from '../../views/credentialsRequest';
import { serviceAccountNameOf } from '../../views/serviceAccount';
import { folderFacts } from '../../workspace/folderFacts';
import { DocRule, Fix } from '../rule';
import { appendMapKey } from '../manifests/yamlInsert';
import { operatorTokenAuth, stsUse } from './stsUse';

export const credentialsRequestServiceAccounts: DocRule = {
  id: 'credentials-request-service-accounts',
  description: 'An AWS CredentialsRequest used for STS (ccoctl input, a Manual-mode install directory, stsIAMRoleARN) without serviceAccountNames; information elsewhere.',
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
    const list = `List the service accounts of ${view.secretNamespace ?? 'the secret\'s namespace'} that use Secret ${target}${names.length ? ` (workloads here use ${names.join(', ')})` : ''}.`;
    const why = stsUse(view, ctx.file, ctx.workspace);
    const operator = why ? undefined : operatorTokenAuth(view);
    ctx.report({
      range: view.serviceAccountNames?.keyRange ?? pairOf(ctx.root),
      // Mint and passthrough modes need no service accounts: only a request used for STS is broken without them.
      severity: why ? undefined : operator ? 'warning' : 'information',
      message: why
        ? `CredentialsRequest ${view.name} lists no serviceAccountNames, and ${why}: ccoctl refuses it ("serviceAccountNames ... empty") and the role's trust policy would admit no service account. ${list}`
        : operator
          ? `CredentialsRequest ${view.name} lists no serviceAccountNames, and ${operator}: the role made for it must trust the operator's service accounts, and the request does not say which (a role built from it, by ccoctl or Generate IAM Role for This Operator, would admit none). ${list}`
          : `CredentialsRequest ${view.name} lists no serviceAccountNames. Mint and passthrough modes need none, but ccoctl (STS, Manual mode) refuses such a request. If it is for STS: ${list}`,
      fixes,
    });
  },
};

function pairOf(root: { pairs: Array<{ key: string; keyRange: readonly [number, number] }> }): readonly [number, number] {
  return (root.pairs.find((p) => p.key === 'spec') ?? root.pairs[0]).keyRange;
}
