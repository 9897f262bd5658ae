import * as http from 'http';
import { AddressInfo } from 'net';
import { ACCOUNT } from './iamServer';

/**
 * A small stand-in for CloudFront's REST-XML API (2020-05-31) on 127.0.0.1:
 * origin access identities and distributions with tags, ETags checked on
 * every change, a distribution "InProgress" for a few status reads after each
 * change, and CloudFront's refusals (deleting an enabled or undeployed
 * distribution, or an OAI a distribution still uses). It records every call.
 */

export interface CloudFrontCall {
  operation: string;
  id?: string;
  /** The request body (XML) of writes. */
  body?: string;
  ifMatch?: string;
}

interface Tag {
  Key: string;
  Value: string;
}

export interface FakeOai {
  id: string;
  canonicalUser: string;
  callerReference: string;
  comment: string;
  etag: number;
}

export interface FakeDistribution {
  id: string;
  arn: string;
  domain: string;
  /** The DistributionConfig element's inner XML, as last sent. */
  config: string;
  tags: Tag[];
  etag: number;
  /** Status reads left before the last change is "Deployed". */
  pending: number;
}

class CloudFrontError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const MAX_BODY = 256 * 1024;
const MAX_RESOURCES = 100;
const NS = 'http://cloudfront.amazonaws.com/doc/2020-05-31/';
const PREFIX = '/2020-05-31';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const unesc = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
const el = (name: string, value: string | number | boolean) => `<${name}>${typeof value === 'string' ? esc(value) : String(value)}</${name}>`;
/** The text of the first `<name>` element (no nesting of the same name in what we read). */
const text = (xml: string, name: string) => {
  const match = new RegExp(`<${name}>([\\s\\S]*?)</${name}>`).exec(xml);
  return match ? unesc(match[1]) : undefined;
};
/** The text of the child element `name` of this level (not of a nested one: Enabled is at several depths). */
const topLevel = (xml: string, name: string) => {
  let depth = 0;
  let start = -1;
  for (const m of xml.matchAll(/<(\/?)([A-Za-z0-9]+)[^>]*?(\/?)>/g)) {
    if (m[3]) continue;
    if (!m[1]) {
      if (depth === 0 && m[2] === name) start = m.index + m[0].length;
      depth++;
    } else {
      depth--;
      if (depth === 0 && start >= 0 && m[2] === name) return unesc(xml.slice(start, m.index));
    }
  }
  return undefined;
};
const inner = (xml: string, name: string) => new RegExp(`<${name}(?: [^>]*)?>([\\s\\S]*)</${name}>`).exec(xml)?.[1];
const tagsOf = (xml: string) => [...xml.matchAll(/<Tag><Key>([\s\S]*?)<\/Key>(?:<Value>([\s\S]*?)<\/Value>)?<\/Tag>/g)].map((m) => ({ Key: unesc(m[1]), Value: unesc(m[2] ?? '') }));

export class FakeCloudFront {
  readonly calls: CloudFrontCall[] = [];
  readonly oais = new Map<string, FakeOai>();
  readonly distributions = new Map<string, FakeDistribution>();
  /** Status reads a distribution stays InProgress after each change. */
  deployAfter = 1;
  /** Small pages, so that callers must follow NextMarker. */
  pageSize = 1;
  private counter = 0;
  private server: http.Server | undefined;
  url = '';

  async start(): Promise<string> {
    this.server = http.createServer((req, res) => this.handle(req, res));
    this.server.requestTimeout = 10_000;
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }

