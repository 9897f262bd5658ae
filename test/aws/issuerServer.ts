import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as https from 'https';
import * as net from 'net';
import { AddressInfo } from 'net';
import * as path from 'path';
import { tempDir } from '../unit/ccoctl/ccoctlHelpers';

/** A root CA, an intermediate it signed, and a server certificate the intermediate signed, made with openssl. */
export interface TestChain {
  dir: string;
  /** root.pem: what a client must trust (NODE_EXTRA_CA_CERTS, or `ca`). */
  rootFile: string;
  root: string;
  intermediate: string;
  serverKey: string;
  serverCert: string;
  /** SHA-1 (upper-case hex) of each certificate, as IAM's ThumbprintList writes it. */
  sha1: { root: string; intermediate: string; server: string };
}

/** Certificates for 127.0.0.1 and the given DNS names: root -> intermediate -> server. */
export function makeChain(dnsNames: string[]): TestChain {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
  } catch {
    // Never skipped silently: the certificates of these tests are made with openssl.
    throw new Error('openssl is needed to make the test certificates: apt-get install -y openssl');
  }
  const dir = tempDir();
  const run = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'pipe', 'ignore'] }).toString();
  run('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'root.key', '-out', 'root.pem', '-days', '2', '-subj', '/CN=sts-lens test root');
  run('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'int.key', '-out', 'int.csr', '-subj', '/CN=sts-lens test intermediate');
  fs.writeFileSync(path.join(dir, 'ca.cnf'), 'basicConstraints=critical,CA:true\nkeyUsage=critical,keyCertSign,cRLSign\n');
  run('x509', '-req', '-in', 'int.csr', '-CA', 'root.pem', '-CAkey', 'root.key', '-CAcreateserial', '-out', 'int.pem', '-days', '2', '-extfile', 'ca.cnf');
  run('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=sts-lens test issuer');
  fs.writeFileSync(path.join(dir, 'server.cnf'), `subjectAltName=${['IP:127.0.0.1', ...dnsNames.map((n) => `DNS:${n}`)].join(',')}\n`);
  run('x509', '-req', '-in', 'server.csr', '-CA', 'int.pem', '-CAkey', 'int.key', '-CAcreateserial', '-out', 'server.pem', '-days', '2', '-extfile', 'server.cnf');
  const sha1 = (file: string) => run('x509', '-in', file, '-noout', '-fingerprint', '-sha1').split('=')[1].trim().replace(/:/g, '');
  const read = (file: string) => fs.readFileSync(path.join(dir, file), 'utf8');
  return {
    dir,
    rootFile: path.join(dir, 'root.pem'),
    root: read('root.pem'),
    intermediate: read('int.pem'),
    serverKey: read('server.key'),
    serverCert: read('server.pem'),
    sha1: { root: sha1('root.pem'), intermediate: sha1('int.pem'), server: sha1('server.pem') },
  };
}

/**
 * OIDC issuers on 127.0.0.1 behind an HTTP CONNECT proxy: the proxy sends
 * every tunnel, whatever host it names, to one HTTPS server, which answers by
 * Host header and path. Clients reach `https://<any name>` only through the
 * proxy (HTTPS_PROXY), so no name is ever resolved and nothing leaves
 * 127.0.0.1. The server sends its certificate and the intermediate, not the root.
 */
export class FakeIssuers {
  /** CONNECT targets the proxy was asked for, in order. */
  readonly connects: string[] = [];
  /** `host/path` -> answer; anything else is a 404. */
  readonly documents = new Map<string, { status: number; body: string }>();
  /** GET requests the issuer server answered, as `host/path`. */
  readonly gets: string[] = [];
  /** When it returns a promise, the answer to that GET (`host/path`) waits for it (a slow issuer, for cancellation tests). */
  hold: ((key: string) => Promise<void> | undefined) | undefined;
  /** When set, the proxy refuses every CONNECT with this status. */
  refuseWith: number | undefined;
  private server: https.Server | undefined;
  private proxy: http.Server | undefined;
  /** Tunnels leave the proxy server's bookkeeping: they are closed here. */
  private readonly tunnels = new Set<net.Socket>();
  proxyUrl = '';
  issuerPort = 0;

  constructor(readonly chain: TestChain) {}

  /** ccoctl's two documents for an issuer (host[/path]): discovery and keys.json. */
  publish(issuer: string, jwks: unknown, discovery?: unknown): void {
    const url = `https://${issuer}`;
    this.documents.set(`${issuer}/.well-known/openid-configuration`, { status: 200, body: JSON.stringify(discovery ?? { issuer: url, jwks_uri: `${url}/keys.json`, response_types_supported: ['id_token'], subject_types_supported: ['public'], id_token_signing_alg_values_supported: ['RS256'] }) });
    this.documents.set(`${issuer}/keys.json`, { status: 200, body: JSON.stringify(jwks) });
  }

  async start(): Promise<string> {
    this.server = https.createServer({ key: this.chain.serverKey, cert: this.chain.serverCert + this.chain.intermediate }, async (req, res) => {
      const key = `${(req.headers.host ?? '').replace(/:\d+$/, '')}${req.url}`;
      this.gets.push(key);
      const held = this.hold?.(key);
      if (held) await held;
      const doc = this.documents.get(key);
      res.writeHead(doc?.status ?? 404, { 'content-type': 'application/json' }).end(doc?.body ?? '{"error":"not found"}');
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.issuerPort = (this.server.address() as AddressInfo).port;
    this.proxy = http.createServer((_req, res) => res.writeHead(405).end());
    this.proxy.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
      this.connects.push(req.url ?? '');
      this.tunnels.add(client);
      client.on('close', () => this.tunnels.delete(client));
      if (this.refuseWith) {
        client.end(`HTTP/1.1 ${this.refuseWith} Refused\r\n\r\n`);
        return;
      }
      const upstream = net.connect(this.issuerPort, '127.0.0.1', () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        if (head.length) upstream.write(head);
        upstream.pipe(client);
        client.pipe(upstream);
      });
      this.tunnels.add(upstream);
      upstream.on('close', () => this.tunnels.delete(upstream));
      upstream.on('error', () => client.destroy());
      client.on('error', () => upstream.destroy());
    });
    await new Promise<void>((resolve) => this.proxy!.listen(0, '127.0.0.1', resolve));
    this.proxyUrl = `http://127.0.0.1:${(this.proxy.address() as AddressInfo).port}`;
    return this.proxyUrl;
  }

  async stop(): Promise<void> {
    for (const socket of this.tunnels) socket.destroy();
    for (const server of [this.server, this.proxy]) {
      server?.closeAllConnections();
      await new Promise((resolve) => server?.close(resolve));
    }
  }
}
