import * as assert from 'assert';
import { MarkupContent } from 'vscode-languageserver-types';
import { isMap } from '../../../server/src/model/node';
import { parseFile } from '../../../server/src/model/parsedFile';
import { complete } from '../../../server/src/services/completion';
import { hover } from '../../../server/src/services/hover';
import { eksctlClusterView } from '../../../server/src/views/eksctlCluster';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { definition } from '../../../server/src/services/navigation';
import { defaultSettings } from '../../../server/src/settings';
import { FileSource } from '../../../server/src/workspace/fileSource';
import { WorkspaceIndex } from '../../../server/src/workspace/workspaceIndex';
import { applyEdits, check, installConfig, tempTree } from '../helpers';

const HEAD = 'apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata:\n  name: shop\n  region: eu-west-1\n';

/** A ClusterConfig with `iam` lines (each indented as under `iam:`). */
const clusterConfig = (...iam: string[]) => `${HEAD}iam:\n${iam.map((l) => `  ${l}`).join('\n')}\n`;

const ENTRY = ['serviceAccounts:', '- metadata:', '    name: uploader', '    namespace: media', '  attachPolicyARNs:', '  - arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess'];

const of = (result: ReturnType<typeof check>, code: string) => result.findings.filter((f) => f.code === code);

describe('eksctl ClusterConfig: the view', () => {
  it('reads metadata, withOIDC, service accounts (namespace default: default) and pod identity associations', () => {
    const text = clusterConfig(
      'withOIDC: true',
      'serviceAccounts:',
      '- metadata: {name: a}',
      '  roleName: role-a',
      '  roleOnly: true',
      '- metadata: {name: b, namespace: apps}',
      '  attachRoleARN: arn:aws:iam::123456789012:role/b',
      'podIdentityAssociations:',
      '- namespace: pay',
      '  serviceAccountName: ledger',
      '  roleARN: arn:aws:iam::123456789012:role/ledger',
    );
    const file = parseFile('file:///w/cluster.yaml', text, { fsPath: '/w/cluster.yaml' });
    const doc = file.docs[0];
    assert.strictEqual(doc.kind, 'eksctl-cluster');
    assert.ok(isMap(doc.root));
    const view = eksctlClusterView(doc.root);
    assert.deepStrictEqual(
      { name: view.name, region: view.region, oidc: view.oidcEnabled, accounts: view.serviceAccounts.map((s) => [s.namespace, s.name?.value.type === 'scalar' ? s.name.value.value : undefined, s.roleOnly]), pia: view.podIdentityAssociations.length },
      { name: 'shop', region: 'eu-west-1', oidc: true, accounts: [['default', 'a', true], ['apps', 'b', false]], pia: 1 },
    );
  });

  it('reads withOIDC and roleOnly as eksctl does (YAML 1.1): a plain yes or on is true, a quoted one is not', () => {
    const view = (withOIDC: string, roleOnly: string) => {
      const file = parseFile('file:///w/cluster.yaml', clusterConfig(`withOIDC: ${withOIDC}`, 'serviceAccounts:', '- metadata: {name: a}', `  roleOnly: ${roleOnly}`, '  roleName: role-a'), { fsPath: '/w/cluster.yaml' });
      const v = eksctlClusterView(file.docs[0].root as Parameters<typeof eksctlClusterView>[0]);
      return [v.oidcEnabled, v.serviceAccounts[0].roleOnly];
    };
    assert.deepStrictEqual(view('yes', 'on'), [true, true]);
    assert.deepStrictEqual(view('Y', 'ON'), [true, true]);
    assert.deepStrictEqual(view('"yes"', "'on'"), [false, false]);
    assert.deepStrictEqual(view('no', 'off'), [false, false]);
  });

  it('is not a ClusterConfig of another API group', () => {
    const file = parseFile('file:///w/c.yaml', 'apiVersion: example.io/v1\nkind: ClusterConfig\nmetadata: {name: x}\n', { fsPath: '/w/c.yaml' });
    assert.strictEqual(file.docs[0].kind, 'unknown');
  });
});

