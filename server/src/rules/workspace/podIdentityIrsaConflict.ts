import { associationsFor } from '../../crossFile/podIdentityAssociations';
import { displayPath } from '../../crossFile/display';
import { roleNameOf } from '../../crossFile/roleNames';
import { str } from '../../model/node';
import { serviceAccountView } from '../../views/serviceAccount';
import { DocRule } from '../rule';

export const podIdentityIrsaConflict: DocRule = {
  id: 'pod-identity-irsa-conflict',
  description:
    'A ServiceAccount with the eks.amazonaws.com/role-arn annotation (IRSA) also has an EKS Pod Identity association: the AWS SDKs take web identity before container credentials, so the pods use the annotation\'s role.',
  defaultSeverity: 'warning',
  kinds: ['service-account'],
  check(ctx) {
    if (!ctx.index) return;
    const sa = serviceAccountView(ctx.root);
    const arn = str(sa.roleArn?.value);
    if (!sa.roleArn || !arn || !sa.name) return;
    const associations = associationsFor(ctx.index, sa.namespace, sa.name);
    if (!associations.length) return;
    const { association, file } = associations[0];
    const irsaRole = roleNameOf(arn) ?? arn;
    const podRole = association.roleLabel ?? 'its role';
    ctx.report({
      range: sa.roleArn.value.range,
      message:
        `ServiceAccount ${sa.namespace ?? '(no namespace)'}/${sa.name} names role ${irsaRole} for IRSA and has an EKS Pod Identity association ` +
        `(${association.describe} in ${displayPath(ctx.file, file)}, role ${podRole}). Its pods get both AWS_ROLE_ARN with AWS_WEB_IDENTITY_TOKEN_FILE ` +
        `and AWS_CONTAINER_CREDENTIALS_FULL_URI, and the AWS SDKs' default credential chain tries web identity before container credentials: ` +
        `the pods use ${irsaRole}, not ${podRole}. Remove the annotation or the association.`,
      related: associations.map((a) => ({ uri: a.file.uri, range: a.file.rangeOf(a.association.range), message: `${a.association.describe} (role ${a.association.roleLabel ?? 'unknown'})` })),
    });
  },
};
