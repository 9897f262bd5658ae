import * as assert from 'assert';
import { applyEdits, check } from '../helpers';
import { IRSA_JOB, IRSA_SA, CCOCTL_POD, CCOCTL_SECRET } from './manifestsFixtures';

describe('workload token rules', () => {
  it('the OpenShift Pod with its ccoctl Secret beside it is clean', () => {
    assert.deepStrictEqual(check({ 'pod.yaml': CCOCTL_POD, 'secret.yaml': CCOCTL_SECRET }, 'pod.yaml').summary, []);
    assert.deepStrictEqual(check({ 'pod.yaml': CCOCTL_POD }, 'pod.yaml').summary, []);
    assert.deepStrictEqual(check({ 'pod.yaml': CCOCTL_POD, 'secret.yaml': CCOCTL_SECRET }, 'secret.yaml').summary, []);
  });

  it('token-file-not-mounted: the Secret names a token file under a directory the Pod does not mount, and the fix adds volume and mount', () => {
    const pod = CCOCTL_POD.replace('mountPath: /var/run/secrets/openshift/serviceaccount', 'mountPath: /var/run/secrets/openshift/sa');
    const result = check({ 'pod.yaml': pod, 'secret.yaml': CCOCTL_SECRET }, 'pod.yaml');
    assert.deepStrictEqual(result.summary, ['17:13-17:45 token-file-not-mounted']);
    const [finding] = result.findings;
    assert.strictEqual(
      finding.message,
      'Container "running-aws" reads its web identity token from /var/run/secrets/openshift/serviceaccount/token, the web_identity_token_file of Secret s3-access-secret, which AWS_CONFIG_FILE points to, but nothing is mounted there: the AWS SDK fails with "no such file or directory". Mount volume "bound-sa-token" at /var/run/secrets/openshift/serviceaccount instead.',
    );
    assert.strictEqual(finding.related[0].message, 'web_identity_token_file is set here');
    assert.deepStrictEqual(finding.related[0].range, { start: { line: 10, character: 30 }, end: { line: 10, character: 77 } });
    assert.strictEqual(finding.fixes[0].title, 'Mount a projected token at /var/run/secrets/openshift/serviceaccount');
    const fixed = applyEdits(result.file, finding.fixes[0].edits[result.file.uri]);
    assert.ok(fixed.includes('      mountPath: /var/run/secrets/openshift/sa\n      readOnly: true\n    - name: bound-sa-token\n      mountPath: /var/run/secrets/openshift/serviceaccount\n      readOnly: true\n  volumes:'), fixed);
    assert.deepStrictEqual(check({ 'pod.yaml': fixed, 'secret.yaml': CCOCTL_SECRET }, 'pod.yaml').summary, []);
  });

  it('token-file-not-mounted: AWS_WEB_IDENTITY_TOKEN_FILE with no volume at all gets a new volume', () => {
    const job = IRSA_JOB.replace('          value: us-west-2\n', '          value: us-west-2\n        - name: AWS_WEB_IDENTITY_TOKEN_FILE\n          value: /var/run/secrets/eks.amazonaws.com/serviceaccount/token\n');
    const result = check({ 'job.yaml': job }, 'job.yaml');
    assert.deepStrictEqual(result.summary, ['16:17-16:72 token-file-not-mounted']);
    assert.match(result.findings[0].message, /token from \/var\/run\/secrets\/eks.amazonaws.com\/serviceaccount\/token, as AWS_WEB_IDENTITY_TOKEN_FILE says, but nothing is mounted there/);
    const fixed = applyEdits(result.file, result.findings[0].fixes[0].edits[result.file.uri]);
    assert.ok(
      fixed.includes(
        '        volumeMounts:\n          - name: aws-web-identity-token\n            mountPath: /var/run/secrets/eks.amazonaws.com/serviceaccount\n            readOnly: true\n      restartPolicy: Never\n      volumes:\n        - name: aws-web-identity-token\n          projected:\n            sources:\n            - serviceAccountToken:\n                audience: sts.amazonaws.com\n                expirationSeconds: 3600\n                path: token\n',
      ),
      fixed,
    );
    assert.deepStrictEqual(check({ 'job.yaml': fixed }, 'job.yaml').summary, []);
  });

  it('token-file-not-mounted: a token volume mounted at the file path itself is named once, with where its token really is', () => {
    const job = IRSA_JOB.replace('          value: us-west-2\n', '          value: us-west-2\n        - name: AWS_WEB_IDENTITY_TOKEN_FILE\n          value: /var/run/secrets/tokens/aws\n        volumeMounts:\n        - name: aws-token\n          mountPath: /var/run/secrets/tokens/aws\n').replace(
      '      restartPolicy: Never\n',
      '      restartPolicy: Never\n      volumes:\n      - name: aws-token\n        projected:\n          sources:\n          - serviceAccountToken:\n              audience: sts.amazonaws.com\n              path: aws\n',
    );
    const result = check({ 'job.yaml': job }, 'job.yaml');
    assert.deepStrictEqual(result.summary, ['16:17-16:44 token-file-not-mounted']);
    assert.strictEqual(
      result.findings[0].message,
      'Container "main" reads its web identity token from /var/run/secrets/tokens/aws, as AWS_WEB_IDENTITY_TOKEN_FILE says, but volume "aws-token" is mounted at that very path, which makes it a folder: its token is /var/run/secrets/tokens/aws/aws: the AWS SDK fails with "no such file or directory". Mount volume "aws-token" at /var/run/secrets/tokens instead.',
    );
  });

  it('is webhook-aware: a Job whose ServiceAccount has eks.amazonaws.com/role-arn is not reported for the injected token', () => {
    const job = IRSA_JOB.replace('          value: us-west-2\n', '          value: us-west-2\n        - name: AWS_WEB_IDENTITY_TOKEN_FILE\n          value: /var/run/secrets/eks.amazonaws.com/serviceaccount/token\n');
    assert.deepStrictEqual(check({ 'job.yaml': job, 'sa.yaml': IRSA_SA }, 'job.yaml').summary, []);
    // The skip label turns the webhook off for this pod: now the mount is really missing.
    const skipped = job.replace('  template:\n    spec:\n', '  template:\n    metadata:\n      labels:\n        eks.amazonaws.com/skip-pod-identity-webhook: "true"\n    spec:\n');
    assert.deepStrictEqual(check({ 'job.yaml': skipped, 'sa.yaml': IRSA_SA }, 'job.yaml').summary, ['19:17-19:72 token-file-not-mounted']);
    const skipContainer = job.replace('  template:\n    spec:\n', '  template:\n    metadata:\n      annotations:\n        eks.amazonaws.com/skip-containers: main\n    spec:\n');
    assert.deepStrictEqual(check({ 'job.yaml': skipContainer, 'sa.yaml': IRSA_SA }, 'job.yaml').summary, ['19:17-19:72 token-file-not-mounted']);
  });

  it('token-audience-missing: the web identity token requests no audience', () => {
    const pod = CCOCTL_POD.replace('          audience: openshift\n', '');
    const result = check({ 'pod.yaml': pod, 'secret.yaml': CCOCTL_SECRET }, 'pod.yaml');
    assert.deepStrictEqual(result.summary, ['34:8-34:27 token-audience-missing']);
    assert.strictEqual(result.findings[0].severity, 'warning');
    assert.match(result.findings[0].message, /requests no audience.*"InvalidIdentityToken: Incorrect token audience".*\(usually "openshift"\)/);
    const fixed = applyEdits(result.file, result.findings[0].fixes[0].edits[result.file.uri]);
    assert.ok(fixed.includes('          expirationSeconds: 3600\n          path: token\n          audience: openshift\n'), fixed);
  });

  it('token-expiration: below 600 is rejected by the API server; the fix sets 3600', () => {
    const result = check({ 'pod.yaml': CCOCTL_POD.replace('expirationSeconds: 3600', 'expirationSeconds: 300') }, 'pod.yaml');
    assert.deepStrictEqual(result.summary, ['36:29-36:32 token-expiration']);
    assert.strictEqual(
      result.findings[0].message,
      'expirationSeconds 300 in volume "bound-sa-token": the API server rejects the pod ("may not specify a duration less than 10 minutes"). Use a value from 600 to 4294967296, e.g. 3600.',
    );
    assert.strictEqual(applyEdits(result.file, result.findings[0].fixes[0].edits[result.file.uri]), CCOCTL_POD);
    assert.deepStrictEqual(check({ 'pod.yaml': CCOCTL_POD.replace('expirationSeconds: 3600', 'expirationSeconds: 4294967297') }, 'pod.yaml').summary, ['36:29-36:39 token-expiration']);
  });

  it('token-expiration: a webhook annotation below 600 is a hint', () => {
    const result = check({ 'sa.yaml': IRSA_SA + '    eks.amazonaws.com/token-expiration: "300"\n' }, 'sa.yaml');
    assert.deepStrictEqual(result.summary, ['7:40-7:45 token-expiration']);
    assert.strictEqual(result.findings[0].severity, 'hint');
    assert.strictEqual(applyEdits(result.file, result.findings[0].fixes[0].edits[result.file.uri]), IRSA_SA + '    eks.amazonaws.com/token-expiration: "3600"\n');
  });

  it('token-path: absolute, empty and ".." paths', () => {
    const absolute = check({ 'pod.yaml': CCOCTL_POD.replace('path: token', 'path: /var/run/token') }, 'pod.yaml');
    assert.deepStrictEqual(absolute.summary, ['37:16-37:30 token-path']);
    assert.match(absolute.findings[0].message, /The token path "\/var\/run\/token" in volume "bound-sa-token" is absolute/);
    assert.strictEqual(applyEdits(absolute.file, absolute.findings[0].fixes[0].edits[absolute.file.uri]), CCOCTL_POD);
    assert.deepStrictEqual(check({ 'pod.yaml': CCOCTL_POD.replace('path: token', 'path: ../token') }, 'pod.yaml').summary, ['37:16-37:24 token-path']);
    // "/token" joined to the mount path is where the token file is read from, but the pod is never created: token-path alone speaks.
    const manual = [
      'apiVersion: v1',
      'kind: Pod',
      'metadata:',
      '  name: sync',
      'spec:',
      '  containers:',
      '  - name: sync',
      '    image: example.invalid/sync:1',
      '    env:',
      '    - name: AWS_ROLE_ARN',
      '      value: arn:aws:iam::123456789012:role/sync',
      '    - name: AWS_WEB_IDENTITY_TOKEN_FILE',
      '      value: /var/run/secrets/sts/token',
      '    volumeMounts:',
      '    - name: sts-token',
      '      mountPath: /var/run/secrets/sts',
      '  volumes:',
      '  - name: sts-token',
      '    projected:',
      '      sources:',
      '      - serviceAccountToken:',
      '          audience: sts.amazonaws.com',
      '          path: /token',
      '',
    ].join('\n');
    assert.deepStrictEqual(check({ 'pod.yaml': manual }, 'pod.yaml').findings.map((f) => f.code), ['token-path']);
    assert.deepStrictEqual(check({ 'pod.yaml': CCOCTL_POD.replace('path: token', 'path: ""') }, 'pod.yaml').summary, ['37:16-37:18 token-path']);
  });

  it('aws-config-not-mounted: AWS_CONFIG_FILE outside every mount, with a fix mounting the unmounted Secret volume', () => {
    const pod = CCOCTL_POD.replace('    - name: aws-credentials\n      mountPath: /var/run/secrets/aws\n      readOnly: true\n', '');
    const result = check({ 'pod.yaml': pod }, 'pod.yaml');
    assert.deepStrictEqual(result.summary, ['17:13-17:45 aws-config-not-mounted']);
    assert.strictEqual(
      result.findings[0].message,
      'AWS_CONFIG_FILE is /var/run/secrets/aws/credentials, but container "running-aws" mounts no volume there (mounts: /var/run/secrets/openshift/serviceaccount): the AWS SDK finds no such file and falls back to other credentials. Mount the credentials Secret at /var/run/secrets/aws.',
    );
    const fixed = applyEdits(result.file, result.findings[0].fixes[0].edits[result.file.uri]);
    assert.deepStrictEqual(check({ 'pod.yaml': fixed }, 'pod.yaml').summary, []);
  });

  it('aws-config-not-mounted knows the volume the Vault Agent injector adds at admission', () => {
    const vault = (annotations: string, file: string) =>
      `apiVersion: v1\nkind: Pod\nmetadata:\n  name: billing\n  annotations:\n${annotations}spec:\n  containers:\n  - name: app\n    image: example.invalid/billing:1\n    env:\n    - name: AWS_SHARED_CREDENTIALS_FILE\n      value: ${file}\n`;
    const inject = '    vault.hashicorp.com/agent-inject: "true"\n';
    assert.deepStrictEqual(check({ 'pod.yaml': vault(inject, '/vault/secrets/aws-credentials') }, 'pod.yaml').summary, []);
    assert.deepStrictEqual(check({ 'pod.yaml': vault(inject + '    vault.hashicorp.com/secret-volume-path: /etc/aws\n', '/etc/aws/credentials') }, 'pod.yaml').summary, []);
    // Without the injector, nothing mounts /vault/secrets.
    assert.deepStrictEqual(check({ 'pod.yaml': vault('    team: billing\n', '/vault/secrets/aws-credentials') }, 'pod.yaml').findings.map((f) => f.code), ['aws-config-not-mounted']);
  });

  it('token-nonroot-fsgroup: a token volume whose defaultMode others cannot read, a non-root container and no fsGroup; the fix adds it', () => {
    const restricted = CCOCTL_POD.replace('    projected:\n      defaultMode: 420\n', '    projected:\n      defaultMode: 0400\n');
    const pod = restricted.replace('    resources: {}\n', '    resources: {}\n    securityContext:\n      runAsNonRoot: true\n');
    const result = check({ 'pod.yaml': pod, 'secret.yaml': CCOCTL_SECRET }, 'pod.yaml');
    assert.deepStrictEqual(result.summary, ['16:6-16:18 token-nonroot-fsgroup']);
    assert.strictEqual(
      result.findings[0].message,
      'Container "running-aws" runs as non-root (runAsNonRoot: true) and reads the token at /var/run/secrets/openshift/serviceaccount/token, but its volume "bound-sa-token" sets defaultMode 0400, which others cannot read, and the pod sets no securityContext.fsGroup nor one runAsUser for all its containers: the kubelet writes the token root-owned with that mode ("open /var/run/secrets/openshift/serviceaccount/token: permission denied"). Set spec.securityContext.fsGroup (e.g. 65534).',
    );
    const fixed = applyEdits(result.file, result.findings[0].fixes[0].edits[result.file.uri]);
    assert.ok(fixed.endsWith('          path: token\n  securityContext:\n    fsGroup: 65534\n'), fixed);
    assert.deepStrictEqual(check({ 'pod.yaml': fixed, 'secret.yaml': CCOCTL_SECRET }, 'pod.yaml').summary, []);
    // Since Kubernetes 1.19 the token is readable without fsGroup: mode 0644 by default (420), or given to the one runAsUser.
    const readable = CCOCTL_POD.replace('    resources: {}\n', '    resources: {}\n    securityContext:\n      runAsNonRoot: true\n');
    assert.deepStrictEqual(check({ 'pod.yaml': readable, 'secret.yaml': CCOCTL_SECRET }, 'pod.yaml').summary, []);
    const oneUser = restricted.replace('    resources: {}\n', '    resources: {}\n    securityContext:\n      runAsUser: 1000\n');
    assert.deepStrictEqual(check({ 'pod.yaml': oneUser, 'secret.yaml': CCOCTL_SECRET }, 'pod.yaml').summary, []);
  });

  it('token-nonroot-fsgroup on the webhook-injected token: only on a cluster before Kubernetes 1.19', () => {
    const job = IRSA_JOB.replace('      restartPolicy: Never\n', '      restartPolicy: Never\n      securityContext:\n        runAsNonRoot: true\n');
    assert.deepStrictEqual(check({ 'job.yaml': job, 'sa.yaml': IRSA_SA }, 'job.yaml').summary, []);
    const kops = (version: string) => `apiVersion: kops.k8s.io/v1alpha2\nkind: Cluster\nmetadata:\n  name: demo.k8s.local\nspec:\n  kubernetesVersion: ${version}\n`;
    const result = check({ 'job.yaml': job, 'sa.yaml': IRSA_SA, 'cluster.yaml': kops('1.18.20') }, 'job.yaml');
    assert.deepStrictEqual(result.summary, ['17:8-17:20 token-nonroot-fsgroup']);
    assert.match(result.findings[0].message, /on Kubernetes 1\.18\.20 \(before 1\.19\) the kubelet writes the token root-owned with mode 0600/);
    const fixed = applyEdits(result.file, result.findings[0].fixes[0].edits[result.file.uri]);
    assert.ok(fixed.endsWith('        runAsNonRoot: true\n        fsGroup: 65534\n'), fixed);
    assert.deepStrictEqual(check({ 'job.yaml': job, 'sa.yaml': IRSA_SA, 'cluster.yaml': kops('1.29.3') }, 'job.yaml').summary, []);
  });

  it('env from valueFrom is unknown, not wrong', () => {
    const pod = CCOCTL_POD.replace('      value: /var/run/secrets/aws/credentials\n', '      valueFrom:\n        configMapKeyRef:\n          name: aws\n          key: config\n');
    assert.deepStrictEqual(check({ 'pod.yaml': pod.replace(/    - name: aws-credentials\n      mountPath.*\n      readOnly: true\n/, '') }, 'pod.yaml').summary, []);
  });
});