describe('eksctl-with-oidc', () => {
  it('reports service accounts without withOIDC on the serviceAccounts key, and adds withOIDC: true above it', () => {
    const result = check({ 'cluster.yaml': clusterConfig(...ENTRY) }, 'cluster.yaml');
    const [finding] = of(result, 'eksctl-with-oidc');
    assert.strictEqual(result.summary.filter((s) => s.endsWith('eksctl-with-oidc')).join(), '6:2-6:17 eksctl-with-oidc');
    assert.strictEqual(finding.severity, 'error');
    assert.strictEqual(finding.message, 'iam.serviceAccounts needs iam.withOIDC: true, and withOIDC is not set (eksctl takes false): eksctl refuses the file ("iam.withOIDC must be enabled explicitly for iam.serviceAccounts to be created"): without the cluster\'s IAM OIDC provider no role can trust its service account tokens.');
    const fixed = applyEdits(result.file, finding.fixes[0].edits[result.file.uri]);
    assert.strictEqual(fixed, clusterConfig('withOIDC: true', ...ENTRY));
    assert.deepStrictEqual(of(check({ 'cluster.yaml': fixed }, 'cluster.yaml'), 'eksctl-with-oidc'), []);
  });

  it('reports withOIDC: false on its value and sets it to true', () => {
    const result = check({ 'cluster.yaml': clusterConfig('withOIDC: false', ...ENTRY) }, 'cluster.yaml');
    const [finding] = of(result, 'eksctl-with-oidc');
    assert.strictEqual(result.summary.filter((s) => s.endsWith('eksctl-with-oidc')).join(), '6:12-6:17 eksctl-with-oidc');
    assert.match(finding.message, /^iam\.withOIDC is false while iam\.serviceAccounts lists 1 service account\(s\)/);
    assert.strictEqual(applyEdits(result.file, finding.fixes[0].edits[result.file.uri]), clusterConfig('withOIDC: true', ...ENTRY));
  });

  it('says nothing for pod identity associations alone, an empty list, or a value that is not a boolean', () => {
    const pia = clusterConfig('podIdentityAssociations:', '- namespace: pay', '  serviceAccountName: ledger', '  roleARN: arn:aws:iam::123456789012:role/ledger');
    assert.deepStrictEqual(of(check({ 'cluster.yaml': pia }, 'cluster.yaml'), 'eksctl-with-oidc'), []);
    assert.deepStrictEqual(of(check({ 'cluster.yaml': clusterConfig('serviceAccounts: []') }, 'cluster.yaml'), 'eksctl-with-oidc'), []);
    assert.deepStrictEqual(of(check({ 'cluster.yaml': clusterConfig('withOIDC: ${WITH_OIDC}', ...ENTRY) }, 'cluster.yaml'), 'eksctl-with-oidc'), []);
  });
});

