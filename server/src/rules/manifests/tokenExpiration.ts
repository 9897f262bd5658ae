import { isScalar, Pair, str } from '../../model/node';
import { EKS_PREFIX, serviceAccountView } from '../../views/serviceAccount';
import { workloadView } from '../../views/workload';
import { replaceScalar } from '../edits';
import { DocContext, DocRule } from '../rule';

const MIN = 600;
const MAX = 4294967296;

export const tokenExpiration: DocRule = {
  id: 'token-expiration',
  description: 'A projected token lifetime the API server rejects, or a webhook token-expiration it silently raises.',
  defaultSeverity: 'error',
  kinds: ['workload', 'service-account'],
  check(ctx) {
    if (ctx.doc.kind === 'service-account') {
      checkAnnotation(ctx, serviceAccountView(ctx.root).tokenExpiration, 'ServiceAccount');
      return;
    }
    const workload = workloadView(ctx.root);
    if (!workload) return;
    checkAnnotation(ctx, workload.annotations.find((a) => a.key === `${EKS_PREFIX}token-expiration`), 'pod');
    for (const volume of workload.volumes) {
      for (const token of volume.tokens) {
        const pair = token.expirationSeconds;
        if (!pair || !isScalar(pair.value) || pair.value.value === null) continue;
        const seconds = Number(pair.value.value);
        if (!Number.isFinite(seconds)) continue;
        if (seconds >= MIN && seconds <= MAX) continue;
        const why = seconds < MIN ? 'may not specify a duration less than 10 minutes' : 'may not specify a duration larger than 2^32 seconds';
        ctx.report({
          range: pair.value.range,
          message: `expirationSeconds ${str(pair.value)} in volume "${volume.name}": the API server rejects the pod ("${why}"). Use a value from 600 to 4294967296, e.g. 3600.`,
          fixes: [{ title: 'Set expirationSeconds: 3600', isPreferred: true, edits: { [ctx.file.uri]: [ctx.edit(pair.value.range, '3600')] } }],
        });
      }
    }
  },
};

function checkAnnotation(ctx: DocContext, pair: Pair | undefined, where: string): void {
  const text = str(pair?.value);
  if (!pair || !isScalar(pair.value) || text === undefined || !/^\d+$/.test(text.trim())) return;
  const seconds = Number(text);
  if (seconds >= MIN) return;
  ctx.report({
    range: pair.value.range,
    severity: 'hint',
    message: `${EKS_PREFIX}token-expiration ${text} on this ${where} is below 600: the pod identity webhook silently raises it to 600 seconds. Write 600 or more (the default is 86400).`,
    fixes: [{ title: 'Set token-expiration to 3600', isPreferred: true, edits: { [ctx.file.uri]: [replaceScalar(ctx, pair.value, '3600')] } }],
  });
}
