import { Hover, MarkupKind } from 'vscode-languageserver-types';
import { displayPath } from '../crossFile/display';
import { eksctlRoleNamed, eksctlSubject } from '../crossFile/eksctlServiceAccounts';
import { TrustSourceKind, trustSourceFor } from '../crossFile/trustSources';
import { admits, globMatch, subjectOf } from '../crossFile/webIdentityTrust';
import { ParsedFile, SourceDoc } from '../model/parsedFile';
import { Settings } from '../settings';
import { WorkspaceIndex } from '../workspace/workspaceIndex';
import { roleReferenceAt } from './navigation';

const FOUND_BY: Record<TrustSourceKind, string> = {
  setting: 'the `stsLens.trustPolicies` setting',
  'role-document': 'its `RoleName`',
  cloudformation: 'a CloudFormation `AWS::IAM::Role`',
  terraform: 'a Terraform `aws_iam_role` or IRSA module',
  'file-name': 'the file name',
};

/**
 * Hover on a role reference: which trust policy file the role resolves to (a
 * link), the subjects and audiences it admits, and whether the service account
 * of this reference is among them: what go-to-definition would show, without leaving.
 */
export function roleHover(index: WorkspaceIndex, settings: Settings, file: ParsedFile, doc: SourceDoc, offset: number): Hover | undefined {
  const at = roleReferenceAt(index, file, doc, offset);
  if (!at) return undefined;
  const lines = [`**IAM role \`${at.roleName}\`**`, ''];
  const source = trustSourceFor(index, settings, at.roleName);
  const eksctl = source ? undefined : eksctlRoleNamed(index, settings, file, at.roleName);
  if (eksctl) {
    const { subject, pattern } = eksctlSubject(eksctl);
    const line = eksctl.file.rangeOf(eksctl.entry.node.range).start.line;
    lines.push(`Created by eksctl: [${displayPath(file, eksctl.file)}](${eksctl.file.uri}#L${line + 1}) (\`iam.serviceAccounts\`, \`${eksctl.namespace}/${eksctl.name}\`). Its trust policy admits \`sub\` ${pattern ? 'like ' : ''}\`${subject}\` and \`aud\` \`sts.amazonaws.com\`.`);
    const ref = at.ref;
    if (ref?.namespace) {
      const runs = subjectOf(ref.namespace, ref.serviceAccount);
      const admitted = pattern ? globMatch(subject, runs) : subject === runs;
      lines.push('', admitted ? `✓ ${ref.describe} runs as \`${runs}\`, which it admits.` : `✗ ${ref.describe} runs as \`${runs}\`, which it does **not** admit.`);
    }
    return { contents: { kind: MarkupKind.Markdown, value: lines.join('\n') }, range: file.rangeOf(at.range) };
  }
  if (!source) {
    lines.push(
      `No trust policy for this role in the workspace (looked for \`${at.roleName}.json\`, \`${at.roleName}-trust.json\`, \`${at.roleName}-trust-policy.json\`, a ccoctl role file, a CloudFormation role and \`stsLens.trustPolicies\`).`,
    );
    return { contents: { kind: MarkupKind.Markdown, value: lines.join('\n') }, range: file.rangeOf(at.range) };
  }
  const where = source.doc.index > 0 || source.file.docs.length > 1 ? ` (document ${source.doc.index + 1})` : '';
  const line = source.file.rangeOf(source.policy.node.range).start.line;
  lines.push(`Trust policy: [${displayPath(file, source.file)}](${source.file.uri}#L${line + 1})${where}, found by ${FOUND_BY[source.kind]}.`, '');
  const subs = admits(source.policy, 'sub', '');
  const auds = admits(source.policy, 'aud', '');
  const list = (values: ReadonlyArray<{ value: string }>) => [...new Set(values.map((v) => `\`${v.value}\``))].join(', ');
  lines.push(subs.constrained ? `Admits \`sub\`: ${list(subs.values)}` : subs.statements.length === 0 ? 'No `sts:AssumeRoleWithWebIdentity` statement: no service account can assume this role with a token.' : 'Admits **any** `sub`: no statement restricts the service account.');
  if (auds.constrained) lines.push('', `Admits \`aud\`: ${list(auds.values)}`);
  const ref = at.ref;
  if (ref && subs.statements.length > 0) {
    lines.push('');
    if (ref.namespace) {
      const subject = subjectOf(ref.namespace, ref.serviceAccount);
      const admitted = admits(source.policy, 'sub', subject).admitted;
      lines.push(admitted ? `✓ ${ref.describe} runs as \`${subject}\`, which it admits.` : `✗ ${ref.describe} runs as \`${subject}\`, which it does **not** admit.`);
    } else {
      const fits = subs.values.some((v) => v.value.split(':')[3] !== undefined && globMatch(v.value.split(':')[3], ref.serviceAccount));
      lines.push(`${ref.describe} sets no namespace: it runs as \`${subjectOf('<namespace>', ref.serviceAccount)}\` in whatever namespace it is applied to${subs.constrained ? (fits ? '; some namespace is admitted for it' : '; no namespace is admitted for it') : ''}.`);
    }
  }
  return { contents: { kind: MarkupKind.Markdown, value: lines.join('\n') }, range: file.rangeOf(at.range) };
}
