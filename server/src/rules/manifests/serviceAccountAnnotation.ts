import { isScalar, str } from '../../model/node';
import { isTemplated } from '../../model/templated';
import { nearest } from '../../util/nearest';
import { EKS_ANNOTATIONS, EKS_PREFIX, serviceAccountView } from '../../views/serviceAccount';
import { replaceScalar } from '../edits';
import { DocRule } from '../rule';

const KNOWN = EKS_ANNOTATIONS.map((a) => EKS_PREFIX + a);

export const serviceAccountAnnotation: DocRule = {
  id: 'service-account-annotation',
  description: 'A misspelled or malformed eks.amazonaws.com/ annotation on a ServiceAccount: the webhook silently ignores it.',
  defaultSeverity: 'error',
  kinds: ['service-account'],
  check(ctx) {
    const view = serviceAccountView(ctx.root);
    for (const pair of view.annotations) {
      const looksEks = /^eks\.amazon(aws)?\.com\//.test(pair.key) || /^(eks|[a-z.]*amazonaws\.com)\/role-?arn$/i.test(pair.key);
      if (looksEks && !KNOWN.includes(pair.key)) {
        const suggestion = nearest(pair.key, KNOWN) ?? KNOWN.find((k) => k.endsWith('/' + pair.key.split('/').pop()));
        ctx.report({
          range: pair.keyRange,
          message: `Unknown annotation "${pair.key}"${suggestion ? ` (did you mean "${suggestion}"?)` : ''}: the pod identity webhook ignores it and the pod gets no AWS credentials.`,
          fixes: suggestion ? [{ title: `Replace with ${suggestion}`, isPreferred: true, edits: { [ctx.file.uri]: [ctx.edit(pair.keyRange, suggestion)] } }] : [],
        });
      }
    }
    for (const label of view.labels) {
      if (label.key === `${EKS_PREFIX}role-arn`) {
        ctx.report({ range: label.keyRange, message: `${EKS_PREFIX}role-arn is a label here; the webhook reads it only from metadata.annotations. Move it there.` });
      }
    }
    const regional = view.stsRegionalEndpoints;
    const regionalText = str(regional?.value);
    if (regional && isScalar(regional.value) && regionalText !== 'true' && regionalText !== 'false' && !isTemplated(regionalText)) {
      ctx.report({
        range: regional.value.range,
        message: `${EKS_PREFIX}sts-regional-endpoints is "${regionalText ?? ''}": the webhook accepts only "true" or "false".`,
        fixes: [{ title: 'Set "true"', isPreferred: regionalText === 'regional', edits: { [ctx.file.uri]: [replaceScalar(ctx, regional.value, 'true')] } }],
      });
    }
    const expiration = view.tokenExpiration;
    const expirationText = str(expiration?.value);
    if (expiration && (expirationText === undefined || !/^\d+$/.test(expirationText.trim())) && !isTemplated(expirationText)) {
      ctx.report({ range: expiration.value.range, message: `${EKS_PREFIX}token-expiration must be a number of seconds, not "${expirationText ?? ''}": the webhook ignores it and uses 86400.` });
    }
    const audience = view.audience;
    if (audience && (str(audience.value) ?? '').trim() === '') {
      ctx.report({ range: audience.keyRange, message: `${EKS_PREFIX}audience is empty: STS rejects a token without an audience. Remove it (default sts.amazonaws.com) or set the provider's client ID.` });
    }
  },
};
