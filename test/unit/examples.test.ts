import * as assert from 'assert';
import * as path from 'path';
import { runCli } from '../../server/src/cli/main';

/** The example workspace is what `npm start` shows: its findings are exactly the mistakes its README plants. */
describe('examples/', () => {
  it('reports the planted mistakes and nothing else', async () => {
    let stdout = '';
    const root = path.resolve(__dirname, '../../..');
    const code = await runCli(['check', 'examples', '--format', 'json'], { cwd: root, color: false, stdout: { write: (t: string) => (stdout += t) }, stderr: { write: () => undefined } });
    assert.strictEqual(code, 1);
    const found = JSON.parse(stdout).diagnostics.map((d: { file: string; range: { start: { line: number } }; code: string }) => `${d.file}:${d.range.start.line + 1} ${d.code}`);
    assert.deepStrictEqual(found, [
      'examples/eks-kustomize/k8s/billing/base/kustomization.yaml:6 kustomize-unsupported',
      'examples/eks-kustomize/k8s/billing/base/serviceaccount.yaml:5 trust-sub-mismatch',
      'examples/eks-kustomize/k8s/orders/base/serviceaccount.yaml:6 trust-sub-mismatch',
      'examples/eks-kustomize/terraform/iam.tf:10 trust-sub-orphan',
      'examples/eks-terraform/k8s/payments-serviceaccount.yaml:7 trust-sub-mismatch',
      'examples/eks-terraform/terraform/iam.tf:43 trust-wildcard-operator',
      'examples/eks-terraform/terraform/iam.tf:66 trust-sub-orphan',
      'examples/installer-iam/openshift-installer-deny-outside-office.json:10 bootstrap-presign-source-ip',
      'examples/kops-irsa/s3-echoer-job.yaml:15 token-nonroot-fsgroup',
      'examples/kops-irsa/s3-echoer-policy.json:14 iam-unknown-action',
      'examples/kops-irsa/s3-echoer-trust.json:12 trust-sub-orphan',
      'examples/kops-irsa/serviceaccount-app.yaml:7 trust-sub-mismatch',
      'examples/kube2iam/deployment-thumbnailer.yaml:18 kube2iam-annotation',
      'examples/openshift-app/deployment-report-uploader.yaml:24 token-file-not-mounted',
      'examples/openshift-app/deployment-report-uploader.yaml:46 token-expiration',
      'examples/openshift-operator/cloudwatch-log-forwarder.v2.3.1.clusterserviceversion.yaml:41 token-audience-mismatch',
      'examples/openshift-operator/subscription-log-forwarder.yaml:18 trust-sub-mismatch',
      'examples/openshift-operator/subscription-s3-backup.yaml:16 role-arn-format',
      'examples/openshift-sts/ccoctl-output/05-1-sts-demo-openshift-image-registry-installer-cloud-credentials-role.json:2 trust-aud-missing',
      'examples/openshift-sts/credrequests/0000_50_cluster-ingress-operator_00-ingress-credentials-request.yaml:11 credentials-request-service-accounts',
      'examples/openshift-sts/install-config.yaml:6 sts-manual-mode-required',
      'examples/openshift-sts/manifests/openshift-machine-api-aws-cloud-credentials-credentials.yaml:6 credentials-placeholder',
      'examples/openshift-sts/manifests/openshift-machine-api-aws-cloud-credentials-credentials.yaml:13 yaml-syntax',
      'examples/pod-identity/k8s/billing-serviceaccount.yaml:7 pod-identity-irsa-conflict',
      'examples/pod-identity/k8s/orders-api-deployment.yaml:23 static-credentials-shadow',
      'examples/pod-identity/terraform/pod-identity.tf:40 pod-identity-trust',
      'examples/pod-identity/terraform/pod-identity.tf:58 pod-identity-service-account',
      'examples/pod-identity/terraform/pod-identity.tf:62 pod-identity-trust',
      'examples/rosa/operator_cluster_csi_drivers_ebs_cloud_credentials_policy.json:7 trust-aud-missing',
      'examples/rosa/operator_cluster_csi_drivers_ebs_cloud_credentials_policy.json:12 rosa-operator-role-trust',
      'examples/rosa/operator_ingress_operator_cloud_credentials_policy.json:7 trust-aud-missing',
    ]);
  });
});
