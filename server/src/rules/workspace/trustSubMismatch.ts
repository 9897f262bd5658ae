import { conditionEdits } from '../../crossFile/trustSubFix';
import { isTemplated, templateAdmits } from '../../model/templated';
import { displayPath } from '../../crossFile/display';
import { requestsOfSubscription, serviceAccountItems, stsRoleArnPair } from '../../crossFile/operatorRoles';
import { roleNameOf } from '../../crossFile/roleNames';
import { roleReferences } from '../../crossFile/roleReferences';
import { TrustSource, trustSourceFor } from '../../crossFile/trustSources';
import { Admission, admits, globMatch, subjectOf } from '../../crossFile/webIdentityTrust';
import { isMap, OffsetRange, str } from '../../model/node';
import { credentialsRequestView } from '../../views/credentialsRequest';
import { subscriptionView } from '../../views/subscription';
import { DocContext, DocRule, Fix, RelatedInfo } from '../rule';
import { ParsedFile } from '../../model/parsedFile';
import { kustomizationView } from '../../views/kustomization';

export const trustSubMismatch: DocRule = {
  id: 'trust-sub-mismatch',
  description:
    "A ServiceAccount, workload, CredentialsRequest (stsIAMRoleARN), Subscription (ROLEARN) or Helm release's values use a role whose trust policy in the workspace does not admit its service account in the `sub` condition.",
  defaultSeverity: 'error',
  kinds: ['service-account', 'workload', 'credentials-request', 'subscription', 'helm-release'],
  check(ctx) {
    const index = ctx.index;
    if (!index) return;
    if (ctx.doc.kind === 'credentials-request') return checkRequest(ctx);
    if (ctx.doc.kind === 'subscription') return checkSubscription(ctx);
    for (const ref of roleReferences(index, ctx.file, ctx.doc)) {
      const source = trustSourceFor(index, ctx.settings, ref.roleName, ctx.file);
      if (!source) continue;
      const namespace = ref.namespace;
      const subject = subjectOf(namespace ?? '<namespace>', ref.serviceAccount);
      const admission = admits(source.policy, 'sub', subject);
      // Without a namespace the manifest lands wherever it is applied: any namespace the policy admits will do.
      const admitted = namespace ? admission.admitted : admission.values.some((v) => anyNamespaceMatch(v.value, ref.serviceAccount));
      if (admitted || !admission.constrained) continue;
      report(ctx, {
        range: ref.range,
        lead: `${ref.describe} runs as ${subject} and uses role ${ref.roleName}`,
        subject,
        source,
        admission,
        // A templated subject is no value to write into a trust policy.
        fixes: namespace && !isTemplated(subject) ? conditionEdits(source, subject) : [],
        instead: ref.chartValues ? 'or set serviceAccount.name to one it admits' : 'or run as a service account it admits',
        overlay: ref.overlay,
        chartValues: ref.chartValues,
      });
    }
  },
};

/** A CredentialsRequest with `stsIAMRoleARN`: every listed service account (in the Secret's namespace) must be admitted. */
function checkRequest(ctx: DocContext): void {
  const view = credentialsRequestView(ctx.root);
  const arn = str(stsRoleArnPair(view)?.value);
  const roleName = arn?.startsWith('arn:') ? roleNameOf(arn) : undefined;
  if (!view.isAws || view.deleted || !view.secretNamespace || !roleName) return;
  const source = trustSourceFor(ctx.index!, ctx.settings, roleName);
  if (!source) return;
  for (const { name, node } of serviceAccountItems(view)) {
    const subject = subjectOf(view.secretNamespace, name);
    const admission = admits(source.policy, 'sub', subject);
    if (admission.admitted || !admission.constrained) continue;
    report(ctx, {
      range: node.range,
      lead: `CredentialsRequest ${view.name} lists service account ${name}, which runs as ${subject} (the namespace of its Secret), and its stsIAMRoleARN names role ${roleName}`,
      subject,
      source,
      admission,
      fixes: isTemplated(subject) ? [] : conditionEdits(source, subject),
      instead: 'or remove the service account from serviceAccountNames',
    });
  }
}

