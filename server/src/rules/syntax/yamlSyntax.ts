import { FileRule } from '../rule';
import { isRelevant } from './relevance';

export const yamlSyntax: FileRule = {
  id: 'yaml-syntax',
  description: 'The YAML does not parse; the other documents of the file are still checked.',
  defaultSeverity: 'error',
  checkFile(ctx) {
    if (ctx.file.format !== 'yaml') return;
    // A document left unchecked because of a safety limit is reported in any file: it may hide anything.
    const relevant = isRelevant(ctx.file);
    for (const doc of ctx.file.docs) {
      for (const error of doc.errors) {
        if (!relevant && !error.limit) continue;
        const where = ctx.file.docs.length > 1 ? ` (document ${doc.index + 1} of ${ctx.file.docs.length})` : '';
        ctx.report({ range: error.range, message: `${error.message}${where}` });
      }
    }
  },
};
