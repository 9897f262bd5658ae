import * as path from 'path';
import { pathToFileURL } from 'url';
import { CodeAction, CodeActionKind } from 'vscode-languageserver-types';
import { inScope } from '../crossFile/clusterScope';
import { displayPath } from '../crossFile/display';
import { fargateNamespaces, fargateProfileFor } from '../crossFile/fargateProfiles';
import { associationsFor, workspaceAssociations } from '../crossFile/podIdentityAssociations';
import { addStatementEdit, replaceStatementsEdit } from '../crossFile/podIdentityStatement';
import { analyzePodIdentityTrust } from '../crossFile/podIdentityTrust';
import { roleNameOf } from '../crossFile/roleNames';
import { trustSourceFor } from '../crossFile/trustSources';
import { subjectOf, webIdentityStatements } from '../crossFile/webIdentityTrust';
import { ackAssociationYaml, CLUSTER_PLACEHOLDER, clusterExpressionOf, terraformAssociationBlock, usesPodIdentity } from '../commands/podIdentityRole';
import { isMap, str } from '../model/node';
import { docAt, ParsedFile } from '../model/parsedFile';
import { isTemplated } from '../model/templated';
import { Fix, FixEdit } from '../rules/rule';
import { Settings } from '../settings';
import { PolicyDoc } from '../views/policy';
import { serviceAccountView, ServiceAccountView } from '../views/serviceAccount';
import { WorkspaceIndex } from '../workspace/workspaceIndex';
import { toWorkspaceEdit, EditSupport } from './codeActions';

export const MIGRATE_TITLE = 'Migrate to EKS Pod Identity';
export const KEEP_TITLE = `${MIGRATE_TITLE} (keep the IRSA trust for the cut-over)`;
export const REPLACE_TITLE = `${MIGRATE_TITLE} (replace the IRSA trust)`;

/** What the migration writes above the association it adds (a comment in YAML and in HCL). */
export const MIGRATION_NOTE = [
  '# Migrated from IRSA. EKS Pod Identity credentials reach a pod only when:',
  '# - the pod is created after this association (running pods keep what they were given at creation);',
  '# - its AWS SDK is recent enough for the container credential provider that EKS Pod Identity uses',
  '#   (minimum versions: https://docs.aws.amazon.com/eks/latest/userguide/pod-id-minimum-sdk.html);',
  '# - for an EKS add-on or a third-party controller, that component supports EKS Pod Identity.',
  '',
].join('\n');

/** What the migration does with the role's web identity statement. */
export type TrustCutOver = 'keep' | 'replace';

/**
 * "Migrate to EKS Pod Identity" on a ServiceAccount with the IRSA role
 * annotation, in a workspace that uses Pod Identity: one edit that adds the
 * association (to the workspace's Terraform associations file, else an ACK
 * PodIdentityAssociation beside the ServiceAccount), adds a
 * pods.eks.amazonaws.com statement to the role's JSON trust policy (the web
 * identity statement stays, so pods not yet restarted keep working), and
 * removes the annotation. Offered only when every part can be written.
 * With `replace`, the Pod Identity statement takes the place of the web
 * identity statement instead; offered only when the trust policy holds
 * nothing but web identity statements for this one ServiceAccount.
 */
export function migrateToPodIdentity(file: ParsedFile, offset: number, index: WorkspaceIndex, settings: Settings, trust: TrustCutOver = 'keep'): Fix | undefined {
  const doc = docAt(file, offset);
  if (!doc || doc.kind !== 'service-account' || !isMap(doc.root) || file.format !== 'yaml' || !file.fsPath) return undefined;
  const sa = serviceAccountView(doc.root);
  const arn = str(sa.roleArn?.value);
  const roleName = arn ? roleNameOf(arn) : undefined;
  if (!sa.roleArn || !arn || !roleName || isTemplated(arn) || !sa.name || !usesPodIdentity(index, file, settings)) return undefined;
  const namespace = sa.namespace ?? 'default';
  if (associationsFor(index, namespace, sa.name).length) return undefined;
  const source = trustSourceFor(index, settings, roleName, file);
  if (!source) return undefined;
  const edits: Record<string, FixEdit[]> = {};
  const add = (uri: string, edit: FixEdit) => (edits[uri] ??= []).push(edit);
  const scope = { namespace, serviceAccount: sa.name, disableSessionTags: false };
  if (trust === 'replace') {
    if (!onlyIrsaTrustOf(source.policy, subjectOf(namespace, sa.name))) return undefined;
    const statement = replaceStatementsEdit(source.file, source.policy, scope);
    if (!statement) return undefined;
    add(source.file.uri, statement);
  } else if (analyzePodIdentityTrust(source.policy).statements.length === 0) {
    const statement = addStatementEdit(source.file, source.policy, { namespace, serviceAccount: sa.name, disableSessionTags: false });
    if (!statement) return undefined;
    add(source.file.uri, statement);
  }
  const removal = removeAnnotation(file, sa);
  if (!removal) return undefined;
  add(file.uri, removal);
  const associations = workspaceAssociations(index);
  const clusters = new Set(associations.map((a) => a.association.cluster).filter((c): c is string => c !== undefined));
  const cluster = clusters.size === 1 ? [...clusters][0] : undefined;
  const terraform = associations.find((a) => a.association.source === 'terraform' && a.file.fsPath);
  const fix: Fix = { title: trust === 'replace' ? REPLACE_TITLE : KEEP_TITLE, edits };
  if (terraform) {
    const tf = terraform.file;
    const id = `${namespace}_${sa.name}`.replace(/[^A-Za-z0-9_-]/g, '_');
    const block = terraformAssociationBlock(id, clusterExpressionOf(cluster), namespace, sa.name, JSON.stringify(arn));
    const end = tf.positionAt(tf.text.length);
    add(tf.uri, { range: { start: end, end }, newText: (tf.text.endsWith('\n') ? '' : '\n') + '\n' + MIGRATION_NOTE + block.slice(2) });
  } else {
    const target = path.join(path.dirname(file.fsPath), `${sa.name}-pod-identity-association.yaml`);
    if (index.exists(target)) return undefined;
    const clusterName = cluster !== undefined && !isTemplated(cluster) ? cluster : CLUSTER_PLACEHOLDER;
    fix.create = [
      {
        uri: pathToFileURL(target).toString(),
        text: MIGRATION_NOTE + ackAssociationYaml(clusterName, namespace, sa.name, arn),
      },
    ];
  }
  return fix;
}

