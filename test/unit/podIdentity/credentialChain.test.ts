import * as assert from 'assert';
import { check } from '../helpers';
import { ackAssociation, podTrust, scoped } from './fixtures';

const of = (summary: string[], code: string) => summary.filter((s) => s.endsWith(` ${code}`));

const serviceAccount = (name: string, roleArn?: string, namespace = 'app') =>
  [
    'apiVersion: v1',
    'kind: ServiceAccount',
    'metadata:',
    `  name: ${name}`,
    `  namespace: ${namespace}`,
    ...(roleArn ? ['  annotations:', `    eks.amazonaws.com/role-arn: ${roleArn}`] : []),
    '',
  ].join('\n');

const deployment = (serviceAccountName: string, env: string[], extra: string[] = []) =>
  [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: web',
    '  namespace: app',
    'spec:',
    '  template:',
    '    spec:',
    `      serviceAccountName: ${serviceAccountName}`,
    '      containers:',
    '      - name: web',
    '        image: example.invalid/web:1',
    ...(env.length ? ['        env:', ...env] : []),
    ...extra,
    '',
  ].join('\n');

const staticEnv = [
  '        - name: AWS_ACCESS_KEY_ID',
  '          valueFrom:',
  '            secretKeyRef: {name: legacy-keys, key: id}',
  '        - name: AWS_SECRET_ACCESS_KEY',
  '          valueFrom:',
  '            secretKeyRef: {name: legacy-keys, key: secret}',
];

describe('pod-identity-service-account', () => {
  it('reports an association for a service account the namespace does not have, with the nearest name', () => {
    const files = { 'association.yaml': ackAssociation('app', 'web-sa'), 'sa.yaml': serviceAccount('web'), 'app-role.json': podTrust(scoped('app', 'web-sa')) };
    const result = check(files, 'association.yaml');
    assert.deepStrictEqual(of(result.summary, 'pod-identity-service-account'), ['8:18-8:24 pod-identity-service-account']);
    assert.strictEqual(
      result.findings.find((f) => f.code === 'pod-identity-service-account')!.message,
      'No manifest in the workspace defines or uses service account app/web-sa (namespace app has web): PodIdentityAssociation app gives its role to a service account no pod runs as.',
    );
  });

  it('stays quiet for a defined account, a namespace without manifests, templated names and Terraform that creates service accounts', () => {
    const quiet = (files: Record<string, string>) => assert.deepStrictEqual(of(check(files, 'association.yaml').summary, 'pod-identity-service-account'), [], JSON.stringify(files));
    quiet({ 'association.yaml': ackAssociation('app', 'web'), 'sa.yaml': serviceAccount('web') });
    quiet({ 'association.yaml': ackAssociation('other', 'web-sa'), 'sa.yaml': serviceAccount('web') });
    quiet({ 'association.yaml': ackAssociation('app', '${SA_NAME}'), 'sa.yaml': serviceAccount('web') });
    quiet({ 'association.yaml': ackAssociation('app', 'web-sa'), 'sa.yaml': serviceAccount('web'), 'k8s.tf': 'resource "kubernetes_service_account" "web" {\n  metadata {\n    name = "web-sa"\n  }\n}\n' });
  });

  it("stays quiet for kube-system accounts EKS add-ons create (aws-node) beside other kube-system manifests, and for a namespace's default account", () => {
    const quiet = (files: Record<string, string>) => assert.deepStrictEqual(of(check(files, 'association.yaml').summary, 'pod-identity-service-account'), [], JSON.stringify(files));
    quiet({ 'association.yaml': ackAssociation('kube-system', 'aws-node'), 'sa.yaml': serviceAccount('cluster-autoscaler', undefined, 'kube-system') });
    quiet({ 'association.yaml': ackAssociation('app', 'default'), 'sa.yaml': serviceAccount('web') });
  });
});

