import * as assert from 'assert';
import * as path from 'path';
import { fileURLToPath } from 'url';
import { applyEdits, check } from '../helpers';
import { KUBE2IAM_DEPLOYMENT } from './manifestsFixtures';


const NAMESPACE = `apiVersion: v1
kind: Namespace
metadata:
  name: media
  annotations:
    iam.amazonaws.com/allowed-roles: |
      ["arn:aws:iam::123456789012:role/media-*"]
`;

const AUTH = (issuer: string) => `apiVersion: config.openshift.io/v1\nkind: Authentication\nmetadata:\n  name: cluster\nspec:\n  serviceAccountIssuer: ${issuer}\n`;

describe('kube2iam-annotation', () => {
  it('informs on the annotation key and offers Migrate to IRSA as one edit with two new files', () => {
    const result = check({ 'deploy.yaml': KUBE2IAM_DEPLOYMENT }, 'deploy.yaml');
    assert.deepStrictEqual(result.summary, ['14:8-14:30 kube2iam-annotation']);
    const [finding] = result.findings;
    assert.strictEqual(finding.severity, 'information');
    const fix = finding.fixes[0];
    assert.strictEqual(fix.title, 'Migrate to IRSA (ServiceAccount uploader with role uploader)');
    const dir = path.dirname(result.file.fsPath!);
    const created = Object.fromEntries((fix.create ?? []).map((c) => [path.relative(dir, fileURLToPath(c.uri)), c.text]));
    assert.deepStrictEqual(Object.keys(created).sort(), ['uploader-serviceaccount.yaml', 'uploader-trust-policy.json']);
    assert.strictEqual(
      created['uploader-serviceaccount.yaml'],
      'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: uploader\n  namespace: media\n  annotations:\n    eks.amazonaws.com/role-arn: arn:aws:iam::123456789012:role/uploader\n',
    );
    const trust = JSON.parse(created['uploader-trust-policy.json']);
    assert.deepStrictEqual(trust.Statement[0].Condition, {
      StringEquals: {
        'oidc.eks.region-code.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:sub': 'system:serviceaccount:media:uploader',
        'oidc.eks.region-code.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:aud': 'sts.amazonaws.com',
      },
    });
    const deployment = applyEdits(result.file, fix.edits[result.file.uri]);
    assert.strictEqual(
      deployment,
      KUBE2IAM_DEPLOYMENT.replace('      annotations:\n        iam.amazonaws.com/role: arn:aws:iam::123456789012:role/uploader\n', '') + '      serviceAccountName: uploader\n',
    );
    // The migrated files produce no finding at all.
    const after = { 'deploy.yaml': deployment, 'uploader-serviceaccount.yaml': created['uploader-serviceaccount.yaml'], 'uploader-trust-policy.json': created['uploader-trust-policy.json'] };
    for (const name of Object.keys(after)) assert.deepStrictEqual(check(after, name).findings.filter((f) => f.severity === 'error' || f.severity === 'warning').map((f) => `${name} ${f.code}`), []);
    assert.deepStrictEqual(check(after, 'deploy.yaml').summary, []);
  });

  it('uses the cluster issuer of the folder and annotates an existing ServiceAccount', () => {
    const files = {
      'deploy.yaml': KUBE2IAM_DEPLOYMENT.replace('    spec:\n      containers:', '    spec:\n      serviceAccountName: uploader-sa\n      containers:'),
      'sa.yaml': 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: uploader-sa\n  namespace: media\n',
      'auth.yaml': 'apiVersion: config.openshift.io/v1\nkind: Authentication\nmetadata:\n  name: cluster\nspec:\n  serviceAccountIssuer: https://demo-oidc.s3.us-east-1.amazonaws.com\n',
    };
    const result = check(files, 'deploy.yaml');
    const fix = result.findings[0].fixes[0];
    assert.deepStrictEqual((fix.create ?? []).map((c) => path.basename(fileURLToPath(c.uri))), ['uploader-trust-policy.json']);
    assert.match(fix.create![0].text, /"arn:aws:iam::123456789012:oidc-provider\/demo-oidc.s3.us-east-1.amazonaws.com"/);
    const saUri = Object.keys(fix.edits).find((u) => u.endsWith('sa.yaml'))!;
    assert.deepStrictEqual(fix.edits[saUri], [{ range: { start: { line: 4, character: 0 }, end: { line: 4, character: 0 } }, newText: '  annotations:\n    eks.amazonaws.com/role-arn: arn:aws:iam::123456789012:role/uploader\n' }]);
  });

  it('adds the web identity statement to the role\'s existing trust policy instead of creating a second one', () => {
    const nodeTrust = '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {\n      "Effect": "Allow",\n      "Principal": { "AWS": "arn:aws:iam::123456789012:role/k8s-worker-node" },\n      "Action": "sts:AssumeRole"\n    }\n  ]\n}\n';
    const files = { 'deploy.yaml': KUBE2IAM_DEPLOYMENT, 'iam/uploader-trust.json': nodeTrust, 'auth.yaml': AUTH('https://demo-oidc.s3.us-east-1.amazonaws.com') };
    const result = check(files, 'deploy.yaml');
    const fix = result.findings[0].fixes[0];
    assert.deepStrictEqual((fix.create ?? []).map((c) => path.basename(fileURLToPath(c.uri))), ['uploader-serviceaccount.yaml']);
    const trustUri = Object.keys(fix.edits).find((u) => u.endsWith('uploader-trust.json'))!;
    const trustFile = check(files, 'iam/uploader-trust.json').file;
    const extended = JSON.parse(applyEdits(trustFile, fix.edits[trustUri]));
    assert.strictEqual(extended.Statement.length, 2, 'the kube2iam statement stays until the pods have moved');
    assert.deepStrictEqual(extended.Statement[1].Condition.StringEquals, {
      'demo-oidc.s3.us-east-1.amazonaws.com:sub': 'system:serviceaccount:media:uploader',
      'demo-oidc.s3.us-east-1.amazonaws.com:aud': 'sts.amazonaws.com',
    });
  });

  it('takes the nearest of several cluster issuers and names its file; with none nearest, offers one fix per issuer', () => {
    const deploy = { 'apps/kube2iam/deploy.yaml': KUBE2IAM_DEPLOYMENT };
    const near = check({ ...deploy, 'apps/kube2iam/auth.yaml': AUTH('https://near.example.com'), 'clusters/far/auth.yaml': AUTH('https://far.example.com') }, 'apps/kube2iam/deploy.yaml');
    assert.deepStrictEqual(near.findings[0].fixes.map((f) => f.title), ['Migrate to IRSA (ServiceAccount uploader with role uploader, issuer of auth.yaml)']);
    assert.match(near.findings[0].fixes[0].create!.find((c) => c.uri.endsWith('trust-policy.json'))!.text, /near\.example\.com:sub/);
    const tied = check({ ...deploy, 'clusters/a/auth.yaml': AUTH('https://a.example.com'), 'clusters/b/auth.yaml': AUTH('https://b.example.com') }, 'apps/kube2iam/deploy.yaml');
    assert.deepStrictEqual(tied.findings[0].fixes.map((f) => f.title).sort(), [
      'Migrate to IRSA (ServiceAccount uploader with role uploader, issuer of ../../clusters/a/auth.yaml)',
      'Migrate to IRSA (ServiceAccount uploader with role uploader, issuer of ../../clusters/b/auth.yaml)',
    ]);
  });

  it('warns when the Namespace in the folder does not allow the role', () => {
    const result = check({ 'deploy.yaml': KUBE2IAM_DEPLOYMENT, 'ns.yaml': NAMESPACE }, 'deploy.yaml');
    assert.deepStrictEqual(result.summary, ['14:8-14:30 kube2iam-annotation', '14:32-14:71 kube2iam-annotation']);
    assert.strictEqual(result.findings[1].severity, 'warning');
    assert.match(result.findings[1].message, /kube2iam refuses role "arn:aws:iam::123456789012:role\/uploader" in namespace media: its iam.amazonaws.com\/allowed-roles annotation allows only "arn:aws:iam::123456789012:role\/media-\*"/);
    const allowed = KUBE2IAM_DEPLOYMENT.replace('role/uploader', 'role/media-uploader');
    assert.deepStrictEqual(check({ 'deploy.yaml': allowed, 'ns.yaml': NAMESPACE }, 'deploy.yaml').summary, ['14:8-14:30 kube2iam-annotation']);
  });
});
