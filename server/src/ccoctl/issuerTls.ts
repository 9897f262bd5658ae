import * as crypto from 'crypto';
import * as http from 'http';
import * as https from 'https';
import * as net from 'net';
import * as tls from 'tls';
import { httpsProxyFor } from '../util/proxyEnv';

export interface IssuerConnectOptions {
  /** Extra trusted CAs (tests use a server with its own CA on 127.0.0.1). */
  ca?: string | Buffer;
  timeoutMs?: number;
  /** Where HTTPS_PROXY and NO_PROXY are read (default: this process's environment). */
  env?: NodeJS.ProcessEnv;
  /** Cancellation: the connection is dropped and the promise rejects with the signal's reason. */
  signal?: AbortSignal;
}

const DEFAULT_TIMEOUT_MS = 15_000;

/**
 * A verified TLS connection to the host of an https URL, through the proxy
 * the environment names (HTTPS_PROXY, NO_PROXY; an HTTP CONNECT tunnel), as
 * ccoctl's Go client connects. The certificate chain is verified against the
 * trusted CAs: a connection that is not would pin, or trust, whatever a man in
 * the middle presented. Errors say why, not which host: callers name it.
 */
export async function connectIssuer(url: URL, options: IssuerConnectOptions = {}): Promise<tls.TLSSocket> {
  if (url.protocol !== 'https:') throw new Error(`${url.href} is not https`);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const port = Number(url.port || 443);
  const timeout = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const proxy = httpsProxyFor(url, options.env);
  options.signal?.throwIfAborted();
  const socket = proxy ? await tunnel(proxy, host, port, timeout, options.signal) : undefined;
  return new Promise((resolve, reject) => {
    const connection = tls.connect({ socket, host, port, servername: net.isIP(host) ? undefined : host, ca: options.ca, timeout }, () => {
      connection.setTimeout(0);
      options.signal?.removeEventListener('abort', abort);
      resolve(connection);
    });
    const abort = () => {
      connection.destroy();
      reject(options.signal!.reason);
    };
    options.signal?.addEventListener('abort', abort, { once: true });
    connection.on('timeout', () => connection.destroy(new Error('timed out')));
    // The caller names the host; the message says only why.
    connection.once('error', (error) => reject(new Error(`${error.message}${proxy ? ` (through the proxy ${proxy.host})` : ''}`)));
  });
}

/**
 * The certificates the server sent, in the order it sent them (Go's
 * tls.ConnectionState.PeerCertificates): the leaf first. Unlike
 * getPeerCertificate(true), no certificate is added from the local trust store.
 */
export function sentCertificates(socket: tls.TLSSocket): crypto.X509Certificate[] {
  const out: crypto.X509Certificate[] = [];
  for (let cert = socket.getPeerX509Certificate(); cert && out.length < 32; cert = cert.issuerCertificate) out.push(cert);
  return out;
}

/** An HTTP CONNECT tunnel to host:port through the proxy. */
function tunnel(proxy: URL, host: string, port: number, timeout: number, signal: AbortSignal | undefined): Promise<net.Socket> {
  if (proxy.protocol !== 'http:' && proxy.protocol !== 'https:') {
    return Promise.reject(new Error(`the proxy in HTTPS_PROXY is ${proxy.protocol}//${proxy.host}: sts-lens tunnels through http:// and https:// proxies only`));
  }
  const target = `${net.isIPv6(host) ? `[${host}]` : host}:${port}`;
  const headers: Record<string, string> = { host: target };
  if (proxy.username) headers['proxy-authorization'] = `Basic ${Buffer.from(`${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`).toString('base64')}`;
  const request = (proxy.protocol === 'https:' ? https : http).request({
    host: proxy.hostname.replace(/^\[|\]$/g, ''),
    port: Number(proxy.port || (proxy.protocol === 'https:' ? 443 : 80)),
    method: 'CONNECT',
    path: target,
    headers,
    agent: false,
    timeout,
    signal,
  });
  return new Promise((resolve, reject) => {
    const fail = (message: string) => reject(new Error(`the proxy ${proxy.host} ${message}`));
    request.on('connect', (response, socket, head) => {
      if (response.statusCode !== 200) {
        socket.destroy();
        return fail(`refused CONNECT ${target}: HTTP ${response.statusCode}`);
      }
      if (head.length > 0) socket.unshift(head);
      resolve(socket);
    });
    request.on('response', (response) => {
      response.destroy();
      fail(`answered CONNECT ${target} with HTTP ${response.statusCode}`);
    });
    request.on('timeout', () => request.destroy(new Error('timed out')));
    request.on('error', (error) => (signal?.aborted ? reject(signal.reason) : fail(`cannot be reached: ${error.message}`)));
    request.end();
  });
}
