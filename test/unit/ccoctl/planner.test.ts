import * as assert from 'assert';
import { planIamRoles } from '../../../server/src/ccoctl/createIamRoles';
import { CredentialsRequest } from '../../../server/src/ccoctl/credentialsRequests';
import { aws, CREDREQUESTS, listFiles, tempDir } from './ccoctlHelpers';
import * as fs from 'fs';
import * as path from 'path';

function request(secretNamespace: string, secretName: string, overrides: Partial<CredentialsRequest> = {}): CredentialsRequest {
  return {
    file: `${secretName}.yaml`,
    name: secretName,
    namespace: 'openshift-cloud-credential-operator',
    secretName,
    secretNamespace,
    providerKind: 'AWSProviderSpec',
    statementEntries: [{ effect: 'Allow', action: ['s3:GetObject'], resource: '*', policyCondition: undefined }],
    serviceAccountNames: ['sa'],
    ...overrides,
  };
}

const PROVIDER = 'arn:aws:iam::123456789012:oidc-provider/demo-oidc.s3.us-east-2.amazonaws.com';

describe('ccoctl planner: IAM roles', function () {
  // Tests that generate an RSA 4096 key take seconds.
  this.timeout(30_000);
  it('reports two requests whose role names collide after the 64-character cut, and plans nothing', () => {
    const name = 'a-very-long-cluster-name-for-testing';
    const plan = planIamRoles({ name, providerArn: PROVIDER, requests: [request('openshift-cluster-storage', 'credentials-one'), request('openshift-cluster-storage', 'credentials-two')] }, true);
    assert.deepStrictEqual(plan.files, []);
    assert.deepStrictEqual(plan.steps, []);
    assert.deepStrictEqual(plan.problems, [
      {
        severity: 'warning',
        message: 'Role name a-very-long-cluster-name-for-testing-openshift-cluster-storage-credentials-one is longer than 64 characters: it is cut to a-very-long-cluster-name-for-testing-openshift-cluster-storage-c.',
      },
      {
        severity: 'error',
        message:
          'CredentialsRequest openshift-cloud-credential-operator/credentials-two (credentials-two.yaml) and CredentialsRequest openshift-cloud-credential-operator/credentials-one (credentials-one.yaml) both get the role name a-very-long-cluster-name-for-testing-openshift-cluster-storage-c after the cut to 64 characters (a-very-long-cluster-name-for-testing-openshift-cluster-storage-credentials-one and a-very-long-cluster-name-for-testing-openshift-cluster-storage-credentials-two): one would take over the other\'s role. Use a shorter --name.',
      },
    ]);
  });

  it('refuses a request without service accounts or of another provider kind', () => {
    const plan = planIamRoles({ name: 'demo', providerArn: PROVIDER, requests: [request('ns', 'a', { serviceAccountNames: [] }), request('ns', 'b', { providerKind: 'GCPProviderSpec' })] }, true);
    assert.deepStrictEqual(
      plan.problems.map((p) => p.message),
      [
        'CredentialsRequest openshift-cloud-credential-operator/a (a.yaml): spec.serviceAccountNames is empty; the role\'s trust policy needs the service accounts that use ns/a.',
        'CredentialsRequest openshift-cloud-credential-operator/b (b.yaml): providerSpec.kind is GCPProviderSpec, not AWSProviderSpec.',
      ],
    );
  });

  it('stops the CLI before writing anything when names collide', async () => {
    const dir = tempDir();
    const crDir = path.join(dir, 'crs');
    fs.mkdirSync(crDir);
    for (const file of ['01-ebs.yaml', '02-multi.yaml']) fs.copyFileSync(path.join(CREDREQUESTS, file), path.join(crDir, file));
    // Same secret namespace, names differing only past character 64.
    const long = fs.readFileSync(path.join(CREDREQUESTS, '01-ebs.yaml'), 'utf8');
    fs.writeFileSync(path.join(crDir, '05-copy.yaml'), long.replace('name: ebs-cloud-credentials', 'name: ebs-cloud-credentials-copy'));
    const out = path.join(dir, 'out');
    const { code, stderr } = await aws(['create-all', '--dry-run', '--name', 'cluster-with-a-long-name', '--region', 'us-east-1', '--credentials-requests-dir', crDir, '--output-dir', out], '/');
    assert.strictEqual(code, 1);
    assert.match(stderr, /^error: CredentialsRequest openshift-cloud-credential-operator\/openshift-aws-ebs-csi-driver-operator \(05-copy\.yaml\) and CredentialsRequest .* both get the role name cluster-with-a-long-name-openshift-cluster-csi-drivers-ebs-cloud after the cut/m);
    assert.ok(!fs.existsSync(out), 'nothing may be written');
  });

  it('names the missing flags and a bad --name', async () => {
    const { code, stderr } = await aws(['create-all', '--dry-run', '--name', 'Demo_1'], '/');
    assert.strictEqual(code, 1);
    assert.strictEqual(
      stderr,
      'error: --region is required for create-all\nerror: --credentials-requests-dir is required for create-all\nerror: --name Demo_1: use lower-case letters, digits and hyphens (it names the S3 bucket Demo_1-oidc)\n',
    );
  });

  it('rejects an unknown subcommand with usage', async () => {
    const { code, stderr } = await aws(['create-everything'], '/');
    assert.strictEqual(code, 2);
    assert.match(stderr, /^sts-lens aws: unknown command "create-everything"\n\nUsage: sts-lens aws <command>/);
  });

  it('create-key-pair writes only the key files', async () => {
    const out = tempDir();
    const { code } = await aws(['create-key-pair', '--output-dir', out], '/');
    assert.strictEqual(code, 0);
    assert.deepStrictEqual(listFiles(out), ['serviceaccount-signer.private', 'serviceaccount-signer.public', 'tls/bound-service-account-signing-key.key']);
  });
});
