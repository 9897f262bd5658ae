import { kustomizeRenderings } from '../../crossFile/kustomize';
import { kustomizationView } from '../../views/kustomization';
import { DocRule } from '../rule';

export const kustomizeUnsupported: DocRule = {
  id: 'kustomize-unsupported',
  description:
    'A kustomization uses what sts-lens does not render (generators, components, remote bases, Helm charts, replacements, vars, JSON 6902 patches), or a resource that cannot be followed: what it makes is not checked.',
  defaultSeverity: 'information',
  kinds: ['kustomization'],
  check(ctx) {
    for (const item of kustomizationView(ctx.root).unsupported) {
      const consequence = item.changesIdentity
        ? 'it can rename, move or annotate resources, so the resources of the overlays that include this kustomization are not checked'
        : 'the resources it adds are not checked';
      ctx.report({ range: item.range, message: `sts-lens does not render ${item.what}: ${consequence}.` });
    }
    if (!ctx.index) return;
    for (const note of kustomizeRenderings(ctx.index).notes) {
      if (note.doc === ctx.doc) ctx.report({ range: note.range, message: `Kustomize: ${note.message}.` });
    }
  },
};
