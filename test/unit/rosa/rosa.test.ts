import * as assert from 'assert';
import { rosaFileOf, rosaHostedIssuer, rosaOperatorOfRole, rosaOperatorRoleName, ROSA_OPERATORS } from '../../../server/src/views/rosa';
import { applyEdits, AUTH_MANIFEST, check } from '../helpers';

const OIDC = 'oidc.op1.openshiftapps.com/2kl4t3ea0eabcdefgh7tfmj8kvc0hb5c';
const ACCOUNT = '123456789012';

/** The trust file `rosa create operator-roles --mode manual` writes, in its layout. */
const operatorTrust = (subs: string[]) =>
  `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": {
        "Federated": "arn:aws:iam::${ACCOUNT}:oidc-provider/${OIDC}"
      },
      "Action": "sts:AssumeRoleWithWebIdentity",
      "Condition": {
        "StringEquals": {
          "${OIDC}:sub": [${subs.map((s) => `"${s}"`).join(' , ')}]
        }
      }
    }
  ]
}
`;

const EBS = 'operator_cluster_csi_drivers_ebs_cloud_credentials_policy.json';
const ROSA_TAGS = [{ Key: 'red-hat-managed', Value: 'true' }, { Key: 'operator_namespace', Value: 'openshift-machine-api' }];

