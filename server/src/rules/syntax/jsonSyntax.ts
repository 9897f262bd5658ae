import { FileRule } from '../rule';
import { isRelevant } from './relevance';

export const jsonSyntax: FileRule = {
  id: 'json-syntax',
  description: 'The JSON does not parse.',
  defaultSeverity: 'error',
  checkFile(ctx) {
    if (ctx.file.format !== 'json') return;
    // A document left unchecked because of a safety limit is reported in any file: it may hide anything.
    const relevant = isRelevant(ctx.file);
    for (const doc of ctx.file.docs) {
      for (const error of doc.errors) if (relevant || error.limit) ctx.report({ range: error.range, message: `JSON: ${error.message}` });
    }
  },
};
