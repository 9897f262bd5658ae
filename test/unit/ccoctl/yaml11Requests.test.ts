import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { aws, listFiles, tempDir } from './ccoctlHelpers';

const PROVIDER = 'arn:aws:iam::123456789012:oidc-provider/demo-oidc.s3.us-east-2.amazonaws.com';

function request(secretName: string, extra = ''): string {
  return [
    'apiVersion: cloudcredential.openshift.io/v1',
    'kind: CredentialsRequest',
    'metadata:',
    '  name: demo',
    '  namespace: openshift-cloud-credential-operator',
    '  labels:',
    '    example.com/ignored-by-ccoctl: yes',
    extra,
    'spec:',
    '  secretRef:',
    `    name: ${secretName}`,
    '    namespace: demo',
    '  serviceAccountNames: [demo]',
    '  providerSpec:',
    '    apiVersion: cloudcredential.openshift.io/v1',
    '    kind: AWSProviderSpec',
    '    statementEntries:',
    '      - effect: Allow',
    '        action: [s3:GetObject]',
    '        resource: "*"',
    '',
  ].filter((l) => l !== '').join('\n');
}

/**
 * ccoctl's GetListOfCredentialsRequests (pkg/cmd/provisioning/utils.go) decodes
 * with the API machinery's YAMLOrJSONDecoder, i.e. sigs.k8s.io/yaml on go-yaml
 * v2: `name: no` is the boolean false there. sts-lens reports it instead of
 * planning a role for a Secret named "no".
 */
describe('sts-lens aws reads CredentialsRequests as ccoctl GetListOfCredentialsRequests does (YAML 1.1)', () => {
  const run = async (text: string) => {
    const dir = tempDir();
    fs.mkdirSync(path.join(dir, 'cr'));
    fs.writeFileSync(path.join(dir, 'cr', 'demo.yaml'), text);
    const out = path.join(dir, 'out');
    const result = await aws(['create-iam-roles', '--dry-run', '--name', 'demo', '--credentials-requests-dir', path.join(dir, 'cr'), '--identity-provider-arn', PROVIDER, '--output-dir', out], '/');
    return { ...result, files: fs.existsSync(out) ? listFiles(out) : [] };
  };

  it('stops with the file, line and column of a field whose YAML 1.1 value is a boolean, writing nothing', async () => {
    const { code, stderr, files } = await run(request('no'));
    assert.strictEqual(code, 1);
    assert.strictEqual(stderr, 'error: demo.yaml:10:11: spec.secretRef.name: Kubernetes and ccoctl read YAML 1.1, where plain no is the boolean false, not the string "no". Quote it ("no") if the string is meant.\n');
    assert.deepStrictEqual(files, []);
  });

  it('reports an annotation ccoctl reads (release.openshift.io/delete: yes is "true" to it)', async () => {
    const { code, stderr } = await run(request('demo-creds', '  annotations:\n    release.openshift.io/delete: yes'));
    assert.strictEqual(code, 1);
    assert.strictEqual(stderr, 'error: demo.yaml:9:34: metadata.annotations.release.openshift.io/delete: Kubernetes and ccoctl read YAML 1.1, where plain yes is the boolean true, not the string "yes". Quote it ("yes") if the string is meant.\n');
  });

  it('plans as before once the value is quoted; a label ccoctl does not read is not its concern', async () => {
    const { code, stderr, files } = await run(request('"no"'));
    assert.strictEqual(code, 0, stderr);
    assert.ok(files.includes('manifests/demo-no-credentials.yaml'), files.join(', '));
  });
});
