import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { AwsCommandArgs, AwsPlanResult, AwsRunResult } from '../../server/src/awsProtocol';
import { ServerProcess } from './lspClient';
import { makeTempDir } from '../tempDirs';

const FIXTURES = path.resolve(__dirname, '../../../test/fixtures/ccoctl');
const GOLDEN = path.join(FIXTURES, 'golden', 'create-all');
const EBS = 'demo-openshift-cluster-csi-drivers-ebs-cloud-credentials';
const REGISTRY = 'demo-openshift-image-registry-installer-cloud-credentials';

describe('LSP workspace/executeCommand: sts-lens.aws.plan and sts-lens.aws.run', function () {
  this.timeout(30_000);
  let server: ServerProcess;
  let out: string;

  const createAll = (extra: Partial<AwsCommandArgs> = {}, inputs: Partial<AwsCommandArgs['inputs']> = {}): AwsCommandArgs => ({
    action: 'create-all',
    inputs: { name: 'demo', region: 'us-east-2', credentialsRequestsDir: path.join(FIXTURES, 'credrequests'), outputDir: out, dryRun: true, accountId: '123456789012', ...inputs },
    trusted: true,
    ...extra,
  });
  const send = <T>(command: string, args: unknown) => server.connection.sendRequest('workspace/executeCommand', { command, arguments: [args] }) as Promise<T>;

  before(async () => {
    out = makeTempDir('lsp-aws');
    // A fixed key, so that the files written are the golden ones byte for byte.
    fs.copyFileSync(path.join(FIXTURES, 'test-signer.private'), path.join(out, 'serviceaccount-signer.private'));
    fs.chmodSync(path.join(out, 'serviceaccount-signer.private'), 0o600);
    server = new ServerProcess();
    await server.initialize(out);
  });

  after(() => server.stop());

  it('plan answers the files, the AWS steps and the notes as data, and writes nothing', async () => {
    const plan = await send<AwsPlanResult>('sts-lens.aws.plan', createAll());
    assert.deepStrictEqual(fs.readdirSync(out), ['serviceaccount-signer.private']);
    assert.strictEqual(plan.changesAws, false);
    assert.strictEqual(plan.keysOrigin, 'existing');
    assert.strictEqual(plan.issuerUrl, 'https://demo-oidc.s3.us-east-2.amazonaws.com');
    assert.deepStrictEqual(plan.files.map((f) => `${f.path} ${f.mode}${f.keepExisting ? ' keep' : ''}`), [
      'serviceaccount-signer.private 600 keep',
      'serviceaccount-signer.public 644',
      'tls/bound-service-account-signing-key.key 600',
      '01-oidc-bucket.json 644',
      '02-openid-configuration 644',
      '03-keys.json 644',
      '04-iam-identity-provider.json 644',
      'manifests/cluster-authentication-02-config.yaml 600',
      `05-0-${EBS}-role.json 644`,
      `06-0-${EBS}-policy.json 644`,
      `manifests/openshift-cluster-csi-drivers-ebs-cloud-credentials-credentials.yaml 600`,
      `05-1-${REGISTRY}-role.json 644`,
      `06-1-${REGISTRY}-policy.json 644`,
      `manifests/openshift-image-registry-installer-cloud-credentials-credentials.yaml 600`,
    ]);
    assert.strictEqual(plan.files[0].fsPath, path.join(out, 'serviceaccount-signer.private'));
    assert.deepStrictEqual(plan.steps.slice(0, 2), [
      'S3: create bucket demo-oidc in us-east-2 unless it exists (CreateBucket, PutBucketTagging, PutPublicAccessBlock, PutBucketPolicy: public read of its objects)',
      'S3: upload s3://demo-oidc/.well-known/openid-configuration (PutObject)',
    ]);
    assert.strictEqual(plan.steps.length, 8);
    assert.deepStrictEqual(plan.problems.map((p) => p.severity), ['info', 'info']);
  });

  it('a live plan is refused without trust, before any AWS call', async () => {
    const refused = await send<{ error: string }>('sts-lens.aws.plan', createAll({ trusted: false }, { dryRun: false }));
    assert.deepStrictEqual(refused, { error: 'The workspace is not trusted: STS Lens writes no file and calls no AWS API there. Trust the workspace first.' });
  });

  it('run in dry run writes the golden files with their modes and makes no AWS call', async () => {
    const result = await send<AwsRunResult>('sts-lens.aws.run', createAll());
    assert.deepStrictEqual(result.awsCalls, []);
    assert.deepStrictEqual(result.created, []);
    assert.deepStrictEqual(
      result.files.filter((f) => f.status !== 'written').map((f) => `${f.path} ${f.status}`),
      ['serviceaccount-signer.private unchanged'],
    );
    for (const file of result.files) {
      assert.strictEqual(fs.readFileSync(file.fsPath, 'utf8'), fs.readFileSync(path.join(GOLDEN, file.path), 'utf8'), `${file.path} differs from the golden file`);
    }
    assert.strictEqual(fs.statSync(path.join(out, `manifests/openshift-cluster-csi-drivers-ebs-cloud-credentials-credentials.yaml`)).mode & 0o777, 0o600);
    assert.strictEqual(fs.statSync(path.join(out, 'tls/bound-service-account-signing-key.key')).mode & 0o777, 0o600);
    assert.strictEqual(result.log[7], `Wrote ${path.join(out, '03-keys.json')} (JWKS (upload to demo-oidc/keys.json))`);
  });

  it('run refuses to write anything when the client says the workspace is untrusted', async () => {
    const dir = makeTempDir('lsp-aws-untrusted');
    const result = await send<{ error: string }>('sts-lens.aws.run', { ...createAll({ trusted: false }), inputs: { ...createAll().inputs, outputDir: dir } });
    assert.deepStrictEqual(result, { error: 'The workspace is not trusted: STS Lens writes no file and calls no AWS API there. Trust the workspace first.' });
    assert.deepStrictEqual(fs.readdirSync(dir), []);
  });

  it('answers plan errors and bad arguments as { error }, not as a crash', async () => {
    const missing = await send<{ error: string; problems: unknown }>('sts-lens.aws.run', createAll({}, { name: 'Demo_1' }));
    assert.deepStrictEqual(missing, {
      error: 'sts-lens aws create-all: --name Demo_1: use lower-case letters, digits and hyphens (it names the S3 bucket Demo_1-oidc)',
      problems: [{ severity: 'error', message: '--name Demo_1: use lower-case letters, digits and hyphens (it names the S3 bucket Demo_1-oidc)' }],
    });
    const relative = await send<{ error: string }>('sts-lens.aws.plan', createAll({}, { outputDir: 'out' }));
    assert.deepStrictEqual(relative, { error: "sts-lens.aws.plan: inputs.outputDir must be an absolute path (the server's working directory is not the workspace)" });
    const shapeless = await send<{ error: string }>('sts-lens.aws.run', { action: 'create-everything' });
    assert.match(shapeless.error, /^sts-lens\.aws\.run needs \{ action: create-key-pair \| create-identity-provider/);
  });
});
