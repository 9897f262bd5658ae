import * as path from 'path';
import { clusterIssuers } from '../crossFile/clusterFacts';
import { clusterOf, ClusterSettings } from '../crossFile/clusterScope';
import { RoleReference } from '../crossFile/roleReferences';
import { trustSources } from '../crossFile/trustSources';
import { issuerOfProvider } from '../crossFile/webIdentityTrust';
import { parseFederated } from '../iam/principals';
import { isMap, isScalar, OffsetRange, SNode, str } from '../model/node';
import { ParsedFile, SourceDoc } from '../model/parsedFile';
import { isTemplated } from '../model/templated';
import { Settings } from '../settings';
import { PolicyDoc } from '../views/policy';
import { serviceAccountView } from '../views/serviceAccount';
import { webIdentityFacts } from '../views/webIdentity';
import { folderFacts, PublicKeyFile, readPublicKeys } from '../workspace/folderFacts';
import { WorkspaceIndex } from '../workspace/workspaceIndex';

/** Where the workspace names an issuer: a trust policy's Federated provider, a cluster's serviceAccountIssuer, a role reference. */
export interface IssuerPlace {
  file: ParsedFile;
  range: OffsetRange;
}

/** An audience a workload's token (or a ServiceAccount's annotation) requests. */
export interface RequestedAudience extends IssuerPlace {
  value: string;
  describe: string;
}

/** One issuer the workspace uses, with what verify compares against AWS and the issuer's own documents. */
export interface IssuerUse {
  /** host[/path], as IAM writes it. */
  issuer: string;
  /** The IAM OIDC provider's ARN, when a live or workspace trust policy names it. */
  arn: string | undefined;
  /** Where to report: the cluster's issuer first, then trust policies, then references. */
  places: IssuerPlace[];
  audiences: RequestedAudience[];
  /** The cluster's public signing keys (ccoctl's serviceaccount-signer.public) next to its issuer definition. */
  keys: PublicKeyFile[];
}

/** A role reference with the document it is in (for the audiences that document requests). */
export interface LocatedReference {
  file: ParsedFile;
  doc: SourceDoc;
  ref: RoleReference;
}

/**
 * The issuers a workspace uses: the providers its roles trust (the live trust
 * policy decides which; the workspace's trust file is where it is reported when
 * it names the same provider) and the issuers its clusters declare.
 */
export class IssuerUses {
  private readonly byIssuer = new Map<string, IssuerUse>();

  constructor(
    private readonly index: WorkspaceIndex,
    private readonly settings: ClusterSettings,
  ) {}

  private use(issuer: string): IssuerUse {
    let entry = this.byIssuer.get(issuer);
    if (!entry) this.byIssuer.set(issuer, (entry = { issuer, arn: undefined, places: [], audiences: [], keys: [] }));
    return entry;
  }

  /** A role's live trust policy trusts these providers; `workspace` is the role's trust policy in the workspace, if any. */
  addRole(liveTrust: unknown, workspace: { file: ParsedFile; policy: PolicyDoc } | undefined, refs: LocatedReference[]): void {
    for (const arn of federatedProviders(liveTrust)) {
      const issuer = issuerOfProvider(arn)!;
      const entry = this.use(issuer);
      entry.arn ??= arn;
      const named = workspace?.policy.statements.flatMap((s) => s.principals).filter((p) => p.type === 'Federated' && p.value === arn) ?? [];
      const places = named.length > 0 ? named.map((p) => ({ file: workspace!.file, range: p.node.range })) : refs.map(({ file, ref }) => ({ file, range: ref.range }));
      for (const place of places) if (!entry.places.some((p) => p.file === place.file && p.range[0] === place.range[0])) entry.places.push(place);
      for (const located of refs) {
        for (const audience of requestedAudiences(this.index, located)) {
          if (!entry.audiences.some((a) => a.file === audience.file && a.range[0] === audience.range[0])) entry.audiences.push(audience);
        }
      }
    }
  }

  /**
   * The clusters' literal issuers (Authentication, kops Cluster, discovery
   * document) and the public keys beside them. A cluster issuer no role
   * trusts gets its provider ARN only from a trust policy of the workspace
   * that names it (the account is never guessed).
   */
  addClusters(settings: Settings): void {
    for (const cluster of clusterIssuers(this.index)) {
      if (cluster.templated || !/^https:\/\/[^/?#\s]+(\/[^?#\s]*)?$/i.test(cluster.url)) continue;
      const entry = this.use(cluster.issuer);
      entry.places.unshift({ file: cluster.file, range: cluster.range });
      entry.arn ??= namedProvider(this.index, settings, cluster.issuer);
      const dirs = new Set<string>();
      if (cluster.file.fsPath) dirs.add(path.dirname(cluster.file.fsPath));
      const root = clusterOf(this.index, cluster.file, this.settings)?.root;
      if (root) dirs.add(root);
      for (const dir of dirs) {
        for (const key of readPublicKeys(this.index, dir)) if (!entry.keys.some((k) => k.kid === key.kid)) entry.keys.push(key);
      }
    }
  }

  all(): IssuerUse[] {
    return [...this.byIssuer.values()].sort((a, b) => a.issuer.localeCompare(b.issuer));
  }
}

/** The provider ARN of an issuer as a workspace trust policy writes it in a Federated principal. */
function namedProvider(index: WorkspaceIndex, settings: Settings, issuer: string): string | undefined {
  for (const sources of trustSources(index, settings).values()) {
    for (const { policy } of sources) {
      for (const principal of policy.statements.flatMap((s) => s.principals)) {
        if (principal.type === 'Federated' && parseFederated(principal.value).kind === 'oidc' && issuerOfProvider(principal.value) === issuer) return principal.value;
      }
    }
  }
  return undefined;
}

/** Literal OIDC provider ARNs of the Allow statements of a (live, plain JSON) trust policy. */
function federatedProviders(policy: unknown): string[] {
  const out = new Set<string>();
  const statements = (policy as { Statement?: unknown })?.Statement;
  for (const statement of Array.isArray(statements) ? statements : [statements]) {
    const s = statement as { Effect?: unknown; Principal?: { Federated?: unknown } } | undefined;
    if (!s || s.Effect !== 'Allow') continue;
    const federated = s.Principal?.Federated;
    for (const value of Array.isArray(federated) ? federated : [federated]) {
      if (typeof value === 'string' && parseFederated(value).kind === 'oidc') out.add(value);
    }
  }
  return [...out];
}

/** Audiences written in the referencing document: a ServiceAccount's eks.amazonaws.com/audience, a workload's projected token audiences. */
function requestedAudiences(index: WorkspaceIndex, { file, doc, ref }: LocatedReference): RequestedAudience[] {
  const out: RequestedAudience[] = [];
  const add = (node: SNode | undefined, describe: string) => {
    const value = isScalar(node) ? str(node) : undefined;
    if (node && value && !isTemplated(value)) out.push({ file, range: node.range, value, describe });
  };
  if (doc.kind === 'service-account' && isMap(doc.root)) {
    add(serviceAccountView(doc.root).audience?.value, `the eks.amazonaws.com/audience annotation of ${ref.describe}`);
  } else if (ref.workload) {
    for (const use of webIdentityFacts(ref.workload, folderFacts(index, file)).uses) add(use.token?.audience?.value, `the token of ${ref.describe.replace(/ \(.*\)$/, '')}`);
  }
  return out;
}
