import * as path from 'path';
import { DocKind, podSpecPath } from '../model/kinds';
import { get, getStr, isMap, str } from '../model/node';
import { CHECKED_FILE, ParsedFile, SourceDoc } from '../model/parsedFile';
import { Settings } from '../settings';
import { credentialsRequestView } from '../views/credentialsRequest';
import { eksctlAccounts } from './eksctlServiceAccounts';
import { serviceAccountView } from '../views/serviceAccount';
import { workloadView } from '../views/workload';
import { chartServiceAccounts, helmReleaseView, installNamespace } from '../views/helmRelease';
import { WorkspaceFiles } from '../workspace/workspaceFiles';
import { WorkspaceIndex } from '../workspace/workspaceIndex';
import { renderingsOf } from './kustomize';
import { RoleReference, roleReferences } from './roleReferences';
import { rolesByDoc } from './trustSources';
import { subjectOf } from './webIdentityTrust';

/** Role name -> every manifest of the workspace that makes a service account assume it. */
export function referencesByRole(index: WorkspaceIndex): Map<string, RoleReference[]> {
  return index.derived(
    'references-by-role',
    () => {
      const out = new Map<string, RoleReference[]>();
      for (const kind of ['service-account', 'workload', 'helm-release'] as const) {
        for (const { file, doc } of index.docsOfKind(kind)) {
          for (const ref of roleReferences(index, file, doc)) {
            const list = out.get(ref.roleName);
            if (list) list.push(ref);
            else out.set(ref.roleName, [ref]);
          }
        }
      }
      return out;
    },
    ['service-account', 'workload', 'secret', 'kustomization', 'helm-release'],
  );
}

/** The roles whose trust policy this document holds. */
export function rolesDefinedBy(index: WorkspaceIndex, settings: Settings, doc: SourceDoc): string[] {
  return rolesByDoc(index, settings).get(doc) ?? [];
}

/** `system:serviceaccount:<ns>:<sa>` of the service accounts the workspace binds to these roles (namespace known). */
export function boundSubjects(index: WorkspaceIndex, roles: ReadonlyArray<string>): string[] {
  const refs = roles.flatMap((role) => referencesByRole(index).get(role) ?? []);
  return [...new Set(refs.filter((r) => r.namespace).map((r) => subjectOf(r.namespace!, r.serviceAccount)))].sort();
}

/**
 * The audiences the workloads bound to these roles request: the
 * ServiceAccount's `eks.amazonaws.com/audience` (the webhook's default,
 * sts.amazonaws.com, when unset) or the workload's projected token audiences.
 */
export function boundAudiences(index: WorkspaceIndex, roles: ReadonlyArray<string>): string[] {
  const out = new Set<string>();
  for (const ref of roles.flatMap((role) => referencesByRole(index).get(role) ?? [])) {
    if (ref.workload) {
      for (const volume of ref.workload.volumes) for (const token of volume.tokens) {
        const audience = str(token.audience?.value);
        if (audience) out.add(audience);
      }
      continue;
    }
    const sa = index.docsOfKind('service-account').find(({ doc }) => isMap(doc.root) && serviceAccountView(doc.root).name === ref.serviceAccount && serviceAccountView(doc.root).namespace === ref.namespace);
    out.add((sa && isMap(sa.doc.root) && str(serviceAccountView(sa.doc.root).audience?.value)) || 'sts.amazonaws.com');
  }
  return [...out].sort();
}

/** Every service account the workspace defines (eksctl's iam.serviceAccounts included), runs workloads as, or lists in a CredentialsRequest, as `sub` values. */
export function knownSubjects(index: WorkspaceIndex): string[] {
  return index.derived('known-subjects', () => [...new Set(knownSubjectsWithFiles(index).map((s) => s.subject))].sort(), SUBJECT_KINDS);
}

const SUBJECT_KINDS: ReadonlyArray<DocKind> = ['service-account', 'workload', 'credentials-request', 'eksctl-cluster', 'kustomization', 'helm-release'];

