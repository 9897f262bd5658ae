import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { awsRun } from '../../../server/src/commands/awsCommands';
import { aws, CREDREQUESTS, listFiles, TEST_KEY, tempDir } from './ccoctlHelpers';
import { check } from '../helpers';

const PROVIDER = 'arn:aws:iam::123456789012:oidc-provider/demo-oidc.s3.us-east-2.amazonaws.com';

function request(secretName: string, secretNamespace = 'openshift-image-registry', name = 'openshift-image-registry'): string {
  return `apiVersion: cloudcredential.openshift.io/v1
kind: CredentialsRequest
metadata:
  name: ${name}
  namespace: openshift-cloud-credential-operator
spec:
  secretRef:
    name: ${secretName}
    namespace: ${secretNamespace}
  serviceAccountNames:
  - registry
  providerSpec:
    apiVersion: cloudcredential.openshift.io/v1
    kind: AWSProviderSpec
    statementEntries:
    - effect: Allow
      action:
      - s3:GetObject
      resource: "*"
`;
}

/** A work folder holding credrequests/ (one good request, then the given one) and out/. */
function workspace(hostile: string): { root: string; requests: string; out: string } {
  const root = tempDir();
  const requests = path.join(root, 'credrequests');
  fs.mkdirSync(requests);
  fs.writeFileSync(path.join(requests, '01-good.yaml'), request('installer-cloud-credentials'));
  fs.writeFileSync(path.join(requests, '02-hostile.yaml'), hostile);
  return { root, requests, out: path.join(root, 'a', 'b', 'out') };
}

function rolesArgs(requests: string, out: string): string[] {
  return ['create-iam-roles', '--dry-run', '--name', 'demo', '--credentials-requests-dir', requests, '--identity-provider-arn', PROVIDER, '--output-dir', out];
}

describe('ccoctl-equivalent commands on hostile CredentialsRequests', function () {
  this.timeout(30_000);

  it('refuses a secretRef.name that climbs out of --output-dir, and writes nothing anywhere', async () => {
    const ws = workspace(request('"/../../../ESCAPED"'));
    const { code, stderr } = await aws(rolesArgs(ws.requests, ws.out), '/');
    assert.strictEqual(code, 1);
    assert.ok(stderr.includes('error: CredentialsRequest openshift-cloud-credential-operator/openshift-image-registry (02-hostile.yaml): spec.secretRef.name "/../../../ESCAPED" is not a Kubernetes Secret name'), stderr);
    assert.deepStrictEqual(listFiles(ws.root), ['credrequests/01-good.yaml', 'credrequests/02-hostile.yaml']);
  });

  it('refuses a secretRef namespace with a slash', async () => {
    const ws = workspace(request('creds', '../../x'));
    const { code, stderr } = await aws(rolesArgs(ws.requests, ws.out), '/');
    assert.strictEqual(code, 1);
    assert.ok(stderr.includes('spec.secretRef.namespace "../../x" is not a Kubernetes namespace name (only lower-case letters, digits and "-" are allowed'), stderr);
    assert.deepStrictEqual(listFiles(ws.root), ['credrequests/01-good.yaml', 'credrequests/02-hostile.yaml']);
  });

  it('refuses a secret name with newlines that would add stringData to the Secret', async () => {
    const injected = '"x\\nstringData:\\n  aws_access_key_id: AKIAEXAMPLE"';
    const ws = workspace(request(injected));
    const { code, stderr } = await aws(rolesArgs(ws.requests, ws.out), '/');
    assert.strictEqual(code, 1);
    assert.ok(stderr.includes('spec.secretRef.name "x\\nstringData:\\n  aws_access_key_id: AKIAEXAMPLE" is not a Kubernetes Secret name'), stderr);
    assert.ok(!stderr.includes('\n  aws_access_key_id'), 'the newline is shown escaped');
    assert.deepStrictEqual(listFiles(ws.root), ['credrequests/01-good.yaml', 'credrequests/02-hostile.yaml']);
  });

  it('refuses the same request through sts-lens.aws.run', async () => {
    const ws = workspace(request('"/../../../ESCAPED"'));
    const result = await awsRun({ action: 'create-iam-roles', inputs: { name: 'demo', credentialsRequestsDir: ws.requests, identityProviderArn: PROVIDER, outputDir: ws.out, dryRun: true }, trusted: true });
    assert.ok('error' in result && result.error.includes('spec.secretRef.name "/../../../ESCAPED" is not a Kubernetes Secret name'), JSON.stringify(result));
    assert.deepStrictEqual(listFiles(ws.root), ['credrequests/01-good.yaml', 'credrequests/02-hostile.yaml']);
  });

  it('accepts dotted Secret names (a DNS-1123 subdomain)', async () => {
    const ws = workspace(request('aws.credentials'));
    const { code, stderr } = await aws(rolesArgs(ws.requests, ws.out), '/');
    assert.strictEqual(stderr, '');
    assert.strictEqual(code, 0);
    assert.ok(listFiles(ws.out).includes('manifests/openshift-image-registry-aws.credentials-credentials.yaml'));
  });
});

