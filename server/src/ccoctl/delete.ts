import { bucketName } from './createIdentityProvider';
import { emptyPlan, ownerTagKey, Plan } from './plan';

/**
 * What `delete` removes: only resources tagged
 * `openshift.io/cloud-credential-operator/<name>=owned`, found at run time
 * (the bucket's objects, the bucket, the CloudFront distribution, the roles
 * with their inline policies, the identity provider), plus the origin access
 * identity whose comment is that tag key (OAIs carry no tags). A dry run
 * lists them without deleting.
 */
export function planDelete(name: string): Plan {
  const plan = emptyPlan();
  const tagKey = ownerTagKey(name);
  plan.steps.push(
    { kind: 's3.deleteOwned', bucket: bucketName(name), tagKey },
    // --create-private-s3-bucket's: the distribution first (an OAI in use cannot be deleted).
    { kind: 'cloudfront.deleteOwnedDistributions', tagKey },
    { kind: 'cloudfront.deleteOwnedOriginAccessIdentities', comment: tagKey },
    { kind: 'iam.deleteOwnedRoles', tagKey },
    { kind: 'iam.deleteOwnedOidcProviders', tagKey },
  );
  return plan;
}
