import * as assert from 'assert';
import { applyEdits, check } from '../helpers';

const ISSUER = 'oidc.eks.us-east-2.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF';

function trust(...subjects: string[]): string {
  return JSON.stringify(
    {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Federated: `arn:aws:iam::111122223333:oidc-provider/${ISSUER}` },
          Action: 'sts:AssumeRoleWithWebIdentity',
          Condition: { StringEquals: { [`${ISSUER}:sub`]: subjects.length === 1 ? subjects[0] : subjects, [`${ISSUER}:aud`]: 'sts.amazonaws.com' } },
        },
      ],
    },
    null,
    2,
  );
}

const FLUX = `apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata:
  name: external-dns
  namespace: flux-system
spec:
  interval: 30m
  targetNamespace: external-dns
  chart:
    spec:
      chart: external-dns
      sourceRef:
        kind: HelmRepository
        name: external-dns
  values:
    provider:
      name: aws
    serviceAccount:
      create: true
      name: external-dns
      annotations:
        eks.amazonaws.com/role-arn: arn:aws:iam::111122223333:role/prod-external-dns
`;

const ARGO = `apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: ebs-csi
  namespace: argocd
spec:
  project: platform
  destination:
    server: https://kubernetes.default.svc
    namespace: kube-system
  source:
    repoURL: https://kubernetes-sigs.github.io/aws-ebs-csi-driver
    chart: aws-ebs-csi-driver
    targetRevision: 2.35.0
    helm:
      valuesObject:
        controller:
          serviceAccount:
            name: ebs-csi-controller-sa
            annotations:
              eks.amazonaws.com/role-arn: arn:aws:iam::111122223333:role/prod-ebs-csi
`;

