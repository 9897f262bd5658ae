import * as assert from 'assert';
import { applyEdits, check, installConfig } from '../helpers';
import { CCOCTL_POD } from './manifestsFixtures';

/** Shaped like the release's image-registry request (clean). */
const REGISTRY = `apiVersion: cloudcredential.openshift.io/v1
kind: CredentialsRequest
metadata:
  name: openshift-image-registry
  namespace: openshift-cloud-credential-operator
  annotations:
    include.release.openshift.io/self-managed-high-availability: "true"
spec:
  serviceAccountNames:
  - cluster-image-registry-operator
  - registry
  secretRef:
    name: installer-cloud-credentials
    namespace: openshift-image-registry
  providerSpec:
    apiVersion: cloudcredential.openshift.io/v1
    kind: AWSProviderSpec
    statementEntries:
    - effect: Allow
      action:
      - s3:CreateBucket
      - s3:DeleteBucket
      resource: "*"
    - effect: Allow
      action:
      - kms:Decrypt
      resource: "*"
      policyCondition:
        "Bool":
          "kms:GrantIsForAWSResource": true
`;

/** The CredentialsRequest of an OpenShift app that reads S3 through a ccoctl Secret. */
const APP_REQUEST = `apiVersion: cloudcredential.openshift.io/v1
kind: CredentialsRequest
metadata:
  name: sts-test-cr
  namespace: openshift-cloud-credential-operator
spec:
  secretRef:
    name: s3-access-secret
    namespace: default
  providerSpec:
    apiVersion: cloudcredential.openshift.io/v1
    kind: AWSProviderSpec
    statementEntries:
    - effect: Allow
      action:
      - s3:ListAllMyBuckets
      resource: "*"
  serviceAccountNames:
  - default
`;

const GCP = `apiVersion: cloudcredential.openshift.io/v1
kind: CredentialsRequest
metadata:
  name: openshift-gcp-ccm
  namespace: openshift-cloud-credential-operator
spec:
  secretRef:
    name: gcp-ccm-cloud-credentials
    namespace: openshift-cloud-controller-manager
  providerSpec:
    apiVersion: cloudcredential.openshift.io/v1
    kind: GCPProviderSpec
    predefinedRoles:
    - roles/compute.instanceAdmin
    skipServiceCheck: true
`;