describe('ROSA (rosa --mode manual files, operator role names, hosted issuers)', () => {
  it('recognises operator-role trust files and account-role files by the names rosa gives them', () => {
    assert.deepStrictEqual(rosaFileOf(`/work/rosa/${EBS}`), { kind: 'operator-role-trust', operator: ROSA_OPERATORS[1] });
    assert.deepStrictEqual(rosaFileOf('/work/rosa/sts_instance_worker_trust_policy.json'), { kind: 'account-role', role: 'Worker', policy: 'trust' });
    assert.deepStrictEqual(rosaFileOf('/work/rosa/sts_installer_permission_policy.json'), { kind: 'account-role', role: 'Installer', policy: 'permission' });
    assert.strictEqual(rosaFileOf('/work/rosa/operator_unknown_thing_policy.json'), undefined);
    assert.strictEqual(rosaFileOf('/work/rosa/trust.json'), undefined);
  });

  it('names operator roles <prefix>-<namespace>-<secret> cut to 64, and finds the operator and prefix back from a name', () => {
    const ebs = ROSA_OPERATORS[1];
    assert.strictEqual(rosaOperatorRoleName('mycluster-a1b2', ebs), 'mycluster-a1b2-openshift-cluster-csi-drivers-ebs-cloud-credentia');
    assert.deepStrictEqual(rosaOperatorOfRole('mycluster-a1b2-openshift-cluster-csi-drivers-ebs-cloud-credentia'), { operator: ebs, prefix: 'mycluster-a1b2' });
    assert.deepStrictEqual(rosaOperatorOfRole('prod-openshift-ingress-operator-cloud-credentials')?.prefix, 'prod');
    assert.strictEqual(rosaOperatorOfRole('prod-some-app-role'), undefined);
  });

  it('recognises Red Hat-hosted OIDC issuers', () => {
    assert.deepStrictEqual(rosaHostedIssuer(OIDC), { id: '2kl4t3ea0eabcdefgh7tfmj8kvc0hb5c' });
    assert.deepStrictEqual(rosaHostedIssuer('rh-oidc.s3.us-east-1.amazonaws.com/1a2b3c'), { id: '1a2b3c' });
    assert.strictEqual(rosaHostedIssuer('demo-oidc.s3.us-east-2.amazonaws.com'), undefined);
  });

  describe('rosa-operator-role-trust', () => {
    it('reports an edited operator-role trust file that lost one of the operator\'s service accounts, and the fix puts it back', () => {
      const text = operatorTrust(['system:serviceaccount:openshift-cluster-csi-drivers:aws-ebs-csi-driver-operator']);
      const result = check({ [EBS]: text }, EBS, { rules: { 'trust-aud-missing': 'off' } });
      assert.deepStrictEqual(result.summary, ['11:10-11:75 rosa-operator-role-trust']);
      assert.strictEqual(
        result.findings[0].message,
        `This is the trust policy of ROSA's operator role for openshift-cluster-csi-drivers/ebs-cloud-credentials (${EBS}), whose pods run as system:serviceaccount:openshift-cluster-csi-drivers:aws-ebs-csi-driver-controller-sa, but it admits only system:serviceaccount:openshift-cluster-csi-drivers:aws-ebs-csi-driver-operator: that service account's tokens from the Red Hat-hosted OIDC configuration 2kl4t3ea0eabcdefgh7tfmj8kvc0hb5c get AccessDenied on AssumeRoleWithWebIdentity and the operator has no AWS credentials. Add system:serviceaccount:openshift-cluster-csi-drivers:aws-ebs-csi-driver-controller-sa to the sub condition.`,
      );
      const fix = result.findings[0].fixes[0];
      const fixed = applyEdits(result.file, fix.edits[result.file.uri]);
      assert.deepStrictEqual(check({ [EBS]: fixed }, EBS).summary, ['6:21-6:122 trust-aud-missing'], 'rosa writes no aud condition: only the hardening hint remains');
    });

    it('accepts the file as rosa writes it, and leaves other files alone', () => {
      const sas = ['system:serviceaccount:openshift-cluster-csi-drivers:aws-ebs-csi-driver-operator', 'system:serviceaccount:openshift-cluster-csi-drivers:aws-ebs-csi-driver-controller-sa'];
      const quiet = { rules: { 'trust-aud-missing': 'off' as const } };
      assert.deepStrictEqual(check({ [EBS]: operatorTrust(sas) }, EBS, quiet).summary, []);
      assert.deepStrictEqual(check({ 'ebs-trust.json': operatorTrust([sas[0]]) }, 'ebs-trust.json', quiet).summary, []);
    });

    it('checks a role document named by rosa\'s rule (aws iam create-role --cli-input-json)', () => {
      const role = JSON.stringify({ RoleName: 'prod-x9k2-openshift-ingress-operator-cloud-credentials', AssumeRolePolicyDocument: JSON.parse(operatorTrust(['system:serviceaccount:openshift-ingress:router'])), Tags: ROSA_TAGS }, null, 2);
      const result = check({ 'ingress-role.json': role }, 'ingress-role.json');
      assert.deepStrictEqual(result.summary, ['8:23-8:124 trust-aud-missing', '13:12-13:77 rosa-operator-role-trust']);
      assert.match(result.findings[1].message, /ROSA's operator role for openshift-ingress-operator\/cloud-credentials \(ingress-role\.json\), whose pods run as system:serviceaccount:openshift-ingress-operator:ingress-operator/);
      // ccoctl names its roles the same way, from the release's own CredentialsRequests: without rosa's tags it is not ROSA's.
      const untagged = JSON.stringify({ ...JSON.parse(role), Tags: [{ Key: 'openshift.io/cloud-credential-operator/prod-x9k2', Value: 'owned' }] }, null, 2);
      assert.deepStrictEqual(check({ 'ingress-role.json': untagged }, 'ingress-role.json', { rules: { 'trust-aud-missing': 'off' } }).summary, []);
    });
  });

  it('does not hold a Red Hat-hosted issuer against another cluster\'s issuer in the workspace (issuer-mismatch)', () => {
    const sas = ['system:serviceaccount:openshift-cluster-csi-drivers:aws-ebs-csi-driver-operator', 'system:serviceaccount:openshift-cluster-csi-drivers:aws-ebs-csi-driver-controller-sa'];
    const files = { [`rosa/${EBS}`]: operatorTrust(sas), 'ipi/manifests/cluster-authentication-02-config.yaml': AUTH_MANIFEST };
    assert.deepStrictEqual(check(files, `rosa/${EBS}`, { rules: { 'trust-aud-missing': 'off' } }).summary, []);
  });

  describe('rosa-role-prefix', () => {
    it('warns on an operator role whose prefix is longer than rosa accepts', () => {
      const prefix = 'payments-production-eu-west-1-blue';
      const role = JSON.stringify({ RoleName: `${prefix}-openshift-machine-api-aws-cloud-credentials`.slice(0, 64), AssumeRolePolicyDocument: JSON.parse(operatorTrust(['system:serviceaccount:openshift-machine-api:machine-api-controllers'])), Tags: ROSA_TAGS }, null, 2);
      const quiet = { rules: { 'trust-aud-missing': 'off' as const } };
      const result = check({ 'machine-api-role.json': role }, 'machine-api-role.json', quiet);
      assert.deepStrictEqual(result.summary, ['1:14-1:80 rosa-role-prefix']);
      assert.match(result.findings[0].message, /with prefix "payments-production-eu-west-1-blue" \(34 characters\), but rosa accepts at most 32/);
      const short = role.replace(prefix, 'payments-prod');
      assert.deepStrictEqual(check({ 'machine-api-role.json': short }, 'machine-api-role.json', quiet).summary, []);
    });
  });
});