describe('ccoctl-equivalent commands and symbolic links in --output-dir', function () {
  this.timeout(30_000);

  function withKey(): { out: string; elsewhere: string } {
    const root = tempDir();
    const out = path.join(root, 'out');
    const elsewhere = path.join(root, 'elsewhere');
    fs.mkdirSync(out);
    fs.mkdirSync(elsewhere);
    fs.copyFileSync(TEST_KEY, path.join(out, 'serviceaccount-signer.private'));
    fs.chmodSync(path.join(out, 'serviceaccount-signer.private'), 0o600);
    return { out, elsewhere };
  }
  const createAll = (out: string) => ['create-all', '--dry-run', '--name', 'demo', '--region', 'us-east-2', '--credentials-requests-dir', CREDREQUESTS, '--output-dir', out, '--account-id', '123456789012'];

  it('refuses out/tls linked to a folder outside, before writing any file', async () => {
    const { out, elsewhere } = withKey();
    fs.symlinkSync(elsewhere, path.join(out, 'tls'));
    const { code, stderr } = await aws(createAll(out), '/');
    assert.strictEqual(code, 1);
    assert.ok(stderr.includes(`${path.join(out, 'tls')} leads to ${fs.realpathSync(elsewhere)}, outside the output directory`), stderr);
    assert.deepStrictEqual(listFiles(elsewhere), []);
    // Nothing half-written: only the key that was there and the link.
    assert.deepStrictEqual(fs.readdirSync(out).sort(), ['serviceaccount-signer.private', 'tls']);
  });

  it('refuses out/manifests linked outside (the Secrets would go there)', async () => {
    const { out, elsewhere } = withKey();
    fs.symlinkSync(elsewhere, path.join(out, 'manifests'));
    const { code } = await aws(createAll(out), '/');
    assert.strictEqual(code, 1);
    assert.deepStrictEqual(listFiles(elsewhere), []);
  });

  it('refuses a link in the place of a file (here one into another folder)', async () => {
    const { out, elsewhere } = withKey();
    fs.symlinkSync(path.join(elsewhere, 'stolen.public'), path.join(out, 'serviceaccount-signer.public'));
    const { code, stderr } = await aws(createAll(out), '/');
    assert.strictEqual(code, 1);
    assert.ok(stderr.includes(`${path.join(out, 'serviceaccount-signer.public')} is a symbolic link: sts-lens writes no file through a link`), stderr);
    assert.deepStrictEqual(listFiles(elsewhere), []);
  });

  it('follows a link that stays inside the output directory', async () => {
    const { out } = withKey();
    fs.mkdirSync(path.join(out, 'real-manifests'));
    fs.symlinkSync(path.join(out, 'real-manifests'), path.join(out, 'manifests'));
    const { code, stderr } = await aws(createAll(out), '/');
    assert.strictEqual(stderr, '');
    assert.strictEqual(code, 0);
    assert.ok(fs.readdirSync(path.join(out, 'real-manifests')).includes('cluster-authentication-02-config.yaml'));
  });
});

describe('credentials-request-schema: Kubernetes names', () => {
  it('reports names the API server or ccoctl cannot use, at the value', () => {
    const text = request('"../x"', 'Openshift_Registry', 'bad/name');
    const findings = check({ 'cr.yaml': text }, 'cr.yaml').findings.filter((f) => f.code === 'credentials-request-schema');
    assert.deepStrictEqual(
      findings.map((f) => [f.range.start.line, f.message]),
      [
        [3, 'metadata.name "bad/name" is not a valid Kubernetes object name: only lower-case letters, digits, "-" and "." are allowed, each dot-separated part starting and ending with a letter or digit.'],
        [7, 'spec.secretRef.name "../x" is not a valid Kubernetes Secret name: only lower-case letters, digits, "-" and "." are allowed, each dot-separated part starting and ending with a letter or digit.'],
        [8, 'spec.secretRef.namespace "Openshift_Registry" is not a valid Kubernetes namespace name: only lower-case letters, digits and "-" are allowed, starting and ending with a letter or digit.'],
      ],
    );
  });

  it('says nothing of valid names or of templated ones', () => {
    assert.deepStrictEqual(check({ 'cr.yaml': request('aws.creds') }, 'cr.yaml').findings.filter((f) => f.code === 'credentials-request-schema'), []);
    assert.deepStrictEqual(check({ 'cr.yaml': request('"${SECRET_NAME}"', '"{{ .Release.Namespace }}"') }, 'cr.yaml').findings.filter((f) => f.code === 'credentials-request-schema'), []);
  });
});
