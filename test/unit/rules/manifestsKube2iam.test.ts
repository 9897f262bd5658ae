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

  it('warns when kube2iam runs with --namespace-restrictions and the Namespace does not allow the role', () => {
    const files = { 'deploy.yaml': KUBE2IAM_DEPLOYMENT, 'ns.yaml': NAMESPACE, 'kube2iam.yaml': daemonSet(['--base-role-arn=arn:aws:iam::123456789012:role/', '--namespace-restrictions']) };
    const result = check(files, 'deploy.yaml');
    assert.deepStrictEqual(result.summary, ['14:8-14:30 kube2iam-annotation', '14:32-14:71 kube2iam-annotation']);
    const refusal = result.findings[1];
    assert.strictEqual(refusal.severity, 'warning');
    assert.strictEqual(
      refusal.message,
      'kube2iam refuses role "arn:aws:iam::123456789012:role/uploader" in namespace media: it runs with --namespace-restrictions (kube2iam.yaml), and the namespace\'s iam.amazonaws.com/allowed-roles annotation allows only "arn:aws:iam::123456789012:role/media-*" (globs). The pod gets no credentials.',
    );
    assert.deepStrictEqual(refusal.related.map((r) => [r.uri.split('/').pop(), r.range.start.line, r.message]), [
      ['ns.yaml', 5, 'iam.amazonaws.com/allowed-roles of namespace media'],
      ['kube2iam.yaml', 15, 'the kube2iam container, run with --namespace-restrictions'],
    ]);
    const allowed = KUBE2IAM_DEPLOYMENT.replace('role/uploader', 'role/media-uploader');
    assert.deepStrictEqual(check({ ...files, 'deploy.yaml': allowed }, 'deploy.yaml').summary, ['14:8-14:30 kube2iam-annotation']);
  });

  it('says nothing of the namespace when kube2iam runs without --namespace-restrictions (it then ignores the annotation)', () => {
    const files = { 'deploy.yaml': KUBE2IAM_DEPLOYMENT, 'ns.yaml': NAMESPACE, 'kube2iam.yaml': daemonSet(['--base-role-arn=arn:aws:iam::123456789012:role/', '--iptables=true']) };
    assert.deepStrictEqual(check(files, 'deploy.yaml').summary, ['14:8-14:30 kube2iam-annotation']);
    const off = { ...files, 'kube2iam.yaml': daemonSet(['--namespace-restrictions=false']) };
    assert.deepStrictEqual(check(off, 'deploy.yaml').summary, ['14:8-14:30 kube2iam-annotation']);
  });

  it('without a kube2iam DaemonSet in the workspace, says at information level what happens if restrictions are on', () => {
    const result = check({ 'deploy.yaml': KUBE2IAM_DEPLOYMENT, 'ns.yaml': NAMESPACE }, 'deploy.yaml');
    assert.deepStrictEqual(result.findings.map((f) => f.severity), ['information', 'information']);
    assert.strictEqual(
      result.findings[1].message,
      'If kube2iam runs with --namespace-restrictions and its default glob format (no kube2iam DaemonSet is in the workspace to tell), it refuses role "arn:aws:iam::123456789012:role/uploader" in namespace media unless that is its --default-role: the namespace\'s iam.amazonaws.com/allowed-roles annotation allows only "arn:aws:iam::123456789012:role/media-*".',
    );
  });

  it('compares as kube2iam does: a name gets the base role ARN in front, `*` crosses `/`, `?` is itself', () => {
    const nsWith = (list: string) => NAMESPACE.replace('["arn:aws:iam::123456789012:role/media-*"]', list);
    const named = (role: string) => KUBE2IAM_DEPLOYMENT.replace('arn:aws:iam::123456789012:role/uploader', role);
    const summary = (role: string, list: string, args: string[]) =>
      check({ 'deploy.yaml': named(role), 'ns.yaml': nsWith(list), 'kube2iam.yaml': daemonSet(args) }, 'deploy.yaml').findings.map((f) => f.severity).join(' ');
    const base = ['--namespace-restrictions', '--base-role-arn=arn:aws:iam::123456789012:role/'];
    // A name against an ARN entry (and the reverse), through the base ARN.
    assert.strictEqual(summary('uploader', '["arn:aws:iam::123456789012:role/uploader"]', base), 'information');
    assert.strictEqual(summary('arn:aws:iam::123456789012:role/uploader', '["uploader"]', base), 'information');
    assert.strictEqual(summary('uploader', '["arn:aws:iam::999999999999:role/uploader"]', base), 'information warning');
    // The base discovered from the node is not in the manifests: a name against an ARN is not decided.
    assert.strictEqual(summary('uploader', '["arn:aws:iam::999999999999:role/uploader"]', ['--namespace-restrictions', '--auto-discover-base-arn']), 'information');
    // Two names share the base, whatever it is.
    assert.strictEqual(summary('uploader', '["media-*"]', ['--namespace-restrictions', '--auto-discover-base-arn']), 'information warning');
    // go-glob: `*` matches `/` (a role path), `?` is a literal character.
    assert.strictEqual(summary('arn:aws:iam::123456789012:role/media/uploader', '["arn:aws:iam::123456789012:role/*"]', base), 'information');
    assert.strictEqual(summary('uploader', '["uploade?"]', base), 'information warning');
    // The default role always passes.
    assert.strictEqual(summary('uploader', '["media-*"]', [...base, '--default-role=uploader']), 'information');
    assert.strictEqual(summary('uploader', '["media-*"]', [...base, '--auto-discover-default-role']), 'information');
  });

  it('reads --namespace-restriction-format=regexp: found anywhere in the ARN, never run as a regular expression of ours', () => {
    const nsWith = (list: string) => NAMESPACE.replace('["arn:aws:iam::123456789012:role/media-*"]', list);
    const named = (role: string) => KUBE2IAM_DEPLOYMENT.replace('arn:aws:iam::123456789012:role/uploader', role);
    const regexp = ['--namespace-restrictions', '--namespace-restriction-format', 'regexp', '--base-role-arn=arn:aws:iam::123456789012:role/'];
    const summary = (role: string, list: string, args = regexp) =>
      check({ 'deploy.yaml': named(role), 'ns.yaml': nsWith(list), 'kube2iam.yaml': daemonSet(args) }, 'deploy.yaml').findings.map((f) => f.severity).join(' ');
    assert.strictEqual(summary('k8s-invoice-exporter', '["k8s-invoice-.*"]'), 'information');
    assert.strictEqual(summary('k8s-report-builder', '["k8s-invoice-.*"]'), 'information warning');
    assert.strictEqual(summary('arn:aws:iam::123456789012:role/k8s-invoice-exporter', '["arn:aws:iam::123456789012:role/k8s-invoice"]'), 'information', 'unanchored at the end');
    assert.strictEqual(summary('k8s-invoice-exporter', '["invoice"]'), 'information warning', 'the base ARN in front anchors a name at its start');
    assert.strictEqual(summary('k8s-invoice-exporter', '["k8s-invoice$"]'), 'information warning');
    // Beyond the plain subset (classes, alternation, groups): not decided, so not reported.
    assert.strictEqual(summary('k8s-report-builder', '["k8s-(invoice|billing)-.*"]'), 'information');
    assert.strictEqual(summary('k8s-report-builder', '["k8s-[a-z]+"]'), 'information');
    // As a shell line, the flags are read too.
    const shell = daemonSet([]).replace('        args:\n', `        command: ["/bin/sh", "-c", "exec kube2iam ${regexp.join(' ')}"]\n`);
    const files = { 'deploy.yaml': named('k8s-report-builder'), 'ns.yaml': nsWith('["k8s-invoice-.*"]'), 'kube2iam.yaml': shell };
    assert.deepStrictEqual(check(files, 'deploy.yaml').findings.map((f) => f.severity), ['information', 'warning']);
  });
});

/** A kube2iam DaemonSet whose container runs with `args`. */
function daemonSet(args: string[]): string {
  return `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: kube2iam
  namespace: kube-system
spec:
  selector:
    matchLabels:
      name: kube2iam
  template:
    metadata:
      labels:
        name: kube2iam
    spec:
      containers:
      - image: jtblin/kube2iam:0.11.2
        name: kube2iam
        args:
${args.map((a) => `        - ${JSON.stringify(a)}`).join('\n')}
`;
}
