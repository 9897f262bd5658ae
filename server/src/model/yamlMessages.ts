/**
 * The `yaml` parser's errors in the words of someone editing a manifest: what
 * is wrong on the line and how to write it instead. The parser's own text
 * ("Implicit map keys need to be followed by map values") describes its
 * grammar, not the file; it is kept only for errors not listed here.
 */
export function describeYamlError(code: string, parserMessage: string, text: string, start: number, end: number): string {
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const lineEndAt = text.indexOf('\n', start);
  const line = text.slice(lineStart, lineEndAt < 0 ? text.length : lineEndAt).replace(/\r$/, '');
  const token = text.slice(start, end).split(/\r?\n/)[0].trim();
  const shown = (s: string) => `"${s.length > 40 ? `${s.slice(0, 40)}…` : s}"`;
  const listItemHere = /^\s*- /.test(line) && text.charAt(start) === '-';
  if (listItemHere && ['BLOCK_AS_IMPLICIT_KEY', 'MULTILINE_IMPLICIT_KEY', 'UNEXPECTED_TOKEN'].includes(code)) {
    return 'A list item ("- ") cannot follow "key: value" lines at the same indentation: indent it under the key it belongs to.';
  }
  switch (code) {
    case 'MISSING_CHAR':
      if (/closing "quote/.test(parserMessage)) return 'This double-quoted string is never closed: add the closing ".';
      if (/closing 'quote/.test(parserMessage)) return "This single-quoted string is never closed: add the closing '.";
      if (/Missing , between flow/.test(parserMessage)) return 'Two items inside [ ] or { } need a comma between them.';
      if (/Implicit map keys/.test(parserMessage)) {
        return token ? `${shown(token)} stands where a key belongs but has no colon after it: write "${token}: <value>", or make it a list item with "- ".` : 'A key here has no colon after it: write "key: value".';
      }
      return parserMessage;
    case 'MULTILINE_IMPLICIT_KEY': {
      const glued = /(^|\s)[\w./-]+:[^\s/]\S*/.exec(line);
      if (glued) return `A colon must be followed by a space: YAML reads ${shown(glued[0].trim())} as plain text, not as a key and value.`;
      return `This line has no colon, so YAML reads it together with the next line as one key: write ${shown(line.trim().replace(/\s+/, ': '))}, or check the indentation.`;
    }
    case 'BLOCK_AS_IMPLICIT_KEY':
      if (/:(\s|$)/.test(line.slice(start - lineStart))) return 'A value that contains ": " must be quoted: YAML reads it as a second key on the same line.';
      return 'The next line is indented deeper than this one, so YAML cannot tell which mapping it belongs to: keys of one mapping start in the same column.';
    case 'TAB_AS_INDENT':
      return 'This line is indented with a tab: YAML allows only spaces for indentation.';
    case 'DUPLICATE_KEY':
      return `Key ${shown(duplicateKeyAt(text, start) ?? token)} appears twice in the same mapping, which YAML does not allow: keep one.`;
    case 'BAD_INDENT':
      if (/Flow sequence/.test(parserMessage)) return 'A [ list is not closed with ] (or its next line is less indented than the list): close it.';
      if (/Flow map/.test(parserMessage)) return 'A { mapping is not closed with } (or its next line is less indented than the mapping): close it.';
      return `The indentation of this line does not fit the lines around it: ${parserMessage.replace(/\.$/, '')}.`;
    case 'UNEXPECTED_TOKEN':
      return parserMessage;
    case 'BLOCK_IN_FLOW':
      return 'Inside [ ] or { }, write items separated by commas: "- " list items and "key:" lines on their own are not allowed there.';
    case 'BAD_SCALAR_START': {
      const char = /character (.)/.exec(parserMessage)?.[1] ?? token.charAt(0);
      return `A value cannot start with ${char} unless it is quoted: write '${line.slice(start - lineStart).trim()}'.`;
    }
    case 'BAD_DQ_ESCAPE':
      return `${shown(text.slice(start, start + 2))} is not an escape sequence in a double-quoted string: write \\\\ for a backslash, or use single quotes.`;
    default:
      return parserMessage;
  }
}

/** The key that starts at `start` (the parser marks only its first character). */
export function duplicateKeyAt(text: string, start: number): string | undefined {
  return /^("[^"\n]*"|'[^'\n]*'|[^:\n]+?)\s*:(\s|$)/.exec(text.slice(start))?.[1];
}
