import * as assert from 'assert';
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { jwkOf, publicPemOf } from '../../server/src/ccoctl/keys';
import { tempDir, TEST_KEY } from '../unit/ccoctl/ccoctlHelpers';
import { ACCOUNT, FakeIam } from './iamServer';
import { FakeIssuers, makeChain, TestChain } from './issuerServer';
import { localSdkEnv } from './localAws';

const ISSUER = 'oidc.chain.test';
const ARN = `arn:aws:iam::${ACCOUNT}:oidc-provider/${ISSUER}`;
const CLI = path.resolve(__dirname, '../../../dist/cli.js');
const TRUST = JSON.stringify(
  { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Federated: ARN }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: { StringEquals: { [`${ISSUER}:sub`]: 'system:serviceaccount:shop:app', [`${ISSUER}:aud`]: 'sts.amazonaws.com' } } }] },
  null,
  2,
);

interface Diagnostic {
  file: string;
  range: { start: { line: number } };
  severity: string;
  code: string;
  message: string;
}

/**
 * `sts-lens aws verify` walks the whole chain STS walks: the IAM OIDC provider
 * (ccoctl's createIAMIdentityProvider makes it with ClientIDList openshift,
 * sts.amazonaws.com and getTLSFingerprint's thumbprint), the discovery
 * document and keys.json (ccoctl's createOIDCConfiguration and
 * createJSONWebKeySet). The CLI runs as a separate process, trusting the test
 * CA through NODE_EXTRA_CA_CERTS and reaching the issuer through HTTPS_PROXY:
 * nothing leaves 127.0.0.1.
 */
