import { TextEdit } from 'vscode-languageserver-types';
import { stringify } from 'yaml';
import { MapNode, OffsetRange } from '../../model/node';
import { PolicyDoc } from '../../views/policy';
import { eolOf, insertLineAfter } from '../edits';
import { DocContext } from '../rule';

/**
 * Edits of a policy wherever it lives: a JSON file, a YAML document, or JSON
 * inside a string (where new text is escaped for the outer string).
 */

function isJsonLike(ctx: DocContext, policy: PolicyDoc, map: MapNode): boolean {
  return ctx.file.format === 'json' || policy.embedded !== undefined || ctx.file.text[map.range[0]] === '{';
}

/** Replaces a key (its quotes kept) with another name. */
export function renameKey(ctx: DocContext, policy: PolicyDoc, keyRange: OffsetRange, oldKey: string, newKey: string): TextEdit {
  const source = ctx.file.text.slice(keyRange[0], keyRange[1]);
  const at = source.indexOf(policy.encode(oldKey));
  if (at >= 0) return ctx.edit([keyRange[0] + at, keyRange[0] + at + policy.encode(oldKey).length], policy.encode(newKey));
  return ctx.edit(keyRange, policy.encode(JSON.stringify(newKey)));
}

/** Replaces a string value, keeping its quoting. */
export function replaceString(ctx: DocContext, policy: PolicyDoc, range: OffsetRange, oldValue: string, newValue: string): TextEdit {
  return renameKey(ctx, policy, range, oldValue, newValue);
}

/** Adds `key: value` as the last entry of `map`, in the style of the surrounding text. */
export function insertPair(ctx: DocContext, policy: PolicyDoc, map: MapNode, key: string, value: unknown): TextEdit {
  const text = ctx.file.text;
  const last = map.pairs[map.pairs.length - 1];
  if (isJsonLike(ctx, policy, map)) {
    if (!last) return ctx.edit([map.range[0] + 1, map.range[0] + 1], policy.encode(`${JSON.stringify(key)}: ${JSON.stringify(value)}`));
    const lineStart = text.lastIndexOf('\n', last.keyRange[0] - 1) + 1;
    const between = text.slice(lineStart, last.keyRange[0]);
    const multiLine = !policy.embedded && /^\s*$/.test(between);
    if (!multiLine) return ctx.edit([last.value.range[1], last.value.range[1]], policy.encode(`,${JSON.stringify(key)}:${JSON.stringify(value)}`));
    const unit = indentUnit(text);
    const pretty = JSON.stringify(value, null, unit).replace(/\n/g, eolOf(ctx.file) + between);
    return ctx.edit([last.value.range[1], last.value.range[1]], `,${eolOf(ctx.file)}${between}${JSON.stringify(key)}: ${pretty}`);
  }
  // A YAML block map: one or more lines after the last entry, at its key's column.
  const column = last ? last.keyRange[0] - (text.lastIndexOf('\n', last.keyRange[0] - 1) + 1) : 0;
  const yamlText = stringify({ [key]: value }, { indent: 2, lineWidth: 0 }).replace(/\n$/, '');
  const lines = yamlText.split('\n').map((l) => ' '.repeat(column) + l).join(eolOf(ctx.file));
  const after = last ? Math.max(last.value.range[1] - 1, last.keyRange[1]) : map.range[0];
  return insertLineAfter(ctx, lastNonSpace(text, after), lines);
}

function lastNonSpace(text: string, offset: number): number {
  let i = offset;
  while (i > 0 && /\s/.test(text[i])) i--;
  return i;
}

function indentUnit(text: string): number {
  const m = /\n( +)["{[]/.exec(text);
  return m && m[1].length <= 4 ? m[1].length : 2;
}