describe('eksctl-service-account', () => {
  const entries = (...lines: string[]) => clusterConfig('withOIDC: true', 'serviceAccounts:', ...lines);

  it('reports an entry without a name, a name and namespace Kubernetes refuses, a duplicate and an entry without policies, each where it is written', () => {
    const result = check({
      'cluster.yaml': entries(
        '- metadata: {namespace: apps}',
        '  attachPolicyARNs: [arn:aws:iam::aws:policy/ReadOnlyAccess]',
        '- metadata: {name: S3_Reader, namespace: Apps}',
        '  attachPolicyARNs: [arn:aws:iam::aws:policy/ReadOnlyAccess]',
        '- metadata: {name: web}',
        '  wellKnownPolicies: {externalDNS: true}',
        '- metadata: {name: web, namespace: default}',
        '  wellKnownPolicies: {externalDNS: false}',
      ),
    }, 'cluster.yaml');
    const found = of(result, 'eksctl-service-account');
    assert.deepStrictEqual(result.summary.filter((s) => s.endsWith('eksctl-service-account')), [
      '8:4-8:12 eksctl-service-account',
      '10:21-10:30 eksctl-service-account',
      '10:43-10:47 eksctl-service-account',
      '14:21-14:24 eksctl-service-account',
      '14:21-14:24 eksctl-service-account',
    ]);
    assert.deepStrictEqual(found.map((f) => f.message), [
      'iam.serviceAccounts[0] has no metadata.name: eksctl refuses the file ("iam.serviceAccounts[0].name must be set").',
      'The service account name "S3_Reader" is not a DNS-1123 subdomain (only lower-case letters, digits, "-" and "." are allowed, each dot-separated part starting and ending with a letter or digit): the API server refuses such a ServiceAccount, and no pod can run as the subject its role trusts.',
      'The service account namespace "Apps" is not a DNS-1123 label (only lower-case letters, digits and "-" are allowed, starting and ending with a letter or digit): the API server refuses such a ServiceAccount, and no pod can run as the subject its role trusts.',
      'default/web is also iam.serviceAccounts[2]: eksctl refuses the file ("<namespace>/<name> of iam.serviceAccounts[3] "default/web" is not unique").',
      'iam.serviceAccounts[3] (default/web) gives its role no permissions: eksctl refuses the file ("iam.serviceAccounts[3].wellKnownPolicies, iam.serviceAccounts[3].attachPolicyARNs,iam.serviceAccounts[3].attachRoleARN  or iam.serviceAccounts[3].attachPolicy must be set"). Add one of them.',
    ]);
  });

  it('accepts eksctl\'s own shapes: attachRoleARN alone, an inline policy alone, a templated name', () => {
    const result = check({
      'cluster.yaml': entries(
        '- metadata: {name: a, namespace: apps}',
        '  attachRoleARN: arn:aws:iam::123456789012:role/a',
        '- metadata: {name: b, namespace: apps}',
        '  attachPolicy: {Version: "2012-10-17", Statement: [{Effect: Allow, Action: "s3:GetObject", Resource: "*"}]}',
        '- metadata: {name: "${SA_NAME}", namespace: apps}',
        '  attachPolicyARNs: [arn:aws:iam::aws:policy/ReadOnlyAccess]',
      ),
    }, 'cluster.yaml');
    assert.deepStrictEqual(result.findings.filter((f) => f.severity === 'error' || f.severity === 'warning').map((f) => f.code), []);
  });
});

