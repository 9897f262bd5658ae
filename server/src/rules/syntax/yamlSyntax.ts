import { FileRule } from '../rule';
import { isRelevant } from './relevance';

export const yamlSyntax: FileRule = {
  id: 'yaml-syntax',
  description: 'The YAML does not parse; the other documents of the file are still checked.',
  defaultSeverity: 'error',
  checkFile(ctx) {
    if (ctx.file.format !== 'yaml' || !isRelevant(ctx.file)) return;
    for (const doc of ctx.file.docs) {
      for (const error of doc.errors) {
        const where = ctx.file.docs.length > 1 ? ` (document ${doc.index + 1} of ${ctx.file.docs.length})` : '';
        ctx.report({ range: error.range, message: `${error.message}${where}` });
      }
    }
  },
};
