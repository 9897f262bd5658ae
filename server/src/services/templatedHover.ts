import { Hover, MarkupKind } from 'vscode-languageserver-types';
import { isScalar, isSeq, OffsetRange } from '../model/node';
import { ParsedFile, SourceDoc } from '../model/parsedFile';
import { PLACEHOLDER_SOURCES, placeholdersIn } from '../model/templated';
import { nodeAt } from './nodeAt';

/**
 * On a templated key or value (model/templated): what fills it in and what
 * STS Lens does with it. Asked after the field's own hover, so a known key
 * keeps its documentation.
 */
export function templatedHover(file: ParsedFile, doc: SourceDoc, offset: number): Hover | undefined {
  const hit = nodeAt(doc.root, offset);
  if (!hit) return undefined;
  let text: string | undefined;
  let range: OffsetRange | undefined;
  if (hit.onKey && hit.pair) {
    text = hit.pair.key;
    range = hit.pair.keyRange;
  } else {
    const node = isSeq(hit.node) ? hit.node.items.find((i) => offset >= i.start && offset <= i.end) : hit.node;
    if (isScalar(node) && typeof node.value === 'string') {
      text = node.value;
      range = node.range;
    }
  }
  if (text === undefined || !range) return undefined;
  const placeholders = placeholdersIn(text);
  if (placeholders.length === 0) return undefined;
  const value = text;
  const lines = placeholders.slice(0, 5).map((p) => `- \`${value.slice(p.start, p.end)}\`: filled in by ${PLACEHOLDER_SOURCES[p.form]}`);
  return {
    contents: {
      kind: MarkupKind.Markdown,
      value: `**Templated value**\n\n${lines.join('\n')}\n\nSTS Lens checks the literal parts of this value and skips every check that depends on a placeholder: it is unknown until it is filled in, not wrong.`,
    },
    range: file.rangeOf(range),
  };
}
