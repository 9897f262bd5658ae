import { defaultAudience, webIdentityFacts } from '../../views/webIdentity';
import { workloadView } from '../../views/workload';
import { folderFacts } from '../../workspace/folderFacts';
import { DocRule } from '../rule';
import { columnOf, insertKeyLine } from './yamlInsert';

export const tokenAudienceMissing: DocRule = {
  id: 'token-audience-missing',
  description: 'A projected token used for web identity asks for no audience: STS refuses it.',
  defaultSeverity: 'warning',
  kinds: ['workload'],
  check(ctx) {
    const workload = workloadView(ctx.root);
    if (!workload) return;
    const { uses } = webIdentityFacts(workload, folderFacts(ctx.workspace, ctx.file));
    const seen = new Set<unknown>();
    for (const use of uses) {
      const token = use.token;
      if (!token || token.audience || seen.has(token)) continue;
      seen.add(token);
      const audience = defaultAudience(use.file);
      const anchor = token.node.pairs[0];
      ctx.report({
        range: token.keyRange,
        message: `The token mounted at ${use.file} for container "${use.container.name}" requests no audience, so it carries the API server's own audience and STS answers "InvalidIdentityToken: Incorrect token audience". Set audience to one the OIDC provider accepts (usually "${audience}").`,
        fixes: anchor
          ? [{ title: `Set audience: ${audience}`, isPreferred: true, edits: { [ctx.file.uri]: [insertKeyLine(ctx, token.node.pairs[token.node.pairs.length - 1].value.range[1] - 1, columnOf(ctx, anchor.keyRange[0]), `audience: ${audience}`)] } }]
          : [],
      });
    }
  },
};
