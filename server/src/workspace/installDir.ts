import * as path from 'path';
import { getStr, isMap } from '../model/node';
import { parseAwsIni, secretCredentials } from '../views/awsCredentialsFile';
import { WorkspaceFiles } from './workspaceFiles';

export const AUTHENTICATION_MANIFEST = 'cluster-authentication-02-config.yaml';
export const SIGNING_KEY = path.join('tls', 'bound-service-account-signing-key.key');

/** What ccoctl (or the user) has put into an OpenShift install directory. */
export interface InstallDirFacts {
  dir: string;
  /** `manifests/cluster-authentication-02-config.yaml` with its serviceAccountIssuer. */
  authentication: { path: string; issuer: string | undefined } | undefined;
  /** Secrets in manifests/ whose credentials name a web identity token file (ccoctl output). */
  stsSecrets: string[];
  /** Secrets in manifests/ with long-lived keys: manual mode without STS. */
  staticKeySecrets: string[];
  signingKey: boolean;
  /**
   * openshift-install has worked in this folder (its state file or log, or a
   * manifests/ folder): an install directory, not a copy of install-config.yaml
   * kept in a repository, where neither ccoctl's manifests nor the signing key
   * (a private key) belong.
   */
  installerDir: boolean;
}

/** What `openshift-install create install-config` (and every later target) leaves in the install directory. */
const INSTALLER_FILES = ['.openshift_install_state.json', '.openshift_install.log'];

export function installDirFacts(workspace: WorkspaceFiles, installConfigPath: string): InstallDirFacts {
  const dir = path.dirname(installConfigPath);
  const manifests = path.join(dir, 'manifests');
  const facts: InstallDirFacts = {
    dir,
    authentication: undefined,
    stsSecrets: [],
    staticKeySecrets: [],
    signingKey: workspace.exists(path.join(dir, SIGNING_KEY)),
    installerDir: false,
  };
  const listed = workspace.list(manifests);
  facts.installerDir = listed.length > 0 || INSTALLER_FILES.some((name) => workspace.exists(path.join(dir, name)));
  for (const name of listed.sort()) {
    if (!/\.ya?ml$/i.test(name)) continue;
    const file = workspace.file(path.join(manifests, name));
    if (!file) continue;
    for (const doc of file.docs) {
      if (doc.kind === 'authentication' && name === AUTHENTICATION_MANIFEST) {
        facts.authentication = { path: file.fsPath ?? name, issuer: getStr(doc.root, 'spec', 'serviceAccountIssuer') };
      }
      if (doc.kind !== 'secret' || !isMap(doc.root)) continue;
      const credentials = secretCredentials(doc.root);
      if (!credentials) continue;
      const keys = new Set(parseAwsIni(credentials.text).map((e) => e.key));
      if (keys.has('web_identity_token_file')) facts.stsSecrets.push(file.fsPath ?? name);
      else if (keys.has('aws_access_key_id')) facts.staticKeySecrets.push(file.fsPath ?? name);
    }
  }
  return facts;
}