describe('eksctl-arn-format', () => {
  it('reports a role ARN among the policy ARNs, a malformed boundary and attachRoleARN, and pod identity ARNs, on the value', () => {
    const result = check({
      'cluster.yaml': clusterConfig(
        'withOIDC: true',
        'serviceAccounts:',
        '- metadata: {name: a, namespace: apps}',
        '  attachPolicyARNs:',
        '  - arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess',
        '  - arn:aws:iam::123456789012:role/uploads',
        '  - "arn:aws:iam::${AWS_ACCOUNT_ID}:policy/uploads"',
        '  permissionsBoundary: arn:aws:iam::12345:policy/boundary',
        '- metadata: {name: b, namespace: apps}',
        '  attachRoleARN: arn:aws:iam:us-east-1:123456789012:role/b',
        'podIdentityAssociations:',
        '- namespace: pay',
        '  serviceAccountName: ledger',
        '  roleARN: arn:aws:iam::123456789012:roles/ledger',
        '  permissionPolicyARNs: [arn:aws:iam::aws:policies/ReadOnlyAccess]',
      ),
    }, 'cluster.yaml');
    assert.deepStrictEqual(result.summary.filter((s) => s.endsWith('eksctl-arn-format')), [
      '11:6-11:44 eksctl-arn-format',
      '13:25-13:59 eksctl-arn-format',
      '15:19-15:60 eksctl-arn-format',
      '19:13-19:51 eksctl-arn-format',
      '20:27-20:67 eksctl-arn-format',
    ]);
    const messages = of(result, 'eksctl-arn-format').map((f) => f.message);
    assert.strictEqual(messages[0], 'iam.serviceAccounts[0].attachPolicyARNs "arn:aws:iam::123456789012:role/uploads" is not an IAM policy ARN: "role" is not "policy" (this is not a policy ARN); the CloudFormation stack eksctl deploys for the role fails. Expected arn:aws:iam::<12-digit account, or aws for an AWS managed policy>:policy/<name>.');
    assert.match(messages[1], /permissionsBoundary "arn:aws:iam::12345:policy\/boundary" is not an IAM policy ARN: the account "12345" is not 12 digits;/);
    assert.match(messages[2], /attachRoleARN .* IAM ARNs have no region, but this one has "us-east-1"; eksctl writes it into the ServiceAccount's eks\.amazonaws\.com\/role-arn annotation/);
    assert.match(messages[3], /roleARN .* "roles" is not "role" \(this is not a role ARN\); EKS refuses to create the pod identity association\./);
    assert.match(messages[4], /permissionPolicyARNs "arn:aws:iam::aws:policies\/ReadOnlyAccess" is not an IAM policy ARN/);
  });
});

describe('eksctl inline policies are checked by the IAM rules', () => {
  it('reports a misspelled action of attachPolicy and of a pod identity permissionPolicy on the action itself', () => {
    const result = check({
      'cluster.yaml': clusterConfig(
        'withOIDC: true',
        'serviceAccounts:',
        '- metadata: {name: a, namespace: apps}',
        '  attachPolicy:',
        '    Version: "2012-10-17"',
        '    Statement:',
        '    - Effect: Allow',
        '      Action: ["s3:GetObjekt"]',
        '      Resource: "*"',
        'podIdentityAssociations:',
        '- namespace: pay',
        '  serviceAccountName: ledger',
        '  permissionPolicy:',
        '    Version: "2012-10-17"',
        '    Statement:',
        '    - {Effect: Allow, Action: "dynamodb:GetIten", Resource: "*"}',
      ),
    }, 'cluster.yaml');
    assert.deepStrictEqual(result.summary.filter((s) => s.endsWith('iam-unknown-action')), ['13:17-13:31 iam-unknown-action', '21:32-21:50 iam-unknown-action']);
    const fix = of(result, 'iam-unknown-action')[0].fixes[0];
    assert.match(applyEdits(result.file, fix.edits[result.file.uri]), /Action: \["s3:GetObject"\]/);
  });
});

describe('eksctl-role-conflict', () => {
  const cluster = (extra: string[] = []) =>
    clusterConfig('withOIDC: true', 'serviceAccounts:', '- metadata: {name: uploader, namespace: media}', '  roleName: media-uploader', '  attachPolicyARNs: [arn:aws:iam::aws:policy/ReadOnlyAccess]', ...extra);
  const sa = (role: string, namespace = 'media') => `apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: uploader\n  namespace: ${namespace}\n  annotations:\n    eks.amazonaws.com/role-arn: "arn:aws:iam::123456789012:role/${role}"\n`;

  it('warns on an annotation naming another role than eksctl gives the same service account, and offers eksctl\'s role', () => {
    const result = check({ 'cluster.yaml': cluster(), 'k8s/sa.yaml': sa('uploader') }, 'k8s/sa.yaml');
    const [finding] = of(result, 'eksctl-role-conflict');
    assert.strictEqual(result.summary.filter((s) => s.endsWith('eksctl-role-conflict')).join(), '6:32-6:73 eksctl-role-conflict');
    assert.strictEqual(finding.severity, 'warning');
    assert.strictEqual(finding.message, 'ServiceAccount media/uploader names role uploader, but ../cluster.yaml has eksctl create this service account with role media-uploader (eksctl writes that role into the same annotation): whichever is applied last decides which role the pods get. Name the same role in both, or set roleOnly: true in the ClusterConfig.');
    assert.strictEqual(applyEdits(result.file, finding.fixes[0].edits[result.file.uri]), sa('media-uploader'));
    assert.strictEqual(finding.related[0].range.start.line, 9);
  });

  it('says nothing when the roles agree (case aside), with roleOnly, without a role name, for another namespace or for another cluster', () => {
    const none = (files: Record<string, string>, target: string) => assert.deepStrictEqual(of(check(files, target), 'eksctl-role-conflict'), [], target);
    none({ 'cluster.yaml': cluster(), 'sa.yaml': sa('Media-Uploader') }, 'sa.yaml');
    none({ 'cluster.yaml': cluster(['  roleOnly: true']), 'sa.yaml': sa('uploader') }, 'sa.yaml');
    // eksctl reads its file as YAML 1.1: a plain yes or on is true.
    none({ 'cluster.yaml': cluster(['  roleOnly: yes']), 'sa.yaml': sa('uploader') }, 'sa.yaml');
    none({ 'cluster.yaml': cluster(['  roleOnly: On']), 'sa.yaml': sa('uploader') }, 'sa.yaml');
    none({ 'cluster.yaml': cluster().replace('  roleName: media-uploader\n', ''), 'sa.yaml': sa('eksctl-shop-addon-iamserviceaccount-media-Role1-1ABC') }, 'sa.yaml');
    none({ 'cluster.yaml': cluster(), 'sa.yaml': sa('uploader', 'other') }, 'sa.yaml');
    none({ 'a/cluster.yaml': cluster(), 'b/install-config.yaml': installConfig(), 'b/sa.yaml': sa('uploader') }, 'b/sa.yaml');
  });
});

describe('a role eksctl creates, named by a ServiceAccount manifest', () => {
  const cluster = (...extra: string[]) =>
    clusterConfig('withOIDC: true', 'serviceAccounts:', '- metadata: {name: builder, namespace: ci}', '  roleName: ci-builder', '  roleOnly: true', '  wellKnownPolicies: {imageBuilder: true}', ...extra);
  const sa = (namespace: string, name: string) => `apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: ${name}\n  namespace: ${namespace}\n  annotations:\n    eks.amazonaws.com/role-arn: arn:aws:iam::123456789012:role/ci-builder\n`;

  it('warns when the manifest runs as another service account than the one eksctl\'s trust policy admits', () => {
    const result = check({ 'cluster.yaml': cluster(), 'k8s/sa.yaml': sa('ci', 'kaniko') }, 'k8s/sa.yaml');
    const [finding] = of(result, 'eksctl-role-conflict');
    assert.strictEqual(result.summary.filter((s) => s.endsWith('eksctl-role-conflict')).join(), '6:32-6:73 eksctl-role-conflict');
    assert.strictEqual(finding.message, 'ServiceAccount ci/kaniko names role ci-builder, which ../cluster.yaml has eksctl create for ci/builder: its trust policy admits only system:serviceaccount:ci:builder, so AssumeRoleWithWebIdentity fails with AccessDenied for system:serviceaccount:ci:kaniko. Give this service account its own iam.serviceAccounts entry, or use ci/builder.');
    assert.deepStrictEqual(of(check({ 'cluster.yaml': cluster(), 'k8s/sa.yaml': sa('ci', 'builder') }, 'k8s/sa.yaml'), 'eksctl-role-conflict'), []);
    assert.deepStrictEqual(of(check({ 'cluster.yaml': cluster('  subjectPattern: "kan*"'), 'k8s/sa.yaml': sa('ci', 'kaniko') }, 'k8s/sa.yaml'), 'eksctl-role-conflict'), []);
  });

  it('leads hover and go to definition to the eksctl entry', () => {
    const files = { 'cluster.yaml': cluster(), 'k8s/sa.yaml': sa('ci', 'builder') };
    const dir = tempTree(files);
    const index = new WorkspaceIndex(new FileSource());
    index.buildSync([dir]);
    const file = index.file(path.join(dir, 'k8s/sa.yaml'))!;
    const offset = file.text.indexOf('role/ci-builder');
    const h = hover(file, offset, index, defaultSettings);
    assert.match((h!.contents as MarkupContent).value, /Created by eksctl: \[\.\.\/cluster\.yaml\]\(.*#L9\) \(`iam\.serviceAccounts`, `ci\/builder`\)\. Its trust policy admits `sub` `system:serviceaccount:ci:builder` and `aud` `sts\.amazonaws\.com`\.\n\n✓ ServiceAccount ci\/builder runs as `system:serviceaccount:ci:builder`, which it admits\./);
    const [target] = definition(index, defaultSettings, file, offset);
    assert.strictEqual(target.uri, pathToFileURL(path.join(dir, 'cluster.yaml')).toString());
    assert.deepStrictEqual(target.range, { start: { line: 9, character: 14 }, end: { line: 9, character: 24 } });
  });
});

describe('workloads running as a service account eksctl creates', () => {
  const deployment = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: sync\n  namespace: shop\nspec:\n  template:\n    spec:\n      serviceAccountName: sync\n      containers:\n      - name: sync\n        image: example/sync:1\n        env:\n        - name: AWS_WEB_IDENTITY_TOKEN_FILE\n          value: /var/run/secrets/eks.amazonaws.com/serviceaccount/token\n';
  const cluster = (...extra: string[]) => clusterConfig('withOIDC: true', 'serviceAccounts:', '- metadata: {name: sync, namespace: shop}', '  attachPolicyARNs: [arn:aws:iam::aws:policy/ReadOnlyAccess]', ...extra);

  it('count on the pod identity webhook: eksctl annotates the account, so the webhook mounts the token', () => {
    assert.deepStrictEqual(of(check({ 'cluster.yaml': cluster(), 'k8s/sync.yaml': deployment }, 'k8s/sync.yaml'), 'token-file-not-mounted'), []);
  });

  it('do not with roleOnly (eksctl leaves the account alone) when no ServiceAccount manifest names the role', () => {
    const result = check({ 'cluster.yaml': cluster('  roleOnly: true'), 'k8s/sync.yaml': deployment }, 'k8s/sync.yaml');
    assert.deepStrictEqual(result.summary.filter((s) => s.endsWith('token-file-not-mounted')), ['14:17-14:72 token-file-not-mounted']);
  });
});

describe('several clusters in one repository, one of them eksctl', () => {
  const trust = (issuer: string, sub: string) =>
    JSON.stringify({ RoleName: 'app', AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Federated: `arn:aws:iam::123456789012:oidc-provider/${issuer}` }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: { StringEquals: { [`${issuer}:sub`]: sub, [`${issuer}:aud`]: 'sts.amazonaws.com' } } }] } }, null, 2);
  const EKS = 'oidc.eks.eu-west-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF';
  const B = 'cluster-b-oidc.s3.eu-west-1.amazonaws.com';
  const kops = 'apiVersion: kops.k8s.io/v1alpha2\nkind: Cluster\nmetadata:\n  name: b.k8s.local\nspec:\n  serviceAccountIssuer: https://cluster-b-oidc.s3.eu-west-1.amazonaws.com\n';
  const sa = (namespace: string, name: string) => `apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: ${name}\n  namespace: ${namespace}\n`;
  const eksctl = clusterConfig('withOIDC: true', 'serviceAccounts:', '- metadata: {name: sync, namespace: shop}', '  attachPolicyARNs: [arn:aws:iam::aws:policy/ReadOnlyAccess]');
  const repo = {
    'clusters/a/cluster.yaml': eksctl,
    'clusters/a/iam/app.json': trust(EKS, 'system:serviceaccount:shop:sync'),
    'clusters/b/cluster.yaml': kops,
    'clusters/b/k8s/api-sa.yaml': sa('shop', 'api'),
    'clusters/b/iam/app.json': trust(B, 'system:serviceaccount:shop:api'),
  };
  const codes = (files: Record<string, string>, target: string, settings = {}) =>
    check(files, target, settings).findings.filter((f) => /issuer-mismatch|trust-sub-orphan|trust-policy-duplicate/.test(f.code)).map((f) => f.code).sort();

  it('compares each trust policy with its own cluster: the eksctl service account is known, no cross-cluster finding', () => {
    assert.deepStrictEqual(codes(repo, 'clusters/a/iam/app.json'), []);
    assert.deepStrictEqual(codes(repo, 'clusters/b/iam/app.json'), []);
  });

  it('still finds an orphan within the eksctl cluster', () => {
    const files = { ...repo, 'clusters/a/iam/app.json': trust(EKS, 'system:serviceaccount:shop:snyc') };
    const result = check(files, 'clusters/a/iam/app.json');
    const orphan = of(result, 'trust-sub-orphan');
    assert.strictEqual(orphan.length, 1);
    assert.match(orphan[0].message, /shop\/snyc \(did you mean sync\?\)/);
  });

  it('stsLens.clusterRoots makes folders without a cluster definition clusters of their own', () => {
    const plain = {
      'envs/prod/iam/app.json': trust(EKS, 'system:serviceaccount:shop:api'),
      'envs/prod/k8s/sa.yaml': sa('shop', 'api'),
      'envs/dev/iam/app.json': trust(EKS, 'system:serviceaccount:shop:api-dev'),
      'envs/dev/k8s/sa.yaml': sa('shop', 'api-dev'),
    };
    // One workspace of no cluster: the two files of role "app" are duplicates, and each sub is compared with both folders.
    assert.deepStrictEqual(codes(plain, 'envs/prod/iam/app.json'), ['trust-policy-duplicate']);
    assert.deepStrictEqual(codes(plain, 'envs/prod/iam/app.json', { clusterRoots: ['envs/*'] }), []);
    assert.deepStrictEqual(codes(plain, 'envs/dev/iam/app.json', { clusterRoots: ['envs/prod', 'envs/dev'] }), []);
    const orphan = { ...plain, 'envs/dev/iam/app.json': trust(EKS, 'system:serviceaccount:shop:api') };
    assert.deepStrictEqual(codes(orphan, 'envs/dev/iam/app.json', { clusterRoots: ['envs/*'] }), ['trust-sub-orphan']);
  });

  it('takes the webhook audience and provider defaults of an eksctl cluster', () => {
    const saWithAudience = 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: sync\n  namespace: shop\n  annotations:\n    eks.amazonaws.com/role-arn: arn:aws:iam::123456789012:role/sync\n    eks.amazonaws.com/audience: vault\n';
    const result = check({ 'cluster.yaml': eksctl, 'k8s/sa.yaml': saWithAudience }, 'k8s/sa.yaml');
    const [finding] = of(result, 'token-audience-mismatch');
    assert.strictEqual(finding.severity, 'warning');
    assert.strictEqual(finding.message, 'The eks.amazonaws.com/audience annotation asks for "vault", but the OIDC provider that EKS (eksctl) creates for this cluster (../cluster.yaml) accepts "sts.amazonaws.com", and the workspace holds no provider definition for it: STS would answer "InvalidIdentityToken: Incorrect token audience". Request one of those, or make sure the provider lists "vault".');
  });
});

