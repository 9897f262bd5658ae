import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { CancellationTokenSource, LSPErrorCodes, ResponseError } from 'vscode-languageserver-protocol/node';
import { ServerProcess } from '../lsp/lspClient';
import { tempDir } from '../unit/ccoctl/ccoctlHelpers';
import { ACCOUNT, FakeIam } from './iamServer';
import { FakeIssuers, makeChain } from './issuerServer';
import { localSdkEnv } from './localAws';

const TRUST = (sub: string) =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Federated: `arn:aws:iam::${ACCOUNT}:oidc-provider/oidc.example.com` }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: { StringEquals: { 'oidc.example.com:sub': sub } } }] });

/** The server reads credentials and endpoints through the SDK's default chain: point it at 127.0.0.1 only. */

describe('LSP workspace/executeCommand: sts-lens.aws.verify against a local IAM server', function () {
  this.timeout(30_000);
  const iam = new FakeIam();
  const PROVIDER = `arn:aws:iam::${ACCOUNT}:oidc-provider/oidc.example.com`;
  let issuers: FakeIssuers;
  let server: ServerProcess;
  let dir: string;

  before(async () => {
    dir = tempDir();
    fs.mkdirSync(path.join(dir, 'iam'));
    fs.writeFileSync(path.join(dir, 'writer.yaml'), `apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: writer\n  namespace: shop\n  annotations:\n    eks.amazonaws.com/role-arn: arn:aws:iam::${ACCOUNT}:role/shop-writer\n`);
    fs.writeFileSync(path.join(dir, 'iam', 'shop-writer-trust-policy.json'), `${TRUST('system:serviceaccount:shop:writer')}\n`);
    // Named for no role: only the stsLens.trustPolicies setting ties it to shop-writer.
    fs.mkdirSync(path.join(dir, 'policies'));
    fs.writeFileSync(path.join(dir, 'policies', 'applied.json'), `${TRUST('system:serviceaccount:shop:old-writer')}\n`);
    iam.addRole({ name: 'shop-writer', trust: TRUST('system:serviceaccount:shop:old-writer'), description: '', tags: [] });
    // The issuer on 127.0.0.1 behind a local proxy; the server trusts its CA as a user would, through NODE_EXTRA_CA_CERTS.
    issuers = new FakeIssuers(makeChain(['oidc.example.com']));
    const proxy = await issuers.start();
    issuers.publish('oidc.example.com', { keys: [] });
    iam.providers.set(PROVIDER, { arn: PROVIDER, url: 'https://oidc.example.com', clientIds: ['sts.amazonaws.com'], thumbprints: [issuers.chain.sha1.intermediate], tags: [] });
    server = new ServerProcess({ ...localSdkEnv({ iam: await iam.start() }), NODE_EXTRA_CA_CERTS: issuers.chain.rootFile, HTTPS_PROXY: proxy, https_proxy: '', NO_PROXY: '', no_proxy: '' });
    await server.initialize(dir);
  });

  after(async () => {
    await server.stop();
    await iam.stop();
    await issuers.stop();
  });

  it('refuses to call AWS for an untrusted workspace', async () => {
    const result = await server.connection.sendRequest('workspace/executeCommand', { command: 'sts-lens.aws.verify', arguments: [{ trusted: false }] });
    assert.deepStrictEqual(result, { error: 'The workspace is not trusted: STS Lens calls no AWS API there. Trust the workspace first.' });
    assert.deepStrictEqual(iam.calls, []);
  });

  it('reports the drift on the workspace trust policy, after one GetRole (and the GetOpenIDConnectProvider of its issuer)', async () => {
    const result = (await server.connection.sendRequest('workspace/executeCommand', { command: 'sts-lens.aws.verify', arguments: [{ trusted: true }] })) as {
      roles: string[];
      findings: Array<{ uri: string; code: string; range: unknown; message: string }>;
    };
    assert.deepStrictEqual(result.roles, ['shop-writer']);
    assert.deepStrictEqual(
      result.findings.map((f) => [f.uri, f.code, f.range]),
      [[pathToFileURL(path.join(dir, 'iam', 'shop-writer-trust-policy.json')).toString(), 'trust-policy-drift', { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }]],
    );
    assert.match(result.findings[0].message, /^The trust policy of role shop-writer in AWS differs from this one, which ServiceAccount shop\/writer relies on\. Live: .*old-writer/);
    assert.deepStrictEqual(iam.calls.map((c) => `${c.action} ${c.params.RoleName ?? c.params.OpenIDConnectProviderArn}`), ['GetRole shop-writer', `GetOpenIDConnectProvider ${PROVIDER}`]);
  });

  it('maps roles to trust policies with the workspace\'s stsLens.trustPolicies, as the editor\'s checks do', async () => {
    // The setting wins over the file named after the role: the mapped file matches AWS, so there is no drift.
    server.settings = { trustPolicies: { 'shop-writer': 'policies/applied.json' } };
    await server.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    const result = (await server.connection.sendRequest('workspace/executeCommand', { command: 'sts-lens.aws.verify', arguments: [{ trusted: true }] })) as { roles: string[]; findings: unknown[] };
    assert.deepStrictEqual(result, { roles: ['shop-writer'], issuers: ['oidc.example.com'], findings: [] });

    server.settings = { trustPolicies: { 'shop-writer': 'iam/shop-writer-trust-policy.json' } };
    await server.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    const again = (await server.connection.sendRequest('workspace/executeCommand', { command: 'sts-lens.aws.verify', arguments: [{ trusted: true }] })) as { findings: Array<{ uri: string; code: string; href: string }> };
    assert.deepStrictEqual(
      again.findings.map((f) => [f.uri, f.code, f.href]),
      [[pathToFileURL(path.join(dir, 'iam', 'shop-writer-trust-policy.json')).toString(), 'trust-policy-drift', 'https://github.com/sts-lens/sts-lens/blob/main/docs/rules/trust-policy-drift.md']],
    );
  });

  it('reports the rest of the chain for the Problems panel: an issuer without its IAM OIDC provider', async () => {
    iam.providers.delete(PROVIDER);
    issuers.connects.length = 0;
    const result = (await server.connection.sendRequest('workspace/executeCommand', { command: 'sts-lens.aws.verify', arguments: [{ trusted: true }] })) as {
      issuers: string[];
      findings: Array<{ uri: string; code: string; severity: string; href: string; range: { start: { line: number } }; message: string }>;
    };
    assert.deepStrictEqual(result.issuers, ['oidc.example.com']);
    const missing = result.findings.filter((f) => f.code === 'oidc-provider-missing');
    assert.deepStrictEqual(
      missing.map((f) => [f.uri, f.severity, f.range.start.line, f.href]),
      [[pathToFileURL(path.join(dir, 'iam', 'shop-writer-trust-policy.json')).toString(), 'error', 0, 'https://github.com/sts-lens/sts-lens/blob/main/docs/rules/oidc-provider-missing.md']],
    );
    assert.match(missing[0].message, /^IAM has no OIDC provider arn:aws:iam::123456789012:oidc-provider\/oidc\.example\.com \(GetOpenIDConnectProvider: NoSuchEntity\)/);
    // The discovery document and keys were read through the proxy the server's environment names.
    assert.deepStrictEqual(issuers.connects, ['oidc.example.com:443', 'oidc.example.com:443']);
  });

  it('answers RequestCancelled while the issuer is slow to serve its discovery document, and reads no further', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let arrived!: () => void;
    const pending = new Promise<void>((resolve) => (arrived = resolve));
    issuers.hold = (key) => {
      if (!key.endsWith('/.well-known/openid-configuration')) return undefined;
      arrived();
      return gate;
    };
    issuers.gets.length = 0;
    try {
      const cancel = new CancellationTokenSource();
      const outcome = server.connection.sendRequest('workspace/executeCommand', { command: 'sts-lens.aws.verify', arguments: [{ trusted: true }] }, cancel.token).then(
        (answer) => ({ answer }),
        (error: unknown) => ({ error }),
      );
      await pending;
      cancel.cancel();
      const settled = await outcome;
      assert.ok('error' in settled, `verify was not cancelled: ${JSON.stringify(settled)}`);
      assert.ok(settled.error instanceof ResponseError);
      assert.strictEqual(settled.error.code, LSPErrorCodes.RequestCancelled);
      release();
      await new Promise((resolve) => setTimeout(resolve, 500));
      assert.deepStrictEqual(issuers.gets, ['oidc.example.com/.well-known/openid-configuration']);
    } finally {
      issuers.hold = undefined;
      release();
    }
  });
});