/** Every subject the workspace defines or uses, with the file that does. */
export function knownSubjectsWithFiles(index: WorkspaceIndex): Array<{ subject: string; file: ParsedFile }> {
  return index.derived(
    'known-subjects-with-files',
    () => {
      const out: Array<{ subject: string; file: ParsedFile }> = [];
      for (const { file, doc } of index.docsOfKind('service-account')) {
        const sa = isMap(doc.root) ? serviceAccountView(doc.root) : undefined;
        // A document a Kustomize overlay includes runs as each overlay renders it (a patch runs as nothing).
        const renderings = renderingsOf(index, doc);
        if (renderings) for (const r of renderings) out.push({ subject: subjectOf(r.namespace ?? 'default', r.name), file });
        else if (sa?.name) out.push({ subject: subjectOf(sa.namespace ?? 'default', sa.name), file });
      }
      for (const { file, doc } of index.docsOfKind('workload')) {
        const workload = isMap(doc.root) ? workloadView(doc.root) : undefined;
        const name = str(workload?.serviceAccountName?.value);
        const renderings = renderingsOf(index, doc);
        if (workload && renderings) {
          for (const r of renderings) {
            const rendered = r.serviceAccountName ?? name;
            if (rendered) out.push({ subject: subjectOf(r.namespace ?? 'default', rendered), file });
          }
        } else if (workload && name) out.push({ subject: subjectOf(workload.namespace ?? 'default', name), file });
      }
      for (const { file, doc } of index.docsOfKind('credentials-request')) {
        const request = isMap(doc.root) ? credentialsRequestView(doc.root) : undefined;
        if (request?.secretNamespace) for (const name of request.serviceAccounts) out.push({ subject: subjectOf(request.secretNamespace, name), file });
      }
      // A release's chart creates the ServiceAccounts its values name (serviceAccount.name), in the release's namespace.
      for (const { file, doc } of index.docsOfKind('helm-release')) {
        for (const { namespace, name } of chartAccounts(index, doc)) if (namespace && name) out.push({ subject: subjectOf(namespace, name), file });
      }
      // eksctl creates the service accounts of iam.serviceAccounts (and their roles, trusting them).
      for (const account of eksctlAccounts(index)) out.push({ subject: subjectOf(account.namespace, account.name), file: account.file });
      return out;
    },
    SUBJECT_KINDS,
  );
}

/**
 * The ServiceAccounts a release's chart creates: the namespace it installs
 * into (as each Kustomize overlay renders the release) and the name its
 * values give, undefined when they give none (the chart's own default).
 */
export function chartAccounts(index: WorkspaceIndex, doc: SourceDoc): Array<{ namespace: string | undefined; name: string | undefined }> {
  if (!isMap(doc.root)) return [];
  const view = helmReleaseView(doc.root);
  // A targetNamespace holds whatever overlays do to the HelmRelease object.
  const renderings = view.targetNamespace ? undefined : renderingsOf(index, doc);
  const namespaces = renderings ? renderings.map((r) => installNamespace(view, r)) : [installNamespace(view)];
  return chartServiceAccounts(view).flatMap((sa) => namespaces.map((namespace) => ({ namespace, name: sa.name ? String(sa.name.value) : undefined })));
}

/**
 * `sub` values of the service accounts defined or used in the folder of a file
 * (ServiceAccounts, and workloads' serviceAccountName): what a trust policy
 * beside them most likely means when the workspace binds nothing to its role.
 */
export function subjectsBeside(workspace: WorkspaceFiles, fsPath: string): string[] {
  const dir = path.dirname(fsPath);
  const found = new Set<string>();
  for (const name of workspace.list(dir).sort()) {
    if (!CHECKED_FILE.test(name)) continue;
    for (const doc of workspace.file(path.join(dir, name))?.docs ?? []) {
      const namespace = getStr(doc.root, 'metadata', 'namespace') ?? 'default';
      const spec = doc.kind === 'workload' ? get(doc.root, ...(podSpecPath(doc.root) ?? [])) : undefined;
      const sa = doc.kind === 'service-account' ? getStr(doc.root, 'metadata', 'name') : getStr(spec, 'serviceAccountName') ?? getStr(spec, 'serviceAccount');
      if (sa) found.add(subjectOf(namespace, sa));
    }
  }
  return [...found].sort();
}
