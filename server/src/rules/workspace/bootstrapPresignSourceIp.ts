import { displayPath } from '../../crossFile/display';
import { pairOf } from '../../model/node';
import { SOURCE_IP_DENY_ADVICE, sourceIpDenies, sourceIpDenyExplanation } from '../../iam/sourceIpDeny';
import { policiesOf } from '../../views/policy';
import { DocRule } from '../rule';

export const bootstrapPresignSourceIp: DocRule = {
  id: 'bootstrap-presign-source-ip',
  description: "An IAM policy denies requests by aws:SourceIp next to an AWS install-config: the bootstrap node's pre-signed ignition URL will be refused.",
  defaultSeverity: 'warning',
  kinds: ['permission-policy', 'iam-role-policy', 'cloudformation', 'terraform'],
  check(ctx) {
    if (!ctx.index) return;
    const installs = ctx.index.docsOfKind('install-config').filter(({ doc }) => pairOf(pairOf(doc.root, 'platform')?.value, 'aws'));
    if (installs.length === 0) return;
    const install = installs[0];
    for (const policy of policiesOf(ctx.file, ctx.doc)) {
      for (const deny of sourceIpDenies(policy)) {
        ctx.report({
          range: deny.condition.operatorPair.keyRange,
          message: `${sourceIpDenyExplanation(deny)} (install-config: ${displayPath(ctx.file, install.file)}). ${SOURCE_IP_DENY_ADVICE}`,
          related: [{ uri: install.file.uri, range: install.file.rangeOf(install.doc.range[1] > install.doc.range[0] ? [install.doc.range[0], install.doc.range[0]] : [0, 0]), message: 'the AWS install-config that will be installed with these credentials' }],
        });
      }
    }
  },
};
