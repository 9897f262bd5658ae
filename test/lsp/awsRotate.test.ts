import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { AwsCommandArgs, AwsPlanResult, AwsRunResult } from '../../server/src/awsProtocol';
import { keyId, publicPemOf } from '../../server/src/ccoctl/keys';
import { ServerProcess } from './lspClient';
import { makeTempDir } from '../tempDirs';

const FIXTURES = path.resolve(__dirname, '../../../test/fixtures/ccoctl');

/** rotate-signing-key through the server's AWS commands, as the palette runs it: plan, then run, in a dry run. */
describe('LSP sts-lens.aws.plan/run: rotate-signing-key', function () {
  this.timeout(60_000);
  let server: ServerProcess;
  let out: string;
  let current: string;

  const rotate = (phase: 'add' | 'finish' | undefined, extra: Partial<AwsCommandArgs> = {}): AwsCommandArgs => ({
    action: 'rotate-signing-key',
    inputs: { name: 'demo', region: 'us-east-2', outputDir: out, dryRun: true, ...(phase ? { phase } : {}) },
    trusted: true,
    ...extra,
  });
  const send = <T>(command: string, args: unknown) => server.connection.sendRequest('workspace/executeCommand', { command, arguments: [args] }) as Promise<T>;
  const kids = () => (JSON.parse(fs.readFileSync(path.join(out, 'keys.json'), 'utf8')) as { keys: Array<{ kid: string }> }).keys.map((k) => k.kid);

  before(async () => {
    out = makeTempDir('lsp-rotate');
    current = fs.readFileSync(path.join(FIXTURES, 'test-signer.private'), 'utf8');
    fs.writeFileSync(path.join(out, 'serviceaccount-signer.private'), current, { mode: 0o600 });
    server = new ServerProcess();
    await server.initialize(out);
  });

  after(() => server.stop());

  it('refuses a rotation without its phase, and one with a phase it does not know, writing nothing', async () => {
    const missing = await send<AwsPlanResult>('sts-lens.aws.plan', rotate(undefined));
    assert.deepStrictEqual(missing.problems, [{ severity: 'error', message: '--phase is required for rotate-signing-key' }]);
    const unknown = await send<AwsPlanResult>('sts-lens.aws.plan', { ...rotate(undefined), inputs: { ...rotate(undefined).inputs, phase: 'begin' } });
    assert.deepStrictEqual(unknown.problems, [{ severity: 'error', message: '--phase begin: give add or finish' }]);
    assert.deepStrictEqual(fs.readdirSync(out), ['serviceaccount-signer.private']);
  });

  it('add, planned in an untrusted workspace, lists the files a run would write and writes none', async () => {
    const plan = await send<AwsPlanResult>('sts-lens.aws.plan', rotate('add', { trusted: false }));
    assert.deepStrictEqual(plan.problems.filter((p) => p.severity === 'error'), []);
    assert.strictEqual(plan.changesAws, false);
    assert.deepStrictEqual(plan.files.map((f) => f.path).sort(), ['keys.json', 'next-bound-service-account-signing-key.yaml', 'serviceaccount-signer.next.private', 'serviceaccount-signer.next.public']);
    assert.deepStrictEqual(fs.readdirSync(out), ['serviceaccount-signer.private']);
  });

  it('add then finish, run in a dry run: both keys published then the new one alone, the signing key kept in step, the next steps said', async () => {
    const currentKid = keyId(publicPemOf(current));
    const add = await send<AwsRunResult>('sts-lens.aws.run', rotate('add'));
    assert.deepStrictEqual(add.awsCalls, []);
    const next = fs.readFileSync(path.join(out, 'serviceaccount-signer.next.private'), 'utf8');
    const nextKid = keyId(publicPemOf(next));
    assert.deepStrictEqual(kids(), [currentKid, nextKid]);
    assert.strictEqual(fs.readFileSync(path.join(out, 'serviceaccount-signer.private'), 'utf8'), current, 'add never writes over the signing key');
    assert.strictEqual(fs.statSync(path.join(out, 'serviceaccount-signer.next.private')).mode & 0o777, 0o600);
    assert.strictEqual(add.nextSteps?.[1], `  1. Upload keys.json to the issuer (or run again without --dry-run), then give the cluster the new key: oc apply -f ${path.join(out, 'next-bound-service-account-signing-key.yaml')}`);

    const finish = await send<AwsRunResult>('sts-lens.aws.run', rotate('finish'));
    assert.deepStrictEqual(finish.awsCalls, []);
    assert.deepStrictEqual(kids(), [nextKid]);
    assert.strictEqual(fs.readFileSync(path.join(out, 'serviceaccount-signer.private'), 'utf8'), next);
    assert.strictEqual(fs.readFileSync(path.join(out, `serviceaccount-signer.retired-${currentKid}.private`), 'utf8'), current);
    assert.deepStrictEqual(finish.nextSteps, ['Review keys.json, then run again without --dry-run to publish it.']);
  });
});