describe('pod-identity-irsa-conflict', () => {
  it('reports a ServiceAccount with the IRSA annotation that also has an association, naming the role the SDK uses', () => {
    const files = { 'sa.yaml': serviceAccount('web', 'arn:aws:iam::111122223333:role/web-irsa'), 'association.yaml': ackAssociation('app', 'web') };
    const result = check(files, 'sa.yaml');
    assert.deepStrictEqual(of(result.summary, 'pod-identity-irsa-conflict'), ['6:32-6:71 pod-identity-irsa-conflict']);
    const finding = result.findings.find((f) => f.code === 'pod-identity-irsa-conflict')!;
    assert.strictEqual(
      finding.message,
      "ServiceAccount app/web names role web-irsa for IRSA and has an EKS Pod Identity association (PodIdentityAssociation app in association.yaml, role app-role). Its pods get both AWS_ROLE_ARN with AWS_WEB_IDENTITY_TOKEN_FILE and AWS_CONTAINER_CREDENTIALS_FULL_URI, and the AWS SDKs' default credential chain tries web identity before container credentials: the pods use web-irsa, not app-role. Remove the annotation or the association.",
    );
    assert.strictEqual(finding.related.length, 1);
  });

  it('stays quiet without an association, or with one of another namespace', () => {
    assert.deepStrictEqual(of(check({ 'sa.yaml': serviceAccount('web', 'arn:aws:iam::111122223333:role/web-irsa') }, 'sa.yaml').summary, 'pod-identity-irsa-conflict'), []);
    const other = { 'sa.yaml': serviceAccount('web', 'arn:aws:iam::111122223333:role/web-irsa'), 'association.yaml': ackAssociation('other', 'web') };
    assert.deepStrictEqual(of(check(other, 'sa.yaml').summary, 'pod-identity-irsa-conflict'), []);
  });
});

describe('static-credentials-shadow', () => {
  it('reports static keys from secretKeyRefs in a container whose service account has a pod identity association', () => {
    const files = { 'deploy.yaml': deployment('web', staticEnv), 'sa.yaml': serviceAccount('web'), 'association.yaml': ackAssociation('app', 'web') };
    const result = check(files, 'deploy.yaml');
    assert.deepStrictEqual(of(result.summary, 'static-credentials-shadow'), ['13:16-13:33 static-credentials-shadow']);
    assert.strictEqual(
      result.findings.find((f) => f.code === 'static-credentials-shadow')!.message,
      "Container web gets role app-role from EKS Pod Identity (PodIdentityAssociation app) and also static keys (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in env): the AWS SDKs' default credential chain takes access keys from the environment before web identity (IRSA, AWS_ROLE_ARN) and container credentials (EKS Pod Identity), so the role is never used and the pod runs with the keys' identity. Remove AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY from the container.",
    );
  });

  it('reports keys through envFrom a Secret holding both, for an IRSA service account', () => {
    const secret = ['apiVersion: v1', 'kind: Secret', 'metadata:', '  name: legacy-keys', '  namespace: app', 'stringData:', '  AWS_ACCESS_KEY_ID: AKIAEXAMPLE', '  AWS_SECRET_ACCESS_KEY: example', ''].join('\n');
    const files = {
      'deploy.yaml': deployment('web', [], ['        envFrom:', '        - secretRef:', '            name: legacy-keys']),
      'sa.yaml': serviceAccount('web', 'arn:aws:iam::111122223333:role/web-irsa'),
      'secret.yaml': secret,
    };
    const result = check(files, 'deploy.yaml');
    assert.deepStrictEqual(of(result.summary, 'static-credentials-shadow'), ['14:18-14:29 static-credentials-shadow']);
    assert.ok(result.findings.find((f) => f.code === 'static-credentials-shadow')!.message.startsWith('Container web gets role web-irsa from ServiceAccount web (IRSA) and also static keys (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY from Secret legacy-keys through envFrom)'));
  });

  it('reports AWS_ROLE_ARN next to literal keys, and stays quiet with one key, empty values or no role', () => {
    const withRole = ['        - name: AWS_ROLE_ARN', '          value: arn:aws:iam::111122223333:role/batch'];
    const literal = ['        - name: AWS_ACCESS_KEY_ID', '          value: AKIAEXAMPLE', '        - name: AWS_SECRET_ACCESS_KEY', '          value: example'];
    assert.deepStrictEqual(of(check({ 'deploy.yaml': deployment('web', [...withRole, ...literal]) }, 'deploy.yaml').summary, 'static-credentials-shadow'), ['15:16-15:33 static-credentials-shadow']);
    const quiet = (env: string[]) => assert.deepStrictEqual(of(check({ 'deploy.yaml': deployment('web', env) }, 'deploy.yaml').summary, 'static-credentials-shadow'), []);
    quiet([...withRole, literal[0], literal[1]]);
    quiet([...withRole, '        - name: AWS_ACCESS_KEY_ID', '          value: ""', '        - name: AWS_SECRET_ACCESS_KEY', '          value: ""']);
    quiet(literal);
  });
});
