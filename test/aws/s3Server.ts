import * as fs from 'fs';
import * as http from 'http';
import { AddressInfo } from 'net';
import { makeTempDir } from '../tempDirs';

// s3rver ships no type declarations.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const S3rver = require('s3rver') as new (options: Record<string, unknown>) => { run(): Promise<AddressInfo>; close(): Promise<void> };

interface Tag {
  Key: string;
  Value: string;
}

export interface S3Call {
  operation: string;
  bucket: string;
  key?: string;
}

/**
 * S3 on 127.0.0.1: s3rver keeps buckets and objects; a thin front answers
 * what s3rver does not implement (bucket tagging, bucket policy, public access
 * block, object tags given with x-amz-tagging) and records every call as its
 * S3 operation name.
 */
export class FakeS3 {
  readonly calls: S3Call[] = [];
  readonly bucketTags = new Map<string, Tag[]>();
  readonly bucketPolicies = new Map<string, string>();
  readonly publicAccessBlocks = new Map<string, string>();
  readonly objectTags = new Map<string, Tag[]>();
  private backend: InstanceType<typeof S3rver> | undefined;
  private backendPort = 0;
  private front: http.Server | undefined;
  private directory = '';
  url = '';

  async start(): Promise<string> {
    this.directory = makeTempDir('s3rver');
    this.backend = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: this.directory, allowMismatchedSignatures: true });
    this.backendPort = (await this.backend.run()).port;
    this.front = http.createServer((req, res) => this.handle(req, res));
    await new Promise<void>((resolve) => this.front!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.front.address() as AddressInfo).port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    this.front?.closeAllConnections();
    await new Promise((resolve) => this.front?.close(resolve));
    await this.backend?.close();
    fs.rmSync(this.directory, { recursive: true, force: true });
  }

  /** Operations other than reads. */
  writes(): string[] {
    return this.calls.filter((c) => !/^(Get|List|Head)/.test(c.operation)).map((c) => `${c.operation} ${c.bucket}${c.key ? `/${c.key}` : ''}`);
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const [, bucket = '', ...rest] = url.pathname.split('/');
    const key = rest.length ? decodeURIComponent(rest.join('/')) : undefined;
    const sub = ['tagging', 'policy', 'publicAccessBlock'].find((s) => url.searchParams.has(s));
    const method = req.method ?? 'GET';
    this.calls.push({ operation: operationOf(method, key, sub, url.searchParams.has('list-type')), bucket, key });
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      if (sub && !key) return this.bucketSubresource(method, bucket, sub, body, res);
      if (sub === 'tagging' && key && method === 'GET') {
        const tags = this.objectTags.get(`${bucket}/${key}`) ?? [];
        return send(res, 200, `<Tagging><TagSet>${tags.map((t) => `<Tag><Key>${t.Key}</Key><Value>${t.Value}</Value></Tag>`).join('')}</TagSet></Tagging>`);
      }
      if (key && method === 'PUT' && req.headers['x-amz-tagging']) {
        this.objectTags.set(`${bucket}/${key}`, [...new URLSearchParams(String(req.headers['x-amz-tagging']))].map(([Key, Value]) => ({ Key, Value })));
      }
      if (key && method === 'DELETE') this.objectTags.delete(`${bucket}/${key}`);
      if (!key && method === 'DELETE') {
        this.bucketTags.delete(bucket);
        this.bucketPolicies.delete(bucket);
      }
      this.forward(req, body, res);
    });
  }

  private bucketSubresource(method: string, bucket: string, sub: string, body: string, res: http.ServerResponse): void {
    const store = sub === 'policy' ? this.bucketPolicies : sub === 'publicAccessBlock' ? this.publicAccessBlocks : undefined;
    if (method === 'PUT') {
      if (sub === 'tagging') this.bucketTags.set(bucket, [...body.matchAll(/<Tag><Key>(.*?)<\/Key><Value>(.*?)<\/Value><\/Tag>/g)].map((m) => ({ Key: m[1], Value: m[2] })));
      else store!.set(bucket, body);
      return send(res, sub === 'policy' ? 204 : 200, '');
    }
    if (method === 'GET' && sub === 'tagging') {
      const tags = this.bucketTags.get(bucket);
      if (!tags) return send(res, 404, '<Error><Code>NoSuchTagSet</Code><Message>The TagSet does not exist</Message></Error>');
      return send(res, 200, `<Tagging><TagSet>${tags.map((t) => `<Tag><Key>${t.Key}</Key><Value>${t.Value}</Value></Tag>`).join('')}</TagSet></Tagging>`);
    }
    send(res, 501, '<Error><Code>NotImplemented</Code><Message>not in the test server</Message></Error>');
  }

  private forward(req: http.IncomingMessage, body: string, res: http.ServerResponse): void {
    const upstream = http.request({ host: '127.0.0.1', port: this.backendPort, method: req.method, path: req.url, headers: { ...req.headers, 'content-length': Buffer.byteLength(body) } }, (answer) => {
      res.writeHead(answer.statusCode ?? 500, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', (error) => send(res, 502, `<Error><Code>BadGateway</Code><Message>${error.message}</Message></Error>`));
    upstream.end(body);
  }
}

function send(res: http.ServerResponse, status: number, xml: string): void {
  res.writeHead(status, { 'content-type': 'application/xml' });
  res.end(xml);
}

function operationOf(method: string, key: string | undefined, sub: string | undefined, listV2: boolean): string {
  const target = key ? 'Object' : 'Bucket';
  const suffix = sub === 'tagging' ? 'Tagging' : sub === 'policy' ? 'Policy' : sub === 'publicAccessBlock' ? 'PublicAccessBlock' : '';
  if (!key && !sub && method === 'GET') return listV2 ? 'ListObjectsV2' : 'ListObjects';
  const verb = { GET: 'Get', PUT: key || sub ? 'Put' : 'Create', DELETE: 'Delete', HEAD: 'Head', POST: 'Post' }[method] ?? method;
  return `${verb}${target}${suffix}`;
}
