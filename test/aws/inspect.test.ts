import { IAMClient } from '@aws-sdk/client-iam';
import { S3Client } from '@aws-sdk/client-s3';
import { STSClient } from '@aws-sdk/client-sts';
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { AwsCliDeps } from '../../server/src/cli/aws';
import { aws, tempDir } from '../unit/ccoctl/ccoctlHelpers';
import { ACCOUNT, FakeIam } from './iamServer';
import { FakeIssuers, makeChain } from './issuerServer';

const ISSUER = 'oidc.example.com';
const trust = (sub: string, operator = 'StringEquals') =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Federated: `arn:aws:iam::${ACCOUNT}:oidc-provider/${ISSUER}` }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: { [operator]: { [`${ISSUER}:sub`]: sub } } }],
  });
const sa = (namespace: string, name: string, role: string) =>
  `apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: ${name}\n  namespace: ${namespace}\n  annotations:\n    eks.amazonaws.com/role-arn: arn:aws:iam::${ACCOUNT}:role/${role}\n`;

describe('sts-lens aws verify and check-installer-credentials against a local IAM/STS server', function () {
  this.timeout(30_000);
  const iam = new FakeIam();
  let deps: AwsCliDeps;
  let issuers: FakeIssuers;

  before(async () => {
    const endpoint = await iam.start();
    const config = { region: 'us-east-1', endpoint, credentials: { accessKeyId: 'TEST', secretAccessKey: 'TEST' } };
    // The roles' issuer, served on 127.0.0.1 behind a local proxy, with its provider in IAM: its chain is sound here.
    issuers = new FakeIssuers(makeChain([ISSUER]));
    const proxy = await issuers.start();
    issuers.publish(ISSUER, { keys: [] });
    const arn = `arn:aws:iam::${ACCOUNT}:oidc-provider/${ISSUER}`;
    iam.providers.set(arn, { arn, url: `https://${ISSUER}`, clientIds: ['sts.amazonaws.com'], thumbprints: [issuers.chain.sha1.intermediate], tags: [] });
    // Clients pointed at 127.0.0.1 only; nothing reads the environment's credentials or endpoints.
    deps = { clients: () => ({ iam: new IAMClient(config), sts: new STSClient(config), s3: new S3Client({ ...config, forcePathStyle: true }) }), issuer: { ca: issuers.chain.root, env: { HTTPS_PROXY: proxy } } };
  });

  after(async () => {
    await iam.stop();
    await issuers.stop();
  });

  describe('verify', () => {
    let dir: string;

    before(() => {
      dir = tempDir();
      fs.mkdirSync(path.join(dir, 'iam'));
      fs.writeFileSync(path.join(dir, 'reader.yaml'), sa('shop', 'reader', 'shop-reader'));
      fs.writeFileSync(path.join(dir, 'iam', 'shop-reader-trust-policy.json'), `${JSON.stringify(JSON.parse(trust('system:serviceaccount:shop:reader')), null, 2)}\n`);
      fs.writeFileSync(path.join(dir, 'writer.yaml'), sa('shop', 'writer', 'shop-writer'));
      fs.writeFileSync(path.join(dir, 'iam', 'shop-writer-trust-policy.json'), `${JSON.stringify(JSON.parse(trust('system:serviceaccount:shop:writer')), null, 2)}\n`);
      fs.writeFileSync(path.join(dir, 'auditor.yaml'), `${sa('shop', 'auditor', 'shop-auditors')}---\n${sa('billing', 'auditor', 'shop-auditors')}`);
      fs.writeFileSync(
        path.join(dir, 'job.yaml'),
        'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: report\n  namespace: shop\nspec:\n  template:\n    spec:\n      containers:\n      - name: main\n        image: report:1\n        env:\n        - name: AWS_ROLE_ARN\n          value: arn:aws:iam::123456789012:role/gone\n',
      );
      // Key order and a one-element list differ from the file: IAM normalises both, so this is no drift.
      iam.addRole({ name: 'shop-reader', trust: trust('system:serviceaccount:shop:reader').replace('"sts:AssumeRoleWithWebIdentity"', '["sts:AssumeRoleWithWebIdentity"]'), description: '', tags: [] });
      iam.addRole({ name: 'shop-writer', trust: trust('system:serviceaccount:shop:old-writer'), description: '', tags: [] });
      iam.addRole({ name: 'shop-auditors', trust: trust('system:serviceaccount:shop:*', 'StringLike'), description: '', tags: [] });
    });

    it('reports a missing role, trust drift, and a live trust that does not admit the service account, as sts-lens check does', async () => {
      iam.calls.length = 0;
      const { code, stdout, stderr } = await aws(['verify', '.'], dir, deps);
      assert.strictEqual(stderr, '');
      assert.strictEqual(code, 1);
      assert.deepStrictEqual(
        iam.calls.map((c) => `${c.action} ${c.params.RoleName ?? c.params.OpenIDConnectProviderArn}`),
        ['GetRole gone', 'GetRole shop-auditors', 'GetRole shop-reader', 'GetRole shop-writer', `GetOpenIDConnectProvider arn:aws:iam::${ACCOUNT}:oidc-provider/${ISSUER}`],
      );
      assert.strictEqual(
        stdout,
        [
          'Verified 4 role(s) in AWS: gone, shop-auditors, shop-reader, shop-writer',
          `Checked 1 issuer(s): ${ISSUER}`,
          '',
          'auditor.yaml',
          `  15:33  error  The trust policy of role shop-auditors in AWS admits system:serviceaccount:shop:*, not system:serviceaccount:billing:auditor: ServiceAccount billing/auditor will get AccessDenied from AssumeRoleWithWebIdentity. Add system:serviceaccount:billing:auditor to the role's trust policy.  trust-policy-drift`,
          '',
          'iam/shop-writer-trust-policy.json',
          `  1:1  error  The trust policy of role shop-writer in AWS differs from this one, which ServiceAccount shop/writer relies on. Live: ${trust('system:serviceaccount:shop:old-writer')}. Apply this file (aws iam update-assume-role-policy --role-name shop-writer --policy-document file://...) or update it from AWS.  trust-policy-drift`,
          '',
          'job.yaml',
          '  14:18  error  Role gone does not exist in AWS (GetRole: NoSuchEntity): Job shop/report (AWS_ROLE_ARN) names arn:aws:iam::123456789012:role/gone, and every AssumeRoleWithWebIdentity will fail. Create the role or correct the ARN.  trust-policy-drift',
          '',
          '✖ 3 problems (3 errors, 0 warnings)',
          '',
        ].join('\n'),
      );
    });

    it('prints JSON like sts-lens check --format json, and exits 0 once AWS matches the workspace', async () => {
      const json = await aws(['verify', '--format', 'json', 'writer.yaml', 'iam'], dir, deps);
      assert.strictEqual(json.code, 1);
      const parsed = JSON.parse(json.stdout);
      assert.deepStrictEqual(
        parsed.diagnostics.map((d: { file: string; code: string; range: unknown }) => [d.file, d.code, d.range]),
        [['iam/shop-writer-trust-policy.json', 'trust-policy-drift', { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }]],
      );
      iam.roles.get('shop-writer')!.trust = trust('system:serviceaccount:shop:writer');
      const clean = await aws(['verify', 'writer.yaml', 'iam'], dir, deps);
      assert.strictEqual(clean.code, 0);
      assert.strictEqual(clean.stdout, `Verified 1 role(s) in AWS: shop-writer\nChecked 1 issuer(s): ${ISSUER}\nNo problems found.\n`);
    });

    it('writes SARIF for code scanning, as sts-lens check --format sarif does', async () => {
      iam.roles.get('shop-writer')!.trust = trust('system:serviceaccount:shop:old-writer');
      const { code, stdout } = await aws(['verify', '--format', 'sarif', 'writer.yaml', 'iam'], dir, deps);
      assert.strictEqual(code, 1);
      const result = JSON.parse(stdout).runs[0].results[0];
      assert.strictEqual(result.ruleId, 'trust-policy-drift');
      assert.strictEqual(result.level, 'error');
      assert.deepStrictEqual(result.locations[0].physicalLocation.artifactLocation, { uri: 'iam/shop-writer-trust-policy.json', uriBaseId: '%SRCROOT%' });
      iam.roles.get('shop-writer')!.trust = trust('system:serviceaccount:shop:writer');
    });

    it('makes no call that changes AWS', () => {
      assert.deepStrictEqual(iam.writes(), []);
    });
  });

  describe('check-installer-credentials', () => {
    const DENY_BY_IP = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: '*', Resource: '*' },
        { Sid: 'OfficeOnly', Effect: 'Deny', Action: '*', Resource: '*', Condition: { NotIpAddress: { 'aws:SourceIp': ['203.0.113.0/24'] } } },
      ],
    });
    const ALLOW = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] });
    const EXPLANATION =
      'This statement denies requests by source IP (NotIpAddress aws:SourceIp 203.0.113.0/24). openshift-install signs the bootstrap ignition URL with these credentials, and the bootstrap node fetches it from its own address: S3 answers Forbidden, ignition fails, and the install hangs at "Waiting up to 20m0s for the Kubernetes API". Lift the restriction during the install, or install with a principal it does not apply to.';

    it("finds a source-IP deny in a group's managed policy of the calling user", async () => {
      iam.callerArn = `arn:aws:iam::${ACCOUNT}:user/ops/installer`;
      iam.managed.set('arn:aws:iam::123456789012:policy/office-only', DENY_BY_IP);
      iam.managed.set('arn:aws:iam::aws:policy/AmazonS3FullAccess', ALLOW);
      iam.users.set('installer', { attached: ['arn:aws:iam::aws:policy/AmazonS3FullAccess'], inline: new Map([['extra', ALLOW]]), groups: ['admins', 'staff', 'ops'] });
      iam.groups.set('admins', { attached: [], inline: new Map() });
      iam.groups.set('staff', { attached: [], inline: new Map([['notes', ALLOW]]) });
      iam.groups.set('ops', { attached: ['arn:aws:iam::123456789012:policy/office-only'], inline: new Map() });
      iam.calls.length = 0;
      const { code, stdout, stderr } = await aws(['check-installer-credentials'], '/', deps);
      assert.strictEqual(stderr, '');
      assert.strictEqual(code, 1);
      assert.strictEqual(
        stdout,
        [
          `Caller: arn:aws:iam::${ACCOUNT}:user/ops/installer (user installer)`,
          'Read 4 policies:',
          '  managed policy arn:aws:iam::aws:policy/AmazonS3FullAccess (attached to user installer)',
          '  inline policy extra of user installer',
          '  inline policy notes of group staff of user installer',
          '  managed policy arn:aws:iam::123456789012:policy/office-only (attached to group ops of user installer)',
          '',
          `error: managed policy arn:aws:iam::123456789012:policy/office-only (attached to group ops of user installer), statement OfficeOnly: ${EXPLANATION}`,
          '',
        ].join('\n'),
      );
      // Two groups per page: the group list was followed past its first page.
      assert.deepStrictEqual(iam.calls.filter((c) => c.action === 'ListGroupsForUser').map((c) => c.params.Marker ?? '-'), ['-', '2']);
      assert.deepStrictEqual(iam.writes(), []);
    });

    it("reads an assumed role's attached and inline policies", async () => {
      iam.callerArn = `arn:aws:sts::${ACCOUNT}:assumed-role/installer-role/session-1`;
      iam.addRole({ name: 'installer-role', trust: '{}', description: '', tags: [], policies: new Map([['office', DENY_BY_IP.replace('NotIpAddress', 'NotIpAddressIfExists')]]) });
      iam.roleAttached.set('installer-role', ['arn:aws:iam::aws:policy/AmazonS3FullAccess']);
      const { code, stdout } = await aws(['check-installer-credentials', '--format', 'json'], '/', deps);
      assert.strictEqual(code, 1);
      const report = JSON.parse(stdout);
      assert.deepStrictEqual(report.principal, { kind: 'role', name: 'installer-role' });
      assert.deepStrictEqual(report.policiesRead, ['managed policy arn:aws:iam::aws:policy/AmazonS3FullAccess (attached to role installer-role)', 'inline policy office of role installer-role']);
      assert.deepStrictEqual(report.findings.map((f: { sid: string; summary: string }) => `${f.sid}: ${f.summary}`), ['OfficeOnly: NotIpAddressIfExists aws:SourceIp 203.0.113.0/24']);
    });

    it('says so when nothing denies by source IP', async () => {
      iam.callerArn = `arn:aws:iam::${ACCOUNT}:user/clean`;
      iam.users.set('clean', { attached: [], inline: new Map([['s3', ALLOW]]), groups: [] });
      const { code, stdout } = await aws(['check-installer-credentials'], '/', deps);
      assert.strictEqual(code, 0);
      assert.ok(stdout.endsWith('No statement denies by aws:SourceIp: the bootstrap ignition URL will not be refused for its source address.\n'), stdout);
    });
  });
});
