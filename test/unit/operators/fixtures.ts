/** Manifests of an OLM operator with token-based AWS authentication, in the shape OpenShift 4.14+ uses. */

export const ISSUER = 'demo-oidc.s3.us-east-2.amazonaws.com';
export const ACCOUNT = '123456789012';
export const ROLE = 'demo-log-forwarder';
export const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/${ROLE}`;

export const subscription = (roleArn: string | null = ROLE_ARN, namespace = 'log-forwarding') =>
  [
    'apiVersion: operators.coreos.com/v1alpha1',
    'kind: Subscription',
    'metadata:',
    '  name: log-forwarder',
    `  namespace: ${namespace}`,
    'spec:',
    '  channel: stable',
    '  name: log-forwarder',
    '  source: redhat-operators',
    '  sourceNamespace: openshift-marketplace',
    '  installPlanApproval: Manual',
    '  config:',
    '    env:',
    ...(roleArn === null ? ['    - name: LOG_LEVEL', '      value: info'] : ['    - name: ROLEARN', `      value: ${roleArn === '' ? '""' : roleArn}`]),
    '',
  ].join('\n');

export const credentialsRequest = (opts: { roleArn?: string; serviceAccounts?: string[]; namespace?: string; tokenPath?: string } = {}) =>
  [
    'apiVersion: cloudcredential.openshift.io/v1',
    'kind: CredentialsRequest',
    'metadata:',
    '  name: log-forwarder',
    '  namespace: openshift-cloud-credential-operator',
    'spec:',
    '  secretRef:',
    '    name: log-forwarder-aws',
    `    namespace: ${opts.namespace ?? 'log-forwarding'}`,
    '  serviceAccountNames:',
    ...(opts.serviceAccounts ?? ['log-forwarder-controller']).map((sa) => `  - ${sa}`),
    `  cloudTokenPath: ${opts.tokenPath ?? '/var/run/secrets/openshift/serviceaccount/token'}`,
    '  providerSpec:',
    '    apiVersion: cloudcredential.openshift.io/v1',
    '    kind: AWSProviderSpec',
    '    statementEntries:',
    '    - effect: Allow',
    '      action:',
    '      - logs:PutLogEvents',
    '      - logs:CreateLogStream',
    "      resource: '*'",
    ...(opts.roleArn !== undefined ? [`    stsIAMRoleARN: ${opts.roleArn}`] : []),
    '',
  ].join('\n');

export const trustPolicy = (subs: string[], aud = 'openshift') =>
  JSON.stringify(
    {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Federated: `arn:aws:iam::${ACCOUNT}:oidc-provider/${ISSUER}` },
          Action: 'sts:AssumeRoleWithWebIdentity',
          Condition: { StringEquals: { [`${ISSUER}:sub`]: subs, [`${ISSUER}:aud`]: aud } },
        },
      ],
    },
    null,
    2,
  ) + '\n';

export const csv = (audience = 'openshift', serviceAccount = 'log-forwarder-controller') =>
  [
    'apiVersion: operators.coreos.com/v1alpha1',
    'kind: ClusterServiceVersion',
    'metadata:',
    '  name: log-forwarder.v1.4.0',
    '  annotations:',
    '    features.operators.openshift.io/token-auth-aws: "true"',
    'spec:',
    '  install:',
    '    strategy: deployment',
    '    spec:',
    '      deployments:',
    '      - name: log-forwarder-controller',
    '        spec:',
    '          selector:',
    '            matchLabels:',
    '              app: log-forwarder',
    '          template:',
    '            metadata:',
    '              labels:',
    '                app: log-forwarder',
    '            spec:',
    `              serviceAccountName: ${serviceAccount}`,
    '              containers:',
    '              - name: manager',
    '                image: registry.example.com/log-forwarder:1.4.0',
    '                volumeMounts:',
    '                - name: bound-sa-token',
    '                  mountPath: /var/run/secrets/openshift/serviceaccount',
    '                  readOnly: true',
    '              volumes:',
    '              - name: bound-sa-token',
    '                projected:',
    '                  sources:',
    '                  - serviceAccountToken:',
    '                      path: token',
    `                      audience: ${audience}`,
    '                      expirationSeconds: 3600',
    '',
  ].join('\n');
