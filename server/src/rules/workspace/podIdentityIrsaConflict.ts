import { associationsFor, LocatedAssociation } from '../../crossFile/podIdentityAssociations';
import { renderingsOf } from '../../crossFile/kustomize';
import { roleReferences } from '../../crossFile/roleReferences';
import { displayPath } from '../../crossFile/display';
import { roleNameOf } from '../../crossFile/roleNames';
import { OffsetRange, str } from '../../model/node';
import { serviceAccountView } from '../../views/serviceAccount';
import { DocContext, DocRule } from '../rule';

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
    // A ServiceAccount a Kustomize overlay includes is checked as each overlay renders it.
    const runs = renderingsOf(ctx.index, ctx.doc)
      ? roleReferences(ctx.index, ctx.file, ctx.doc).map((r) => ({ namespace: r.namespace, name: r.serviceAccount, describe: r.describe, irsaRole: r.roleName, range: r.range }))
      : sa.roleArn && arn && sa.name
        ? [{ namespace: sa.namespace, name: sa.name, describe: `ServiceAccount ${sa.namespace ?? '(no namespace)'}/${sa.name}`, irsaRole: roleNameOf(arn) ?? arn, range: sa.roleArn.value.range }]
        : [];
    for (const run of runs) {
      const associations = associationsFor(ctx.index, run.namespace, run.name);
      if (associations.length) report(ctx, run, associations);
    }
  },
};

function report(ctx: DocContext, run: { describe: string; irsaRole: string; range: OffsetRange }, associations: LocatedAssociation[]): void {
  const { association, file } = associations[0];
  const irsaRole = run.irsaRole;
  const podRole = association.roleLabel ?? 'its role';
  ctx.report({
    range: run.range,
    message:
      `${run.describe} names role ${irsaRole} for IRSA and has an EKS Pod Identity association ` +
      `(${association.describe} in ${displayPath(ctx.file, file)}, role ${podRole}). Its pods get both AWS_ROLE_ARN with AWS_WEB_IDENTITY_TOKEN_FILE ` +
      `and AWS_CONTAINER_CREDENTIALS_FULL_URI, and the AWS SDKs' default credential chain tries web identity before container credentials: ` +
      `the pods use ${irsaRole}, not ${podRole}. Remove the annotation or the association.`,
    related: associations.map((a) => ({ uri: a.file.uri, range: a.file.rangeOf(a.association.range), message: `${a.association.describe} (role ${a.association.roleLabel ?? 'unknown'})` })),
  });
}
