import * as assert from 'assert';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { parseFile } from '../../../server/src/model/parsedFile';
import { applyEdits, check } from '../helpers';
import { credentialsRequest, csv, ROLE, ROLE_ARN, subscription, trustPolicy } from './fixtures';

const CONTROLLER = 'system:serviceaccount:log-forwarding:log-forwarder-controller';

function fixedOther(dir: string, rel: string, text: string, edits: Parameters<typeof applyEdits>[1]): string {
  const fsPath = path.join(dir, rel);
  return applyEdits(parseFile(pathToFileURL(fsPath).toString(), text, { fsPath }), edits);
}

describe('operators on STS (OLM token-based authentication)', () => {
  describe('role-arn-format', () => {
    it('reports a Subscription ROLEARN that is not a role ARN, on its value', () => {
      const result = check({ 'subscription.yaml': subscription('arn:aws:iam::123456789012:user/log-forwarder') }, 'subscription.yaml');
      assert.deepStrictEqual(result.summary, ['14:13-14:57 role-arn-format']);
      assert.strictEqual(
        result.findings[0].message,
        'ROLEARN "arn:aws:iam::123456789012:user/log-forwarder" is not an IAM role ARN: "user" is not "role" (this is not a role ARN); the operator copies it into its CredentialsRequest as stsIAMRoleARN and cannot assume it. Expected arn:aws:iam::<12-digit account>:role/<name>.',
      );
    });

    it('reports an empty ROLEARN: the Cloud Credential Operator finds an empty stsIAMRoleARN', () => {
      const result = check({ 'subscription.yaml': subscription('') }, 'subscription.yaml');
      assert.deepStrictEqual(result.summary, ['14:13-14:15 role-arn-format']);
      assert.match(result.findings[0].message, /^ROLEARN is empty: .*"an empty awsSTSIAMRoleARN was found"/);
    });

    it('says nothing about a well-formed ROLEARN or a Subscription without one', () => {
      assert.deepStrictEqual(check({ 'subscription.yaml': subscription() }, 'subscription.yaml').summary, []);
      assert.deepStrictEqual(check({ 'subscription.yaml': subscription(null) }, 'subscription.yaml').summary, []);
    });
  });

  describe('trust-sub-mismatch on a CredentialsRequest with stsIAMRoleARN', () => {
    it('reports each listed service account the role does not admit, and the fix adds it to the trust policy', () => {
      const files = {
        'credentialsrequest.yaml': credentialsRequest({ roleArn: ROLE_ARN, serviceAccounts: ['log-forwarder-controller', 'log-forwarder-collector'] }),
        [`iam/${ROLE}-trust-policy.json`]: trustPolicy([CONTROLLER]),
      };
      const result = check(files, 'credentialsrequest.yaml');
      assert.deepStrictEqual(result.summary, ['11:4-11:27 trust-sub-mismatch']);
      const [finding] = result.findings;
      assert.strictEqual(
        finding.message,
        `CredentialsRequest log-forwarder lists service account log-forwarder-collector, which runs as system:serviceaccount:log-forwarding:log-forwarder-collector (the namespace of its Secret), and its stsIAMRoleARN names role ${ROLE}, but the role's trust policy (iam/${ROLE}-trust-policy.json) admits only ${CONTROLLER}: AssumeRoleWithWebIdentity will fail with AccessDenied. Add system:serviceaccount:log-forwarding:log-forwarder-collector to the trust policy's sub condition, or remove the service account from serviceAccountNames.`,
      );
      const fix = finding.fixes[0];
      assert.strictEqual(fix.title, `Add system:serviceaccount:log-forwarding:log-forwarder-collector to the trust policy of ${ROLE}`);
      const [uri] = Object.keys(fix.edits);
      const dir = path.dirname(result.file.fsPath!);
      const fixed = fixedOther(dir, `iam/${ROLE}-trust-policy.json`, files[`iam/${ROLE}-trust-policy.json`], fix.edits[uri]);
      assert.ok(fixed.includes('"system:serviceaccount:log-forwarding:log-forwarder-collector"'), fixed);
      assert.deepStrictEqual(check({ ...files, [`iam/${ROLE}-trust-policy.json`]: fixed }, 'credentialsrequest.yaml').summary, []);
    });

    it('uses the Secret namespace, not the request\'s own namespace, for the subject', () => {
      const files = {
        'credentialsrequest.yaml': credentialsRequest({ roleArn: ROLE_ARN }),
        [`iam/${ROLE}-trust-policy.json`]: trustPolicy(['system:serviceaccount:openshift-cloud-credential-operator:log-forwarder-controller']),
      };
      const result = check(files, 'credentialsrequest.yaml');
      assert.deepStrictEqual(result.summary, ['10:4-10:28 trust-sub-mismatch']);
      assert.match(result.findings[0].message, /runs as system:serviceaccount:log-forwarding:log-forwarder-controller/);
    });

    it('says nothing when the role has no trust policy in the workspace, or the request has no role ARN', () => {
      assert.deepStrictEqual(check({ 'credentialsrequest.yaml': credentialsRequest({ roleArn: ROLE_ARN }) }, 'credentialsrequest.yaml').summary, []);
      assert.deepStrictEqual(check({ 'credentialsrequest.yaml': credentialsRequest(), [`${ROLE}-trust.json`]: trustPolicy(['system:serviceaccount:x:y']) }, 'credentialsrequest.yaml').summary, []);
    });
  });

  describe('trust-sub-mismatch on a Subscription with ROLEARN', () => {
    const files = {
      'subscription.yaml': subscription(),
      'credentialsrequest.yaml': credentialsRequest(),
      [`iam/${ROLE}-trust-policy.json`]: trustPolicy(['system:serviceaccount:log-forwarding:log-forwarder']),
    };

    it('checks the service accounts of the operator\'s CredentialsRequest against the role in ROLEARN', () => {
      const result = check(files, 'subscription.yaml');
      assert.deepStrictEqual(result.summary, ['14:13-14:62 trust-sub-mismatch']);
      assert.strictEqual(
        result.findings[0].message,
        `Subscription log-forwarding/log-forwarder gives the operator role ${ROLE} (ROLEARN); its CredentialsRequest log-forwarder (credentialsrequest.yaml) runs as ${CONTROLLER}, but the role's trust policy (iam/${ROLE}-trust-policy.json) admits only system:serviceaccount:log-forwarding:log-forwarder: AssumeRoleWithWebIdentity will fail with AccessDenied. Add ${CONTROLLER} to the trust policy's sub condition, or give the operator a role that admits it.`,
      );
      assert.strictEqual(result.findings[0].fixes[0].title, `Add ${CONTROLLER} to the trust policy of ${ROLE}`);
    });

    it('says nothing when another Subscription shares the namespace: which request is whose is not written down', () => {
      const other = subscription().replace('name: log-forwarder\n  namespace', 'name: other-operator\n  namespace').replace('  name: log-forwarder\n  source', '  name: other-operator\n  source');
      assert.deepStrictEqual(check({ ...files, 'other-subscription.yaml': other }, 'subscription.yaml').summary, []);
    });

    it('leaves a request with its own stsIAMRoleARN to the request\'s own check', () => {
      assert.deepStrictEqual(check({ ...files, 'credentialsrequest.yaml': credentialsRequest({ roleArn: 'arn:aws:iam::123456789012:role/another' }) }, 'subscription.yaml').summary, []);
    });
  });

  describe('token-audience-mismatch for the operator\'s projected token', () => {
    it('reports the CSV deployment\'s token audience that the role\'s trust policy refuses, with a fix', () => {
      const files = {
        'manifests/log-forwarder.clusterserviceversion.yaml': csv('sts.amazonaws.com'),
        'credentialsrequest.yaml': credentialsRequest({ roleArn: ROLE_ARN }),
        [`iam/${ROLE}-trust-policy.json`]: trustPolicy([CONTROLLER]),
      };
      const result = check(files, 'manifests/log-forwarder.clusterserviceversion.yaml');
      assert.deepStrictEqual(result.summary, ['35:32-35:49 token-audience-mismatch']);
      assert.strictEqual(
        result.findings[0].message,
        `The operator's token (/var/run/secrets/openshift/serviceaccount/token, for role ${ROLE} of CredentialsRequest log-forwarder) requests audience "sts.amazonaws.com", but the trust policy of role ${ROLE} (../iam/${ROLE}-trust-policy.json) requires aud "openshift": AssumeRoleWithWebIdentity fails with AccessDenied. Request "openshift" instead.`,
      );
      const fix = result.findings[0].fixes[0];
      assert.strictEqual(fix.title, 'Set the audience to openshift');
      const fixed = applyEdits(result.file, fix.edits[result.file.uri]);
      assert.deepStrictEqual(check({ ...files, 'manifests/log-forwarder.clusterserviceversion.yaml': fixed }, 'manifests/log-forwarder.clusterserviceversion.yaml').summary, []);
    });

    it('follows the Subscription\'s ROLEARN and the request\'s cloudTokenPath', () => {
      const files = {
        'csv.yaml': csv('sts.amazonaws.com'),
        'subscription.yaml': subscription(),
        'credentialsrequest.yaml': credentialsRequest(),
        [`${ROLE}-trust.json`]: trustPolicy([CONTROLLER]),
      };
      assert.deepStrictEqual(check(files, 'csv.yaml').summary, ['35:32-35:49 token-audience-mismatch']);
      // A token projected elsewhere than the request's cloudTokenPath is not the one the operator reads.
      const elsewhere = { ...files, 'credentialsrequest.yaml': credentialsRequest({ tokenPath: '/var/run/secrets/other/token' }) };
      assert.deepStrictEqual(check(elsewhere, 'csv.yaml').summary, []);
    });

    it('checks a plain Deployment of the operator\'s service account too', () => {
      const deployment = [
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata:',
        '  name: log-forwarder-controller',
        '  namespace: log-forwarding',
        'spec:',
        '  template:',
        '    spec:',
        '      serviceAccountName: log-forwarder-controller',
        '      containers:',
        '      - name: manager',
        '        image: registry.example.com/log-forwarder:1.4.0',
        '        volumeMounts:',
        '        - name: bound-sa-token',
        '          mountPath: /var/run/secrets/openshift/serviceaccount',
        '      volumes:',
        '      - name: bound-sa-token',
        '        projected:',
        '          sources:',
        '          - serviceAccountToken:',
        '              path: token',
        '              audience: sts.amazonaws.com',
        '',
      ].join('\n');
      const files = { 'deployment.yaml': deployment, 'credentialsrequest.yaml': credentialsRequest({ roleArn: ROLE_ARN }), [`${ROLE}-trust.json`]: trustPolicy([CONTROLLER]) };
      assert.deepStrictEqual(check(files, 'deployment.yaml').summary, ['21:24-21:41 token-audience-mismatch']);
      // In another namespace it is another service account.
      assert.deepStrictEqual(check({ ...files, 'deployment.yaml': deployment.replace('namespace: log-forwarding', 'namespace: elsewhere') }, 'deployment.yaml').summary, []);
    });

    it('accepts the audience the trust policy requires', () => {
      const files = { 'csv.yaml': csv('openshift'), 'credentialsrequest.yaml': credentialsRequest({ roleArn: ROLE_ARN }), [`${ROLE}-trust.json`]: trustPolicy([CONTROLLER]) };
      assert.deepStrictEqual(check(files, 'csv.yaml').summary, []);
    });
  });
});