describe('CredentialsRequest rules', () => {
  it('release-shaped requests, the S3 request of an OpenShift app and a GCP request are clean', () => {
    assert.deepStrictEqual(check({ 'r.yaml': REGISTRY }, 'r.yaml').summary, []);
    assert.deepStrictEqual(check({ 'r.yaml': APP_REQUEST }, 'r.yaml').summary, []);
    assert.deepStrictEqual(check({ 'r.yaml': GCP }, 'r.yaml').summary, []);
    assert.deepStrictEqual(check({ 'r.yaml': [REGISTRY, APP_REQUEST, GCP].join('---\n') }, 'r.yaml').summary, []);
  });

  it('credentials-request-schema: effect, action type, unknown keys, provider kind', () => {
    const broken = APP_REQUEST.replace('effect: Allow', 'effect: allow').replace('      action:\n      - s3:ListAllMyBuckets\n', '      action: s3:ListAllMyBuckets\n').replace('  secretRef:', '  secretRefs:');
    const result = check({ 'r.yaml': broken }, 'r.yaml');
    assert.deepStrictEqual(result.summary, ['5:0-5:4 credentials-request-schema', '6:2-6:12 credentials-request-schema', '13:14-13:19 credentials-request-schema', '14:14-14:33 credentials-request-schema']);
    assert.strictEqual(result.findings[1].message, 'Unknown key "secretRefs" in spec (did you mean "secretRef"?): the operator drops it.');
    assert.strictEqual(result.findings[2].message, 'statementEntries[0].effect is "allow": IAM accepts only "Allow" or "Deny" (case-sensitive).');
    assert.strictEqual(applyEdits(result.file, result.findings[2].fixes[0].edits[result.file.uri]).split('\n')[13], '    - effect: Allow');
    assert.match(result.findings[3].message, /action must be a list \(- s3:GetObject\), not a single value/);
    const kind = check({ 'r.yaml': APP_REQUEST.replace('kind: AWSProviderSpec', 'kind: AwsProviderSpec') }, 'r.yaml');
    assert.deepStrictEqual(kind.summary, ['11:10-11:25 credentials-request-schema']);
    assert.match(kind.findings[0].message, /"AwsProviderSpec" is not a provider spec kind \(did you mean "AWSProviderSpec"\?\)/);
  });

  it('credentials-request-service-accounts: missing list in ccoctl input, with the fix taken from the Pod that mounts the Secret', () => {
    const request = APP_REQUEST.replace('  serviceAccountNames:\n  - default\n', '');
    const result = check({ 'credrequests/r.yaml': request, 'credrequests/pod.yaml': CCOCTL_POD }, 'credrequests/r.yaml');
    assert.deepStrictEqual(result.summary, ['5:0-5:4 credentials-request-service-accounts']);
    assert.strictEqual(result.findings[0].severity, 'error');
    assert.match(result.findings[0].message, /CredentialsRequest sts-test-cr lists no serviceAccountNames, and it is in credrequests\/, the folder ccoctl reads requests from: ccoctl refuses it .* Secret default\/s3-access-secret \(workloads here use default\)\./);
    const fixed = applyEdits(result.file, result.findings[0].fixes[0].edits[result.file.uri]);
    assert.strictEqual(fixed, APP_REQUEST.replace('  - default\n', '    - default\n'));
    assert.deepStrictEqual(check({ 'credrequests/r.yaml': fixed, 'credrequests/pod.yaml': CCOCTL_POD }, 'credrequests/r.yaml').summary, []);
    const deleted = request.replace('  namespace: openshift-cloud-credential-operator\n', '  namespace: openshift-cloud-credential-operator\n  annotations:\n    release.openshift.io/delete: "true"\n');
    assert.deepStrictEqual(check({ 'credrequests/r.yaml': deleted }, 'credrequests/r.yaml').summary, []);
  });

  it('credentials-request-service-accounts: an error only where the request is used for STS, information elsewhere (operator assets, mint mode)', () => {
    const request = APP_REQUEST.replace('  serviceAccountNames:\n  - default\n', '');
    const severity = (files: Record<string, string>, target: string) => check(files, target).findings.filter((f) => f.code === 'credentials-request-service-accounts').map((f) => f.severity);
    const asset = check({ 'manifests/0000_50_operator_credentials-request.yaml': request }, 'manifests/0000_50_operator_credentials-request.yaml').findings;
    assert.deepStrictEqual(asset.map((f) => `${f.code} ${f.severity}`), ['credentials-request-service-accounts information']);
    assert.match(asset[0].message, /^CredentialsRequest sts-test-cr lists no serviceAccountNames\. Mint and passthrough modes need none, but ccoctl \(STS, Manual mode\) refuses such a request\. If it is for STS: List/);
    const installDir = (mode: string) => ({ 'cluster/install-config.yaml': installConfig('', mode), 'cluster/extra/r.yaml': request });
    assert.deepStrictEqual(severity(installDir('Manual'), 'cluster/extra/r.yaml'), ['error']);
    assert.deepStrictEqual(severity(installDir('Mint'), 'cluster/extra/r.yaml'), ['information']);
    const withRole = request.replace('    kind: AWSProviderSpec\n', '    kind: AWSProviderSpec\n    stsIAMRoleARN: arn:aws:iam::123456789012:role/app\n');
    assert.deepStrictEqual(severity({ 'r.yaml': withRole }, 'r.yaml'), ['error']);
    // An operator's asset for token-based authentication: the Cloud Credential Operator needs no list, the role does.
    const operatorAsset = request.replace('    kind: AWSProviderSpec\n', '    kind: AWSProviderSpec\n    stsIAMRoleARN: ""\n').replace('spec:\n', 'spec:\n  cloudTokenPath: /var/run/secrets/openshift/serviceaccount/token\n');
    const [operator] = check({ 'config/assets/r.yaml': operatorAsset }, 'config/assets/r.yaml').findings.filter((f) => f.code === 'credentials-request-service-accounts');
    assert.strictEqual(operator.severity, 'warning');
    assert.match(operator.message, /lists no serviceAccountNames, and it sets cloudTokenPath \(an operator for clusters with token-based authentication\): the role made for it must trust the operator's service accounts, and the request does not say which/);
    const emptyArn = request.replace('    kind: AWSProviderSpec\n', '    kind: AWSProviderSpec\n    stsIAMRoleARN: ""\n');
    assert.deepStrictEqual(severity({ 'config/assets/r.yaml': emptyArn }, 'config/assets/r.yaml'), ['warning']);
  });


  it('role-name-truncated: warns past 64 characters with the cluster name setting', () => {
    const result = check({ 'r.yaml': REGISTRY }, 'r.yaml', { clusterName: 'a-rather-long-cluster-name-for-prod' });
    assert.deepStrictEqual(result.summary, ['11:2-11:11 role-name-truncated']);
    assert.strictEqual(result.findings[0].severity, 'warning');
    assert.strictEqual(
      result.findings[0].message,
      'ccoctl cuts the role name "a-rather-long-cluster-name-for-prod-openshift-image-registry-installer-cloud-credentials" (88 characters) to "a-rather-long-cluster-name-for-prod-openshift-image-registry-ins": look for that name in IAM, and keep it unique.',
    );
  });

  it('role-name-truncated: collisions are errors; the cluster name comes from ccoctl output beside the requests', () => {
    const second = REGISTRY.replace('name: openshift-image-registry\n', 'name: openshift-image-registry-2\n').replace('name: installer-cloud-credentials', 'name: installer-cloud-credentials-2');
    const files = {
      'credreqs/a.yaml': REGISTRY,
      'credreqs/b.yaml': second,
      'outputs/04-iam-identity-provider.json': '{"Url": "https://a-rather-long-cluster-name-for-prod-oidc.s3.us-east-1.amazonaws.com", "ClientIDList": ["openshift", "sts.amazonaws.com"], "ThumbprintList": ["A"]}',
    };
    const result = check(files, 'credreqs/a.yaml');
    assert.deepStrictEqual(result.summary, ['11:2-11:11 role-name-truncated']);
    assert.strictEqual(result.findings[0].severity, 'error');
    assert.match(result.findings[0].message, /the same role as another request/);
    assert.match(result.findings[0].related[0].message, /CredentialsRequest openshift-image-registry-2 \(b.yaml\) also becomes role a-rather-long-cluster-name-for-prod-openshift-image-registry-ins/);
  });

  it('credentials-request-namespace: information, with a fix', () => {
    const result = check({ 'r.yaml': APP_REQUEST.replace('namespace: openshift-cloud-credential-operator', 'namespace: default') }, 'r.yaml');
    assert.deepStrictEqual(result.summary, ['4:13-4:20 credentials-request-namespace']);
    assert.strictEqual(result.findings[0].severity, 'information');
    assert.strictEqual(applyEdits(result.file, result.findings[0].fixes[0].edits[result.file.uri]), APP_REQUEST);
  });

  it('role-arn-format on stsIAMRoleARN', () => {
    const request = APP_REQUEST.replace('    kind: AWSProviderSpec\n', '    kind: AWSProviderSpec\n    stsIAMRoleARN: arn:aws:iam::123456789012:policy/x\n');
    assert.deepStrictEqual(check({ 'r.yaml': request }, 'r.yaml').summary, ['12:19-12:53 role-arn-format']);
  });
});
