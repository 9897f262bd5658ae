import { TextEdit } from 'vscode-languageserver-types';
import { ParsedFile } from '../model/parsedFile';
import { FixEdit } from './rule';

/** Escapes text for LSP snippet syntax, where `$`, `}` and `\` are special. */
export function escapeSnippet(text: string): string {
  return text.replace(/[\\$}]/g, '\\$&');
}

/**
 * The edit with a snippet form whose first tab stop selects `placeholder`
 * (its first occurrence in the new text), so the editor puts the cursor on
 * what the user must replace. Unchanged when the placeholder is not there.
 *
 * VS Code re-indents every line after the first of a snippet by the
 * whitespace before the insertion point on its line, so the snippet's later
 * lines are written relative to it. When a line is indented less than that,
 * the snippet cannot say so: the edit stays plain text.
 */
export function withTabStop(file: ParsedFile, edit: TextEdit, placeholder: string): FixEdit {
  if (placeholder === '' || !edit.newText.includes(placeholder)) return edit;
  const start = file.offsetAt(edit.range.start);
  const lineStart = Math.max(file.text.lastIndexOf('\n', start - 1), file.text.lastIndexOf('\r', start - 1)) + 1;
  const base = /^[ \t]*/.exec(file.text.slice(lineStart, start))![0];
  const parts = edit.newText.split(/(\r\n|\r|\n)/);
  for (let i = 2; i < parts.length; i += 2) {
    if (!parts[i].startsWith(base)) return edit;
    parts[i] = parts[i].slice(base.length);
  }
  const text = parts.join('');
  const at = text.indexOf(placeholder);
  return { ...edit, snippet: `${escapeSnippet(text.slice(0, at))}\${1:${escapeSnippet(placeholder)}}${escapeSnippet(text.slice(at + placeholder.length))}` };
}