  /** Calls other than reads, as `Operation id`: what changed CloudFront. */
  writes(): string[] {
    return this.calls.filter((c) => !/^(Get|List)/.test(c.operation)).map((c) => `${c.operation}${c.id ? ` ${c.id}` : ''}`);
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    let body = '';
    let size = 0;
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        send(res, 413, errorXml('RequestTooLarge', 'request body too large for the test server'));
        req.destroy();
      } else body += chunk;
    });
    req.on('end', () => {
      if (res.headersSent) return;
      const url = new URL(req.url ?? '/', 'http://localhost');
      const ifMatch = req.headers['if-match'] ? String(req.headers['if-match']) : undefined;
      try {
        this.route(req.method ?? 'GET', url, body, ifMatch, res);
      } catch (error) {
        const e = error instanceof CloudFrontError ? error : new CloudFrontError(500, 'InternalError', (error as Error).message);
        send(res, e.status, errorXml(e.code, e.message));
      }
    });
  }

  private record(operation: string, id: string | undefined, body: string, ifMatch: string | undefined): void {
    this.calls.push({ operation, ...(id ? { id } : {}), ...(body ? { body } : {}), ...(ifMatch ? { ifMatch } : {}) });
  }

  private route(method: string, url: URL, body: string, ifMatch: string | undefined, res: http.ServerResponse): void {
    const path = url.pathname.startsWith(PREFIX) ? url.pathname.slice(PREFIX.length) : url.pathname;
    const parts = path.split('/').filter(Boolean);
    const fail = (operation: string) => {
      this.record(operation, undefined, body, ifMatch);
      throw new CloudFrontError(400, 'InvalidRequest', `${method} ${url.pathname} is not in the test server`);
    };
    if (parts[0] === 'origin-access-identity' && parts[1] === 'cloudfront') {
      const id = parts[2];
      if (!id && method === 'POST') return this.createOai(body, res);
      if (!id && method === 'GET') return this.listOais(url, res);
      if (id && parts.length === 3 && method === 'GET') return this.getOai(id, res);
      if (id && parts.length === 3 && method === 'DELETE') return this.deleteOai(id, ifMatch, res);
      return fail('UnknownOriginAccessIdentityOperation');
    }
    if (parts[0] === 'distribution') {
      const id = parts[1];
      if (!id && method === 'POST' && url.searchParams.has('WithTags')) return this.createDistribution(body, res);
      if (!id && method === 'GET') return this.listDistributions(url, res);
      if (id && parts.length === 2 && method === 'GET') return this.getDistribution(id, res);
      if (id && parts.length === 2 && method === 'DELETE') return this.deleteDistribution(id, ifMatch, res);
      if (id && parts[2] === 'config' && method === 'GET') return this.getDistributionConfig(id, res);
      if (id && parts[2] === 'config' && method === 'PUT') return this.updateDistribution(id, body, ifMatch, res);
      return fail('UnknownDistributionOperation');
    }
    if (parts[0] === 'tagging' && method === 'GET') return this.listTags(url, res);
    return fail('UnknownOperation');
  }

  private createOai(body: string, res: http.ServerResponse): void {
    this.record('CreateCloudFrontOriginAccessIdentity', undefined, body, undefined);
    const callerReference = text(body, 'CallerReference') ?? '';
    const comment = text(body, 'Comment') ?? '';
    if (!callerReference) throw new CloudFrontError(400, 'InvalidArgument', 'CallerReference is required');
    const same = [...this.oais.values()].find((o) => o.callerReference === callerReference);
    if (same) {
      if (same.comment !== comment) throw new CloudFrontError(409, 'CloudFrontOriginAccessIdentityAlreadyExists', `CallerReference ${callerReference} is already used`);
      return send(res, 201, oaiXml(same), { ETag: etag(same.etag) });
    }
    if (this.oais.size >= MAX_RESOURCES) throw new CloudFrontError(400, 'TooManyCloudFrontOriginAccessIdentities', 'test server limit');
    const n = ++this.counter;
    const oai: FakeOai = { id: `E${String(n).padStart(3, '0')}OAITEST`, canonicalUser: `${'c0ffee'.repeat(10)}${String(n).padStart(4, '0')}`, callerReference, comment, etag: 1 };
    this.oais.set(oai.id, oai);
    send(res, 201, oaiXml(oai), { ETag: etag(oai.etag), Location: `${this.url}${PREFIX}/origin-access-identity/cloudfront/${oai.id}` });
  }

  private listOais(url: URL, res: http.ServerResponse): void {
    this.record('ListCloudFrontOriginAccessIdentities', undefined, '', undefined);
    const { items, marker, next } = page([...this.oais.values()], url, this.pageSize);
    const summaries = items.map((o) => `<CloudFrontOriginAccessIdentitySummary>${el('Id', o.id)}${el('S3CanonicalUserId', o.canonicalUser)}${el('Comment', o.comment)}</CloudFrontOriginAccessIdentitySummary>`).join('');
    send(res, 200, `<CloudFrontOriginAccessIdentityList xmlns="${NS}">${el('Marker', marker)}${next ? el('NextMarker', next) : ''}${el('MaxItems', this.pageSize)}${el('IsTruncated', next !== undefined)}${el('Quantity', items.length)}${items.length ? `<Items>${summaries}</Items>` : ''}</CloudFrontOriginAccessIdentityList>`);
  }

  private oai(id: string): FakeOai {
    const oai = this.oais.get(id);
    if (!oai) throw new CloudFrontError(404, 'NoSuchCloudFrontOriginAccessIdentity', `no origin access identity ${id}`);
    return oai;
  }

  private getOai(id: string, res: http.ServerResponse): void {
    this.record('GetCloudFrontOriginAccessIdentity', id, '', undefined);
    const oai = this.oai(id);
    send(res, 200, oaiXml(oai), { ETag: etag(oai.etag) });
  }

  private deleteOai(id: string, ifMatch: string | undefined, res: http.ServerResponse): void {
    this.record('DeleteCloudFrontOriginAccessIdentity', id, '', ifMatch);
    const oai = this.oai(id);
    checkEtag(ifMatch, oai.etag);
    const user = [...this.distributions.values()].find((d) => d.config.includes(`origin-access-identity/cloudfront/${id}<`));
    if (user) throw new CloudFrontError(409, 'CloudFrontOriginAccessIdentityInUse', `distribution ${user.id} still uses origin access identity ${id}`);
    this.oais.delete(id);
    send(res, 204, '');
  }

  private createDistribution(body: string, res: http.ServerResponse): void {
    this.record('CreateDistributionWithTags', undefined, body, undefined);
    const config = inner(body, 'DistributionConfig');
    if (config === undefined) throw new CloudFrontError(400, 'MalformedInput', 'no DistributionConfig');
    for (const required of ['CallerReference', 'Origins', 'DefaultCacheBehavior', 'Comment', 'Enabled']) {
      if (topLevel(config, required) === undefined) throw new CloudFrontError(400, 'MalformedInput', `DistributionConfig.${required} is required`);
    }
    const oaiRef = text(config, 'OriginAccessIdentity');
    if (oaiRef && !this.oais.has(oaiRef.replace('origin-access-identity/cloudfront/', ''))) throw new CloudFrontError(400, 'InvalidOriginAccessIdentity', `no origin access identity ${oaiRef}`);
    const callerReference = topLevel(config, 'CallerReference');
    if ([...this.distributions.values()].some((d) => topLevel(d.config, 'CallerReference') === callerReference)) {
      throw new CloudFrontError(409, 'DistributionAlreadyExists', `CallerReference ${callerReference} is already used`);
    }
    if (this.distributions.size >= MAX_RESOURCES) throw new CloudFrontError(400, 'TooManyDistributions', 'test server limit');
    const n = ++this.counter;
    const id = `E${String(n).padStart(3, '0')}DISTTEST`;
    const tagsXml = inner(body.slice(body.indexOf('</DistributionConfig>')), 'Tags') ?? '';
    const distribution: FakeDistribution = { id, arn: `arn:aws:cloudfront::${ACCOUNT}:distribution/${id}`, domain: `d${n}test.cloudfront.net`, config, tags: tagsOf(tagsXml), etag: 1, pending: this.deployAfter };
    this.distributions.set(id, distribution);
    send(res, 201, this.distributionXml(distribution), { ETag: etag(distribution.etag), Location: `${this.url}${PREFIX}/distribution/${id}` });
  }

  private distribution(id: string): FakeDistribution {
    const d = this.distributions.get(id);
    if (!d) throw new CloudFrontError(404, 'NoSuchDistribution', `no distribution ${id}`);
    return d;
  }

  private distributionXml(d: FakeDistribution): string {
    return `<Distribution xmlns="${NS}">${el('Id', d.id)}${el('ARN', d.arn)}${el('Status', d.pending > 0 ? 'InProgress' : 'Deployed')}${el('LastModifiedTime', '2024-01-02T03:04:05Z')}${el('InProgressInvalidationBatches', 0)}${el('DomainName', d.domain)}<DistributionConfig>${d.config}</DistributionConfig></Distribution>`;
  }

  private listDistributions(url: URL, res: http.ServerResponse): void {
    this.record('ListDistributions', undefined, '', undefined);
    const { items, marker, next } = page([...this.distributions.values()], url, this.pageSize);
    const summaries = items
      .map((d) => {
        const origins = inner(d.config, 'Origins') ?? '';
        return `<DistributionSummary>${el('Id', d.id)}${el('ARN', d.arn)}${el('Status', d.pending > 0 ? 'InProgress' : 'Deployed')}${el('LastModifiedTime', '2024-01-02T03:04:05Z')}${el('DomainName', d.domain)}<Aliases><Quantity>0</Quantity></Aliases><Origins>${origins}</Origins>${el('Comment', topLevel(d.config, 'Comment') ?? '')}${el('Enabled', topLevel(d.config, 'Enabled') === 'true')}${el('Staging', false)}</DistributionSummary>`;
      })
      .join('');
    send(res, 200, `<DistributionList xmlns="${NS}">${el('Marker', marker)}${next ? el('NextMarker', next) : ''}${el('MaxItems', this.pageSize)}${el('IsTruncated', next !== undefined)}${el('Quantity', items.length)}${items.length ? `<Items>${summaries}</Items>` : ''}</DistributionList>`);
  }

  private getDistribution(id: string, res: http.ServerResponse): void {
    this.record('GetDistribution', id, '', undefined);
    const d = this.distribution(id);
    const answer = this.distributionXml(d);
    // Each status read brings the change closer to deployed, as the real propagation would.
    if (d.pending > 0) d.pending--;
    send(res, 200, answer, { ETag: etag(d.etag) });
  }

  private getDistributionConfig(id: string, res: http.ServerResponse): void {
    this.record('GetDistributionConfig', id, '', undefined);
    const d = this.distribution(id);
    send(res, 200, `<DistributionConfig xmlns="${NS}">${d.config}</DistributionConfig>`, { ETag: etag(d.etag) });
  }

  private updateDistribution(id: string, body: string, ifMatch: string | undefined, res: http.ServerResponse): void {
    this.record('UpdateDistribution', id, body, ifMatch);
    const d = this.distribution(id);
    checkEtag(ifMatch, d.etag);
    const config = inner(body, 'DistributionConfig');
    if (config === undefined) throw new CloudFrontError(400, 'MalformedInput', 'no DistributionConfig');
    if (topLevel(config, 'CallerReference') !== topLevel(d.config, 'CallerReference')) throw new CloudFrontError(400, 'IllegalUpdate', 'CallerReference cannot change');
    d.config = config;
    d.etag++;
    d.pending = this.deployAfter;
    send(res, 200, this.distributionXml(d), { ETag: etag(d.etag) });
  }

  private deleteDistribution(id: string, ifMatch: string | undefined, res: http.ServerResponse): void {
    this.record('DeleteDistribution', id, '', ifMatch);
    const d = this.distribution(id);
    checkEtag(ifMatch, d.etag);
    if (topLevel(d.config, 'Enabled') !== 'false') throw new CloudFrontError(409, 'DistributionNotDisabled', `distribution ${id} is enabled: disable it first`);
    if (d.pending > 0) throw new CloudFrontError(409, 'DistributionNotDisabled', `distribution ${id} is not deployed yet`);
    this.distributions.delete(id);
    send(res, 204, '');
  }

  private listTags(url: URL, res: http.ServerResponse): void {
    const arn = url.searchParams.get('Resource') ?? '';
    this.record('ListTagsForResource', arn, '', undefined);
    const d = [...this.distributions.values()].find((x) => x.arn === arn);
    if (!d) throw new CloudFrontError(404, 'NoSuchResource', `no resource ${arn}`);
    send(res, 200, `<Tags xmlns="${NS}"><Items>${d.tags.map((t) => `<Tag>${el('Key', t.Key)}${el('Value', t.Value)}</Tag>`).join('')}</Items></Tags>`);
  }
}

