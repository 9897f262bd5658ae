import * as path from 'path';
import { get, getStr, isMap, isSeq, str } from '../model/node';
import { OffsetRange } from '../model/node';
import { ParsedFile } from '../model/parsedFile';
import { terraformView } from '../views/terraform';
import { WorkspaceIndex } from '../workspace/workspaceIndex';
import { isTemplated, literalPrefix } from '../model/templated';
import { normalizeIssuer } from './webIdentityTrust';

/** A cluster's service-account issuer as the workspace states it. */
export interface ClusterIssuer {
  /** host[/path], as IAM writes it. */
  issuer: string;
  url: string;
  file: ParsedFile;
  range: OffsetRange;
  source: 'Authentication' | 'kops Cluster' | 'discovery document';
  /** The URL holds a placeholder (model/templated): the issuer is unknown, `issuer` is its template. */
  templated: boolean;
}

/** An OIDC identity provider definition and the audiences (client IDs) it accepts. */
export interface OidcProvider {
  issuer: string;
  clientIds: string[];
  file: ParsedFile;
  range: OffsetRange;
}

export function clusterIssuers(index: WorkspaceIndex): ClusterIssuer[] {
  return index.derived('cluster-issuers', () => {
    const out: ClusterIssuer[] = [];
    const add = (file: ParsedFile, node: ReturnType<typeof get>, source: ClusterIssuer['source']) => {
      const url = str(node);
      const templated = isTemplated(url);
      if (node && url && (/^https:\/\//i.test(url) || (templated && 'https://'.startsWith(literalPrefix(url).slice(0, 8).toLowerCase())))) {
        out.push({ issuer: normalizeIssuer(url), url, file, range: node.range, source, templated });
      }
    };
    for (const { file, doc } of index.docsOfKind('authentication')) add(file, get(doc.root, 'spec', 'serviceAccountIssuer'), 'Authentication');
    for (const { file, doc } of index.docsOfKind('kops-cluster')) {
      add(file, get(doc.root, 'spec', 'kubeAPIServer', 'serviceAccountIssuer') ?? get(doc.root, 'spec', 'serviceAccountIssuer'), 'kops Cluster');
    }
    for (const { file, doc } of index.docsOfKind('oidc-discovery')) add(file, get(doc.root, 'issuer'), 'discovery document');
    return out;
  }, ['authentication', 'kops-cluster', 'oidc-discovery']);
}

export function oidcProviders(index: WorkspaceIndex): OidcProvider[] {
  return index.derived('oidc-providers', () => {
    const out: OidcProvider[] = [];
    for (const { file, doc } of index.docsOfKind('identity-provider')) {
      const url = getStr(doc.root, 'Url');
      const list = get(doc.root, 'ClientIDList');
      if (!url || !isSeq(list) || !isMap(doc.root)) continue;
      out.push({ issuer: normalizeIssuer(url), clientIds: list.items.map(str).filter((s): s is string => !!s), file, range: list.range });
    }
    // Terraform aws_iam_openid_connect_provider with a known url and a literal client_id_list.
    for (const { file, doc } of index.docsOfKind('terraform')) {
      for (const provider of terraformView(file, doc).providers) {
        const list = provider.clientIdList?.value;
        if (!provider.issuer || !isSeq(list) || provider.clientIds.length !== list.items.length || provider.clientIds.some((c) => c.value.includes('${'))) continue;
        out.push({ issuer: provider.issuer, clientIds: provider.clientIds.map((c) => c.value), file, range: list.range });
      }
    }
    return out;
  }, ['identity-provider', 'terraform']);
}

/** The cluster issuers whose URL is literal, closest to a file first: what a generated policy may name. */
export function literalIssuersNear(from: ParsedFile, index: WorkspaceIndex): ClusterIssuer[] {
  return byProximity(from, clusterIssuers(index).filter((i) => !i.templated));
}

/** The candidates closest to a file in the folder tree first (a workspace may hold several clusters). */
export function byProximity<T extends { file: ParsedFile }>(from: ParsedFile, items: T[]): T[] {
  const shared = (item: T) => commonPrefixLength(from.fsPath ?? '', item.file.fsPath ?? '');
  return [...items].sort((a, b) => shared(b) - shared(a));
}

function commonPrefixLength(a: string, b: string): number {
  const pa = path.dirname(a).split(path.sep);
  const pb = path.dirname(b).split(path.sep);
  let i = 0;
  while (i < pa.length && i < pb.length && pa[i] === pb[i]) i++;
  return i;
}
