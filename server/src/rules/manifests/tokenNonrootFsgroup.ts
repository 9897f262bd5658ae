import { get, isMap, isScalar, MapNode, Pair, pairOf, str } from '../../model/node';
import { clusterKubernetesVersion } from '../../crossFile/clusterVersion';
import { ParsedFile } from '../../model/parsedFile';
import { resolveYaml11 } from '../../model/yaml11';
import { TokenFileUse, webIdentityFacts } from '../../views/webIdentity';
import { ContainerView, workloadView, WorkloadView } from '../../views/workload';
import { folderFacts } from '../../workspace/folderFacts';
import { eolOf } from '../edits';
import { DocRule, Fix } from '../rule';
import { appendMapKey } from './yamlInsert';

const FS_GROUP = 65534;

export const tokenNonrootFsgroup: DocRule = {
  id: 'token-nonroot-fsgroup',
  description: 'A non-root container reads a web identity token the kubelet writes root-only (before Kubernetes 1.19, or with a defaultMode others cannot read) and the pod sets no fsGroup: permission denied.',
  defaultSeverity: 'warning',
  kinds: ['workload'],
  check(ctx) {
    const workload = workloadView(ctx.root);
    if (!workload || isMap(workload.podSecurityContext?.value) && pairOf(workload.podSecurityContext.value, 'fsGroup')) return;
    const { uses } = webIdentityFacts(workload, folderFacts(ctx.workspace, ctx.file));
    const version = ctx.index ? clusterKubernetesVersion(ctx.index, ctx.file, ctx.settings) : undefined;
    const legacy = version !== undefined && version.major === 1 && version.minor < 19;
    const reported = new Set<ContainerView>();
    for (const use of uses) {
      if (reported.has(use.container) || (!use.token && !use.injected)) continue;
      const evidence = nonRootEvidence(workload, use.container);
      if (!evidence) continue;
      // Since Kubernetes 1.19 the kubelet gives the token to the containers' one runAsUser (0600), or else writes it with
      // the volume's defaultMode (0644 unless set): only a defaultMode that others cannot read leaves it root-only.
      const mode = legacy ? undefined : defaultModeOf(ctx.file, use);
      if (!legacy && (mode === undefined || (mode & 0o004) !== 0 || sharedRunAsUser(workload) !== undefined)) continue;
      reported.add(use.container);
      const fix = fsGroupFix(workload);
      const who = `Container "${use.container.name || '(unnamed)'}" runs as non-root (${evidence.key}: ${str(evidence.value)}) and reads the token at ${use.file}`;
      const why = legacy
        ? `the pod sets no securityContext.fsGroup, and on Kubernetes ${version!.text} (before 1.19) the kubelet writes the token root-owned with mode 0600`
        : `its volume "${use.source?.volume?.name ?? ''}" sets defaultMode 0${mode!.toString(8)}, which others cannot read, and the pod sets no securityContext.fsGroup nor one runAsUser for all its containers: the kubelet writes the token root-owned with that mode`;
      ctx.report({
        range: evidence.keyRange,
        message: `${who}, but ${why} ("open ${use.file}: permission denied"). Set spec.securityContext.fsGroup (e.g. ${FS_GROUP}).`,
        fixes: [{ title: `Add securityContext.fsGroup: ${FS_GROUP}`, isPreferred: true, edits: { [ctx.file.uri]: [fix(ctx)] } }],
      });
    }
  },
};

/** The projected token volume's defaultMode as Kubernetes reads it (YAML 1.1: a leading 0 is octal), undefined when not written. */
function defaultModeOf(file: ParsedFile, use: TokenFileUse): number | undefined {
  const node = get(use.source?.volume?.node, 'projected', 'defaultMode');
  if (!isScalar(node) || node.quoted) return undefined;
  const value = file.format === 'yaml' ? resolveYaml11(file.text.slice(node.range[0], node.range[1])) : node.value;
  return typeof value === 'number' && Number.isInteger(value) ? value : undefined;
}

/** The one runAsUser every container runs as (the kubelet then gives the token to it), else undefined. */
function sharedRunAsUser(workload: WorkloadView): number | undefined {
  let shared: number | undefined;
  for (const container of workload.containers) {
    const user = pairOf(container.securityContext, 'runAsUser') ?? pairOf(workload.podSecurityContext?.value, 'runAsUser');
    const value = user ? Number(str(user.value)) : NaN;
    if (!Number.isInteger(value) || (shared !== undefined && shared !== value)) return undefined;
    shared = value;
  }
  return shared;
}

/** The setting that makes the container non-root (its own securityContext wins over the pod's). */
function nonRootEvidence(workload: WorkloadView, container: ContainerView): Pair | undefined {
  for (const context of [container.securityContext, workload.podSecurityContext?.value]) {
    const user = pairOf(context, 'runAsUser');
    if (user) return Number(str(user.value)) > 0 ? user : undefined;
  }
  for (const context of [container.securityContext, workload.podSecurityContext?.value]) {
    const nonRoot = pairOf(context, 'runAsNonRoot');
    if (nonRoot) return str(nonRoot.value) === 'true' ? nonRoot : undefined;
  }
  return undefined;
}

function fsGroupFix(workload: WorkloadView): (ctx: Parameters<DocRule['check']>[0]) => Fix['edits'][string][number] {
  return (ctx) => {
    const context = workload.podSecurityContext?.value;
    if (isMap(context) && context.pairs.length > 0) return appendMapKey(ctx, context as MapNode, 'fsGroup', [], String(FS_GROUP));
    if (workload.podSecurityContext) return ctx.edit([workload.podSecurityContext.keyRange[0], workload.podSecurityContext.value.range[1]], `securityContext:${eolOf(ctx.file)}${' '.repeat(ctx.file.positionAt(workload.podSecurityContext.keyRange[0]).character + 2)}fsGroup: ${FS_GROUP}`);
    return appendMapKey(ctx, workload.podSpec, 'securityContext', [`fsGroup: ${FS_GROUP}`]);
  };
}
