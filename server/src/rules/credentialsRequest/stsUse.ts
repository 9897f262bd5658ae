import * as path from 'path';
import { get, isMap, str } from '../../model/node';
import { ParsedFile } from '../../model/parsedFile';
import { CredentialsRequestView } from '../../views/credentialsRequest';
import { credentialsModeOf, installConfigView } from '../../views/installConfig';
import { WorkspaceFiles } from '../../workspace/workspaceFiles';

/**
 * A request an OLM operator ships for token-based authentication: an empty
 * `stsIAMRoleARN` (the Subscription's ROLEARN fills it in) or `cloudTokenPath`.
 * The Cloud Credential Operator needs no service accounts for it, but the role
 * made for it must trust them.
 */
export function operatorTokenAuth(view: CredentialsRequestView): string | undefined {
  const arn = get(view.spec, 'providerSpec', 'stsIAMRoleARN');
  if (get(view.spec, 'cloudTokenPath')) return 'it sets cloudTokenPath (an operator for clusters with token-based authentication)';
  if (arn && !str(arn)) return 'its empty stsIAMRoleARN is for an operator on clusters with token-based authentication (the Subscription\'s ROLEARN fills it in)';
  return undefined;
}

/** Folder names `oc adm release extract --credentials-requests --to=...` is given in the OpenShift and ccoctl docs. */
const CCOCTL_INPUT_DIR = /^(cco-)?cred(entials)?[-_]?req(uest)?s?$/i;
/** How many folders up an install-config.yaml still counts as this request's install directory. */
const INSTALL_DIR_DEPTH = 3;

/**
 * Why a CredentialsRequest is evidently used for AWS STS (short-lived
 * credentials through ccoctl), or undefined when nothing says so: operator
 * assets and mint/passthrough-mode requests carry no service accounts.
 */
export function stsUse(view: CredentialsRequestView, file: ParsedFile, workspace: WorkspaceFiles): string | undefined {
  if (str(get(view.spec, 'providerSpec', 'stsIAMRoleARN'))) return 'it sets providerSpec.stsIAMRoleARN';
  if (!file.fsPath) return undefined;
  let dir = path.dirname(file.fsPath);
  if (CCOCTL_INPUT_DIR.test(path.basename(dir))) return `it is in ${path.basename(dir)}/, the folder ccoctl reads requests from`;
  for (let i = 0; i <= INSTALL_DIR_DEPTH; i++) {
    const installConfig = workspace.file(path.join(dir, 'install-config.yaml'));
    const doc = installConfig?.docs.find((d) => d.kind === 'install-config' && isMap(d.root));
    if (doc && isMap(doc.root)) return credentialsModeOf(installConfigView(doc.root)) === 'Manual' ? 'its install directory has credentialsMode: Manual' : undefined;
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return undefined;
}