describe('Helm releases of GitOps controllers (Flux HelmRelease, Argo CD Application)', () => {
  it("checks the role of a release's ServiceAccount against its trust, in the namespace the release installs into", () => {
    const ok = { 'flux/external-dns.yaml': FLUX, 'iam/prod-external-dns-trust.json': trust('system:serviceaccount:external-dns:external-dns') };
    assert.deepStrictEqual(check(ok, 'flux/external-dns.yaml').summary, []);
    // The trust names the HelmRelease's own namespace, not the targetNamespace the chart installs into.
    const wrong = { ...ok, 'iam/prod-external-dns-trust.json': trust('system:serviceaccount:flux-system:external-dns') };
    const result = check(wrong, 'flux/external-dns.yaml');
    assert.deepStrictEqual(result.summary, ['21:36-21:84 trust-sub-mismatch']);
    const [finding] = result.findings;
    assert.strictEqual(finding.severity, 'warning');
    assert.strictEqual(
      finding.message,
      'HelmRelease external-dns (values serviceAccount.name external-dns) runs as system:serviceaccount:external-dns:external-dns and uses role prod-external-dns, but the role\'s trust policy (../iam/prod-external-dns-trust.json) admits only system:serviceaccount:flux-system:external-dns: AssumeRoleWithWebIdentity will fail with AccessDenied. Add system:serviceaccount:external-dns:external-dns to the trust policy\'s sub condition, or set serviceAccount.name to one it admits. (The chart is taken to name its ServiceAccount after serviceAccount.name, as charts made with helm create do.)',
    );
    const trustUri = Object.keys(finding.fixes[0].edits)[0];
    const trustFile = check(wrong, 'iam/prod-external-dns-trust.json').file;
    assert.ok(trustUri.endsWith('prod-external-dns-trust.json'));
    const fixed = JSON.parse(applyEdits(trustFile, finding.fixes[0].edits[trustUri]));
    assert.deepStrictEqual(fixed.Statement[0].Condition.StringEquals[`${ISSUER}:sub`], ['system:serviceaccount:flux-system:external-dns', 'system:serviceaccount:external-dns:external-dns']);
  });

  it("reads an Argo CD Application's valuesObject and destination namespace, nested serviceAccount maps included", () => {
    const files = { 'apps/ebs-csi.yaml': ARGO, 'iam/prod-ebs-csi-trust.json': trust('system:serviceaccount:kube-system:ebs-csi-controller') };
    const result = check(files, 'apps/ebs-csi.yaml');
    assert.deepStrictEqual(result.findings.map((f) => [f.code, f.severity]), [['trust-sub-mismatch', 'warning']]);
    assert.match(result.findings[0].message, /^Application ebs-csi \(values controller\.serviceAccount\.name ebs-csi-controller-sa\) runs as system:serviceaccount:kube-system:ebs-csi-controller-sa/);
    // Parameters may set the values again: not decided.
    const parameters = ARGO.replace('      valuesObject:', '      parameters:\n        - name: controller.serviceAccount.name\n          value: other\n      valuesObject:');
    assert.deepStrictEqual(check({ ...files, 'apps/ebs-csi.yaml': parameters }, 'apps/ebs-csi.yaml').summary, []);
  });

  it('a HelmRelease without targetNamespace installs into its own namespace, as a Kustomize overlay renders it', () => {
    const release = FLUX.replace('  targetNamespace: external-dns\n', '');
    const kustomization = 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: dns-prod\nresources:\n  - release.yaml\n';
    const files = { 'prod/release.yaml': release, 'prod/kustomization.yaml': kustomization, 'iam/prod-external-dns-trust.json': trust('system:serviceaccount:dns-prod:external-dns') };
    assert.deepStrictEqual(check(files, 'prod/release.yaml').summary, []);
    const wrong = { ...files, 'iam/prod-external-dns-trust.json': trust('system:serviceaccount:flux-system:external-dns') };
    const [finding] = check(wrong, 'prod/release.yaml').findings;
    assert.match(finding.message, /^HelmRelease external-dns \(values serviceAccount\.name external-dns\) \(overlay kustomization\.yaml\) runs as system:serviceaccount:dns-prod:external-dns/);
  });

  it('says nothing of a ServiceAccount the chart names itself, or one it does not create', () => {
    const unnamed = FLUX.replace('      name: external-dns\n      annotations:', '      annotations:');
    const files = { 'flux/external-dns.yaml': unnamed, 'iam/prod-external-dns-trust.json': trust('system:serviceaccount:external-dns:whatever') };
    assert.deepStrictEqual(check(files, 'flux/external-dns.yaml').summary, []);
    const notCreated = FLUX.replace('create: true', 'create: false');
    assert.deepStrictEqual(check({ ...files, 'flux/external-dns.yaml': notCreated }, 'flux/external-dns.yaml').summary, []);
  });

  it("counts a release's ServiceAccounts as run in its namespace: no trust-sub-orphan for them, nor for a chart's own naming", () => {
    const namespace = 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: other\n  namespace: external-dns\n';
    const files = { 'flux/external-dns.yaml': FLUX, 'k8s/other.yaml': namespace, 'iam/prod-external-dns-trust.json': trust('system:serviceaccount:external-dns:external-dns') };
    assert.deepStrictEqual(check(files, 'iam/prod-external-dns-trust.json').summary, []);
    const unnamed = FLUX.replace('      name: external-dns\n      annotations:', '      annotations:');
    const someName = { ...files, 'flux/external-dns.yaml': unnamed, 'iam/prod-external-dns-trust.json': trust('system:serviceaccount:external-dns:external-dns-chart') };
    assert.deepStrictEqual(check(someName, 'iam/prod-external-dns-trust.json').summary, []);
    // Without the release, the same trust is an orphan.
    const alone = { 'k8s/other.yaml': namespace, 'iam/prod-external-dns-trust.json': trust('system:serviceaccount:external-dns:external-dns') };
    assert.deepStrictEqual(check(alone, 'iam/prod-external-dns-trust.json').findings.map((f) => f.code), ['trust-sub-orphan']);
  });

  it('role-arn-format checks the role annotation of release values', () => {
    const broken = FLUX.replace('arn:aws:iam::111122223333:role/prod-external-dns', 'arn:aws:iam::111122223333:prod-external-dns');
    assert.deepStrictEqual(check({ 'flux/external-dns.yaml': broken }, 'flux/external-dns.yaml').findings.map((f) => f.code), ['role-arn-format']);
  });
});
