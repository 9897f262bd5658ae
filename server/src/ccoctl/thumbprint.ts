import * as crypto from 'crypto';
import * as net from 'net';
import * as tls from 'tls';

export interface ThumbprintOptions {
  /** Extra trusted CAs (tests use a self-signed server on 127.0.0.1). */
  ca?: string | Buffer;
  timeoutMs?: number;
}

/**
 * The thumbprint IAM wants for an OIDC provider: SHA-1 (upper-case hex) of
 * the last certificate of the chain the issuer's host presents, as ccoctl
 * computes it. The TLS handshake is verified: a thumbprint taken over an
 * unverified connection would pin whatever a man in the middle presented.
 */
export function issuerThumbprint(issuerUrl: string, options: ThumbprintOptions = {}): Promise<string> {
  const url = new URL(issuerUrl);
  if (url.protocol !== 'https:') return Promise.reject(new Error(`the issuer ${issuerUrl} is not https`));
  return new Promise((resolve, reject) => {
    const socket = tls.connect({ host: url.hostname, port: Number(url.port || 443), servername: net.isIP(url.hostname) ? undefined : url.hostname, ca: options.ca, timeout: options.timeoutMs ?? 15_000 }, () => {
      const leaf = socket.getPeerCertificate(true);
      socket.end();
      if (!leaf || !leaf.raw) return reject(new Error(`${url.host} presented no certificate`));
      let last: tls.DetailedPeerCertificate = leaf;
      const seen = new Set<string>();
      // A self-signed root is its own issuer: stop there instead of looping.
      while (last.issuerCertificate && last.issuerCertificate.raw && !seen.has(last.fingerprint256)) {
        seen.add(last.fingerprint256);
        if (last.issuerCertificate.fingerprint256 === last.fingerprint256) break;
        last = last.issuerCertificate;
      }
      resolve(crypto.createHash('sha1').update(last.raw).digest('hex').toUpperCase());
    });
    socket.on('timeout', () => socket.destroy(new Error(`timed out connecting to ${url.host}`)));
    socket.on('error', (error) => reject(new Error(`cannot read the TLS certificate of ${url.host}: ${error.message}`)));
  });
}
