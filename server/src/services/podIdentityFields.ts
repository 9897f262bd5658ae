import { FieldDoc } from './manifestFields';

/**
 * Editing help for the `spec` of an ACK PodIdentityAssociation
 * (`eks.services.k8s.aws/v1alpha1`): the EKS Pod Identity association the
 * ACK EKS controller creates, as the controller spells its fields.
 */
export const ACK_POD_IDENTITY_SPEC: FieldDoc[] = [
  {
    key: 'clusterName',
    detail: 'The EKS cluster of the association',
    about: 'The name of the cluster to create the association in (or `clusterRef` to an ACK Cluster object). Session tags carry it as `eks-cluster-name`.',
    ifWrong: 'An association in another cluster gives these pods nothing; a trust policy that checks `aws:RequestTag/eks-cluster-name` refuses another name.',
  },
  {
    key: 'namespace',
    detail: 'Namespace of the pods',
    about: 'The Kubernetes namespace of the service account and of the pods that get the role. Session tags carry it as `kubernetes-namespace`.',
    ifWrong: 'Pods in another namespace get no credentials from Pod Identity.',
  },
  {
    key: 'serviceAccount',
    detail: 'Service account the pods run as',
    about: 'Pods that run as this service account (in `namespace`) get the role through the EKS Pod Identity agent. Session tags carry it as `kubernetes-service-account`.',
    ifWrong: 'EKS accepts a name no pod runs as: the intended pods get no credentials.',
  },
  {
    key: 'roleARN',
    detail: 'IAM role the pods get',
    about: 'The role EKS Pod Identity assumes for the pods. Its trust policy must allow the service principal `pods.eks.amazonaws.com` `sts:AssumeRole` and `sts:TagSession`. `roleRef` names an ACK Role object instead.',
    ifWrong: 'A role whose trust policy does not admit `pods.eks.amazonaws.com` (or lacks `sts:TagSession`) cannot be assumed: the pods get no credentials.',
  },
  {
    key: 'targetRoleARN',
    detail: 'Role to assume from the first role (role chaining)',
    about: 'EKS Pod Identity assumes `roleARN`, then this role with it, and gives the pods the second role\'s credentials (for a role in another account). The target role\'s trust policy must admit the first role; it can require the association\'s external ID with an `sts:ExternalId` condition.',
    ifWrong: 'A target role that does not trust the first role cannot be assumed.',
  },
  {
    key: 'disableSessionTags',
    detail: 'Turn off the session tags',
    about: 'When `true`, EKS Pod Identity attaches none of its session tags (`eks-cluster-arn`, `eks-cluster-name`, `kubernetes-namespace`, `kubernetes-service-account`, `kubernetes-pod-name`, `kubernetes-pod-uid`) when it assumes the role.',
    ifWrong: 'A trust policy with `aws:RequestTag/...` conditions refuses every request without the tags.',
    values: [
      { value: 'false', about: 'Session tags are attached (the default).' },
      { value: 'true', about: 'No session tags.' },
    ],
  },
  {
    key: 'tags',
    detail: 'Tags of the association resource',
    about: 'Tags on the association itself (not the session tags).',
    ifWrong: 'They do not reach the role session.',
    block: 'map',
  },
];
