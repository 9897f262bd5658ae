import * as assert from 'assert';
import { httpsProxyFor } from '../../server/src/util/proxyEnv';

// ccoctl's getTLSFingerprint (pkg/cmd/provisioning/aws/create_identity_provider.go) uses http.DefaultClient,
// whose transport asks http.ProxyFromEnvironment (golang.org/x/net/http/httpproxy, Config.ProxyFunc).
describe('httpsProxyFor: HTTPS_PROXY and NO_PROXY as Go http.ProxyFromEnvironment reads them', () => {
  const proxyOf = (url: string, env: NodeJS.ProcessEnv) => httpsProxyFor(new URL(url), env)?.href;
  const PROXY = 'http://proxy.corp:3128/';

  it('HTTPS_PROXY wins over https_proxy; HTTP_PROXY and ALL_PROXY are not read for https', () => {
    assert.strictEqual(proxyOf('https://oidc.example.com', { HTTPS_PROXY: PROXY, https_proxy: 'http://other:1' }), PROXY);
    assert.strictEqual(proxyOf('https://oidc.example.com', { https_proxy: PROXY }), PROXY);
    assert.strictEqual(proxyOf('https://oidc.example.com', { HTTP_PROXY: PROXY, ALL_PROXY: PROXY }), undefined);
    assert.strictEqual(proxyOf('https://oidc.example.com', {}), undefined);
  });

  it('a proxy without a scheme is http://, as Go parseProxy assumes; credentials stay in the URL', () => {
    assert.strictEqual(proxyOf('https://oidc.example.com', { HTTPS_PROXY: 'proxy.corp:3128' }), PROXY);
    assert.strictEqual(proxyOf('https://oidc.example.com', { HTTPS_PROXY: 'http://u:p@proxy.corp:3128' }), 'http://u:p@proxy.corp:3128/');
  });

  it('never proxies localhost or a loopback address (Go useProxy)', () => {
    for (const url of ['https://localhost:8443', 'https://127.0.0.1', 'https://127.8.9.10:443', 'https://[::1]:8443']) {
      assert.strictEqual(proxyOf(url, { HTTPS_PROXY: PROXY }), undefined, url);
    }
  });

  it('NO_PROXY: a domain matches itself and its subdomains, a leading dot or *. only subdomains (Go domainMatch)', () => {
    const env = (noProxy: string) => ({ HTTPS_PROXY: PROXY, NO_PROXY: noProxy });
    assert.strictEqual(proxyOf('https://example.com', env('example.com')), undefined);
    assert.strictEqual(proxyOf('https://oidc.example.com', env('example.com')), undefined);
    assert.strictEqual(proxyOf('https://badexample.com', env('example.com')), PROXY);
    assert.strictEqual(proxyOf('https://example.com', env('.example.com')), PROXY);
    assert.strictEqual(proxyOf('https://oidc.example.com', env('.example.com')), undefined);
    assert.strictEqual(proxyOf('https://example.com', env('*.example.com')), PROXY);
    assert.strictEqual(proxyOf('https://oidc.EXAMPLE.com', env(' other.org , *.Example.com')), undefined);
    assert.strictEqual(proxyOf('https://anything.org', env('*')), undefined);
  });

  it('NO_PROXY: ports, IP addresses and CIDR ranges (Go ipMatch, cidrMatch); no_proxy when NO_PROXY is unset', () => {
    const env = (noProxy: string) => ({ HTTPS_PROXY: PROXY, NO_PROXY: noProxy });
    assert.strictEqual(proxyOf('https://oidc.example.com', env('example.com:8443')), PROXY);
    assert.strictEqual(proxyOf('https://oidc.example.com:8443', env('example.com:8443')), undefined);
    assert.strictEqual(proxyOf('https://10.1.2.3', env('10.0.0.0/8')), undefined);
    assert.strictEqual(proxyOf('https://11.1.2.3', env('10.0.0.0/8')), PROXY);
    assert.strictEqual(proxyOf('https://10.1.2.3', env('10.1.2.3')), undefined);
    assert.strictEqual(proxyOf('https://10.1.2.3:8443', env('10.1.2.3:443')), PROXY);
    assert.strictEqual(proxyOf('https://[2001:db8::1]', env('[2001:db8::1]:443')), undefined);
    assert.strictEqual(proxyOf('https://[2001:db8::1]', env('2001:db8::/32')), undefined);
    // A domain entry never matches an IP address.
    assert.strictEqual(proxyOf('https://10.1.2.3', env('2.3')), PROXY);
    assert.strictEqual(proxyOf('https://oidc.example.com', { HTTPS_PROXY: PROXY, no_proxy: 'example.com' }), undefined);
  });
});