/** Deletes the role-arn annotation's line, and `annotations:` with it when it is the only one (block style only). */
function removeAnnotation(file: ParsedFile, sa: ServiceAccountView): FixEdit | undefined {
  const pair = sa.roleArn!;
  const annotations = sa.annotationsPair;
  if (!annotations || !isMap(annotations.value) || file.text[annotations.value.range[0]] === '{') return undefined;
  const lineStart = (offset: number) => file.text.lastIndexOf('\n', offset - 1) + 1;
  const lineEnd = (offset: number) => {
    const n = file.text.indexOf('\n', offset);
    return n < 0 ? file.text.length : n + 1;
  };
  const only = annotations.value.pairs.length === 1;
  const start = lineStart(only ? annotations.keyStart : pair.keyStart);
  const end = lineEnd(pair.value.range[1]);
  return { range: file.rangeOf([start, end]), newText: '' };
}

/**
 * True when every statement of the trust policy is an Allow of
 * sts:AssumeRoleWithWebIdentity whose `sub` condition names exactly this
 * ServiceAccount: replacing the statements then takes access from no one else.
 */
function onlyIrsaTrustOf(policy: PolicyDoc, subject: string): boolean {
  const web = webIdentityStatements(policy);
  if (web.length === 0 || web.length !== policy.statements.length) return false;
  return web.every(({ statement, subs }) =>
    !statement.notAction && statement.actions.length > 0 && statement.actions.every((a) => /^sts:AssumeRoleWithWebIdentity$/i.test(a.value)) &&
    subs.length > 0 && subs.every((c) => c.values.length > 0 && c.values.every((v) => v.value === subject)));
}

/**
 * The refactor code actions at a position, when the migration applies: keep
 * or replace the IRSA trust. When a Fargate profile takes every pod of the
 * ServiceAccount's namespace, one disabled action says why instead: EKS Pod
 * Identity is not available on Fargate.
 */
export function migrateActions(file: ParsedFile, offset: number, index: WorkspaceIndex, settings: Settings, support: EditSupport): CodeAction[] {
  const fixes = (['keep', 'replace'] as const).map((trust) => migrateToPodIdentity(file, offset, index, settings, trust)).filter((f): f is Fix => f !== undefined);
  if (fixes.length === 0) return [];
  const fargate = fargateBlock(file, offset, index, settings);
  // A client that cannot show a disabled action gets none.
  if (fargate) return support.disabled ? [{ title: MIGRATE_TITLE, kind: CodeActionKind.RefactorRewrite, disabled: { reason: fargate } }] : [];
  return fixes.map((fix) => ({ title: fix.title, kind: CodeActionKind.RefactorRewrite, edit: toWorkspaceEdit(fix, support) }));
}

function fargateBlock(file: ParsedFile, offset: number, index: WorkspaceIndex, settings: Settings): string | undefined {
  const doc = docAt(file, offset);
  if (!doc || !isMap(doc.root)) return undefined;
  const namespace = serviceAccountView(doc.root).namespace ?? 'default';
  const profile = fargateProfileFor(inScope(index, settings, file, fargateNamespaces(index)), namespace);
  if (!profile) return undefined;
  return `Fargate profile ${profile.profile} (${displayPath(file, profile.file)}) runs every pod of namespace ${namespace} on AWS Fargate, where EKS Pod Identity is not available: keep IRSA for this ServiceAccount.`;
}
