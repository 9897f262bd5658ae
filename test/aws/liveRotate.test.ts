import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { AwsCommandArgs, AwsPlanResult, AwsRunResult } from '../../server/src/awsProtocol';
import { keyId, publicPemOf } from '../../server/src/ccoctl/keys';
import { FakeCloudFront } from './cloudFrontServer';
import { FakeIam } from './iamServer';
import { FakeS3 } from './s3Server';
import { ServerProcess } from '../lsp/lspClient';
import { aws, tempDir } from '../unit/ccoctl/ccoctlHelpers';
import { localSdkEnv, useLocalAws } from './localAws';

const OWNER_TAG = 'openshift.io/cloud-credential-operator/demo';

/**
 * rotate-signing-key against the local S3 server: keys.json is uploaded as
 * create-identity-provider uploads it (ccoctl's createIdentityProvider puts
 * keys.json with the owner tags), with both kids after add and one after finish.
 */
describe('sts-lens aws rotate-signing-key against a local S3 server', function () {
  this.timeout(60_000);
  const iam = new FakeIam();
  const s3 = new FakeS3();
  const cf = new FakeCloudFront();
  const local = useLocalAws({ iam, s3, cf });
  const rotate = (phase: string) => aws(['rotate-signing-key', '--phase', phase, '--name', 'demo', '--region', 'us-east-2', '--output-dir', local.out], '/');
  const published = async () => {
    const res = await fetch(`${s3.url}/demo-oidc/keys.json`);
    return ((await res.json()) as { keys: Array<{ kid: string }> }).keys.map((k) => k.kid);
  };

  it('add uploads keys.json with the current and the new kid; finish uploads it with the new kid alone', async () => {
    assert.strictEqual((await aws(['create-key-pair', '--output-dir', local.out], '/')).code, 0);
    const created = await aws(['create-identity-provider', '--name', 'demo', '--region', 'us-east-2', '--output-dir', local.out], '/', { thumbprint: async () => 'AB'.repeat(20) });
    assert.strictEqual(created.code, 0, created.stderr);
    const current = fs.readFileSync(path.join(local.out, 'serviceaccount-signer.private'), 'utf8');
    const currentKid = keyId(publicPemOf(current));
    assert.deepStrictEqual(await published(), [currentKid]);
    const before = s3.writes().length;

    const add = await rotate('add');
    assert.strictEqual(add.code, 0, add.stderr);
    const nextKid = keyId(publicPemOf(fs.readFileSync(path.join(local.out, 'serviceaccount-signer.next.private'), 'utf8')));
    assert.deepStrictEqual(s3.writes().slice(before), ['PutObject demo-oidc/keys.json']);
    assert.deepStrictEqual(await published(), [currentKid, nextKid]);
    assert.deepStrictEqual(s3.objectTags.get('demo-oidc/keys.json'), [
      { Key: OWNER_TAG, Value: 'owned' },
      { Key: 'Name', Value: 'demo' },
    ]);
    assert.ok(add.stdout.includes('Uploaded s3://demo-oidc/keys.json\n'), add.stdout);
    assert.strictEqual(fs.readFileSync(path.join(local.out, 'serviceaccount-signer.private'), 'utf8'), current);

    const finish = await rotate('finish');
    assert.strictEqual(finish.code, 0, finish.stderr);
    assert.deepStrictEqual(s3.writes().slice(before), ['PutObject demo-oidc/keys.json', 'PutObject demo-oidc/keys.json']);
    assert.deepStrictEqual(await published(), [nextKid]);
    assert.strictEqual(iam.calls.filter((c) => c.action !== 'GetCallerIdentity' && c.action !== 'ListOpenIDConnectProviders' && !c.action.startsWith('CreateOpenID') && !c.action.startsWith('TagOpenID')).length, 0, 'rotation calls no IAM API');
  });

  it('through the language server, as the palette runs it: refused unless confirmed, then keys.json uploaded with both kids', async () => {
    const out = tempDir();
    fs.copyFileSync(path.join(local.out, 'serviceaccount-signer.private'), path.join(out, 'serviceaccount-signer.private'));
    const server = new ServerProcess(localSdkEnv({ iam: iam.url, s3: s3.url }));
    try {
      await server.initialize(out);
      const args = (confirmed: boolean): AwsCommandArgs => ({ action: 'rotate-signing-key', inputs: { phase: 'add', name: 'demo', region: 'us-east-2', outputDir: out, dryRun: false }, trusted: true, confirmed });
      const send = <T>(command: string, confirmed: boolean) => server.connection.sendRequest('workspace/executeCommand', { command, arguments: [args(confirmed)] }) as Promise<T>;
      const plan = await send<AwsPlanResult>('sts-lens.aws.plan', false);
      assert.strictEqual(plan.changesAws, true);
      assert.deepStrictEqual(plan.steps, ['S3: upload s3://demo-oidc/keys.json (PutObject)']);
      const before = s3.writes().length;
      const refused = await send<{ error: string }>('sts-lens.aws.run', false);
      assert.ok(/changes AWS/.test(refused.error), refused.error);
      assert.strictEqual(s3.writes().length, before, 'nothing uploaded before the user agreed');
      const run = await send<AwsRunResult>('sts-lens.aws.run', true);
      assert.deepStrictEqual(s3.writes().slice(before), ['PutObject demo-oidc/keys.json']);
      assert.deepStrictEqual(run.awsCalls, ['STS GetCallerIdentity', 'S3 PutObject']);
      const current = keyId(publicPemOf(fs.readFileSync(path.join(out, 'serviceaccount-signer.private'), 'utf8')));
      const next = keyId(publicPemOf(fs.readFileSync(path.join(out, 'serviceaccount-signer.next.private'), 'utf8')));
      assert.deepStrictEqual(await published(), [current, next]);
      assert.strictEqual(run.nextSteps?.[0], 'Next:');
    } finally {
      await server.stop();
    }
  });
});
