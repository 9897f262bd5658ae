import { isScalar, str } from '../../model/node';
import { isTemplated } from '../../model/templated';
import { awsRegions } from '../../installConfig/awsRegions';
import { installConfigView } from '../../views/installConfig';
import { nearest } from '../../util/nearest';
import { replaceScalar } from '../edits';
import { DocRule } from '../rule';

const REGION_NAMES = awsRegions.map((r) => r.name);

export const installConfigRegion: DocRule = {
  id: 'install-config-region',
  description: 'platform.aws.region is missing (error) or is not a known AWS region (warning).',
  defaultSeverity: 'error',
  kinds: ['install-config'],
  check(ctx) {
    const view = installConfigView(ctx.root);
    if (!view.aws) return;
    const region = str(view.region?.value);
    if (!view.region || region === undefined || region === '') {
      ctx.report({
        range: view.region?.keyRange ?? view.aws.keyRange,
        message: 'platform.aws.region is required: name the AWS region to install into, e.g. us-east-1.',
      });
      return;
    }
    if (REGION_NAMES.includes(region) || !isScalar(view.region.value) || isTemplated(region)) return;
    const suggestion = nearest(region, REGION_NAMES);
    ctx.report({
      range: view.region.value.range,
      severity: 'warning',
      message: `"${region}" is not a known AWS region${suggestion ? ` (did you mean "${suggestion}"?)` : ''}.`,
      fixes: suggestion
        ? [{ title: `Replace with ${suggestion}`, isPreferred: true, edits: { [ctx.file.uri]: [replaceScalar(ctx, view.region.value, suggestion)] } }]
        : [],
    });
  },
};
