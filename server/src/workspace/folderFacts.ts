import * as crypto from 'crypto';
import * as path from 'path';
import { MapNode } from '../model/node';
import { CHECKED_FILE, ParsedFile, SourceDoc } from '../model/parsedFile';
import { SecretView } from '../views/secret';
import { ServiceAccountView } from '../views/serviceAccount';
import { WorkloadView } from '../views/workload';
import { FileSource } from './fileSource';
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
  /** An eksctl ClusterConfig of the workspace creates this service account with its role annotation (not roleOnly). */
  createdByEksctl(name: string, namespace: string | undefined): boolean;
  serviceAccounts(): Array<Located<ServiceAccountView>>;
  secret(name: string, namespace: string | undefined): Located<SecretView> | undefined;
  namespace(name: string): Located<MapNode> | undefined;
  workloads(): Array<Located<WorkloadView>>;
  /** Documents of a kind (other than the ones above), e.g. credentials requests. */
  docs(kind: SourceDoc['kind']): Array<Located<MapNode>>;
  publicKeys(): PublicKeyFile[];
  /** The cluster's service account issuer, when an Authentication, kops Cluster or discovery document in the folder names it. */
  issuer(): string | undefined;
  /**
   * What `compute` makes of these facts for `key` (a view of the asking file),
   * kept while the workspace's documents of `kinds` (all it reads) are the same.
   */
  memo<T>(key: object, kinds: ReadonlyArray<SourceDoc['kind']>, compute: () => T): T;
}

const MAX_FILES = 300;
const indexFactsOf = new WeakMap<ParsedFile, { index: WorkspaceIndex; facts: NeighbourFacts }>();
const MANIFEST = CHECKED_FILE;
const PUBLIC_KEY = /\.(pub|public|pem|key)$/i;

/**
 * The facts around `file`. With the workspace index (the server, the CLI)
 * the answers come from the whole workspace, nearest first; a caller holding
 * only files gets the same answers over the file's own folder.
 */
export function folderFacts(workspace: WorkspaceFiles, file: ParsedFile): NeighbourFacts {
  const dir = file.fsPath ? path.dirname(file.fsPath) : undefined;
  const publicKeys = () => (dir ? readPublicKeys(workspace, dir) : []);
  if (workspace instanceof WorkspaceIndex) {
    // Asked by several rules for every document of the file: one set of answers per file and index.
    const kept = indexFactsOf.get(file);
    if (kept?.index === workspace) return kept.facts;
    const facts = indexFacts(workspace, file, publicKeys);
    indexFactsOf.set(file, { index: workspace, facts });
    return facts;
  }
  const folder = new WorkspaceIndex(workspace instanceof FileSource ? workspace : new FileSource());
  if (dir) {
    const names = workspace.list(dir).filter((name) => MANIFEST.test(name)).sort().slice(0, MAX_FILES);
    folder.buildSync(names.map((name) => path.join(dir, name)));
  }
  folder.updateOpen(file);
  return indexFacts(folder, file, publicKeys);
}

/** PEM public keys of the folder (ssh-keygen's PKCS8 export, ccoctl's serviceaccount-signer.public). */
export function readPublicKeys(workspace: WorkspaceFiles, dir: string): PublicKeyFile[] {
  const keys: PublicKeyFile[] = [];
  for (const name of workspace.list(dir).sort().slice(0, MAX_FILES)) {
    if (!PUBLIC_KEY.test(name)) continue;
    const full = path.join(dir, name);
    const source = workspace instanceof WorkspaceIndex ? workspace.source : workspace instanceof FileSource ? workspace : undefined;
    const text = source?.smallText(full, 64 * 1024);
    if (!text || !/-----BEGIN (RSA )?PUBLIC KEY-----/.test(text)) continue;
    const kid = kidOfPem(text);
    if (kid) keys.push({ path: full, kid });
  }
  return keys;
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
