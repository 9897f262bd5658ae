import { credentialEntry, iniRange, secretView } from '../../views/secret';
import { DocRule } from '../rule';

export const credentialsPlaceholder: DocRule = {
  id: 'credentials-placeholder',
  description: 'A credentials Secret still holds ccoctl\'s dry-run placeholder or an empty role_arn.',
  defaultSeverity: 'error',
  kinds: ['secret'],
  check(ctx) {
    const view = secretView(ctx.root);
    if (view.text === undefined) return;
    const lines = view.text.split(/\r?\n/);
    for (const line of view.placeholderLines) {
      const raw = lines[line];
      const start = raw.length - raw.trimStart().length;
      ctx.report({
        range: iniRange(ctx.file.text, view, line, start, raw.trimEnd().length),
        message: `Secret ${view.name} still holds ccoctl's dry-run line "POPULATE ROLE ARN AND DELETE THIS LINE": the AWS SDK cannot parse the file. Put the role's ARN in role_arn and delete this line.`,
      });
    }
    const roleArn = credentialEntry(view, 'role_arn');
    if (roleArn && roleArn.value === '') {
      ctx.report({
        range: iniRange(ctx.file.text, view, roleArn.line, roleArn.keyColumn, roleArn.keyColumn + roleArn.key.length),
        message: `role_arn is empty in Secret ${view.name} (a ccoctl --dry-run leftover): the pod gets no AWS credentials. Set it to the ARN of the role ccoctl created, arn:aws:iam::<account>:role/<name>.`,
      });
    }
  },
};
