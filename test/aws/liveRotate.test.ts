import { useLocalAws } from './localAws';
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { keyId, publicPemOf } from '../../server/src/ccoctl/keys';
import { aws } from '../unit/ccoctl/ccoctlHelpers';
import { FakeCloudFront } from './cloudFrontServer';
import { FakeIam } from './iamServer';
import { FakeS3 } from './s3Server';

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
});
