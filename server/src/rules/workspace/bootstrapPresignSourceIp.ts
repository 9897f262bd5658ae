import { displayPath } from '../../crossFile/display';
import { pairOf } from '../../model/node';
import { policiesOf } from '../../views/policy';
import { DocRule } from '../rule';

export const bootstrapPresignSourceIp: DocRule = {
  id: 'bootstrap-presign-source-ip',
  description: "An IAM policy denies requests by aws:SourceIp next to an AWS install-config: the bootstrap node's pre-signed ignition URL will be refused.",
  defaultSeverity: 'warning',
  kinds: ['permission-policy', 'iam-role-policy', 'cloudformation'],
  check(ctx) {
    if (!ctx.index) return;
    const installs = ctx.index.docsOfKind('install-config').filter(({ doc }) => pairOf(pairOf(doc.root, 'platform')?.value, 'aws'));
    if (installs.length === 0) return;
    const install = installs[0];
    for (const policy of policiesOf(ctx.file, ctx.doc)) {
      if (policy.role !== 'permission') continue;
      for (const statement of policy.statements) {
        if ((statement.effect?.value ?? '').toLowerCase() !== 'deny') continue;
        const condition = statement.conditions.find((c) => c.key.toLowerCase() === 'aws:sourceip' && /^(Not)?IpAddress(IfExists)?$/i.test(c.operator));
        if (!condition) continue;
        const ranges = condition.values.map((v) => v.value).join(', ');
        ctx.report({
          range: condition.operatorPair.keyRange,
          message:
            `This statement denies requests by source IP (${condition.operator} aws:SourceIp ${ranges}). openshift-install signs the bootstrap ignition URL with these credentials, ` +
            `and the bootstrap node fetches it from its own address: S3 answers Forbidden, ignition fails, and the install hangs at "Waiting up to 20m0s for the Kubernetes API" ` +
            `(install-config: ${displayPath(ctx.file, install.file)}). Lift the restriction during the install, or install with a principal it does not apply to.`,
          related: [{ uri: install.file.uri, range: install.file.rangeOf(install.doc.range[1] > install.doc.range[0] ? [install.doc.range[0], install.doc.range[0]] : [0, 0]), message: 'the AWS install-config that will be installed with these credentials' }],
        });
      }
    }
  },
};
