import { TextEdit } from 'vscode-languageserver-types';
import { isSeq, SNode } from '../model/node';
import { ParsedFile } from '../model/parsedFile';
import { eolOf } from '../rules/edits';

/**
 * Adds a string to a list (or to a single value, which becomes a two-item
 * list) in any file, keeping its formatting: a YAML block sequence gets a new
 * `- item` line, a JSON/flow list written one item per line gets a new line
 * with the same indentation, anything else `, "item"`. `encode` escapes the
 * text for a list that lives inside a JSON string (ccoctl's role files).
 */
export function appendToList(file: ParsedFile, node: SNode, value: string, encode: (text: string) => string = (t) => t, multiLineAllowed = true): TextEdit {
  const text = file.text;
  const quoted = JSON.stringify(value);
  const edit = (start: number, end: number, newText: string): TextEdit => ({ range: file.rangeOf([start, end]), newText });
  if (isSeq(node) && node.items.length > 0) {
    const last = node.items[node.items.length - 1];
    if (text[node.range[0]] !== '[') {
      const lineStart = text.lastIndexOf('\n', last.range[0]) + 1;
      const indent = text.slice(lineStart, last.range[0]).replace(/-\s*$/, '');
      return edit(last.range[1], last.range[1], `${eolOf(file)}${indent}- ${quoted}`);
    }
    const previous = node.items.length > 1 ? node.items[node.items.length - 2] : undefined;
    const between = text.slice(previous ? previous.range[1] : node.range[0] + 1, last.range[0]);
    if (multiLineAllowed && between.includes('\n')) {
      const lineStart = text.lastIndexOf('\n', last.range[0]) + 1;
      return edit(last.range[1], last.range[1], `,${eolOf(file)}${text.slice(lineStart, last.range[0])}${quoted}`);
    }
    return edit(last.range[1], last.range[1], encode(`, ${quoted}`));
  }
  if (isSeq(node)) return edit(node.range[0], node.range[1], encode(`[${quoted}]`));
  const raw = text.slice(node.range[0], node.range[1]);
  return edit(node.range[0], node.range[1], `${encode('[')}${raw}${encode(`, ${quoted}]`)}`);
}
