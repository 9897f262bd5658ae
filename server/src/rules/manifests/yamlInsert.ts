import { TextEdit } from 'vscode-languageserver-types';
import { MapNode, SeqNode } from '../../model/node';
import { EditContext, eolOf, insertLineAfter } from '../edits';

/** Column of an offset within its line. */
export function columnOf(ctx: EditContext, offset: number): number {
  return ctx.file.positionAt(offset).character;
}

function lastLineOffset(end: number, text: string): number {
  // Block collections can end just after their last newline: step back onto the last content line.
  let at = Math.max(0, end - 1);
  while (at > 0 && (text[at] === '\n' || text[at] === '\r')) at--;
  return at;
}

/** Lines indented to `column`, joined in the file's line endings (the last line without one). */
function block(ctx: EditContext, column: number, lines: string[]): string {
  return lines.map((l) => ' '.repeat(column) + l).join(eolOf(ctx.file));
}

/** Appends an item (given as block lines) to a block sequence, matching its indentation. */
export function appendSeqItem(ctx: EditContext, seq: SeqNode, lines: string[]): TextEdit | undefined {
  const source = ctx.file.text.slice(seq.range[0], seq.range[1]);
  if (source.startsWith('[')) return undefined;
  const last = seq.items[seq.items.length - 1];
  if (!last) return undefined;
  const itemColumn = columnOf(ctx, seq.items[0].range[0]);
  const dash = Math.max(0, itemColumn - 2);
  const text = [' '.repeat(dash) + '- ' + lines[0], ...lines.slice(1).map((l) => ' '.repeat(dash + 2) + l)].join(eolOf(ctx.file));
  return insertLineAfter(ctx, lastLineOffset(last.range[1], ctx.file.text), text);
}

/** Adds `key:` with block lines below it as the last key of a block map. */
export function appendMapKey(ctx: EditContext, map: MapNode, key: string, lines: string[], inline?: string): TextEdit {
  const first = map.pairs[0];
  const column = first ? columnOf(ctx, first.keyRange[0]) : columnOf(ctx, map.range[0]);
  const last = map.pairs[map.pairs.length - 1];
  const head = ' '.repeat(column) + (inline !== undefined ? `${key}: ${inline}` : `${key}:`);
  const text = lines.length ? head + eolOf(ctx.file) + block(ctx, column + 2, lines) : head;
  return insertLineAfter(ctx, lastLineOffset((last?.value ?? map).range[1], ctx.file.text), text);
}

/** Inserts a `key: value` line right after the line of `offset`, at `column`. */
export function insertKeyLine(ctx: EditContext, afterOffset: number, column: number, line: string): TextEdit {
  return insertLineAfter(ctx, afterOffset, ' '.repeat(column) + line);
}
