import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { getStr, isMap, MapNode } from '../model/node';
import { ParsedFile, SourceDoc } from '../model/parsedFile';
import { SecretView, secretView } from '../views/secret';
import { ServiceAccountView, serviceAccountView } from '../views/serviceAccount';
import { workloadView, WorkloadView } from '../views/workload';
import { indexFacts } from './indexFacts';
import { WorkspaceFiles } from './workspaceFiles';
import { WorkspaceIndex } from './workspaceIndex';

/** Where a fact was found, for related information and edits of that file. */
export interface Located<T> {
  view: T;
  file: ParsedFile;
  doc: SourceDoc;
}

export interface PublicKeyFile {
  path: string;
  /** The key id kube-apiserver puts in the tokens it signs with the matching private key. */
  kid: string;
}

/**
 * The facts that checks of one manifest read from the other files of its
 * folder. The workspace index (a later issue) will answer the same questions
 * for the whole workspace; rules depend on this interface only.
 */
export interface NeighbourFacts {
  serviceAccount(name: string, namespace: string | undefined): Located<ServiceAccountView> | undefined;
  serviceAccounts(): Array<Located<ServiceAccountView>>;
  secret(name: string, namespace: string | undefined): Located<SecretView> | undefined;
  namespace(name: string): Located<MapNode> | undefined;
  workloads(): Array<Located<WorkloadView>>;
  /** Documents of a kind (other than the ones above), e.g. credentials requests. */
  docs(kind: SourceDoc['kind']): Array<Located<MapNode>>;
  publicKeys(): PublicKeyFile[];
  /** The cluster's service account issuer, when an Authentication, kops Cluster or discovery document in the folder names it. */
  issuer(): string | undefined;
}

const MAX_FILES = 300;
const MANIFEST = /\.(ya?ml|json)$/i;
const PUBLIC_KEY = /\.(pub|public|pem|key)$/i;

function sameNamespace(a: string | undefined, b: string | undefined): boolean {
  return a === undefined || b === undefined || a === b;
}

/** The facts of the folder holding `file` (the file itself read from its current text). */
export function folderFacts(workspace: WorkspaceFiles, file: ParsedFile): NeighbourFacts {
  const dir = file.fsPath ? path.dirname(file.fsPath) : undefined;
  // With the workspace index, the answers come from the whole workspace (nearest first).
  if (workspace instanceof WorkspaceIndex) return indexFacts(workspace, file, () => (dir ? readPublicKeys(workspace, dir) : []));
  let files: ParsedFile[] | undefined;
  const all = (): ParsedFile[] => {
    if (files) return files;
    files = [file];
    if (!dir) return files;
    for (const name of workspace.list(dir).sort().slice(0, MAX_FILES)) {
      const full = path.join(dir, name);
      if (!MANIFEST.test(name) || full === file.fsPath) continue;
      const other = workspace.file(full);
      if (other && !other.helmTemplate) files.push(other);
    }
    return files;
  };
  const docsOf = (kind: SourceDoc['kind']): Array<Located<MapNode>> =>
    all().flatMap((f) => f.docs.filter((d) => d.kind === kind && isMap(d.root)).map((doc) => ({ view: doc.root as MapNode, file: f, doc })));
  return {
    serviceAccounts: () => docsOf('service-account').map((l) => ({ ...l, view: serviceAccountView(l.view) })),
    serviceAccount(name, namespace) {
      return this.serviceAccounts().find((sa) => sa.view.name === name && sameNamespace(sa.view.namespace, namespace));
    },
    secret(name, namespace) {
      return docsOf('secret')
        .map((l) => ({ ...l, view: secretView(l.view) }))
        .find((s) => s.view.name === name && sameNamespace(s.view.namespace, namespace));
    },
    namespace: (name) => docsOf('namespace').find((n) => getStr(n.view, 'metadata', 'name') === name),
    workloads: () =>
      docsOf('workload').flatMap((l) => {
        const view = workloadView(l.view);
        return view ? [{ ...l, view }] : [];
      }),
    docs: docsOf,
    publicKeys: () => (dir ? readPublicKeys(workspace, dir) : []),
    issuer() {
      for (const auth of docsOf('authentication')) {
        const issuer = getStr(auth.view, 'spec', 'serviceAccountIssuer');
        if (issuer) return issuer;
      }
      for (const kops of docsOf('kops-cluster')) {
        const issuer = getStr(kops.view, 'spec', 'kubeAPIServer', 'serviceAccountIssuer');
        if (issuer) return issuer;
      }
      for (const discovery of docsOf('oidc-discovery')) {
        const issuer = getStr(discovery.view, 'issuer');
        if (issuer) return issuer;
      }
      return undefined;
    },
  };
}

/** PEM public keys of the folder (ssh-keygen's PKCS8 export, ccoctl's serviceaccount-signer.public). */
function readPublicKeys(workspace: WorkspaceFiles, dir: string): PublicKeyFile[] {
  const keys: PublicKeyFile[] = [];
  for (const name of workspace.list(dir).sort().slice(0, MAX_FILES)) {
    if (!PUBLIC_KEY.test(name)) continue;
    const full = path.join(dir, name);
    const text = readSmallText(full);
    if (!text || !/-----BEGIN (RSA )?PUBLIC KEY-----/.test(text)) continue;
    const kid = kidOfPem(text);
    if (kid) keys.push({ path: full, kid });
  }
  return keys;
}

function readSmallText(fsPath: string): string | undefined {
  try {
    const stat = fs.statSync(fsPath);
    if (!stat.isFile() || stat.size > 64 * 1024) return undefined;
    return fs.readFileSync(fsPath, 'utf8');
  } catch {
    return undefined;
  }
}

/** kube-apiserver's key id: base64url, unpadded, of SHA-256 over the DER (PKIX) public key. */
export function kidOfPublicKey(key: crypto.KeyObject): string {
  const der = key.export({ type: 'spki', format: 'der' });
  return crypto.createHash('sha256').update(der).digest('base64url');
}

export function kidOfPem(pem: string): string | undefined {
  try {
    return kidOfPublicKey(crypto.createPublicKey(pem));
  } catch {
    return undefined;
  }
}
