import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { CancellationTokenSource, LSPErrorCodes, ResponseError } from 'vscode-languageserver-protocol/node';
import { AwsCommandArgs, AwsRunResult } from '../../server/src/awsProtocol';
import { ServerProcess } from '../lsp/lspClient';
import { CREDREQUESTS, listFiles, modeOf, tempDir } from '../unit/ccoctl/ccoctlHelpers';
import { ACCOUNT, FakeIam } from './iamServer';
import { localSdkEnv } from './localAws';

const ISSUER = 'demo-oidc.s3.us-east-2.amazonaws.com';
const PROVIDER_ARN = `arn:aws:iam::${ACCOUNT}:oidc-provider/${ISSUER}`;
const ROLE_EBS = 'demo-openshift-cluster-csi-drivers-ebs-cloud-credentials';
const ROLE_REGISTRY = 'demo-openshift-image-registry-installer-cloud-credentials';
const OWNER_TAG = 'openshift.io/cloud-credential-operator/demo';

/**
 * The language server in its own process, its AWS SDK pointed at the local IAM
 * server through the default chain's environment only: fake keys, endpoints on
 * 127.0.0.1 (a catch-all too, so that no call can leave the machine), no
 * profile files, no instance metadata.
 */
async function startServer(iam: FakeIam, root: string): Promise<ServerProcess> {
  const server = new ServerProcess(localSdkEnv({ iam: iam.url }));
  await server.initialize(root);
  return server;
}

function createIamRoles(out: string, name = 'demo'): AwsCommandArgs {
  return {
    action: 'create-iam-roles',
    inputs: { name, credentialsRequestsDir: CREDREQUESTS, identityProviderArn: PROVIDER_ARN, outputDir: out, dryRun: false },
    trusted: true,
    confirmed: true,
  };
}

describe('LSP sts-lens.aws.run live against a local IAM server', function () {
  this.timeout(30_000);
  const iam = new FakeIam();
  let server: ServerProcess;
  let out: string;
  const run = (args: AwsCommandArgs) => server.connection.sendRequest('workspace/executeCommand', { command: 'sts-lens.aws.run', arguments: [args] }) as Promise<AwsRunResult>;

  before(async () => {
    await iam.start();
    out = tempDir();
    server = await startServer(iam, out);
  });

  after(async () => {
    await server.stop();
    await iam.stop();
  });

  const SECRETS = ['manifests/openshift-cluster-csi-drivers-ebs-cloud-credentials-credentials.yaml', 'manifests/openshift-image-registry-installer-cloud-credentials-credentials.yaml'];

  it('create-iam-roles creates each role with its trust policy and permissions, and writes the Secrets 0600', async () => {
    const result = await run(createIamRoles(out));
    assert.deepStrictEqual(iam.calls.map((c) => `${c.action} ${c.params.RoleName ?? ''}`.trim()), [
      'GetCallerIdentity',
      `GetRole ${ROLE_EBS}`,
      `CreateRole ${ROLE_EBS}`,
      `PutRolePolicy ${ROLE_EBS}`,
      `GetRole ${ROLE_REGISTRY}`,
      `CreateRole ${ROLE_REGISTRY}`,
      `PutRolePolicy ${ROLE_REGISTRY}`,
    ]);
    // What the server reports is what IAM saw.
    assert.deepStrictEqual(result.awsCalls, iam.calls.map((c) => `${c.action === 'GetCallerIdentity' ? 'STS' : 'IAM'} ${c.action}`));
    assert.deepStrictEqual(result.created, [`role ${ROLE_EBS}`, `role ${ROLE_REGISTRY}`]);

    const create = iam.calls.find((c) => c.action === 'CreateRole' && c.params.RoleName === ROLE_EBS)!.params;
    assert.deepStrictEqual(JSON.parse(create.AssumeRolePolicyDocument), {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Federated: PROVIDER_ARN },
          Action: 'sts:AssumeRoleWithWebIdentity',
          Condition: {
            StringEquals: {
              [`${ISSUER}:sub`]: ['system:serviceaccount:openshift-cluster-csi-drivers:aws-ebs-csi-driver-operator', 'system:serviceaccount:openshift-cluster-csi-drivers:aws-ebs-csi-driver-controller-sa'],
            },
          },
        },
      ],
    });
    assert.strictEqual(create.Description, 'OpenShift role for openshift-cluster-csi-drivers/ebs-cloud-credentials');
    assert.deepStrictEqual(iam.roles.get(ROLE_EBS)!.tags, [
      { Key: OWNER_TAG, Value: 'owned' },
      { Key: 'Name', Value: 'demo' },
    ]);
    const put = iam.calls.find((c) => c.action === 'PutRolePolicy' && c.params.RoleName === ROLE_REGISTRY)!.params;
    assert.strictEqual(put.PolicyName, ROLE_REGISTRY);
    assert.deepStrictEqual(JSON.parse(put.PolicyDocument), {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: ['s3:CreateBucket', 's3:PutObject'], Resource: '*', Condition: { StringEquals: { 'aws:RequestedRegion': 'us-east-2' } } }],
    });

    assert.deepStrictEqual(listFiles(out), SECRETS);
    assert.deepStrictEqual(result.files.map((f) => [f.path, f.status]), SECRETS.map((p) => [p, 'written']));
    for (const secret of SECRETS) assert.strictEqual(modeOf(path.join(out, secret)), '600', `${secret} holds a role ARN for the cluster: owner-only`);
    assert.strictEqual(
      fs.readFileSync(path.join(out, SECRETS[0]), 'utf8'),
      [
        'apiVersion: v1',
        'stringData:',
        '  credentials: |-',
        '    [default]',
        '    sts_regional_endpoints = regional',
        `    role_arn = arn:aws:iam::${ACCOUNT}:role/${ROLE_EBS}`,
        '    web_identity_token_file = /var/run/secrets/openshift/serviceaccount/token',
        'kind: Secret',
        'metadata:',
        '  name: ebs-cloud-credentials',
        '  namespace: openshift-cluster-csi-drivers',
        'type: Opaque',
        '',
      ].join('\n'),
    );
  });

  it('a second run finds the roles and creates nothing', async () => {
    const before = iam.calls.length;
    const result = await run(createIamRoles(out));
    assert.deepStrictEqual(iam.calls.slice(before).map((c) => `${c.action} ${c.params.RoleName ?? ''}`.trim()), [
      'GetCallerIdentity',
      `GetRole ${ROLE_EBS}`,
      `PutRolePolicy ${ROLE_EBS}`,
      `GetRole ${ROLE_REGISTRY}`,
      `PutRolePolicy ${ROLE_REGISTRY}`,
    ]);
    assert.deepStrictEqual(result.created, []);
    assert.deepStrictEqual(result.drift, []);
    assert.deepStrictEqual(result.files.map((f) => [f.path, f.status]), SECRETS.map((p) => [p, 'unchanged']));
    assert.deepStrictEqual([...iam.roles.keys()], [ROLE_EBS, ROLE_REGISTRY]);
  });
});

