import { CodeAction, CodeActionKind, Diagnostic, WorkspaceEdit } from 'vscode-languageserver-types';
import { Finding } from '../analysis/finding';
import { Fix } from '../rules/rule';

/** What a diagnostic carries in `data` so code actions need no server-side state. */
export interface DiagnosticData {
  fixes: Fix[];
}

export function fixesOf(diagnostic: Diagnostic): Fix[] {
  const data = diagnostic.data as Partial<DiagnosticData> | undefined;
  return Array.isArray(data?.fixes) ? data.fixes : [];
}

/** A fix as an LSP edit: plain `changes`, or `documentChanges` when it creates files. */
export function toWorkspaceEdit(fix: Fix): WorkspaceEdit {
  if (!fix.create?.length) return { changes: fix.edits };
  return {
    documentChanges: [
      ...fix.create.flatMap((file) => [
        { kind: 'create' as const, uri: file.uri, options: { overwrite: false, ignoreIfExists: true } },
        { textDocument: { uri: file.uri, version: null }, edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: file.text }] },
      ]),
      ...Object.entries(fix.edits).map(([uri, edits]) => ({ textDocument: { uri, version: null }, edits })),
    ],
  };
}

/** Quick fixes for the diagnostics in the request's context. */
export function quickFixes(diagnostics: ReadonlyArray<Diagnostic>): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const diagnostic of diagnostics) {
    if (diagnostic.source !== 'sts-lens') continue;
    for (const fix of fixesOf(diagnostic)) {
      actions.push({
        title: fix.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        isPreferred: fix.isPreferred,
        edit: toWorkspaceEdit(fix),
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
    edits.push(...fileEdits);
  }
  if (edits.length === 0) return undefined;
  return { title: 'Fix all sts-lens problems', kind: `${CodeActionKind.SourceFixAll}.sts-lens`, edit: { changes: { [uri]: edits } } };
}
