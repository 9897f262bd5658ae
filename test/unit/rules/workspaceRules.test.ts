import * as assert from 'assert';
import { applyEdits, check, installConfig } from '../helpers';

/** The findings of one rule (other rules' findings on the same fixture are tested elsewhere). */
const of = (summary: string[], code: string) => summary.filter((s) => s.endsWith(` ${code}`));

const ISSUER = 'sts-demo-oidc.s3.ap-northeast-1.amazonaws.com';

const seed002Pod = [
  'apiVersion: v1',
  'kind: Pod',
  'metadata:',
  '  name: running-aws',
  '  namespace: sts-app',
  'spec:',
  '  containers:',
  '  - name: running-aws',
  '    image: amazon/aws-cli',
  '    env:',
  '    - name: AWS_CONFIG_FILE',
  '      value: /var/run/secrets/aws/credentials',
  '    volumeMounts:',
  '    - name: aws-credentials',
  '      mountPath: /var/run/secrets/aws',
  '      readOnly: true',
  '    - name: bound-sa-token',
  '      mountPath: /var/run/secrets/openshift/serviceaccount',
  '      readOnly: true',
  '  volumes:',
  '  - name: aws-credentials',
  '    secret:',
  '      secretName: s3-access-secret',
  '  - name: bound-sa-token',
  '    projected:',
  '      sources:',
  '      - serviceAccountToken:',
  '          audience: openshift',
  '          expirationSeconds: 3600',
  '          path: token',
  '',
].join('\n');

const seed002Secret = [
  'apiVersion: v1',
  'kind: Secret',
  'metadata:',
  '  name: s3-access-secret',
  '  namespace: sts-app',
  'stringData:',
  '  credentials: |-',
  '    [default]',
  '    role_arn = arn:aws:iam::123456789012:role/sts-demo-sts-app-s3-access-secret',
  '    web_identity_token_file = /var/run/secrets/openshift/serviceaccount/token',
  '',
].join('\n');

const provider = (clientIds: string[]) => JSON.stringify({ Url: `https://${ISSUER}`, ClientIDList: clientIds, ThumbprintList: ['A9D53002E97E00E043244F3D170D6F4C414104FD'] }, null, 2);

const trust = (issuer: string, sub: string) =>
  JSON.stringify(
    {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Federated: `arn:aws:iam::123456789012:oidc-provider/${issuer}` },
          Action: 'sts:AssumeRoleWithWebIdentity',
          Condition: { StringEquals: { [`${issuer}:sub`]: [sub] } },
        },
      ],
    },
    null,
    2,
  );

