import * as fs from 'fs';
import * as path from 'path';
import { TEST_KEY, tempDir } from '../unit/ccoctl/ccoctlHelpers';

/** Every variable the AWS SDK's default chain or endpoint resolution reads that these tests set or must clear. */
const SDK_ENV = [
  'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE', 'AWS_ENDPOINT_URL',
  'AWS_ENDPOINT_URL_IAM', 'AWS_ENDPOINT_URL_STS', 'AWS_ENDPOINT_URL_S3', 'AWS_ENDPOINT_URL_CLOUDFRONT',
  'AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE', 'AWS_EC2_METADATA_DISABLED',
];

/** Fake static credentials, endpoints on 127.0.0.1 (IAM's as the catch-all too), no profile files, no instance metadata. */
function localSettings(endpoints: { iam: string; s3?: string; cloudfront?: string }): Record<string, string> {
  const empty = path.join(tempDir(), 'none');
  return {
    AWS_ACCESS_KEY_ID: 'S3RVER',
    AWS_SECRET_ACCESS_KEY: 'S3RVER',
    AWS_ENDPOINT_URL: endpoints.iam,
    AWS_ENDPOINT_URL_IAM: endpoints.iam,
    AWS_ENDPOINT_URL_STS: endpoints.iam,
    ...(endpoints.s3 ? { AWS_ENDPOINT_URL_S3: endpoints.s3 } : {}),
    ...(endpoints.cloudfront ? { AWS_ENDPOINT_URL_CLOUDFRONT: endpoints.cloudfront } : {}),
    AWS_CONFIG_FILE: empty,
    AWS_SHARED_CREDENTIALS_FILE: empty,
    AWS_EC2_METADATA_DISABLED: 'true',
  };
}

/**
 * Points the SDK of this process at servers on 127.0.0.1, so nothing can
 * reach real AWS. Returns the function that puts the environment back.
 */
export function pointSdkAtLocalServers(endpoints: { iam: string; s3: string; cloudfront: string }): () => void {
  const saved = new Map(SDK_ENV.map((name) => [name, process.env[name]]));
  for (const name of SDK_ENV) delete process.env[name];
  Object.assign(process.env, localSettings(endpoints));
  return () => {
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
}

/** The environment for a child process (the language server) whose SDK may reach only the local servers. */
export function localSdkEnv(endpoints: { iam: string; s3?: string; cloudfront?: string }): NodeJS.ProcessEnv {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('AWS_')));
  return { ...inherited, ...localSettings(endpoints) };
}

/**
 * For a suite of live runs: starts the local IAM, S3 and CloudFront servers
 * before it, points this process's SDK at them, and gives it an output
 * directory already holding the test signing key; undoes all of it after.
 */
export function useLocalAws(servers: { iam: { start(): Promise<string>; stop(): Promise<void> }; s3: { start(): Promise<string>; stop(): Promise<void> }; cf: { start(): Promise<string>; stop(): Promise<void> } }): { readonly out: string } {
  let restoreEnv: (() => void) | undefined;
  let out = '';
  before(async () => {
    restoreEnv = pointSdkAtLocalServers({ iam: await servers.iam.start(), s3: await servers.s3.start(), cloudfront: await servers.cf.start() });
    out = tempDir();
    fs.copyFileSync(TEST_KEY, path.join(out, 'serviceaccount-signer.private'));
  });
  after(async () => {
    restoreEnv?.();
    await servers.iam.stop();
    await servers.s3.stop();
    await servers.cf.stop();
  });
  return {
    get out() {
      return out;
    },
  };
}