describe('ServiceAccount and Secret rules', () => {
  it('role-arn-format on the ServiceAccount annotation names the problem', () => {
    const result = check({ 'sa.yaml': IRSA_SA.replace('123456789012', 'XXXXXXXXXXXX') }, 'sa.yaml');
    assert.deepStrictEqual(result.summary, ['6:32-6:72 role-arn-format']);
    assert.strictEqual(
      result.findings[0].message,
      'eks.amazonaws.com/role-arn "arn:aws:iam::XXXXXXXXXXXX:role/s3-echoer" is not an IAM role ARN: the account "XXXXXXXXXXXX" is not 12 digits; the pod identity webhook injects it as AWS_ROLE_ARN and every AWS call fails. Expected arn:aws:iam::<12-digit account>:role/<name>.',
    );
    assert.match(check({ 'sa.yaml': IRSA_SA.replace(':role/', ':user/') }, 'sa.yaml').findings[0].message, /"user" is not "role"/);
    assert.match(check({ 'sa.yaml': IRSA_SA.replace('arn:aws:iam::123456789012:role/', 'arn:aws:sts::123456789012:assumed-role/') }, 'sa.yaml').findings[0].message, /assumed-role session ARN/);
  });

  it('role-arn-format inside a stringData credentials block points at the value', () => {
    const secret = CCOCTL_SECRET.replace('role_arn = arn:aws:iam::123456789012:role/', 'role_arn = arn:aws:iam:ap-northeast-1:123456789012:role/');
    const result = check({ 'secret.yaml': secret }, 'secret.yaml');
    assert.deepStrictEqual(result.summary, ['9:15-9:95 role-arn-format']);
    assert.match(result.findings[0].message, /IAM ARNs have no region, but this one has "ap-northeast-1"/);
  });

  it('role-arn-format on base64 data reports the value and never echoes other keys', () => {
    const ini = '[default]\nrole_arn = arn:aws:iam::12345:role/x\nweb_identity_token_file = /var/run/secrets/openshift/serviceaccount/token\n';
    const text = `apiVersion: v1\nkind: Secret\nmetadata:\n  name: creds\ndata:\n  credentials: ${Buffer.from(ini).toString('base64')}\n  other: c2VjcmV0LXZhbHVl\n`;
    const result = check({ 'secret.yaml': text }, 'secret.yaml');
    assert.deepStrictEqual(result.summary, [`5:15-5:${15 + Buffer.from(ini).toString('base64').length} role-arn-format`]);
    assert.ok(!result.findings[0].message.includes('c2VjcmV0LXZhbHVl') && !result.findings[0].message.includes('secret-value'));
  });

  it('role-arn-format on AWS_ROLE_ARN and a kube2iam ARN; a bare kube2iam role name is fine', () => {
    const job = IRSA_JOB.replace('          value: us-west-2\n', '          value: us-west-2\n        - name: AWS_ROLE_ARN\n          value: arn:aws:iam::123456789012:s3-echoer\n');
    assert.deepStrictEqual(check({ 'job.yaml': job }, 'job.yaml').summary, ['16:17-16:52 role-arn-format']);
  });

  it('role-arn-format on the role annotation in Helm values and other documents written for a ServiceAccount', () => {
    const values = 'replicaCount: 2\nserviceAccount:\n  create: true\n  name: karpenter\n  annotations:\n    eks.amazonaws.com/role-arn: arn:aws:iam:111122223333:role/KarpenterControllerRole\ncontroller:\n  serviceAccount:\n    annotations:\n      eks.amazonaws.com/role-arn: arn:aws:iam::111122223333:role/ok\n';
    const result = check({ 'values.yaml': values }, 'values.yaml');
    assert.deepStrictEqual(result.summary, ['5:32-5:85 role-arn-format']);
    assert.strictEqual(
      result.findings[0].message,
      'eks.amazonaws.com/role-arn "arn:aws:iam:111122223333:role/KarpenterControllerRole" is not an IAM role ARN: it has fewer than six ":"-separated parts; a ServiceAccount that carries it makes the pod identity webhook inject it as AWS_ROLE_ARN, and every AWS call fails. Expected arn:aws:iam::<12-digit account>:role/<name>.',
    );
    // An Argo CD Application's valuesObject, a templated value, and a file that is no manifest at all.
    const app = 'apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: cert-manager\nspec:\n  source:\n    helm:\n      valuesObject:\n        serviceAccount:\n          annotations:\n            eks.amazonaws.com/role-arn: arn:aws:iam::XXXXXXXXXXXX:role/cert-manager\n';
    assert.deepStrictEqual(check({ 'app.yaml': app }, 'app.yaml').summary, ['10:40-10:83 role-arn-format']);
    const templated = values.replace('arn:aws:iam:111122223333:role/KarpenterControllerRole', 'arn:aws:iam::${AWS_ACCOUNT_ID}:role/KarpenterControllerRole');
    assert.deepStrictEqual(check({ 'values.yaml': templated }, 'values.yaml').summary, []);
    assert.deepStrictEqual(check({ 'compose.yaml': 'services:\n  web:\n    image: nginx\n    labels:\n      annotations: none\n' }, 'compose.yaml').summary, []);
  });

  it('credentials-placeholder: ccoctl dry-run output left as is', () => {
    const secret = CCOCTL_SECRET.replace(
      '    role_arn = arn:aws:iam::123456789012:role/sts-test-1-default-s3-access-secret\n',
      '    role_arn = \n    POPULATE ROLE ARN AND DELETE THIS LINE\n',
    );
    const result = check({ 'secret.yaml': secret }, 'secret.yaml');
    assert.deepStrictEqual(result.summary, ['9:4-9:12 credentials-placeholder', '10:4-10:42 credentials-placeholder']);
    assert.match(result.findings[1].message, /still holds ccoctl's dry-run line "POPULATE ROLE ARN AND DELETE THIS LINE"/);
  });

  it('credentials-placeholder keeps exact columns with CRLF, a BOM-less Japanese comment and a second broken document', () => {
    const secret = ('# 認証情報 (ccoctl の出力)\n' + CCOCTL_SECRET.replace('role_arn = arn:aws:iam::123456789012:role/sts-test-1-default-s3-access-secret', 'role_arn =') + '---\nkind: [broken\n').replace(/\n/g, '\r\n');
    const result = check({ 'secret.yaml': secret }, 'secret.yaml');
    assert.deepStrictEqual(result.summary, ['10:4-10:12 credentials-placeholder', '14:12-14:13 yaml-syntax']);
  });

  it('service-account-annotation: typos and bad values the webhook ignores', () => {
    const sa = IRSA_SA.replace('eks.amazonaws.com/role-arn', 'eks.amazonaws.com/role_arn') + '    eks.amazonaws.com/sts-regional-endpoints: regional\n';
    const result = check({ 'sa.yaml': sa }, 'sa.yaml');
    assert.deepStrictEqual(result.summary, ['6:4-6:30 service-account-annotation', '7:46-7:54 service-account-annotation']);
    assert.match(result.findings[0].message, /Unknown annotation "eks.amazonaws.com\/role_arn" \(did you mean "eks.amazonaws.com\/role-arn"\?\)/);
    assert.strictEqual(applyEdits(result.file, result.findings[0].fixes[0].edits[result.file.uri]).split('\n')[6], '    eks.amazonaws.com/role-arn: arn:aws:iam::123456789012:role/s3-echoer');
  });

  it('a Helm template is never reported', () => {
    const helm = IRSA_SA.replace('arn:aws:iam::123456789012:role/s3-echoer', '{{ .Values.roleArn }}') + '    eks.amazonaws.com/token-expiration: "60"\n';
    assert.deepStrictEqual(check({ 'templates/sa.yaml': helm }, 'templates/sa.yaml').summary, []);
  });

  it('an alias bomb does not hang the workload rules', () => {
    const bomb = ['apiVersion: v1', 'kind: Pod', 'metadata:', '  name: bomb', 'a: &a ["x","x","x","x","x","x","x","x","x"]', 'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]', 'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]', 'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]', 'spec:', '  containers: [*d]', ''].join('\n');
    const started = Date.now();
    check({ 'pod.yaml': bomb }, 'pod.yaml');
    assert.ok(Date.now() - started < 2000);
  });
});