describe('token-audience-mismatch', () => {
  it('reports a Pod with audience openshift against a provider that lists only sts.amazonaws.com, and the fix sets an accepted audience', () => {
    const files = { 'pod.yaml': seed002Pod, 'secret.yaml': seed002Secret, 'ccoctl-output/04-iam-identity-provider.json': provider(['sts.amazonaws.com']) };
    const result = check(files, 'pod.yaml');
    const finding = result.findings.find((f) => f.code === 'token-audience-mismatch')!;
    assert.deepStrictEqual(result.summary.filter((s) => s.endsWith('token-audience-mismatch')), ['27:20-27:29 token-audience-mismatch']);
    assert.strictEqual(
      finding.message,
      `The token requests audience "openshift", but the OIDC provider for ${ISSUER} (ccoctl-output/04-iam-identity-provider.json) accepts only "sts.amazonaws.com": STS answers "InvalidIdentityToken: Incorrect token audience". Request one of those, or add "openshift" to the provider's client IDs.`,
    );
    assert.ok(applyEdits(result.file, finding.fixes[0].edits[result.file.uri]).includes('          audience: sts.amazonaws.com\n'));
  });

  it('accepts that Pod as written against ccoctl\'s provider (openshift + sts.amazonaws.com)', () => {
    const files = { 'pod.yaml': seed002Pod, 'secret.yaml': seed002Secret, '04-iam-identity-provider.json': provider(['openshift', 'sts.amazonaws.com']) };
    assert.deepStrictEqual(check(files, 'pod.yaml').summary, []);
  });

  it('stays silent when the role\'s provider is unknown and some provider of the workspace accepts the audience', () => {
    const other = JSON.stringify({ Url: 'https://irsa-demo-oidc.s3.ap-northeast-1.amazonaws.com', ClientIDList: ['sts.amazonaws.com'] });
    const files = { 'app/pod.yaml': seed002Pod, 'app/secret.yaml': seed002Secret, 'kops/iam-oidc-provider.json': other, 'sts/04-iam-identity-provider.json': provider(['openshift', 'sts.amazonaws.com']) };
    assert.deepStrictEqual(of(check(files, 'app/pod.yaml').summary, 'token-audience-mismatch'), []);
  });

  it('checks the webhook audience of an annotated ServiceAccount against the trust policy aud condition', () => {
    const sa = 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: app\n  namespace: default\n  annotations:\n    eks.amazonaws.com/role-arn: arn:aws:iam::123456789012:role/app\n    eks.amazonaws.com/audience: sts.amazon.com\n';
    const policy = trust(ISSUER, 'system:serviceaccount:default:app').replace('"StringEquals": {', `"StringEquals": {\n            "${ISSUER}:aud": "sts.amazonaws.com",`);
    const { summary, findings } = check({ 'sa.yaml': sa, 'app-trust.json': policy }, 'sa.yaml');
    assert.deepStrictEqual(summary, ['7:32-7:46 token-audience-mismatch']);
    assert.match(findings[0].message, /^The eks.amazonaws.com\/audience annotation asks for "sts.amazon.com", but the trust policy of role app \(app-trust.json\) requires aud "sts.amazonaws.com"/);
  });
});