describe('LSP sts-lens.aws.run: $/cancelRequest during a live run', function () {
  this.timeout(30_000);
  const iam = new FakeIam();
  let server: ServerProcess;
  let out: string;

  before(async () => {
    await iam.start();
    out = tempDir();
    server = await startServer(iam, out);
  });

  after(async () => {
    await server.stop();
    await iam.stop();
  });

  it('answers RequestCancelled, stops calling IAM and writes no Secret', async () => {
    // IAM is slow to answer the first PutRolePolicy; the user cancels while it is pending.
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let arrived!: () => void;
    const pending = new Promise<void>((resolve) => (arrived = resolve));
    iam.hold = (call) => {
      if (call.action !== 'PutRolePolicy') return undefined;
      arrived();
      return gate;
    };
    const cancel = new CancellationTokenSource();
    const request = server.connection.sendRequest('workspace/executeCommand', { command: 'sts-lens.aws.run', arguments: [createIamRoles(out)] }, cancel.token);
    const outcome = request.then(
      (answer) => ({ answer }),
      (error: unknown) => ({ error }),
    );
    await pending;
    cancel.cancel();
    const settled = await outcome;
    assert.ok('error' in settled, `the run was not cancelled: ${JSON.stringify(settled)}`);
    assert.ok(settled.error instanceof ResponseError);
    assert.strictEqual(settled.error.code, LSPErrorCodes.RequestCancelled);
    assert.strictEqual(settled.error.message, 'sts-lens.aws.run cancelled');

    // Let IAM answer now: the server must not go on with the next role.
    release();
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.deepStrictEqual(iam.calls.map((c) => `${c.action} ${c.params.RoleName ?? ''}`.trim()), ['GetCallerIdentity', `GetRole ${ROLE_EBS}`, `CreateRole ${ROLE_EBS}`, `PutRolePolicy ${ROLE_EBS}`]);
    assert.deepStrictEqual(listFiles(out), []);
  });
});
