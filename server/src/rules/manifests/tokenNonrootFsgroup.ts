import { isMap, MapNode, Pair, pairOf, str } from '../../model/node';
import { webIdentityFacts } from '../../views/webIdentity';
import { ContainerView, workloadView, WorkloadView } from '../../views/workload';
import { folderFacts } from '../../workspace/folderFacts';
import { eolOf } from '../edits';
import { DocRule, Fix } from '../rule';
import { appendMapKey } from './yamlInsert';

const FS_GROUP = 65534;

export const tokenNonrootFsgroup: DocRule = {
  id: 'token-nonroot-fsgroup',
  description: 'A non-root container reads a web identity token but the pod sets no fsGroup: permission denied.',
  defaultSeverity: 'warning',
  kinds: ['workload'],
  check(ctx) {
    const workload = workloadView(ctx.root);
    if (!workload || isMap(workload.podSecurityContext?.value) && pairOf(workload.podSecurityContext.value, 'fsGroup')) return;
    const { uses } = webIdentityFacts(workload, folderFacts(ctx.workspace, ctx.file));
    const reported = new Set<ContainerView>();
    for (const use of uses) {
      if (reported.has(use.container) || (!use.token && !use.injected)) continue;
      const evidence = nonRootEvidence(workload, use.container);
      if (!evidence) continue;
      reported.add(use.container);
      const fix = fsGroupFix(workload);
      ctx.report({
        range: evidence.keyRange,
        message: `Container "${use.container.name}" runs as non-root (${evidence.key}: ${str(evidence.value)}) and reads the token at ${use.file}, but the pod sets no securityContext.fsGroup: the token file may be unreadable ("open ${use.file}: permission denied"). Set spec.securityContext.fsGroup (e.g. ${FS_GROUP}).`,
        fixes: [{ title: `Add securityContext.fsGroup: ${FS_GROUP}`, isPreferred: true, edits: { [ctx.file.uri]: [fix(ctx)] } }],
      });
    }
  },
};

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