describe('token-audience-mismatch when the trust policy holds the typo', () => {
  const sa = 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: app\n  namespace: default\n  annotations:\n    eks.amazonaws.com/role-arn: arn:aws:iam::123456789012:role/app\n    eks.amazonaws.com/audience: sts.amazonaws.com\n';
  const policy = trust(ISSUER, 'system:serviceaccount:default:app').replace('"StringEquals": {', `"StringEquals": {\n            "${ISSUER}:aud": "sts.amazon.com",`);

  it('names the trust policy as the side to change when the provider does not accept its audience, with no fix to the ServiceAccount', () => {
    const files = { 'sa.yaml': sa, 'app-trust.json': policy, '04-iam-identity-provider.json': provider(['sts.amazonaws.com']) };
    const [finding] = check(files, 'sa.yaml').findings.filter((f) => f.code === 'token-audience-mismatch');
    assert.strictEqual(
      finding.message,
      'The eks.amazonaws.com/audience annotation asks for "sts.amazonaws.com", but the trust policy of role app (app-trust.json) requires aud "sts.amazon.com", which its OIDC provider (04-iam-identity-provider.json) does not accept (it accepts "sts.amazonaws.com"): no token can assume the role. Change the trust policy\'s aud condition to "sts.amazonaws.com".',
    );
    assert.deepStrictEqual(finding.fixes, []);
  });

  it('without the provider, names both sides and offers no fix', () => {
    const [finding] = check({ 'sa.yaml': sa, 'app-trust.json': policy }, 'sa.yaml').findings.filter((f) => f.code === 'token-audience-mismatch');
    assert.match(finding.message, /Request "sts\.amazon\.com" if your OIDC provider accepts it; else the trust policy's aud condition is the one to change, to "sts\.amazonaws\.com"\.$/);
    assert.deepStrictEqual(finding.fixes, []);
  });
});

describe('token-audience-mismatch: cluster flavours and unknown providers', () => {
  const KOPS_ISSUER = 'demo-irsa-oidc.s3.eu-west-1.amazonaws.com';
  const kopsCluster = (managed: boolean) =>
    [
      'apiVersion: kops.k8s.io/v1alpha2',
      'kind: Cluster',
      'metadata:',
      '  name: demo.k8s.local',
      'spec:',
      '  cloudProvider: aws',
      ...(managed ? ['  serviceAccountIssuerDiscovery:', '    discoveryStore: s3://demo-irsa-oidc', '    enableAWSOIDCProvider: true', '  iam:', '    useServiceAccountExternalPermissions: true', '  podIdentityWebhook:', '    enabled: true'] : []),
      '',
    ].join('\n');
  // What the kops-managed webhook injects: a token for "amazonaws.com" beside AWS_ROLE_ARN.
  const kopsWorkload = (audience: string) =>
    [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      '  name: external-dns',
      '  namespace: kube-system',
      'spec:',
      '  template:',
      '    spec:',
      '      serviceAccountName: external-dns',
      '      containers:',
      '      - name: external-dns',
      '        image: registry.k8s.io/external-dns/external-dns:v0.14.0',
      '        env:',
      '        - name: AWS_ROLE_ARN',
      '          value: arn:aws:iam::123456789012:role/external-dns.kube-system.sa.demo.k8s.local',
      '        - name: AWS_WEB_IDENTITY_TOKEN_FILE',
      '          value: /var/run/secrets/amazonaws.com/serviceaccount/token',
      '        volumeMounts:',
      '        - name: token-amazonaws-com',
      '          mountPath: /var/run/secrets/amazonaws.com/serviceaccount',
      '          readOnly: true',
      '      volumes:',
      '      - name: token-amazonaws-com',
      '        projected:',
      '          sources:',
      '          - serviceAccountToken:',
      `              audience: ${audience}`,
      '              expirationSeconds: 86400',
      '              path: token',
      '',
    ].join('\n');
  const codes = (files: Record<string, string>, target: string) => check(files, target).findings.filter((f) => f.code === 'token-audience-mismatch').map((f) => f.severity);

  it('accepts a kops workload\'s "amazonaws.com" token beside the kops Cluster that creates the provider', () => {
    assert.deepStrictEqual(codes({ 'cluster.yaml': kopsCluster(true), 'addons/external-dns.yaml': kopsWorkload('amazonaws.com') }, 'addons/external-dns.yaml'), []);
  });

  it('warns (not an error) on an audience the kops provider does not accept when no provider definition is in the workspace', () => {
    const result = check({ 'cluster.yaml': kopsCluster(true), 'addons/external-dns.yaml': kopsWorkload('vault') }, 'addons/external-dns.yaml');
    const found = result.findings.filter((f) => f.code === 'token-audience-mismatch');
    assert.deepStrictEqual(found.map((f) => f.severity), ['warning']);
    assert.strictEqual(found[0].message, 'The token requests audience "vault", but the OIDC provider that kops creates for this cluster (../cluster.yaml) accepts "amazonaws.com", "sts.amazonaws.com", and the workspace holds no provider definition for it: STS would answer "InvalidIdentityToken: Incorrect token audience". Request one of those, or make sure the provider lists "vault".');
  });

  it('only informs when neither a provider nor a cluster definition is known', () => {
    const result = check({ 'external-dns.yaml': kopsWorkload('vault') }, 'external-dns.yaml');
    const found = result.findings.filter((f) => f.code === 'token-audience-mismatch');
    assert.deepStrictEqual(found.map((f) => f.severity), ['information']);
    assert.match(found[0].message, /No OIDC provider definition is in the workspace; the providers that kops, eksctl, ccoctl and ROSA create accept "amazonaws.com", "sts.amazonaws.com", "openshift"\./);
    assert.deepStrictEqual(codes({ 'external-dns.yaml': kopsWorkload('amazonaws.com') }, 'external-dns.yaml'), []);
  });

  it('keeps an error when the provider definition is in the workspace', () => {
    const kopsProvider = JSON.stringify({ Url: `https://${KOPS_ISSUER}`, ClientIDList: ['sts.amazonaws.com'] });
    assert.deepStrictEqual(codes({ 'cluster.yaml': kopsCluster(true), 'oidc/provider.json': kopsProvider, 'addons/external-dns.yaml': kopsWorkload('amazonaws.com') }, 'addons/external-dns.yaml'), ['error']);
  });

  it('takes the webhook audience of an unannotated ServiceAccount from the kops Cluster, and never errs on a guessed one', () => {
    const sa = 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: app\n  namespace: default\n  annotations:\n    eks.amazonaws.com/role-arn: arn:aws:iam::123456789012:role/app\n';
    const policy = trust(KOPS_ISSUER, 'system:serviceaccount:default:app').replace('"StringEquals": {', `"StringEquals": {\n            "${KOPS_ISSUER}:aud": "amazonaws.com",`);
    assert.deepStrictEqual(codes({ 'cluster.yaml': kopsCluster(true), 'sa.yaml': sa, 'app-trust.json': policy }, 'sa.yaml'), []);
    assert.deepStrictEqual(codes({ 'sa.yaml': sa, 'app-trust.json': policy }, 'sa.yaml'), ['information']);
  });
});

describe('issuer-mismatch', () => {
  const auth = `apiVersion: config.openshift.io/v1\nkind: Authentication\nmetadata:\n  name: cluster\nspec:\n  serviceAccountIssuer: https://${ISSUER}\n`;

  it("reports a trust policy for another issuer and rewrites it to the cluster's", () => {
    const old = 'old-cluster-oidc.s3.ap-northeast-1.amazonaws.com';
    const files = { 'manifests/cluster-authentication-02-config.yaml': auth, 'app-trust.json': trust(old, 'system:serviceaccount:shop:web') };
    const result = check(files, 'app-trust.json');
    assert.deepStrictEqual(of(result.summary, 'issuer-mismatch'), ['6:21-6:111 issuer-mismatch']);
    const finding = result.findings.find((f) => f.code === 'issuer-mismatch')!;
    assert.match(finding.message, new RegExp(`trusts the issuer ${old}, but the cluster's service account issuer is https://${ISSUER} \\(Authentication, manifests/cluster-authentication-02-config.yaml\\)`));
    const fixed = JSON.parse(applyEdits(result.file, finding.fixes[0].edits[result.file.uri]));
    assert.deepStrictEqual(fixed.Statement[0].Principal.Federated, `arn:aws:iam::123456789012:oidc-provider/${ISSUER}`);
    assert.deepStrictEqual(Object.keys(fixed.Statement[0].Condition.StringEquals), [`${ISSUER}:sub`]);
  });

  it('leaves matching issuers and non-cluster issuers (GitHub Actions) alone', () => {
    assert.deepStrictEqual(of(check({ 'auth.yaml': auth, 't.json': trust(ISSUER, 'system:serviceaccount:a:b') }, 't.json').summary, 'issuer-mismatch'), []);
    const github = trust('token.actions.githubusercontent.com', 'repo:org/repo:ref:refs/heads/main');
    assert.deepStrictEqual(check({ 'auth.yaml': auth, 'gh.json': github }, 'gh.json').summary.filter((s) => s.endsWith('issuer-mismatch')), []);
  });

  it('leaves an EKS issuer alone beside an OpenShift cluster: EKS clusters have no issuer manifest, so they are other clusters', () => {
    const eks = trust('oidc.eks.eu-west-1.amazonaws.com/id/5C1A0E1B2D3F4A5B6C7D8E9F0A1B2C3D', 'system:serviceaccount:shop:web');
    assert.deepStrictEqual(of(check({ 'auth.yaml': auth, 'eks-trust.json': eks }, 'eks-trust.json').summary, 'issuer-mismatch'), []);
  });

  it("leaves a role alone that trusts the cluster's issuer and also the cluster it replaces (two statements)", () => {
    const old = 'old-cluster-oidc.s3.ap-northeast-1.amazonaws.com';
    const both = (first: string, second: string) => {
      const policy = JSON.parse(trust(first, 'system:serviceaccount:shop:web'));
      policy.Statement.push(JSON.parse(trust(second, 'system:serviceaccount:shop:web')).Statement[0]);
      return JSON.stringify(policy, null, 2);
    };
    const files = { 'manifests/cluster-authentication-02-config.yaml': auth, 'app-trust.json': both(ISSUER, old) };
    assert.deepStrictEqual(of(check(files, 'app-trust.json').summary, 'issuer-mismatch'), []);
    // Two statements, neither for this cluster: still reported, once per statement.
    const neither = { ...files, 'app-trust.json': both(old, 'older-cluster-oidc.s3.ap-northeast-1.amazonaws.com') };
    assert.deepStrictEqual(of(check(neither, 'app-trust.json').summary, 'issuer-mismatch').length, 2);
  });
});

describe('bootstrap-presign-source-ip', () => {
  const denyOutsideOffice = JSON.stringify(
    {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Deny', Action: '*', Resource: '*', Condition: { NotIpAddress: { 'aws:SourceIp': ['192.0.2.0/24', '203.0.113.0/24'] } } }],
    },
    null,
    2,
  );

  it('warns on the IP condition when an AWS install-config is in the workspace', () => {
    const { summary, findings } = check({ 'iam/installer-policy.json': denyOutsideOffice, 'cluster/install-config.yaml': installConfig() }, 'iam/installer-policy.json');
    assert.deepStrictEqual(summary, ['8:8-8:22 bootstrap-presign-source-ip']);
    assert.strictEqual(findings[0].severity, 'warning');
    assert.match(findings[0].message, /NotIpAddress aws:SourceIp 192\.0\.2\.0\/24, 203\.0\.113\.0\/24.*Waiting up to 20m0s for the Kubernetes API.*\(install-config: \.\.\/cluster\/install-config\.yaml\)/);
    assert.ok(findings[0].related[0].uri.endsWith('/cluster/install-config.yaml'));
  });

  it('is silent without an install-config', () => {
    assert.deepStrictEqual(check({ 'installer-policy.json': denyOutsideOffice }, 'installer-policy.json').summary, []);
  });
});

describe('credentials-request-sa-unused', () => {
  it('names the workload that mounts the Secret as an unlisted service account, and the fix appends it', () => {
    const request = [
      'apiVersion: cloudcredential.openshift.io/v1',
      'kind: CredentialsRequest',
      'metadata:',
      '  name: s3-access',
      '  namespace: openshift-cloud-credential-operator',
      'spec:',
      '  providerSpec:',
      '    apiVersion: cloudcredential.openshift.io/v1',
      '    kind: AWSProviderSpec',
      '    statementEntries:',
      '    - effect: Allow',
      '      action:',
      '      - s3:GetObject',
      '      resource: "*"',
      '  secretRef:',
      '    name: s3-access-secret',
      '    namespace: sts-app',
      '  serviceAccountNames:',
      '  - uploader',
      '',
    ].join('\n');
    const result = check({ 'credrequests/s3.yaml': request, 'app/pod.yaml': seed002Pod, 'app/secret.yaml': seed002Secret }, 'credrequests/s3.yaml');
    assert.deepStrictEqual(result.summary, ['17:2-17:21 credentials-request-sa-unused']);
    assert.match(result.findings[0].message, /^Pod sts-app\/running-aws \(\.\.\/app\/pod\.yaml\) mounts Secret s3-access-secret but runs as service account default/);
    assert.ok(applyEdits(result.file, result.findings[0].fixes[0].edits[result.file.uri]).endsWith('  serviceAccountNames:\n  - uploader\n  - "default"\n'));
  });
});

describe('trust-sub-orphan', () => {
  it('reports a sub for a service account the namespace does not have, suggesting the nearest', () => {
    const sa = 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: s3-echoer\n  namespace: default\n';
    const { summary, findings } = check({ 'sa.yaml': sa, 'trust.json': trust(ISSUER, 'system:serviceaccount:default:s3-echoes') }, 'trust.json');
    assert.deepStrictEqual(of(summary, 'trust-sub-orphan'), ['12:12-12:53 trust-sub-orphan']);
    assert.match(findings.find((f) => f.code === 'trust-sub-orphan')!.message, /service account default\/s3-echoes \(did you mean s3-echoer\?\)/);
  });

  it('is silent for namespaces the workspace has no manifests for', () => {
    assert.deepStrictEqual(of(check({ 'trust.json': trust(ISSUER, 'system:serviceaccount:elsewhere:x') }, 'trust.json').summary, 'trust-sub-orphan'), []);
  });

  // An EKS add-on's service account (the VPC CNI's aws-node) exists on the cluster although no manifest
  // defines it; an eksctl ClusterConfig listing other kube-system accounts does not make kube-system the repository's.
  const eksctlCluster = [
    'apiVersion: eksctl.io/v1alpha5',
    'kind: ClusterConfig',
    'metadata: {name: analytics, region: us-east-2}',
    'iam:',
    '  withOIDC: true',
    '  serviceAccounts:',
    '  - metadata: {name: aws-load-balancer-controller, namespace: kube-system}',
    '    wellKnownPolicies: {awsLoadBalancerController: true}',
    '  - metadata: {name: cluster-autoscaler, namespace: kube-system}',
    '    wellKnownPolicies: {autoScaler: true}',
    '  - metadata: {name: spark, namespace: analytics}',
    '    attachPolicyARNs: ["arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"]',
    'addons:',
    '- name: vpc-cni',
    '  serviceAccountRoleARN: arn:aws:iam::443322110099:role/analytics-vpc-cni',
    '',
  ].join('\n');

  it('is silent for kube-system service accounts no manifest defines (EKS add-ons), next to an eksctl ClusterConfig with other kube-system accounts', () => {
    for (const name of ['aws-node', 'ebs-csi-controller-sa', 'coredns']) {
      const files = { 'cluster.yaml': eksctlCluster, 'iam/trust.json': trust(ISSUER, `system:serviceaccount:kube-system:${name}`) };
      assert.deepStrictEqual(of(check(files, 'iam/trust.json').summary, 'trust-sub-orphan'), [], name);
    }
    // The namespaces the repository does own are still judged.
    const files = { 'cluster.yaml': eksctlCluster, 'iam/trust.json': trust(ISSUER, 'system:serviceaccount:analytics:sprak') };
    assert.deepStrictEqual(of(check(files, 'iam/trust.json').summary, 'trust-sub-orphan'), ['12:12-12:51 trust-sub-orphan']);
  });

  it("is silent for a namespace's default service account, which every namespace has and pods without serviceAccountName run as", () => {
    const pod = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: batch\n  namespace: reports\nspec:\n  containers:\n  - name: batch\n    image: amazon/aws-cli\n';
    const sa = 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: exporter\n  namespace: reports\n';
    assert.deepStrictEqual(of(check({ 'pod.yaml': pod, 'sa.yaml': sa, 'trust.json': trust(ISSUER, 'system:serviceaccount:reports:default') }, 'trust.json').summary, 'trust-sub-orphan'), []);
  });

  it('is silent on OpenShift for builder and deployer, which every namespace has there, and reports them elsewhere', () => {
    const auth = `apiVersion: config.openshift.io/v1\nkind: Authentication\nmetadata:\n  name: cluster\nspec:\n  serviceAccountIssuer: https://${ISSUER}\n`;
    const sa = 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: exporter\n  namespace: reports\n';
    const orphans = (files: Record<string, string>) => of(check({ ...files, 'sa.yaml': sa, 'trust.json': trust(ISSUER, 'system:serviceaccount:reports:builder') }, 'trust.json').summary, 'trust-sub-orphan');
    assert.deepStrictEqual(orphans({ 'manifests/cluster-authentication-02-config.yaml': auth }), []);
    assert.deepStrictEqual(orphans({}), ['12:12-12:51 trust-sub-orphan']);
  });

  it("is silent for the CloudWatch Observability add-on's amazon-cloudwatch/cloudwatch-agent beside manifests of that namespace", () => {
    const daemonSet = 'apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: fluent-bit\n  namespace: amazon-cloudwatch\nspec:\n  template:\n    spec:\n      serviceAccountName: fluent-bit\n      containers:\n      - name: fluent-bit\n        image: public.ecr.aws/aws-observability/aws-for-fluent-bit:2.32.2\n';
    const summary = (name: string) => of(check({ 'ds.yaml': daemonSet, 'trust.json': trust(ISSUER, `system:serviceaccount:amazon-cloudwatch:${name}`) }, 'trust.json').summary, 'trust-sub-orphan');
    assert.deepStrictEqual(summary('cloudwatch-agent'), []);
    assert.deepStrictEqual(summary('fluent-bitt'), ['12:12-12:65 trust-sub-orphan']);
  });
});

describe('trust-policy-duplicate', () => {
  it('reports a role whose trust policy is defined twice', () => {
    const role = JSON.stringify({ RoleName: 'app', AssumeRolePolicyDocument: JSON.parse(trust(ISSUER, 'system:serviceaccount:a:app')) }, null, 2);
    const { summary, findings } = check({ 'app-trust.json': trust(ISSUER, 'system:serviceaccount:a:app'), '05-1-app-role.json': role }, 'app-trust.json');
    assert.deepStrictEqual(of(summary, 'trust-policy-duplicate'), ['2:2-2:13 trust-policy-duplicate']);
    assert.match(findings[0].message, /^Role app has trust policies in 2 places \(also 05-1-app-role.json\); cross-file checks use 05-1-app-role.json/);
  });

  it('two role documents with the same templated RoleName are no duplicate: the role is unknown until filled in', () => {
    const role = (name: string) => JSON.stringify({ RoleName: name, AssumeRolePolicyDocument: JSON.parse(trust(ISSUER, 'system:serviceaccount:a:app')) }, null, 2);
    const files = { 'dev/role.json': role('${cluster_name}-app'), 'prod/role.json': role('${cluster_name}-app') };
    assert.deepStrictEqual(of(check(files, 'dev/role.json').summary, 'trust-policy-duplicate'), []);
    assert.deepStrictEqual(of(check({ ...files, 'prod/role.json': role('demo-app'), 'dev/role.json': role('demo-app') }, 'dev/role.json').summary, 'trust-policy-duplicate').length, 1);
  });
});

describe('trust fixes that read the workspace', () => {
  const noConditions = (issuer: string) =>
    JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Federated: `arn:aws:iam::123456789012:oidc-provider/${issuer}` }, Action: 'sts:AssumeRoleWithWebIdentity' }] }, null, 2);
  const sa = 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: uploader\n  namespace: media\n  annotations:\n    eks.amazonaws.com/role-arn: arn:aws:iam::123456789012:role/media-s3\n    eks.amazonaws.com/audience: sts.amazonaws.com\n';

  it('trust-sub-missing offers the service accounts that use the role, wherever they are', () => {
    const result = check({ 'iam/media-s3-trust.json': noConditions(ISSUER), 'k8s/media/sa.yaml': sa }, 'iam/media-s3-trust.json');
    const finding = result.findings.find((f) => f.code === 'trust-sub-missing')!;
    assert.strictEqual(finding.fixes[0].title, 'Add a sub condition for system:serviceaccount:media:uploader');
    const fixed = JSON.parse(applyEdits(result.file, finding.fixes[0].edits[result.file.uri]));
    assert.deepStrictEqual(fixed.Statement[0].Condition, { StringEquals: { [`${ISSUER}:sub`]: 'system:serviceaccount:media:uploader' } });
  });

  it('trust-aud-missing offers the audience the bound workloads request', () => {
    const pod = seed002Pod;
    const secret = seed002Secret.replace('sts-demo-sts-app-s3-access-secret', 'app-role');
    const result = check({ 'iam/app-role-trust.json': noConditions(ISSUER), 'app/pod.yaml': pod, 'app/secret.yaml': secret }, 'iam/app-role-trust.json');
    const finding = result.findings.find((f) => f.code === 'trust-aud-missing')!;
    assert.strictEqual(finding.fixes[0].title, 'Add an aud condition (openshift)');
  });

  it('trust-aud-missing proposes the audience of the cluster the role belongs to when no workload says', () => {
    const aud = (files: Record<string, string>, name: string) => check(files, name).findings.find((f) => f.code === 'trust-aud-missing')!;
    // A file rosa wrote for an operator role, on Red Hat's hosted issuer: OpenShift's audience, not the EKS webhook's.
    const rosa = aud({ 'operator_cluster_csi_drivers_ebs_cloud_credentials_policy.json': noConditions('oidc.op1.openshiftapps.com/2abc3def4ghi5jkl6mno7pqr8stu9vwx') }, 'operator_cluster_csi_drivers_ebs_cloud_credentials_policy.json');
    assert.strictEqual(rosa.fixes[0].title, 'Add an aud condition (openshift)');
    assert.match(rosa.message, /Add "oidc\.op1\.openshiftapps\.com\/2abc3def4ghi5jkl6mno7pqr8stu9vwx:aud": "openshift" \(the audience OpenShift projects into its components' tokens for AWS\)\.$/);
    // A role file of an OpenShift cluster's folder (its install-config beside it).
    const openshift = aud({ 'cluster/install-config.yaml': installConfig(), 'cluster/iam/app-role.json': noConditions(ISSUER) }, 'cluster/iam/app-role.json');
    assert.strictEqual(openshift.fixes[0].title, 'Add an aud condition (openshift)');
    // Elsewhere, what the EKS webhook requests.
    const eks = aud({ 'iam/app-role.json': noConditions(ISSUER) }, 'iam/app-role.json');
    assert.strictEqual(eks.fixes[0].title, 'Add an aud condition (sts.amazonaws.com)');
  });
});