describe('sts-lens aws verify: the issuer chain, against a local IAM and a local HTTPS issuer', function () {
  this.timeout(60_000);
  const iam = new FakeIam();
  let chain: TestChain;
  let issuers: FakeIssuers;
  let env: NodeJS.ProcessEnv;
  let dir: string;
  const publicPem = publicPemOf(fs.readFileSync(TEST_KEY, 'utf8'));

  const verify = (...args: string[]) =>
    new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [CLI, 'aws', 'verify', ...args, '.'], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
  const diagnostics = async () => {
    const { stdout, stderr } = await verify('--format', 'json');
    assert.strictEqual(stderr, '');
    return (JSON.parse(stdout).diagnostics as Diagnostic[]).map((d) => ({ ...d, line: d.range.start.line + 1 }));
  };

  before(async () => {
    chain = makeChain([ISSUER, 'oidc.a.test', 'oidc.b.test']);
    issuers = new FakeIssuers(chain);
    const proxy = await issuers.start();
    // NODE_NO_WARNINGS: the AWS SDK's notice about Node versions would otherwise fill stderr.
    env = { ...localSdkEnv({ iam: await iam.start() }), NODE_NO_WARNINGS: '1', NODE_EXTRA_CA_CERTS: chain.rootFile, HTTPS_PROXY: proxy, NO_PROXY: '', https_proxy: '', no_proxy: '' };
    dir = tempDir();
    fs.mkdirSync(path.join(dir, 'manifests'));
    fs.mkdirSync(path.join(dir, 'iam'));
    // ccoctl's output directory: the public key beside manifests/, the Authentication manifest naming the issuer.
    fs.writeFileSync(path.join(dir, 'serviceaccount-signer.public'), publicPem);
    fs.writeFileSync(path.join(dir, 'manifests', 'cluster-authentication-02-config.yaml'), `apiVersion: config.openshift.io/v1\nkind: Authentication\nmetadata:\n  name: cluster\nspec:\n  serviceAccountIssuer: https://${ISSUER}\n`);
    fs.writeFileSync(path.join(dir, 'iam', 'app-trust-policy.json'), `${TRUST}\n`);
    fs.writeFileSync(
      path.join(dir, 'app.yaml'),
      `apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: app\n  namespace: shop\n  annotations:\n    eks.amazonaws.com/role-arn: arn:aws:iam::${ACCOUNT}:role/app\n    eks.amazonaws.com/audience: sts.amazonaws.com\n`,
    );
    // A workload of the same role requesting its token's audience in a projected volume.
    fs.writeFileSync(
      path.join(dir, 'worker.yaml'),
      [
        'apiVersion: apps/v1', 'kind: Deployment', 'metadata:', '  name: worker', '  namespace: shop', 'spec:', '  template:', '    spec:', '      serviceAccountName: app', '      containers:',
        '      - name: main', '        image: worker:1', '        env:', '        - name: AWS_ROLE_ARN', `          value: arn:aws:iam::${ACCOUNT}:role/app`, '        - name: AWS_WEB_IDENTITY_TOKEN_FILE', '          value: /var/run/secrets/tokens/aws/token',
        '        volumeMounts:', '        - name: aws-token', '          mountPath: /var/run/secrets/tokens/aws', '      volumes:', '      - name: aws-token', '        projected:', '          sources:', '          - serviceAccountToken:', '              path: token', '              audience: sts.amazonaws.com', '',
      ].join('\n'),
    );
    iam.addRole({ name: 'app', trust: TRUST, description: '', tags: [] });
  });

  beforeEach(() => {
    iam.providers.set(ARN, { arn: ARN, url: `https://${ISSUER}`, clientIds: ['openshift', 'sts.amazonaws.com'], thumbprints: [chain.sha1.intermediate], tags: [] });
    issuers.documents.clear();
    issuers.publish(ISSUER, { keys: [jwkOf(publicPem)] });
    iam.calls.length = 0;
    issuers.connects.length = 0;
    issuers.gets.length = 0;
  });

  after(async () => {
    await iam.stop();
    await issuers.stop();
  });

  it('finds nothing when provider, discovery document and keys match, after read-only calls through the proxy', async () => {
    const { code, stdout, stderr } = await verify();
    assert.strictEqual(stderr, '');
    assert.strictEqual(stdout, `Verified 1 role(s) in AWS: app\nChecked 1 issuer(s): ${ISSUER}\nNo problems found.\n`);
    assert.strictEqual(code, 0);
    assert.deepStrictEqual(iam.calls.map((c) => `${c.action} ${c.params.RoleName ?? c.params.OpenIDConnectProviderArn}`), ['GetRole app', `GetOpenIDConnectProvider ${ARN}`]);
    assert.deepStrictEqual(issuers.connects, [`${ISSUER}:443`, `${ISSUER}:443`, `${ISSUER}:443`]);
    assert.deepStrictEqual(issuers.gets, [`${ISSUER}/.well-known/openid-configuration`, `${ISSUER}/keys.json`]);
    assert.deepStrictEqual(iam.writes(), []);
  });

  it('reports an audience the provider does not list, a stale thumbprint, a discovery document of another issuer and a JWKS without the key', async () => {
    iam.providers.get(ARN)!.clientIds = ['openshift'];
    iam.providers.get(ARN)!.thumbprints = [chain.sha1.root];
    const other = publicPemOf(fs.readFileSync(path.join(chain.dir, 'root.key'), 'utf8'));
    issuers.publish(ISSUER, { keys: [jwkOf(other)] }, { issuer: 'https://other.chain.test', jwks_uri: `https://${ISSUER}/keys.json` });
    const found = await diagnostics();
    assert.deepStrictEqual(
      found.map((d) => [d.file, d.line, d.severity, d.code]),
      [
        ['app.yaml', 8, 'error', 'oidc-provider-audience'],
        ['manifests/cluster-authentication-02-config.yaml', 6, 'warning', 'oidc-provider-thumbprint'],
        ['manifests/cluster-authentication-02-config.yaml', 6, 'error', 'oidc-discovery-mismatch'],
        ['manifests/cluster-authentication-02-config.yaml', 6, 'error', 'jwks-kid-missing'],
        ['worker.yaml', 27, 'error', 'oidc-provider-audience'],
      ],
    );
    const [audience, thumbprint, mismatch, kid, tokenAudience] = found.map((d) => d.message);
    assert.ok(tokenAudience.startsWith(`The token of Deployment shop/worker requests audience "sts.amazonaws.com", but the IAM OIDC provider ${ARN} lists only "openshift"`), tokenAudience);
    assert.strictEqual(
      audience,
      `The eks.amazonaws.com/audience annotation of ServiceAccount shop/app requests audience "sts.amazonaws.com", but the IAM OIDC provider ${ARN} lists only "openshift": STS answers "InvalidIdentityToken: Incorrect token audience". Add it (aws iam add-client-id-to-open-id-connect-provider --open-id-connect-provider-arn ${ARN} --client-id sts.amazonaws.com) or request a listed audience.`,
    );
    // ccoctl's getTLSFingerprint takes the last certificate sent: the intermediate, not the root.
    assert.ok(thumbprint.startsWith(`The IAM OIDC provider ${ARN} lists thumbprint ${chain.sha1.root}, but the last certificate ${ISSUER} sends now has thumbprint ${chain.sha1.intermediate} (SHA-1, as ccoctl computes it).`), thumbprint);
    assert.ok(thumbprint.endsWith(`--thumbprint-list ${chain.sha1.root} ${chain.sha1.intermediate}.`), thumbprint);
    assert.ok(mismatch.startsWith(`The discovery document at https://${ISSUER}/.well-known/openid-configuration says issuer "https://other.chain.test", not "https://${ISSUER}"`), mismatch);
    const kidOfKey = jwkOf(publicPem).kid;
    assert.ok(kid.startsWith(`The JWKS at https://${ISSUER}/keys.json has no key with kid "${kidOfKey}", the key id of serviceaccount-signer.public (it lists "${jwkOf(other).kid}")`), kid);
  });

  it('reports a missing provider where the workspace names the issuer, and a discovery document the issuer does not serve', async () => {
    iam.providers.delete(ARN);
    issuers.documents.clear();
    const found = await diagnostics();
    assert.deepStrictEqual(
      found.map((d) => [d.file, d.line, d.severity, d.code]),
      [
        ['iam/app-trust-policy.json', 7, 'error', 'oidc-provider-missing'],
        ['manifests/cluster-authentication-02-config.yaml', 6, 'error', 'oidc-provider-missing'],
        ['manifests/cluster-authentication-02-config.yaml', 6, 'error', 'oidc-discovery-unreachable'],
      ],
    );
    assert.ok(found[0].message.startsWith(`IAM has no OIDC provider ${ARN} (GetOpenIDConnectProvider: NoSuchEntity): STS refuses every token of https://${ISSUER} with "InvalidIdentityToken: No OpenIDConnect provider found in your account for https://${ISSUER}".`), found[0].message);
    assert.ok(found[2].message.startsWith(`The discovery document at https://${ISSUER}/.well-known/openid-configuration answered HTTP 404: `), found[2].message);
  });

  it('says the issuer could not be reached (a warning: STS reaches it from AWS) when the proxy refuses the tunnel', async () => {
    issuers.refuseWith = 403;
    try {
      const found = await diagnostics();
      const unreachable = found.filter((d) => d.code === 'oidc-discovery-unreachable');
      assert.deepStrictEqual(unreachable.map((d) => [d.file, d.severity]), [['manifests/cluster-authentication-02-config.yaml', 'warning']]);
      assert.match(unreachable[0].message, new RegExp(`^sts-lens could not read the discovery document at https://${ISSUER.replace(/\./g, '\\.')}/\\.well-known/openid-configuration: the proxy 127\\.0\\.0\\.1:\\d+ refused CONNECT ${ISSUER.replace(/\./g, '\\.')}:443: HTTP 403\\.`));
      // No thumbprint could be read: no thumbprint finding on a guess.
      assert.deepStrictEqual(found.filter((d) => d.code === 'oidc-provider-thumbprint'), []);
    } finally {
      issuers.refuseWith = undefined;
    }
  });

  it('writes the new codes to SARIF with their documentation pages', async () => {
    iam.providers.get(ARN)!.clientIds = ['openshift'];
    const { code, stdout } = await verify('--format', 'sarif');
    assert.strictEqual(code, 1);
    const run = JSON.parse(stdout).runs[0];
    assert.deepStrictEqual(run.results.map((r: { ruleId: string; level: string }) => [r.ruleId, r.level]), [['oidc-provider-audience', 'error'], ['oidc-provider-audience', 'error']]);
    const rule = run.tool.driver.rules.find((r: { id: string }) => r.id === 'oidc-provider-audience');
    assert.strictEqual(rule?.helpUri, 'https://github.com/sts-lens/sts-lens/blob/main/docs/rules/oidc-provider-audience.md');
  });

  it('reports a jwks_uri outside the issuer, and does not fetch it', async () => {
    issuers.publish(ISSUER, { keys: [jwkOf(publicPem)] }, { issuer: `https://${ISSUER}`, jwks_uri: 'https://keys.elsewhere.test/keys.json' });
    const found = await diagnostics();
    assert.deepStrictEqual(found.map((d) => [d.file, d.line, d.code]), [['manifests/cluster-authentication-02-config.yaml', 6, 'oidc-discovery-mismatch']]);
    assert.ok(found[0].message.startsWith(`The discovery document at https://${ISSUER}/.well-known/openid-configuration has jwks_uri "https://keys.elsewhere.test/keys.json", which is not under the issuer https://${ISSUER}: `), found[0].message);
    assert.deepStrictEqual(issuers.gets, [`${ISSUER}/.well-known/openid-configuration`]);
  });

  it("looks a cluster issuer's provider up only by an ARN a workspace trust policy writes, never guessing the account", async () => {
    const clusters = tempDir();
    const authentication = (issuer: string) => `apiVersion: config.openshift.io/v1\nkind: Authentication\nmetadata:\n  name: cluster\nspec:\n  serviceAccountIssuer: https://${issuer}\n`;
    for (const name of ['a', 'b']) {
      fs.mkdirSync(path.join(clusters, name, 'manifests'), { recursive: true });
      fs.writeFileSync(path.join(clusters, name, 'manifests', 'cluster-authentication-02-config.yaml'), authentication(`oidc.${name}.test`));
      issuers.publish(`oidc.${name}.test`, { keys: [] });
    }
    // Cluster a's directory holds a role file (as ccoctl's 05-*-role.json) naming its provider; cluster b's names none.
    const providerA = `arn:aws:iam::${ACCOUNT}:oidc-provider/oidc.a.test`;
    fs.writeFileSync(path.join(clusters, 'a', 'operator-trust-policy.json'), TRUST.split(ARN).join(providerA).split(`${ISSUER}:`).join('oidc.a.test:'));
    const saved = dir;
    dir = clusters;
    try {
      const { code, stdout, stderr } = await verify();
      assert.strictEqual(stderr, '');
      assert.strictEqual(code, 1);
      assert.deepStrictEqual(iam.calls.map((c) => `${c.action} ${c.params.OpenIDConnectProviderArn}`), [`GetOpenIDConnectProvider ${providerA}`]);
      assert.ok(stdout.startsWith('No role references found.\nChecked 2 issuer(s): oidc.a.test, oidc.b.test\n\na/manifests/cluster-authentication-02-config.yaml\n  6:25  error  IAM has no OIDC provider arn:aws:iam::123456789012:oidc-provider/oidc.a.test '), stdout);
      assert.ok(stdout.endsWith('✖ 1 problem (1 error, 0 warnings)\n'), stdout);
      assert.deepStrictEqual(issuers.gets.sort(), ['oidc.a.test/.well-known/openid-configuration', 'oidc.a.test/keys.json', 'oidc.b.test/.well-known/openid-configuration', 'oidc.b.test/keys.json']);
    } finally {
      dir = saved;
    }
  });
});
