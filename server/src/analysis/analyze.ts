import { TextEdit } from 'vscode-languageserver-types';
import { isMap } from '../model/node';
import { ParsedFile } from '../model/parsedFile';
import { allRules } from '../rules';
import { DocContext, FileContext, isDocRule, Report, Rule } from '../rules/rule';
import { Settings } from '../settings';
import { WorkspaceFiles } from '../workspace/workspaceFiles';
import { WorkspaceIndex } from '../workspace/workspaceIndex';
import { Finding } from './finding';

/**
 * Runs every rule that applies to a file and returns its findings, with the
 * user's severity overrides and inline disable comments applied. Shared by
 * the language server and the CLI.
 */
export function analyze(file: ParsedFile, workspace: WorkspaceFiles, settings: Settings, rules: ReadonlyArray<Rule> = allRules): Finding[] {
  const findings: Finding[] = [];
  if (file.helmTemplate) return findings;
  for (const rule of rules) {
    const configured = settings.rules[rule.id];
    if (configured === 'off') continue;
    const report = (r: Report) => {
      findings.push({
        code: rule.id,
        severity: configured ?? r.severity ?? rule.defaultSeverity,
        message: r.message,
        range: file.rangeOf(r.range),
        fixes: r.fixes ?? [],
        related: r.related ?? [],
      });
    };
    const base: FileContext = {
      file,
      settings,
      workspace,
      index: workspace instanceof WorkspaceIndex ? workspace : undefined,
      report,
      edit: (range, newText): TextEdit => ({ range: file.rangeOf(range), newText }),
    };
    try {
      if (isDocRule(rule)) {
        for (const doc of file.docs) {
          if (!rule.kinds.includes(doc.kind) || !isMap(doc.root)) continue;
          const ctx: DocContext = { ...base, doc, root: doc.root };
          rule.check(ctx);
        }
      } else {
        rule.checkFile(base);
      }
    } catch (error) {
      // A rule bug must not take the other rules (or the server) down with it.
      findings.push({
        code: 'internal-error',
        severity: 'warning',
        message: `sts-lens rule ${rule.id} failed on this file: ${(error as Error).message}. Please report it.`,
        range: file.rangeOf([0, 0]),
        fixes: [],
        related: [],
      });
    }
  }
  return findings
    .filter((f) => !isDisabled(file, f))
    .sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || a.code.localeCompare(b.code));
}

function isDisabled(file: ParsedFile, finding: Finding): boolean {
  const ids = file.disabledLines.get(finding.range.start.line);
  return ids !== undefined && (ids.has('*') || ids.has(finding.code));
}
