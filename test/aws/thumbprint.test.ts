import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import { AddressInfo } from 'net';
import * as path from 'path';
import * as tls from 'tls';
import { issuerThumbprint } from '../../server/src/ccoctl/thumbprint';
import { tempDir } from '../unit/ccoctl/ccoctlHelpers';

/** A CA and a server certificate for 127.0.0.1, made with openssl; the thumbprint IAM wants is the CA's. */
function makeChain(dir: string): { ca: string; key: string; cert: string; caSha1: string } {
  const run = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'pipe', 'ignore'] }).toString();
  run('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=sts-lens test CA');
  run('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=127.0.0.1');
  fs.writeFileSync(path.join(dir, 'ext.cnf'), 'subjectAltName=IP:127.0.0.1\n');
  run('x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.pem', '-days', '2', '-extfile', 'ext.cnf');
  const fingerprint = run('x509', '-in', 'ca.pem', '-noout', '-fingerprint', '-sha1');
  return {
    ca: fs.readFileSync(path.join(dir, 'ca.pem'), 'utf8'),
    key: fs.readFileSync(path.join(dir, 'server.key'), 'utf8'),
    cert: fs.readFileSync(path.join(dir, 'server.pem'), 'utf8'),
    caSha1: fingerprint.split('=')[1].trim().replace(/:/g, ''),
  };
}

describe('issuer TLS thumbprint', function () {
  this.timeout(20_000);
  let server: tls.Server;
  let chain: ReturnType<typeof makeChain>;
  let port: number;

  before(async () => {
    try {
      execFileSync('openssl', ['version']);
    } catch {
      // Never skipped silently: the certificates of this test are made with openssl.
      throw new Error('openssl is needed to make the test certificates: apt-get install -y openssl');
    }
    chain = makeChain(tempDir());
    server = tls.createServer({ key: chain.key, cert: chain.cert + chain.ca }, (socket) => socket.end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });

  after(() => server?.close());

  it('is the upper-case SHA-1 of the last certificate of the chain', async () => {
    assert.match(chain.caSha1, /^[0-9A-F]{40}$/);
    assert.strictEqual(await issuerThumbprint(`https://127.0.0.1:${port}`, { ca: chain.ca }), chain.caSha1);
  });

  it('refuses a chain it cannot verify, and plain http', async () => {
    await assert.rejects(issuerThumbprint(`https://127.0.0.1:${port}`), /cannot read the TLS certificate of 127\.0\.0\.1:\d+: self.signed certificate in certificate chain/);
    await assert.rejects(issuerThumbprint('http://127.0.0.1:1'), /the issuer http:\/\/127\.0\.0\.1:1 is not https/);
  });
});
