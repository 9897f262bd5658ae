import * as assert from 'assert';
import { issuerThumbprint } from '../../server/src/ccoctl/thumbprint';
import { FakeIssuers, makeChain, TestChain } from './issuerServer';

// ccoctl: pkg/cmd/provisioning/aws/create_identity_provider.go, getTLSFingerprint: http.DefaultClient.Head(issuerURL)
// (Go's ProxyFromEnvironment), then SHA-1 of resp.TLS.PeerCertificates[len-1], the last certificate the server sent.
describe('issuer TLS thumbprint, as ccoctl getTLSFingerprint computes it', function () {
  this.timeout(20_000);
  let chain: TestChain;
  let issuers: FakeIssuers;

  before(async () => {
    chain = makeChain(['oidc.proxied.test']);
    issuers = new FakeIssuers(chain);
    await issuers.start();
  });

  after(() => issuers.stop());

  it('is the SHA-1 of the last certificate the server sent (its intermediate), not the root the trust store adds (getTLSFingerprint)', async () => {
    assert.match(chain.sha1.intermediate, /^[0-9A-F]{40}$/);
    assert.notStrictEqual(chain.sha1.intermediate, chain.sha1.root);
    assert.strictEqual(await issuerThumbprint(`https://127.0.0.1:${issuers.issuerPort}`, { ca: chain.root, env: {} }), chain.sha1.intermediate);
    assert.deepStrictEqual(issuers.connects, []);
  });

  it("goes through the HTTP CONNECT proxy HTTPS_PROXY names, as Go's ProxyFromEnvironment does for getTLSFingerprint", async () => {
    issuers.connects.length = 0;
    const thumbprint = await issuerThumbprint('https://oidc.proxied.test', { ca: chain.root, env: { HTTPS_PROXY: issuers.proxyUrl } });
    assert.strictEqual(thumbprint, chain.sha1.intermediate);
    assert.deepStrictEqual(issuers.connects, ['oidc.proxied.test:443']);
    // https_proxy (lower case) too; a loopback issuer never goes through a proxy, as in Go.
    assert.strictEqual(await issuerThumbprint('https://oidc.proxied.test:8443', { ca: chain.root, env: { https_proxy: issuers.proxyUrl.replace('http://', '') } }), chain.sha1.intermediate);
    assert.strictEqual(await issuerThumbprint(`https://127.0.0.1:${issuers.issuerPort}`, { ca: chain.root, env: { HTTPS_PROXY: issuers.proxyUrl } }), chain.sha1.intermediate);
    assert.deepStrictEqual(issuers.connects, ['oidc.proxied.test:443', 'oidc.proxied.test:8443']);
  });

  it('says which proxy refused the tunnel', async () => {
    issuers.refuseWith = 403;
    try {
      const port = new URL(issuers.proxyUrl).port;
      await assert.rejects(
        issuerThumbprint('https://oidc.proxied.test', { ca: chain.root, env: { HTTPS_PROXY: issuers.proxyUrl } }),
        { message: `cannot read the TLS certificate of oidc.proxied.test: the proxy 127.0.0.1:${port} refused CONNECT oidc.proxied.test:443: HTTP 403` },
      );
    } finally {
      issuers.refuseWith = undefined;
    }
  });

  it('refuses a chain it cannot verify, and plain http', async () => {
    await assert.rejects(issuerThumbprint(`https://127.0.0.1:${issuers.issuerPort}`, { env: {} }), /^Error: cannot read the TLS certificate of 127\.0\.0\.1:\d+: unable to get local issuer certificate$/);
    await assert.rejects(issuerThumbprint('https://oidc.proxied.test', { env: { HTTPS_PROXY: issuers.proxyUrl } }), /^Error: cannot read the TLS certificate of oidc\.proxied\.test: unable to get local issuer certificate \(through the proxy 127\.0\.0\.1:\d+\)$/);
    await assert.rejects(issuerThumbprint('http://127.0.0.1:1'), /the issuer http:\/\/127\.0\.0\.1:1 is not https/);
  });
});
