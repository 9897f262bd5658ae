// "STS Lens: Verify Roles Against AWS" in a real editor: the language server,
// restarted with its AWS SDK pointed at a local IAM stand-in, looks up the roles
// the workspace references; the drift shows in the Problems panel.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { FakeIam } from '../../aws/iamServer';
import { FakeIssuers, makeChain } from '../../aws/issuerServer';
import { activateExtension, codeOf, fixtureUri, workspaceRoot } from './helpers';

const TRUST_FILE = 'verify/iam/ledger-writer-trust-policy.json';
const AWS_ENV = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE', 'AWS_ENDPOINT_URL', 'AWS_ENDPOINT_URL_IAM', 'AWS_ENDPOINT_URL_STS', 'AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE', 'AWS_EC2_METADATA_DISABLED', 'HTTPS_PROXY', 'https_proxy', 'NO_PROXY', 'no_proxy', 'NODE_EXTRA_CA_CERTS'];
const ISSUER = 'ledger-oidc.s3.eu-west-1.amazonaws.com';
const PROVIDER = `arn:aws:iam::123456789012:oidc-provider/${ISSUER}`;

interface VerifyResult {
  roles: string[];
  issuers: string[];
  findings: Array<{ uri: string; code: string }>;
}

const drift = (uri: vscode.Uri) => vscode.languages.getDiagnostics(uri).filter((d) => codeOf(d) === 'trust-policy-drift');

describe('Verify Roles Against AWS', function () {
  this.timeout(60_000);
  const iam = new FakeIam();
  let issuers: FakeIssuers;
  const saved: Record<string, string | undefined> = {};
  let wanted: string;

  before(async () => {
    await activateExtension();
    wanted = fs.readFileSync(path.join(workspaceRoot(), TRUST_FILE), 'utf8');
    // Someone changed the role in the console: it now admits another service account.
    iam.addRole({ name: 'ledger-writer', trust: wanted.replace('system:serviceaccount:ledger:writer', 'system:serviceaccount:ledger:old-writer'), description: '', tags: [] });
    const url = await iam.start();
    // verify also reads the issuer's discovery document and keys: they come from 127.0.0.1, through a local proxy.
    issuers = new FakeIssuers(makeChain([ISSUER]));
    const proxy = await issuers.start();
    issuers.publish(ISSUER, { keys: [] });
    iam.providers.set(PROVIDER, { arn: PROVIDER, url: `https://${ISSUER}`, clientIds: ['sts.amazonaws.com'], thumbprints: [issuers.chain.sha1.intermediate], tags: [] });
    // The server reads credentials and endpoints only through the SDK's default chain, from the environment it starts with.
    for (const name of AWS_ENV) saved[name] = process.env[name];
    const none = path.join(workspaceRoot(), '.sts-lens-e2e', 'no-aws-file');
    Object.assign(process.env, { AWS_ACCESS_KEY_ID: 'TEST', AWS_SECRET_ACCESS_KEY: 'TEST', AWS_ENDPOINT_URL: url, AWS_ENDPOINT_URL_IAM: url, AWS_ENDPOINT_URL_STS: url, AWS_CONFIG_FILE: none, AWS_SHARED_CREDENTIALS_FILE: none, AWS_EC2_METADATA_DISABLED: 'true', HTTPS_PROXY: proxy, NODE_EXTRA_CA_CERTS: issuers.chain.rootFile });
    for (const name of ['AWS_PROFILE', 'AWS_SESSION_TOKEN', 'https_proxy', 'NO_PROXY', 'no_proxy']) delete process.env[name];
    await vscode.commands.executeCommand('stsLens.restartServer');
  });

  after(async () => {
    for (const name of AWS_ENV) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
    await vscode.commands.executeCommand('stsLens.restartServer');
    await iam.stop();
    await issuers.stop();
  });

  it('shows the live trust policy drift in the Problems panel, and clears it once AWS matches', async () => {
    const trustUri = fixtureUri(TRUST_FILE);
    const result = await vscode.commands.executeCommand<VerifyResult>('stsLens.verifyRoles', { region: 'eu-west-1' });
    assert.ok(result, 'the command returned no result');
    assert.ok(result.roles.includes('ledger-writer'), `roles looked up: ${result.roles.join(', ')}`);
    assert.ok(iam.calls.some((c) => c.action === 'GetRole' && c.params.RoleName === 'ledger-writer'));
    assert.ok(iam.calls.every((c) => c.action === 'GetRole' || c.action === 'GetOpenIDConnectProvider'), `verify changed nothing in AWS: ${iam.calls.map((c) => c.action).join(', ')}`);

    // Every issuer of the workspace was read through the local proxy the server's environment names: nothing left 127.0.0.1.
    assert.ok(result.issuers.includes(ISSUER), `issuers: ${result.issuers.join(', ')}`);
    assert.ok(issuers.connects.includes(`${ISSUER}:443`) && issuers.connects.every((c) => result.issuers.some((i) => c === `${i}:443`)), `CONNECTs: ${issuers.connects.join(', ')}`);
    // This role's issuer is sound (provider, thumbprint, documents): the only finding on its trust policy is the drift.
    assert.deepStrictEqual(result.findings.filter((f) => f.uri === trustUri.toString() && f.code !== 'trust-policy-drift'), []);

    const [diagnostic, ...more] = drift(trustUri);
    assert.ok(diagnostic, 'no trust-policy-drift diagnostic on the trust policy file');
    assert.deepStrictEqual(more, []);
    assert.strictEqual(diagnostic.source, 'sts-lens');
    assert.strictEqual(diagnostic.severity, vscode.DiagnosticSeverity.Error);
    assert.deepStrictEqual([diagnostic.range.start.line, diagnostic.range.start.character], [0, 0]);
    assert.strictEqual(String((diagnostic.code as { target: vscode.Uri }).target), 'https://github.com/sts-lens/sts-lens/blob/main/docs/rules/trust-policy-drift.md');
    assert.match(diagnostic.message, /^The trust policy of role ledger-writer in AWS differs from this one, which ServiceAccount ledger\/writer relies on\. Live: .*old-writer/);

    // The role is fixed in AWS: the next run drops the old finding.
    iam.roles.get('ledger-writer')!.trust = wanted;
    const again = await vscode.commands.executeCommand<VerifyResult>('stsLens.verifyRoles', { region: 'eu-west-1' });
    assert.ok(again);
    assert.deepStrictEqual(again.findings.filter((f) => f.uri === trustUri.toString()), []);
    assert.deepStrictEqual(drift(trustUri), []);
  });
});
