import { isMap, str } from '../model/node';
import { ParsedFile } from '../model/parsedFile';
import { isTemplated } from '../model/templated';
import { EksctlServiceAccount, eksctlClusterView } from '../views/eksctlCluster';
import { WorkspaceIndex } from '../workspace/workspaceIndex';
import { ClusterSettings, inScope } from './clusterScope';
import { roleNameOf } from './roleNames';

/** An eksctl iam.serviceAccounts entry of the workspace, with the names it settles. */
export interface EksctlAccount {
  file: ParsedFile;
  entry: EksctlServiceAccount;
  namespace: string;
  name: string;
  /** The role eksctl gives the account, when its name is known (roleName, or the role of attachRoleARN); CloudFormation names it otherwise. */
  roleName: string | undefined;
  /** eksctl creates the role (named by `roleName`), rather than attaching an existing one. */
  createsRole: boolean;
}

/** Every eksctl service account of the workspace whose namespace and name are literal. */
export function eksctlAccounts(index: WorkspaceIndex): EksctlAccount[] {
  return index.derived('eksctl-accounts', () => {
    const out: EksctlAccount[] = [];
    for (const { file, doc } of index.docsOfKind('eksctl-cluster')) {
      if (!isMap(doc.root)) continue;
      for (const entry of eksctlClusterView(doc.root).serviceAccounts) {
        const name = str(entry.name?.value);
        if (!name || isTemplated(name) || isTemplated(entry.namespace)) continue;
        const written = str(entry.roleName?.value);
        const attached = str(entry.attachRoleARN?.value);
        const roleName = written ? (isTemplated(written) ? undefined : written) : attached ? roleNameOf(attached) : undefined;
        out.push({ file, entry, namespace: entry.namespace, name, roleName, createsRole: !!written && !attached });
      }
    }
    return out;
  }, ['eksctl-cluster']);
}

/** The eksctl entry (of the asking file's cluster) that creates the role of this name, when one does. */
export function eksctlRoleNamed(index: WorkspaceIndex, settings: ClusterSettings, from: ParsedFile, roleName: string): EksctlAccount | undefined {
  const creating = eksctlAccounts(index).filter((a) => a.createsRole && a.roleName === roleName);
  return creating.length ? inScope(index, settings, from, creating)[0] : undefined;
}

/** The subject the role eksctl creates for an entry admits: the account itself, or its subjectPattern (under StringLike). */
export function eksctlSubject(account: EksctlAccount): { subject: string; pattern: boolean } {
  const pattern = str(account.entry.subjectPattern?.value);
  return pattern ? { subject: `system:serviceaccount:${account.namespace}:${pattern}`, pattern: true } : { subject: `system:serviceaccount:${account.namespace}:${account.name}`, pattern: false };
}
