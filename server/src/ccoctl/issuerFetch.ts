import * as http from 'http';
import * as tls from 'tls';
import { connectIssuer, IssuerConnectOptions } from './issuerTls';

/** An OIDC discovery document or JWKS is a few kilobytes; more is not read. */
const MAX_BODY = 1024 * 1024;

export type Fetched =
  | { kind: 'json'; status: 200; json: unknown }
  /** The server answered, but not 200 with a JSON body. */
  | { kind: 'answer'; status: number; reason: string; location?: string }
  /** No answer: DNS, TCP, proxy, TLS verification, timeout. */
  | { kind: 'unreachable'; reason: string };

/**
 * GET an https URL and parse its JSON, over the verified connection
 * connectIssuer makes (HTTPS_PROXY and NO_PROXY as ccoctl). Redirects are not
 * followed: the answer says where it points.
 */
export async function fetchJson(url: URL, options: IssuerConnectOptions = {}): Promise<Fetched> {
  let socket: tls.TLSSocket;
  try {
    socket = await connectIssuer(url, options);
  } catch (error) {
    options.signal?.throwIfAborted();
    return { kind: 'unreachable', reason: (error as Error).message };
  }
  return new Promise((resolve, reject) => {
    const request = http.request({
      method: 'GET',
      host: url.hostname,
      path: `${url.pathname}${url.search}`,
      headers: { host: url.host, accept: 'application/json', connection: 'close' },
      createConnection: () => socket,
      timeout: options.timeoutMs ?? 15_000,
    });
    const abort = () => {
      request.destroy();
      reject(options.signal!.reason);
    };
    options.signal?.addEventListener('abort', abort, { once: true });
    request.on('close', () => options.signal?.removeEventListener('abort', abort));
    request.on('response', (response) => {
      const status = response.statusCode ?? 0;
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_BODY) {
          response.destroy();
          resolve({ kind: 'answer', status, reason: `the answer is larger than ${MAX_BODY} bytes` });
        } else chunks.push(chunk);
      });
      response.on('end', () => {
        if (status !== 200) {
          const location = response.headers.location;
          return resolve({ kind: 'answer', status, reason: `HTTP ${status}${location ? ` (redirect to ${location})` : ''}`, location });
        }
        try {
          resolve({ kind: 'json', status: 200, json: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
        } catch {
          resolve({ kind: 'answer', status, reason: 'HTTP 200, but the body is not JSON' });
        }
      });
      response.on('error', (error) => resolve({ kind: 'unreachable', reason: error.message }));
    });
    request.on('timeout', () => request.destroy(new Error('timed out')));
    request.on('error', (error) => resolve({ kind: 'unreachable', reason: error.message }));
    request.end();
  });
}
