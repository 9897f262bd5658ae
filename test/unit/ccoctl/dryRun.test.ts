import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { assertGolden, aws, CREDREQUESTS, listFiles, modeOf, TEST_KEY, tempDir } from './ccoctlHelpers';

function withTestKey(): string {
  const out = tempDir();
  fs.copyFileSync(TEST_KEY, path.join(out, 'serviceaccount-signer.private'));
  fs.chmodSync(path.join(out, 'serviceaccount-signer.private'), 0o600);
  return out;
}

describe('sts-lens aws create-all --dry-run', function () {
  // Tests that generate an RSA 4096 key take seconds.
  this.timeout(30_000);
  it('writes every ccoctl file, with the issuer it would create filled in', async () => {
    const out = withTestKey();
    const { code, stdout, stderr } = await aws(
      ['create-all', '--dry-run', '--name', 'demo', '--region', 'us-east-2', '--credentials-requests-dir', CREDREQUESTS, '--output-dir', out, '--account-id', '123456789012'],
      '/',
    );
    assert.strictEqual(stderr, '');
    assert.strictEqual(code, 0);
    assertGolden(out, 'create-all');
    const lines = stdout.replaceAll(out, '<out>').split('\n');
    assert.deepStrictEqual(lines.filter((l) => l.startsWith('info:')), [
      'info: Skipping CredentialsRequest openshift-cloud-credential-operator/openshift-removed-component (02-multi.yaml): marked release.openshift.io/delete: "true".',
      'info: Skipping CredentialsRequest openshift-cloud-credential-operator/openshift-preview (03-techpreview.yml): it is tech preview (release.openshift.io/feature-set: TechPreviewNoUpgrade); use --enable-tech-preview to include it.',
    ]);
    assert.ok(lines.includes('Using the existing key pair in <out>'));
    assert.ok(lines.includes('Issuer URL (serviceAccountIssuer): https://demo-oidc.s3.us-east-2.amazonaws.com'));
    assert.deepStrictEqual(lines.slice(lines.indexOf('Dry run: nothing was changed in AWS. A live run would:')), [
      'Dry run: nothing was changed in AWS. A live run would:',
      '  S3: create bucket demo-oidc in us-east-2 unless it exists (CreateBucket, PutBucketTagging, PutPublicAccessBlock, PutBucketPolicy: public read of its objects)',
      '  S3: upload s3://demo-oidc/.well-known/openid-configuration (PutObject)',
      '  S3: upload s3://demo-oidc/keys.json (PutObject)',
      '  IAM: create the OIDC identity provider for https://demo-oidc.s3.us-east-2.amazonaws.com with client IDs openshift, sts.amazonaws.com unless one tagged for this name exists (CreateOpenIDConnectProvider, TagOpenIDConnectProvider)',
      '  IAM: create role demo-openshift-cluster-csi-drivers-ebs-cloud-credentials unless it exists; report a different trust policy (GetRole, CreateRole)',
      '  IAM: put inline policy demo-openshift-cluster-csi-drivers-ebs-cloud-credentials on role demo-openshift-cluster-csi-drivers-ebs-cloud-credentials (PutRolePolicy)',
      '  IAM: create role demo-openshift-image-registry-installer-cloud-credentials unless it exists; report a different trust policy (GetRole, CreateRole)',
      '  IAM: put inline policy demo-openshift-image-registry-installer-cloud-credentials on role demo-openshift-image-registry-installer-cloud-credentials (PutRolePolicy)',
      '',
    ]);
  });

  it('gives keys, the installer key copy and Secrets mode 0600, and directories 0700', async () => {
    const out = path.join(tempDir(), 'new', 'out');
    const { code } = await aws(['create-all', '--dry-run', '--name', 'demo', '--region', 'us-east-2', '--credentials-requests-dir', CREDREQUESTS, '--output-dir', out], '/');
    assert.strictEqual(code, 0);
    assert.strictEqual(modeOf(path.join(out, 'serviceaccount-signer.private')), '600');
    assert.strictEqual(modeOf(path.join(out, 'tls/bound-service-account-signing-key.key')), '600');
    assert.strictEqual(modeOf(path.join(out, 'manifests/openshift-image-registry-installer-cloud-credentials-credentials.yaml')), '600');
    assert.strictEqual(modeOf(path.join(out, 'manifests/cluster-authentication-02-config.yaml')), '600');
    assert.strictEqual(modeOf(path.join(out, 'serviceaccount-signer.public')), '644');
    assert.strictEqual(modeOf(out), '700');
    assert.strictEqual(modeOf(path.join(out, 'manifests')), '700');
    assert.strictEqual(modeOf(path.join(out, 'tls')), '700');
    // No temporary files left behind.
    assert.deepStrictEqual(listFiles(out).filter((f) => f.endsWith('.tmp')), []);
    // Without --account-id the Secrets carry ccoctl's placeholder, which the workspace checks flag.
    const secret = fs.readFileSync(path.join(out, 'manifests/openshift-image-registry-installer-cloud-credentials-credentials.yaml'), 'utf8');
    assert.ok(secret.includes('    role_arn = \n'));
    assert.ok(secret.endsWith('type: Opaque\nPOPULATE ROLE ARN AND DELETE THIS LINE\n'));
    const role = JSON.parse(fs.readFileSync(path.join(out, '05-0-demo-openshift-cluster-csi-drivers-ebs-cloud-credentials-role.json'), 'utf8'));
    assert.strictEqual(JSON.parse(role.AssumeRolePolicyDocument).Statement[0].Principal.Federated, 'arn:aws:iam::<enter_aws_account_id_here>:oidc-provider/demo-oidc.s3.us-east-2.amazonaws.com');
  });

  it('keeps the key on a second run and rewrites nothing else that is unchanged', async () => {
    const out = tempDir();
    const args = ['create-all', '--dry-run', '--name', 'demo', '--region', 'us-east-2', '--credentials-requests-dir', CREDREQUESTS, '--output-dir', out];
    assert.strictEqual((await aws(args, '/')).code, 0);
    const key = fs.readFileSync(path.join(out, 'serviceaccount-signer.private'), 'utf8');
    const jwks = fs.readFileSync(path.join(out, '03-keys.json'), 'utf8');
    const second = await aws(args, '/');
    assert.strictEqual(second.code, 0);
    assert.ok(second.stdout.includes(`Using the existing key pair in ${out}\n`));
    assert.strictEqual(fs.readFileSync(path.join(out, 'serviceaccount-signer.private'), 'utf8'), key);
    assert.strictEqual(fs.readFileSync(path.join(out, '03-keys.json'), 'utf8'), jwks);
    assert.ok(second.stdout.includes(`Unchanged ${path.join(out, 'serviceaccount-signer.private')}\n`));
  });

  it('includes tech-preview requests with --enable-tech-preview, numbering files in ccoctl order', async () => {
    const out = withTestKey();
    const { code } = await aws(['create-iam-roles', '--dry-run', '--enable-tech-preview', '--name', 'demo', '--credentials-requests-dir', CREDREQUESTS, '--identity-provider-arn', 'arn:aws:iam::123456789012:oidc-provider/demo-oidc.s3.us-east-2.amazonaws.com', '--output-dir', out], '/');
    assert.strictEqual(code, 0);
    assert.deepStrictEqual(listFiles(out).filter((f) => /^0[56]-/.test(f)), [
      '05-0-demo-openshift-cluster-csi-drivers-ebs-cloud-credentials-role.json',
      '05-1-demo-openshift-image-registry-installer-cloud-credentials-role.json',
      '05-2-demo-openshift-preview-preview-credentials-role.json',
      '06-0-demo-openshift-cluster-csi-drivers-ebs-cloud-credentials-policy.json',
      '06-1-demo-openshift-image-registry-installer-cloud-credentials-policy.json',
      '06-2-demo-openshift-preview-preview-credentials-policy.json',
    ]);
    const secret = fs.readFileSync(path.join(out, 'manifests/openshift-preview-preview-credentials-credentials.yaml'), 'utf8');
    assert.ok(secret.includes('    role_arn = arn:aws:iam::123456789012:role/demo-openshift-preview-preview-credentials\n'));
  });
});

describe('sts-lens aws create-identity-provider without a key', () => {
  it('says which file is missing and how to make it, instead of a raw ENOENT', async () => {
    const out = tempDir();
    const { code, stdout, stderr } = await aws(['create-identity-provider', '--dry-run', '--name', 'demo', '--region', 'us-east-2', '--output-dir', out, '--account-id', '123456789012'], '/');
    assert.strictEqual(code, 1);
    assert.strictEqual(stdout, '');
    assert.strictEqual(
      stderr.replaceAll(out, '<out>').trim(),
      'sts-lens aws create-identity-provider: <out>/serviceaccount-signer.public does not exist: run create-key-pair first (it writes serviceaccount-signer.public into the output directory), or give the key with --public-key-file',
    );
    assert.deepStrictEqual(fs.readdirSync(out), []);
  });
});
