import { isMap, str } from '../model/node';
import { ParsedFile } from '../model/parsedFile';
import { isTemplated } from '../model/templated';
import { EksctlServiceAccount, eksctlClusterView } from '../views/eksctlCluster';
import { WorkspaceIndex } from '../workspace/workspaceIndex';
import { roleNameOf } from './roleNames';

/** An eksctl iam.serviceAccounts entry of the workspace, with the names it settles. */
export interface EksctlAccount {
  file: ParsedFile;
  entry: EksctlServiceAccount;
  namespace: string;
  name: string;
  /** The role eksctl gives the account, when its name is known (roleName, or the role of attachRoleARN); CloudFormation names it otherwise. */
  roleName: string | undefined;
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
        out.push({ file, entry, namespace: entry.namespace, name, roleName });
      }
    }
    return out;
  }, ['eksctl-cluster']);
}
