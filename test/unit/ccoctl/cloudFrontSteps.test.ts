import * as assert from 'assert';
import { S3Client } from '@aws-sdk/client-s3';
import { CloudFrontContext, putOaiBucketPolicy } from '../../../server/src/ccoctl/cloudFrontSteps';

/** An S3 client stand-in that refuses the policy `refusals` times with S3's error for an OAI not yet known. */
function refusingS3(refusals: number): { client: S3Client; tries: () => number } {
  let tries = 0;
  const client = {
    send: async () => {
      tries++;
      if (tries <= refusals) throw Object.assign(new Error('Invalid principal in policy'), { name: 'MalformedPolicy' });
      return {};
    },
  } as unknown as S3Client;
  return { client, tries: () => tries };
}

function context(s3: S3Client, log: string[], maxWaitMs = 1000): CloudFrontContext {
  return { cloudfront: undefined, s3, log: (l) => log.push(l), created: [], deleted: [], pollMs: 1, maxWaitMs };
}

describe('the bucket policy for a new CloudFront origin access identity', () => {
  const step = { kind: 's3.putOaiBucketPolicy' as const, bucket: 'demo-oidc', region: 'us-east-2' };

  it('is tried again while S3 does not know the new identity yet (ccoctl sleeps 30 s instead)', async () => {
    const s3 = refusingS3(2);
    const log: string[] = [];
    await putOaiBucketPolicy(step, context(s3.client, log), { oaiId: 'E1', oaiCreated: true });
    assert.strictEqual(s3.tries(), 3);
    assert.deepStrictEqual(log, [
      'S3 does not know origin access identity E1 yet; trying again in 0.001 s',
      'S3 does not know origin access identity E1 yet; trying again in 0.001 s',
      'Bucket demo-oidc: only CloudFront origin access identity E1 may read its objects',
    ]);
  });

  it('fails at once for an identity that already existed, and after the time limit for a new one', async () => {
    await assert.rejects(putOaiBucketPolicy(step, context(refusingS3(1).client, []), { oaiId: 'E1', oaiCreated: false }), /Invalid principal in policy/);
    await assert.rejects(putOaiBucketPolicy(step, context(refusingS3(1000).client, [], 20), { oaiId: 'E1', oaiCreated: true }), /Invalid principal in policy/);
  });
});
