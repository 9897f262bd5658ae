import * as path from 'path';
import { isScalar, str } from '../../model/node';
import { workloadView } from '../../views/workload';
import { replaceScalar } from '../edits';
import { DocRule, Fix } from '../rule';

/** Why the API server refuses a projected token's path, or undefined when it takes it. */
export function tokenPathProblem(value: string): string | undefined {
  if (value.trim() === '') return 'is empty';
  if (value.startsWith('/')) return "is absolute: it is relative to the volume's mountPath";
  if (value.split('/').includes('..')) return 'contains ".."';
  return undefined;
}

export const tokenPath: DocRule = {
  id: 'token-path',
  description: 'A projected serviceAccountToken path that is absolute, empty or contains "..": the API server rejects the pod.',
  defaultSeverity: 'error',
  kinds: ['workload'],
  check(ctx) {
    const workload = workloadView(ctx.root);
    for (const volume of workload?.volumes ?? []) {
      for (const token of volume.tokens) {
        const pair = token.path;
        if (!pair) {
          ctx.report({
            range: token.keyRange,
            message: `The serviceAccountToken source of volume "${volume.name}" has no path: the API server rejects the pod. Add path: token.`,
          });
          continue;
        }
        const value = str(pair.value) ?? '';
        const problem = tokenPathProblem(value);
        if (!problem) continue;
        const suggestion = path.posix.basename(value.trim()) && !value.split('/').includes('..') ? path.posix.basename(value.trim()) : 'token';
        const fix: Fix | undefined = isScalar(pair.value) && pair.value.range[1] > pair.value.range[0]
          ? { title: `Set path: ${suggestion}`, isPreferred: true, edits: { [ctx.file.uri]: [replaceScalar(ctx, pair.value, suggestion)] } }
          : undefined;
        ctx.report({
          range: pair.value.range[1] > pair.value.range[0] ? pair.value.range : pair.keyRange,
          message: `The token path "${value}" in volume "${volume.name}" ${problem}; the API server rejects the pod. Use a relative file name such as "${suggestion}".`,
          fixes: fix ? [fix] : [],
        });
      }
    }
  },
};