function oaiXml(oai: FakeOai): string {
  return `<CloudFrontOriginAccessIdentity xmlns="${NS}">${el('Id', oai.id)}${el('S3CanonicalUserId', oai.canonicalUser)}<CloudFrontOriginAccessIdentityConfig>${el('CallerReference', oai.callerReference)}${el('Comment', oai.comment)}</CloudFrontOriginAccessIdentityConfig></CloudFrontOriginAccessIdentity>`;
}

function etag(n: number): string {
  return `ETAG${n}`;
}

function checkEtag(ifMatch: string | undefined, current: number): void {
  if (!ifMatch) throw new CloudFrontError(400, 'InvalidIfMatchVersion', 'If-Match is required');
  if (ifMatch !== etag(current)) throw new CloudFrontError(412, 'PreconditionFailed', `If-Match ${ifMatch} is not the current ${etag(current)}`);
}

/** Markers are item ids: the page starts after the marker. */
function page<T extends { id: string }>(all: T[], url: URL, size: number): { items: T[]; marker: string; next: string | undefined } {
  const marker = url.searchParams.get('Marker') ?? '';
  const start = marker ? all.findIndex((x) => x.id === marker) + 1 : 0;
  const max = Math.min(size, Number(url.searchParams.get('MaxItems') || size));
  const items = all.slice(start, start + max);
  const next = start + max < all.length ? items[items.length - 1]?.id : undefined;
  return { items, marker, next };
}

function errorXml(code: string, message: string): string {
  return `<ErrorResponse xmlns="${NS}"><Error><Type>Sender</Type>${el('Code', code)}${el('Message', message)}</Error><RequestId>fake-cloudfront</RequestId></ErrorResponse>`;
}

function send(res: http.ServerResponse, status: number, xml: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { ...(xml ? { 'content-type': 'text/xml' } : {}), ...headers });
  res.end(xml);
}
