import * as path from 'path';
import { ParsedFile } from '../model/parsedFile';

/** How to name another file in a message: relative to the file being checked. */
export function displayPath(from: ParsedFile, to: ParsedFile): string {
  if (!from.fsPath || !to.fsPath) return to.uri;
  const relative = path.relative(path.dirname(from.fsPath), to.fsPath);
  return relative.split(path.sep).join('/');
}
