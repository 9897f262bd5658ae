import { FileRule } from '../rule';
import { isRelevant } from './relevance';

export const jsonSyntax: FileRule = {
  id: 'json-syntax',
  description: 'The JSON does not parse.',
  defaultSeverity: 'error',
  checkFile(ctx) {
    if (ctx.file.format !== 'json' || !isRelevant(ctx.file)) return;
    for (const doc of ctx.file.docs) {
      for (const error of doc.errors) ctx.report({ range: error.range, message: `JSON: ${error.message}` });
    }
  },
};