describe('eksctl ClusterConfig editing help', () => {
  const at = (marked: string) => {
    const offset = marked.indexOf('|');
    const text = marked.slice(0, offset) + marked.slice(offset + 1);
    return { file: parseFile('file:///w/cluster.yaml', text, { fsPath: '/w/cluster.yaml' }), offset };
  };

  it('completes the keys of iam, of a service account entry, of its metadata and of a pod identity association', () => {
    const labels = (marked: string) => { const { file, offset } = at(marked); return complete(file, offset).map((i) => i.label); };
    assert.deepStrictEqual(labels(`${HEAD}iam:\n  serviceAccounts: []\n  |\n`), ['withOIDC', 'podIdentityAssociations', 'serviceRoleARN', 'serviceRolePermissionsBoundary']);
    assert.ok(labels(`${HEAD}iam:\n  serviceAccounts:\n  - metadata: {name: a}\n    |\n`).includes('attachPolicyARNs'));
    assert.deepStrictEqual(labels(`${HEAD}iam:\n  serviceAccounts:\n  - metadata:\n      name: a\n      |\n`), ['namespace', 'labels', 'annotations']);
    assert.ok(labels(`${HEAD}iam:\n  podIdentityAssociations:\n  - namespace: a\n    |\n`).includes('roleARN'));
    assert.deepStrictEqual(labels(`${HEAD}iam:\n  withOIDC: |\n`), ['true', 'false']);
  });

  it('completes actions inside an inline attachPolicy, as in any policy', () => {
    const { file, offset } = at(`${HEAD}iam:\n  withOIDC: true\n  serviceAccounts:\n  - metadata: {name: a}\n    attachPolicy:\n      Version: "2012-10-17"\n      Statement:\n      - Effect: Allow\n        Action:\n        - s3:GetObjectTa|\n        Resource: "*"\n`);
    assert.ok(complete(file, offset).map((i) => i.label).includes('s3:GetObjectTagging'));
  });

  it('explains a field on hover', () => {
    const { file, offset } = at(`${HEAD}iam:\n  with|OIDC: true\n`);
    const h = hover(file, offset);
    assert.match((h!.contents as MarkupContent).value, /^\*\*withOIDC\*\*: Create the cluster's IAM OIDC provider \(IRSA\)/);
    assert.match((h!.contents as MarkupContent).value, /iam\.withOIDC must be enabled explicitly for iam\.serviceAccounts to be created/);
  });
});
