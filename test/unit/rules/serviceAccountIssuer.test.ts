import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { applyEdits, AUTH_MANIFEST, check } from '../helpers';

const ROOT = path.resolve(__dirname, '../../../..');
const ISSUER = 'https://demo-oidc.s3.ap-northeast-1.amazonaws.com';

const KOPS = [
  'apiVersion: kops.k8s.io/v1alpha2',
  'kind: Cluster',
  'metadata:',
  '  name: irsa.example.com',
  'spec:',
  '  cloudProvider: aws',
  '  serviceAccountIssuerDiscovery:',
  '    discoveryStore: s3://irsa-example-oidc',
  '    enableAWSOIDCProvider: true',
  '  podIdentityWebhook:',
  '    enabled: true',
  '  iam:',
  '    useServiceAccountExternalPermissions: true',
  '',
].join('\n');

describe('service-account-issuer', () => {
  it('leaves the example Authentication, the example kops Cluster and a kops IRSA cluster alone', () => {
    for (const file of ['examples/openshift-sts/manifests/cluster-authentication-02-config.yaml', 'examples/kops-irsa/cluster.yaml']) {
      const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
      assert.deepStrictEqual(check({ 'doc.yaml': text }, 'doc.yaml').summary, [], file);
    }
    assert.deepStrictEqual(check({ 'auth.yaml': AUTH_MANIFEST }, 'auth.yaml').summary, []);
    assert.deepStrictEqual(check({ 'cluster.yaml': KOPS }, 'cluster.yaml').summary, []);
    // An empty issuer asks for the cluster default: valid, not ours to judge.
    assert.deepStrictEqual(check({ 'auth.yaml': AUTH_MANIFEST.replace(ISSUER, '""') }, 'auth.yaml').summary, []);
  });

  it('a trailing slash: the message names STS\'s error, the fix drops the slash', () => {
    const text = AUTH_MANIFEST.replace(ISSUER, ISSUER + '/');
    const result = check({ 'auth.yaml': text }, 'auth.yaml');
    assert.deepStrictEqual(result.summary, ['5:24-5:74 service-account-issuer']);
    assert.strictEqual(result.findings[0].severity, 'error');
    assert.strictEqual(
      result.findings[0].message,
      `spec.serviceAccountIssuer "${ISSUER}/" ends with a slash: tokens carry the issuer verbatim in iss and STS compares it literally with the IAM OIDC provider's URL, so AssumeRoleWithWebIdentity fails with "No OpenIDConnect provider found in your account for ${ISSUER}/". Use "${ISSUER}".`,
    );
    assert.strictEqual(result.findings[0].fixes[0].title, `Use ${ISSUER}`);
    assert.strictEqual(applyEdits(result.file, result.findings[0].fixes[0].edits[result.file.uri]), AUTH_MANIFEST);
  });

  it('keeps the quotes of a quoted issuer and trims surrounding spaces', () => {
    const text = AUTH_MANIFEST.replace(ISSUER, `" ${ISSUER} "`);
    const result = check({ 'auth.yaml': text }, 'auth.yaml');
    assert.deepStrictEqual(result.summary, ['5:24-5:77 service-account-issuer']);
    assert.match(result.findings[0].message, /has leading or trailing whitespace, which the API server keeps in every token's iss/);
    assert.strictEqual(applyEdits(result.file, result.findings[0].fixes[0].edits[result.file.uri]), AUTH_MANIFEST.replace(ISSUER, `"${ISSUER}"`));
  });

  it('http, no scheme, query and fragment are reported without a guessed fix', () => {
    const cases: Array<[string, RegExp]> = [
      ['http://demo-oidc.s3.ap-northeast-1.amazonaws.com', /is not an https URL: IAM only trusts OIDC issuers served over https/],
      ['demo-oidc.s3.ap-northeast-1.amazonaws.com', /has no https:\/\/ scheme/],
      [ISSUER + '?x=1', /has a query or fragment/],
      [ISSUER + '#keys', /has a query or fragment/],
      ['https://demo oidc', /contains whitespace/],
    ];
    for (const [value, pattern] of cases) {
      const result = check({ 'auth.yaml': AUTH_MANIFEST.replace(ISSUER, `"${value}"`) }, 'auth.yaml');
      assert.deepStrictEqual(result.summary, [`5:24-5:${26 + value.length} service-account-issuer`], value);
      assert.match(result.findings[0].message, pattern);
      assert.match(result.findings[0].message, /Use the https URL the discovery document is served from/);
      assert.strictEqual(result.findings[0].fixes.length, 0, value);
    }
  });

  it('an Authentication not named cluster is ignored by OpenShift; the fix renames it', () => {
    const text = AUTH_MANIFEST.replace('name: cluster', 'name: sts-demo');
    const result = check({ 'auth.yaml': text }, 'auth.yaml');
    assert.deepStrictEqual(result.summary, ['3:8-3:16 service-account-issuer']);
    assert.strictEqual(
      result.findings[0].message,
      'Authentication "sts-demo" is ignored: OpenShift reads only the Authentication named "cluster", so its serviceAccountIssuer never reaches the API server and tokens keep the default issuer. Rename it to cluster.',
    );
    assert.strictEqual(applyEdits(result.file, result.findings[0].fixes[0].edits[result.file.uri]), AUTH_MANIFEST);
  });

  it('kops: kubeAPIServer.serviceAccountIssuer with a trailing slash, in CRLF', () => {
    const text = KOPS.replace('  cloudProvider: aws\n', `  cloudProvider: aws\n  kubeAPIServer:\n    serviceAccountIssuer: ${ISSUER}/\n`).replace(/\n/g, '\r\n');
    const result = check({ 'cluster.yaml': text }, 'cluster.yaml');
    assert.deepStrictEqual(result.summary, ['7:26-7:76 service-account-issuer']);
    assert.match(result.findings[0].message, /^kubeAPIServer\.serviceAccountIssuer ".*\/" ends with a slash/);
    assert.strictEqual(applyEdits(result.file, result.findings[0].fixes[0].edits[result.file.uri]), text.replace(`${ISSUER}/`, ISSUER));
  });

  it('kops: the webhook without serviceAccountIssuerDiscovery is a warning on the switch that wants IRSA', () => {
    const text = KOPS.replace('  serviceAccountIssuerDiscovery:\n    discoveryStore: s3://irsa-example-oidc\n    enableAWSOIDCProvider: true\n', '');
    const result = check({ 'cluster.yaml': text }, 'cluster.yaml');
    assert.deepStrictEqual(result.summary, ['7:13-7:17 service-account-issuer']);
    assert.strictEqual(result.findings[0].severity, 'warning');
    assert.strictEqual(
      result.findings[0].message,
      'podIdentityWebhook.enabled is true but the cluster has no serviceAccountIssuerDiscovery: the issuer stays the API server\'s own address, which STS cannot reach, and kops creates no IAM OIDC provider, so every role assumption fails ("No OpenIDConnect provider found"). Add spec.serviceAccountIssuerDiscovery with discoveryStore: s3://<publicly readable bucket> and enableAWSOIDCProvider: true.',
    );
    const externalOnly = text.replace('  podIdentityWebhook:\n    enabled: true\n', '');
    assert.deepStrictEqual(check({ 'cluster.yaml': externalOnly }, 'cluster.yaml').summary, ['7:42-7:46 service-account-issuer']);
    // Self-hosted: the issuer is set by hand and its provider created outside kops.
    const selfHosted = text.replace('  cloudProvider: aws\n', `  cloudProvider: aws\n  kubeAPIServer:\n    serviceAccountIssuer: ${ISSUER}\n`);
    assert.deepStrictEqual(check({ 'cluster.yaml': selfHosted }, 'cluster.yaml').summary, []);
    // Neither switch on: nothing asks for IRSA.
    assert.deepStrictEqual(check({ 'cluster.yaml': externalOnly.replace('useServiceAccountExternalPermissions: true', 'useServiceAccountExternalPermissions: false') }, 'cluster.yaml').summary, []);
  });

  it('kops: a discoveryStore without enableAWSOIDCProvider gets it added; false is set to true', () => {
    const missing = KOPS.replace('    enableAWSOIDCProvider: true\n', '');
    const result = check({ 'cluster.yaml': missing }, 'cluster.yaml');
    assert.deepStrictEqual(result.summary, ['6:2-6:31 service-account-issuer']);
    assert.match(result.findings[0].message, /^podIdentityWebhook\.enabled is true but serviceAccountIssuerDiscovery does not set enableAWSOIDCProvider: true: kops publishes the issuer but creates no IAM OIDC provider/);
    assert.strictEqual(result.findings[0].fixes[0].title, 'Set enableAWSOIDCProvider: true');
    assert.strictEqual(applyEdits(result.file, result.findings[0].fixes[0].edits[result.file.uri]), KOPS);

    const off = KOPS.replace('enableAWSOIDCProvider: true', 'enableAWSOIDCProvider: false');
    const offResult = check({ 'cluster.yaml': off }, 'cluster.yaml');
    assert.deepStrictEqual(offResult.summary, ['8:27-8:32 service-account-issuer']);
    assert.strictEqual(applyEdits(offResult.file, offResult.findings[0].fixes[0].edits[offResult.file.uri]), KOPS);
  });

  it('kops: switches written the YAML 1.1 way (yes, on) are true, as kops reads them', () => {
    const yes = KOPS.replace('enableAWSOIDCProvider: true', 'enableAWSOIDCProvider: yes').replace('    enabled: true', '    enabled: on');
    assert.deepStrictEqual(check({ 'cluster.yaml': yes }, 'cluster.yaml').summary.filter((s) => s.endsWith('service-account-issuer')), []);
    // `no` is false to kops: the webhook still wants the provider.
    const no = KOPS.replace('enableAWSOIDCProvider: true', 'enableAWSOIDCProvider: no').replace('    enabled: true', '    enabled: yes');
    assert.deepStrictEqual(check({ 'cluster.yaml': no }, 'cluster.yaml').summary.filter((s) => s.endsWith('service-account-issuer')), ['8:27-8:29 service-account-issuer']);
  });

  it('kops: enableAWSOIDCProvider without a store, a bucket with dots, a non-S3 store', () => {
    const noStore = check({ 'cluster.yaml': KOPS.replace('    discoveryStore: s3://irsa-example-oidc\n', '') }, 'cluster.yaml');
    assert.deepStrictEqual(noStore.summary, ['7:27-7:31 service-account-issuer']);
    assert.match(noStore.findings[0].message, /kops refuses the cluster \("AWS OIDC Provider requires a discoveryStore or discoveryService to be set"\)/);

    const dots = check({ 'cluster.yaml': KOPS.replace('s3://irsa-example-oidc', 's3://irsa.example.com-oidc/discovery') }, 'cluster.yaml');
    assert.deepStrictEqual(dots.summary, ['7:20-7:56 service-account-issuer']);
    assert.strictEqual(
      dots.findings[0].message,
      'discoveryStore bucket "irsa.example.com-oidc" contains dots: the issuer would be https://irsa.example.com-oidc.s3.<region>.amazonaws.com, which S3\'s wildcard certificate does not cover, so STS cannot fetch the keys (kops refuses it: "Bucket name cannot contain dots"). Use a bucket name without dots.',
    );

    const local = check({ 'cluster.yaml': KOPS.replace('s3://irsa-example-oidc', 'file:///tmp/oidc') }, 'cluster.yaml');
    assert.deepStrictEqual(local.summary, ['7:20-7:36 service-account-issuer']);
    assert.match(local.findings[0].message, /^discoveryStore "file:\/\/\/tmp\/oidc" is not an s3:\/\/ path/);
  });

  it('kops: an STS audience in apiAudiences is information, never an error', () => {
    const text = KOPS.replace('  cloudProvider: aws\n', '  cloudProvider: aws\n  kubeAPIServer:\n    apiAudiences:\n    - kubernetes.svc.default\n    - sts.amazonaws.com\n');
    const result = check({ 'cluster.yaml': text }, 'cluster.yaml');
    assert.deepStrictEqual(result.summary, ['9:6-9:23 service-account-issuer']);
    assert.strictEqual(result.findings[0].severity, 'information');
    assert.match(result.findings[0].message, /^apiAudiences "sts\.amazonaws\.com" is not needed for web identity: apiAudiences only governs tokens presented to the API server/);
  });
});