/** A Subscription's ROLEARN, through the operator's CredentialsRequests of the workspace that take their role from it. */
function checkSubscription(ctx: DocContext): void {
  const subscription = subscriptionView(ctx.root);
  const value = subscription.roleArn?.value;
  const arn = str(value);
  const roleName = arn?.startsWith('arn:') ? roleNameOf(arn) : undefined;
  if (!value || !roleName) return;
  const source = trustSourceFor(ctx.index!, ctx.settings, roleName);
  if (!source) return;
  for (const request of requestsOfSubscription(ctx.index!, subscription)) {
    for (const name of request.view.serviceAccounts) {
      const subject = subjectOf(request.view.secretNamespace!, name);
      const admission = admits(source.policy, 'sub', subject);
      if (admission.admitted || !admission.constrained) continue;
      report(ctx, {
        range: value.range,
        lead: `Subscription ${subscription.namespace}/${subscription.name} gives the operator role ${roleName} (ROLEARN); its CredentialsRequest ${request.view.name} (${displayPath(ctx.file, request.file)}) runs as ${subject}`,
        subject,
        source,
        admission,
        fixes: isTemplated(subject) ? [] : conditionEdits(source, subject),
        instead: 'or give the operator a role that admits it',
      });
    }
  }
}

interface Mismatch {
  range: OffsetRange;
  /** Who uses which role, as a clause. */
  lead: string;
  subject: string;
  source: TrustSource;
  admission: Admission;
  fixes: Fix[];
  /** The alternative to fixing the trust policy, as "or ...". */
  instead: string;
  /** The Kustomize overlay that renders the service account this way. */
  overlay?: ParsedFile;
  /** The service account's name is the chart's convention (serviceAccount.name), not a manifest's: said as a warning. */
  chartValues?: boolean;
}

function report(ctx: DocContext, m: Mismatch): void {
  const where = displayPath(ctx.file, m.source.file);
  const admittedValues = [...new Set(m.admission.values.map((v) => v.value))];
  ctx.report({
    range: m.range,
    severity: m.chartValues ? 'warning' : undefined,
    message:
      `${m.lead}, but the role's trust policy (${where}) admits only ${admittedValues.join(', ')}: ` +
      `AssumeRoleWithWebIdentity will fail with AccessDenied. Add ${m.subject} to the trust policy's sub condition, ${m.instead}.` +
      (m.chartValues ? ' (The chart is taken to name its ServiceAccount after serviceAccount.name, as charts made with helm create do.)' : ''),
    fixes: m.fixes,
    related: [
      ...m.admission.values.map((v) => ({ uri: m.source.file.uri, range: m.source.file.rangeOf(v.node.range), message: `the trust policy of ${m.source.roleName} admits ${v.value}` })),
      ...(m.overlay ? [overlayRelated(m.overlay, m.subject)] : []),
    ],
  });
}

/** Where the overlay says the namespace (else its first line): it makes the service account run as the subject. */
function overlayRelated(overlay: ParsedFile, subject: string): RelatedInfo {
  const doc = overlay.docs.find((d) => d.kind === 'kustomization');
  const namespace = doc && isMap(doc.root) ? kustomizationView(doc.root).namespaceNode : undefined;
  return { uri: overlay.uri, range: overlay.rangeOf(namespace?.range ?? [0, 0]), message: `this overlay renders it as ${subject}` };
}

function anyNamespaceMatch(pattern: string, serviceAccount: string): boolean {
  const parts = pattern.split(':');
  if (parts.length !== 4 || parts[0] !== 'system' || parts[1] !== 'serviceaccount') return false;
  if (isTemplated(serviceAccount)) return /[*?]/.test(parts[3]) || isTemplated(parts[3]) || templateAdmits(serviceAccount, parts[3]);
  return globMatch(parts[3], serviceAccount) || parts[3] === serviceAccount;
}
