import * as crypto from 'crypto';
import { connectIssuer, IssuerConnectOptions, sentCertificates } from './issuerTls';

export type ThumbprintOptions = IssuerConnectOptions;

/**
 * The thumbprint IAM wants for an OIDC provider, as ccoctl's getTLSFingerprint
 * computes it: SHA-1 (upper-case hex) of the last certificate the issuer's
 * host sent in its chain (not a root the local trust store would add), over a
 * verified connection made through HTTPS_PROXY unless NO_PROXY exempts the host.
 */
export async function issuerThumbprint(issuerUrl: string, options: ThumbprintOptions = {}): Promise<string> {
  const url = new URL(issuerUrl);
  if (url.protocol !== 'https:') throw new Error(`the issuer ${issuerUrl} is not https`);
  let socket;
  try {
    socket = await connectIssuer(url, options);
  } catch (error) {
    throw new Error(`cannot read the TLS certificate of ${url.host}: ${(error as Error).message}`);
  }
  const sent = sentCertificates(socket);
  socket.end();
  if (sent.length === 0) throw new Error(`${url.host} presented no certificate`);
  return thumbprintOf(sent[sent.length - 1]);
}

/** SHA-1 of the DER certificate, upper-case hex: IAM's ThumbprintList format. */
export function thumbprintOf(cert: crypto.X509Certificate): string {
  return crypto.createHash('sha1').update(cert.raw).digest('hex').toUpperCase();
}
