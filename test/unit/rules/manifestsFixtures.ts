/** Manifests in the shape of real ones: an OpenShift Pod with the Secret ccoctl writes; a kops IRSA Job and ServiceAccount. */
export const CCOCTL_POD = `apiVersion: v1
kind: Pod
metadata:
  labels:
    run: running-aws
  name: running-aws
spec:
  containers:
  - command:
    - tail
    - -f
    - /dev/null
    image: amazon/aws-cli
    name: running-aws
    resources: {}
    env:
    - name: AWS_CONFIG_FILE
      value: /var/run/secrets/aws/credentials
    volumeMounts:
    - name: aws-credentials
      mountPath: /var/run/secrets/aws
      readOnly: true
    - name: bound-sa-token
      mountPath: /var/run/secrets/openshift/serviceaccount
      readOnly: true
  volumes:
  - name: aws-credentials
    secret:
      defaultMode: 420
      secretName: s3-access-secret
  - name: bound-sa-token
    projected:
      defaultMode: 420
      sources:
      - serviceAccountToken:
          audience: openshift
          expirationSeconds: 3600
          path: token
`;

export const CCOCTL_SECRET = `apiVersion: v1
kind: Secret
metadata:
  name: s3-access-secret
  namespace: default
stringData:
  credentials: |-
    [default]
    sts_regional_endpoints = regional
    role_arn = arn:aws:iam::123456789012:role/sts-test-1-default-s3-access-secret
    web_identity_token_file = /var/run/secrets/openshift/serviceaccount/token
type: Opaque
`;

export const IRSA_SA = `apiVersion: v1
kind: ServiceAccount
metadata:
  name: s3-echoer
  namespace: default
  annotations:
    eks.amazonaws.com/role-arn: arn:aws:iam::123456789012:role/s3-echoer
`;

export const IRSA_JOB = `apiVersion: batch/v1
kind: Job
metadata:
  name: s3-echoer
spec:
  template:
    spec:
      serviceAccountName: s3-echoer
      containers:
      - name: main
        image: amazonlinux:2018.03
        command: ['sh', '-c', 'curl -sL -o /s3-echoer https://example.invalid/s3-echoer && chmod +x /s3-echoer && echo This is an in-cluster test | /s3-echoer $BUCKET']
        env:
        - name: AWS_DEFAULT_REGION
          value: us-west-2
      restartPolicy: Never
`;

export const KUBE2IAM_DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: uploader
  namespace: media
spec:
  selector:
    matchLabels:
      app: uploader
  template:
    metadata:
      labels:
        app: uploader
      annotations:
        iam.amazonaws.com/role: arn:aws:iam::123456789012:role/uploader
    spec:
      containers:
      - name: app
        image: example.invalid/uploader:1.0
`;
