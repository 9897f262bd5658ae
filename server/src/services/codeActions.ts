import { CodeAction, CodeActionKind, Diagnostic, SnippetTextEdit, TextEdit, WorkspaceEdit } from 'vscode-languageserver-types';
import { Finding } from '../analysis/finding';
import { Fix, FixEdit } from '../rules/rule';

/** What a diagnostic carries in `data` so code actions need no server-side state. */
export interface DiagnosticData {
  fixes: Fix[];
}

export function fixesOf(diagnostic: Diagnostic): Fix[] {
  const data = diagnostic.data as Partial<DiagnosticData> | undefined;
  return Array.isArray(data?.fixes) ? data.fixes : [];
}

/** What the client can apply, from its initialize capabilities. */
export interface EditSupport {
  /** `workspace.workspaceEdit.snippetEditSupport` (LSP 3.18): SnippetTextEdits in `documentChanges`. */
  snippets?: boolean;
  /** `textDocument.codeAction.disabledSupport`: actions may be sent disabled, with the reason shown. */
  disabled?: boolean;
}

/** An edit as sent: its snippet form when the client takes snippets, else plain text (never our `snippet` field). */
function asLspEdit(edit: FixEdit, support: EditSupport): TextEdit | SnippetTextEdit {
  if (support.snippets && edit.snippet !== undefined) return { range: edit.range, snippet: { kind: 'snippet', value: edit.snippet } };
  return plainEdit(edit);
}

function plainEdit(edit: FixEdit): TextEdit {
  return { range: edit.range, newText: edit.newText };
}

/**
 * A fix as an LSP edit: plain `changes`, or `documentChanges` when it creates
 * files or carries snippet edits (which only `TextDocumentEdit`s can hold).
 */
export function toWorkspaceEdit(fix: Fix, support: EditSupport = {}): WorkspaceEdit {
  const snippets = support.snippets === true && Object.values(fix.edits).some((edits) => edits.some((e) => e.snippet !== undefined));
  if (!fix.create?.length && !snippets) return { changes: Object.fromEntries(Object.entries(fix.edits).map(([uri, list]) => [uri, list.map(plainEdit)])) };
  const edits = Object.entries(fix.edits).map(([uri, list]) => [uri, list.map((e) => asLspEdit(e, support))] as const);
  return {
    documentChanges: [
      ...(fix.create ?? []).flatMap((file) => [
        { kind: 'create' as const, uri: file.uri, options: { overwrite: false, ignoreIfExists: true } },
        { textDocument: { uri: file.uri, version: null }, edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: file.text }] },
      ]),
      ...edits.map(([uri, list]) => ({ textDocument: { uri, version: null }, edits: list })),
    ],
  };
}

/** Quick fixes for the diagnostics in the request's context. */
export function quickFixes(diagnostics: ReadonlyArray<Diagnostic>, support: EditSupport = {}): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const diagnostic of diagnostics) {
    if (diagnostic.source !== 'sts-lens') continue;
    for (const fix of fixesOf(diagnostic)) {
      actions.push({
        title: fix.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        isPreferred: fix.isPreferred,
        edit: toWorkspaceEdit(fix, support),
      });
    }
  }
  return actions;
}

/** `source.fixAll.sts-lens`: every preferred fix of the file whose edits stay in that file and do not overlap. */
export function fixAll(uri: string, findings: ReadonlyArray<Finding>): CodeAction | undefined {
  const edits = [];
  const taken: Array<[number, number, number, number]> = [];
  for (const finding of findings) {
    const fix = finding.fixes.find((f) => f.isPreferred);
    if (!fix || fix.create?.length || Object.keys(fix.edits).some((u) => u !== uri)) continue;
    const fileEdits = fix.edits[uri] ?? [];
    const overlaps = fileEdits.some((e) =>
      taken.some(([sl, sc, el, ec]) => !(e.range.end.line < sl || (e.range.end.line === sl && e.range.end.character <= sc) || e.range.start.line > el || (e.range.start.line === el && e.range.start.character >= ec))),
    );
    if (overlaps) continue;
    for (const e of fileEdits) taken.push([e.range.start.line, e.range.start.character, e.range.end.line, e.range.end.character]);
    edits.push(...fileEdits.map(plainEdit));
  }
  if (edits.length === 0) return undefined;
  return { title: 'Fix all sts-lens problems', kind: `${CodeActionKind.SourceFixAll}.sts-lens`, edit: { changes: { [uri]: edits } } };
}
