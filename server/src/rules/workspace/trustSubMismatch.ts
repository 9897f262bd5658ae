import { conditionEdits } from '../../crossFile/trustSubFix';
import { displayPath } from '../../crossFile/display';
import { roleReferences } from '../../crossFile/roleReferences';
import { trustSourceFor } from '../../crossFile/trustSources';
import { admits, globMatch, subjectOf } from '../../crossFile/webIdentityTrust';
import { DocRule } from '../rule';

export const trustSubMismatch: DocRule = {
  id: 'trust-sub-mismatch',
  description: "A ServiceAccount or workload uses a role whose trust policy in the workspace does not admit its service account in the `sub` condition.",
  defaultSeverity: 'error',
  kinds: ['service-account', 'workload'],
  check(ctx) {
    const index = ctx.index;
    if (!index) return;
    for (const ref of roleReferences(index, ctx.file, ctx.doc)) {
      const source = trustSourceFor(index, ctx.settings, ref.roleName);
      if (!source) continue;
      const namespace = ref.namespace;
      const subject = subjectOf(namespace ?? '<namespace>', ref.serviceAccount);
      const admission = admits(source.policy, 'sub', subject);
      // Without a namespace the manifest lands wherever it is applied: any namespace the policy admits will do.
      const admitted = namespace ? admission.admitted : admission.values.some((v) => anyNamespaceMatch(v.value, ref.serviceAccount));
      if (admitted || !admission.constrained) continue;
      const where = displayPath(ctx.file, source.file);
      const admittedValues = [...new Set(admission.values.map((v) => v.value))];
      const fixes = namespace ? conditionEdits(source, subject) : [];
      ctx.report({
        range: ref.range,
        message:
          `${ref.describe} runs as ${subject} and uses role ${ref.roleName}, but the role's trust policy (${where}) admits only ${admittedValues.join(', ')}: ` +
          `AssumeRoleWithWebIdentity will fail with AccessDenied. Add ${subject} to the trust policy's sub condition, or run as a service account it admits.`,
        fixes,
        related: admission.values.map((v) => ({ uri: source.file.uri, range: source.file.rangeOf(v.node.range), message: `the trust policy of ${ref.roleName} admits ${v.value}` })),
      });
    }
  },
};

function anyNamespaceMatch(pattern: string, serviceAccount: string): boolean {
  const parts = pattern.split(':');
  if (parts.length !== 4 || parts[0] !== 'system' || parts[1] !== 'serviceaccount') return false;
  return globMatch(parts[3], serviceAccount) || parts[3] === serviceAccount;
}
