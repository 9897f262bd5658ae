import * as net from 'net';

/**
 * The proxy an https request goes through, read from the environment as Go's
 * http.ProxyFromEnvironment reads it (ccoctl fetches the issuer's certificate
 * with Go's default client): HTTPS_PROXY, else https_proxy; NO_PROXY, else
 * no_proxy. localhost and loopback addresses never go through a proxy; NO_PROXY
 * is a comma-separated list of `*`, IP addresses, CIDR ranges, and domain names
 * (`example.com` matches it and its subdomains, `.example.com` and
 * `*.example.com` only subdomains), each optionally with `:port`.
 * Undefined when the request goes directly.
 */
export function httpsProxyFor(target: URL, env: NodeJS.ProcessEnv = process.env): URL | undefined {
  const proxy = parseProxy(firstSet(env, 'HTTPS_PROXY', 'https_proxy'));
  if (!proxy) return undefined;
  const host = target.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const port = target.port || (target.protocol === 'http:' ? '80' : '443');
  return bypassed(host, port, firstSet(env, 'NO_PROXY', 'no_proxy') ?? '') ? undefined : proxy;
}

function firstSet(env: NodeJS.ProcessEnv, ...names: string[]): string | undefined {
  for (const name of names) if (env[name]) return env[name];
  return undefined;
}

/** As Go: a value without a scheme (`proxy.corp:3128`) means http://. */
function parseProxy(value: string | undefined): URL | undefined {
  if (!value) return undefined;
  for (const text of /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? [value] : [`http://${value}`]) {
    try {
      const url = new URL(text);
      if (url.hostname) return url;
    } catch {
      // not a URL in this form
    }
  }
  throw new Error(`the proxy address in HTTPS_PROXY is not a URL: ${value}`);
}

function bypassed(host: string, port: string, noProxy: string): boolean {
  const ip = net.isIP(host) ? host : undefined;
  if (host === 'localhost' || (ip && isLoopback(ip))) return true;
  for (const raw of noProxy.split(',')) {
    const entry = raw.trim().toLowerCase();
    if (!entry) continue;
    if (entry === '*') return true;
    if (entry.includes('/')) {
      if (ip && inCidr(ip, entry)) return true;
      continue;
    }
    const { entryHost, entryPort } = splitHostPort(entry);
    if (!entryHost || (entryPort && entryPort !== port)) continue;
    if (net.isIP(entryHost)) {
      if (ip && sameIp(ip, entryHost)) return true;
      continue;
    }
    if (ip) continue;
    const domain = entryHost.startsWith('*.') ? entryHost.slice(1) : entryHost;
    if (domain.startsWith('.') ? host.endsWith(domain) : host === domain || host.endsWith(`.${domain}`)) return true;
  }
  return false;
}

function splitHostPort(entry: string): { entryHost: string; entryPort: string } {
  const bracketed = /^\[([^\]]*)\](?::(\d+))?$/.exec(entry);
  if (bracketed) return { entryHost: bracketed[1], entryPort: bracketed[2] ?? '' };
  if (net.isIP(entry)) return { entryHost: entry, entryPort: '' };
  const withPort = /^(.*):(\d+)$/.exec(entry);
  return withPort ? { entryHost: withPort[1], entryPort: withPort[2] } : { entryHost: entry, entryPort: '' };
}

function isLoopback(ip: string): boolean {
  return net.isIPv4(ip) ? ip.startsWith('127.') : ip === '::1' || /^::ffff:127\./i.test(ip);
}

function sameIp(a: string, b: string): boolean {
  const list = new net.BlockList();
  list.addAddress(b, net.isIPv6(b) ? 'ipv6' : 'ipv4');
  return list.check(a, net.isIPv6(a) ? 'ipv6' : 'ipv4');
}

function inCidr(ip: string, cidr: string): boolean {
  const [base, bits] = cidr.split('/');
  const family = net.isIPv6(base) ? 'ipv6' : net.isIPv4(base) ? 'ipv4' : undefined;
  const prefix = Number(bits);
  if (!family || !/^\d+$/.test(bits) || prefix > (family === 'ipv4' ? 32 : 128)) return false;
  const list = new net.BlockList();
  list.addSubnet(base, prefix, family);
  return list.check(ip, net.isIPv6(ip) ? 'ipv6' : 'ipv4');
}