describe('several clusters in one repository: each trust policy is compared with its own cluster', () => {
  const A = 'cluster-a-oidc.s3.us-east-1.amazonaws.com';
  const B = 'cluster-b-oidc.s3.eu-west-1.amazonaws.com';
  const auth = (issuer: string) => `apiVersion: config.openshift.io/v1\nkind: Authentication\nmetadata:\n  name: cluster\nspec:\n  serviceAccountIssuer: https://${issuer}\n`;
  const kops = 'apiVersion: kops.k8s.io/v1alpha2\nkind: Cluster\nmetadata:\n  name: b.k8s.local\nspec:\n  cloudProvider: aws\n  serviceAccountIssuerDiscovery:\n    discoveryStore: s3://cluster-b-oidc\n    enableAWSOIDCProvider: true\n';
  const sa = (namespace: string, name: string) => `apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: ${name}\n  namespace: ${namespace}\n`;
  const role = (issuer: string, sub: string) => JSON.stringify({ RoleName: 'app', AssumeRolePolicyDocument: JSON.parse(trust(issuer, sub)) }, null, 2);
  const repo = {
    'clusters/a/install-config.yaml': installConfig(),
    'clusters/a/manifests/cluster-authentication-02-config.yaml': auth(A),
    'clusters/a/k8s/web-sa.yaml': sa('shop', 'web'),
    'clusters/a/iam/05-app-role.json': role(A, 'system:serviceaccount:shop:web'),
    'clusters/b/cluster.yaml': kops,
    'clusters/b/k8s/api-sa.yaml': sa('shop', 'api'),
    'clusters/b/iam/05-app-role.json': role(B, 'system:serviceaccount:shop:api'),
  };
  const codes = (files: Record<string, string>, target: string) => check(files, target).summary.filter((x) => /issuer-mismatch|trust-sub-orphan|trust-policy-duplicate/.test(x));

  it('reports nothing across clusters: no issuer-mismatch, trust-sub-orphan or trust-policy-duplicate', () => {
    assert.deepStrictEqual(codes(repo, 'clusters/b/iam/05-app-role.json'), []);
    assert.deepStrictEqual(codes(repo, 'clusters/a/iam/05-app-role.json'), []);
  });

  it('keeps the findings within one cluster', () => {
    const files = { ...repo, 'clusters/a/iam/05-app-role.json': role(B, 'system:serviceaccount:shop:wbe'), 'clusters/a/iam/app-copy.json': role(A, 'system:serviceaccount:shop:web') };
    const result = check(files, 'clusters/a/iam/05-app-role.json');
    assert.deepStrictEqual(result.findings.filter((f) => /issuer-mismatch|trust-sub-orphan|trust-policy-duplicate/.test(f.code)).map((f) => f.code).sort(), ['issuer-mismatch', 'trust-policy-duplicate', 'trust-sub-orphan']);
    assert.match(result.findings.find((f) => f.code === 'issuer-mismatch')!.message, new RegExp(`the cluster's service account issuer is https://${A}`));
    assert.match(result.findings.find((f) => f.code === 'trust-sub-orphan')!.message, /shop\/wbe \(did you mean web\?\)/);
  });
});
