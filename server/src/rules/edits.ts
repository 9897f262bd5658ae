import { TextEdit } from 'vscode-languageserver-types';
import { OffsetRange, ScalarNode } from '../model/node';
import { ParsedFile } from '../model/parsedFile';
import { DocContext } from './rule';

/** What an edit helper needs of a rule's context: the file and how to make an edit of it (commands build one too). */
export type EditContext = Pick<DocContext, 'file' | 'edit'>;

export function eolOf(file: ParsedFile): string {
  return file.text.includes('\r\n') ? '\r\n' : '\n';
}

/** Inserts a whole line after the line that holds `offset`, in the file's own line endings. */
export function insertLineAfter(ctx: EditContext, offset: number, line: string): TextEdit {
  const { file } = ctx;
  const eol = eolOf(file);
  const next = file.offsetAt({ line: file.positionAt(offset).line + 1, character: 0 });
  if (next >= file.text.length && !/[\r\n]$/.test(file.text)) return ctx.edit([file.text.length, file.text.length], eol + line);
  return ctx.edit([next, next], line + eol);
}

/** Replaces a scalar, keeping the quote style it was written in. */
export function replaceScalar(ctx: EditContext, node: ScalarNode | { range: OffsetRange; quoted?: boolean }, value: string): TextEdit {
  const source = ctx.file.text.slice(node.range[0], node.range[1]);
  const quote = source.startsWith("'") ? "'" : source.startsWith('"') ? '"' : value === '' ? '"' : '';
  return ctx.edit(node.range, `${quote}${value}${quote}`);
}
