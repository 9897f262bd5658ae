import { partition as sdkPartition } from '@aws-sdk/core/client';

/**
 * What a ccoctl-equivalent action will do, computed before anything happens:
 * the files to write and the AWS steps to take, in order. Dry run prints or
 * writes it, the executor carries it out, tests assert on it.
 */

export interface Tag {
  Key: string;
  Value: string;
}

export interface PlannedFile {
  /** Relative to the output directory, with `/` separators. */
  path: string;
  content: string;
  mode: number;
  /**
   * Never replace an existing file at this path (the signing key and its
   * copy): a replaced key invalidates every token of a running cluster.
   */
  keepExisting?: boolean;
  /** Why an existing, different file at this path is replaced: logged when it is. */
  replacing?: string;
  /** Written before any AWS call, so a failure in AWS never loses a freshly generated key. */
  early?: boolean;
  description: string;
}

/**
 * One AWS step. Each is idempotent when executed: it reads the current state
 * first and only creates what is missing, so a second run creates nothing.
 */
export type AwsStep =
  /** Without `publicReadPolicy` the bucket stays private: every public access blocked (the CloudFront variant). */
  | { kind: 's3.ensureBucket'; bucket: string; region: string; tags: Tag[]; publicReadPolicy: string | undefined }
  /** Found by its comment (origin access identities carry no tags), created when missing. */
  | { kind: 'cloudfront.ensureOriginAccessIdentity'; callerReference: string; comment: string }
  /** Lets only the origin access identity of the previous step read the bucket's objects. */
  | { kind: 's3.putOaiBucketPolicy'; bucket: string; region: string }
  /**
   * The distribution serving the bucket through the origin access identity,
   * found by its origin or created, then waited for until deployed. Its domain
   * becomes the issuer: later steps and files name it as DISTRIBUTION_DOMAIN.
   */
  | { kind: 'cloudfront.ensureDistribution'; originDomain: string; callerReference: string; comment: string; tags: Tag[] }
  | { kind: 's3.putObject'; bucket: string; key: string; body: string; tags: Tag[] }
  | { kind: 'iam.ensureOidcProvider'; url: string; arn: string | undefined; clientIds: string[]; tags: Tag[] }
  | {
      kind: 'iam.ensureRole';
      roleName: string;
      description: string;
      trustPolicy: string;
      tags: Tag[];
      permissionsBoundary: string | undefined;
    }
  | { kind: 'iam.putRolePolicy'; roleName: string; policyName: string; policyDocument: string }
  | { kind: 's3.deleteOwned'; bucket: string; tagKey: string }
  | { kind: 'iam.deleteOwnedRoles'; tagKey: string }
  | { kind: 'iam.deleteOwnedOidcProviders'; tagKey: string }
  | { kind: 'cloudfront.deleteOwnedDistributions'; tagKey: string }
  | { kind: 'cloudfront.deleteOwnedOriginAccessIdentities'; comment: string };

/**
 * Stands for the CloudFront distribution's domain in a live plan: it exists
 * only once the distribution does. The executor replaces it in every later
 * step and file, and refuses to send it to AWS unreplaced.
 */
export const DISTRIBUTION_DOMAIN = '<cloudfront-distribution-domain>';

export interface Problem {
  severity: 'error' | 'warning' | 'info';
  message: string;
}

export interface Plan {
  files: PlannedFile[];
  steps: AwsStep[];
  /** Errors stop the run before anything is written; warnings and infos are printed. */
  problems: Problem[];
  /** The issuer URL the cluster will use, when this action decides it. */
  issuerUrl?: string;
  providerArn?: string;
}

export const MODE_SECRET = 0o600;
export const MODE_PUBLIC = 0o644;
export const MODE_DIR = 0o700;

export const TAG_PREFIX = 'openshift.io/cloud-credential-operator';
export const OWNED = 'owned';

export function ownerTagKey(name: string): string {
  return `${TAG_PREFIX}/${name}`;
}

/** The tags ccoctl puts on everything it creates; `delete` finds resources by the first. */
export function ownerTags(name: string): Tag[] {
  return [
    { Key: ownerTagKey(name), Value: OWNED },
    { Key: 'Name', Value: name },
  ];
}

export function emptyPlan(): Plan {
  return { files: [], steps: [], problems: [] };
}

export function mergePlans(...plans: Plan[]): Plan {
  const merged = emptyPlan();
  for (const plan of plans) {
    merged.files.push(...plan.files);
    merged.steps.push(...plan.steps);
    merged.problems.push(...plan.problems);
    merged.issuerUrl = plan.issuerUrl ?? merged.issuerUrl;
    merged.providerArn = plan.providerArn ?? merged.providerArn;
  }
  return merged;
}

export function hasErrors(plan: Plan): boolean {
  return plan.problems.some((p) => p.severity === 'error');
}

/** Go's json.Marshal escapes <, > and & in strings; ccoctl's dry-run files carry that escaping. */
export function goJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * The partition of a region, from the AWS SDK's partition data (the same data
 * the SDK resolves endpoints with): `aws-iso` for us-iso-east-1, `aws-iso-b`
 * for us-isob-east-1, ... ccoctl's getPartition knows only the us-gov-, cn-
 * and eusc- prefixes and builds `arn:aws:...` in the ISO partitions.
 */
export function partitionOf(region: string): string {
  return sdkPartition(region).name;
}

/**
 * S3's DNS suffix (what follows `<bucket>.s3.<region>.`), from the same data:
 * ccoctl's getDNSSuffix reads it off the SDK's S3 endpoint (`c2s.ic.gov` in
 * us-iso-east-1, `sc2s.sgov.gov` in us-isob-east-1, `amazonaws.com.cn` in China).
 */
export function s3DnsSuffix(region: string): string {
  return sdkPartition(region).dnsSuffix;
}

export const ACCOUNT_PLACEHOLDER = '<enter_aws_account_id_here>';
