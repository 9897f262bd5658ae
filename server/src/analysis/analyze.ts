import { TextEdit } from 'vscode-languageserver-types';
import { isMap } from '../model/node';
import { ParsedFile } from '../model/parsedFile';
import { allRules } from '../rules';
import { DocKind } from '../model/kinds';
import { DocContext, DocRule, FileContext, FileRule, isDocRule, Report, Rule } from '../rules/rule';
import { Settings, Severity } from '../settings';
import { WorkspaceFiles } from '../workspace/workspaceFiles';
import { WorkspaceIndex } from '../workspace/workspaceIndex';
import { Finding } from './finding';
import { hclFixIsSafe } from './hclFixGuard';

interface RulePlan {
  fileRules: FileRule[];
  byKind: Map<DocKind, DocRule[]>;
}

/** The rules of a list grouped by the document kind they check, once per list. */
const plans = new WeakMap<ReadonlyArray<Rule>, RulePlan>();

function planFor(rules: ReadonlyArray<Rule>): RulePlan {
  let plan = plans.get(rules);
  if (!plan) {
    plan = { fileRules: [], byKind: new Map() };
    for (const rule of rules) {
      if (!isDocRule(rule)) {
        plan.fileRules.push(rule);
        continue;
      }
      for (const kind of rule.kinds) plan.byKind.set(kind, [...(plan.byKind.get(kind) ?? []), rule]);
    }
    plans.set(rules, plan);
  }
  return plan;
}

/**
 * Runs every rule that applies to a file and returns its findings, with the
 * user's severity overrides and inline disable comments applied. Shared by
 * the language server and the CLI. One context per document serves all its
 * rules: this runs for every file of the workspace and on every keystroke.
 */
export function analyze(file: ParsedFile, workspace: WorkspaceFiles, settings: Settings, rules: ReadonlyArray<Rule> = allRules): Finding[] {
  const findings: Finding[] = [];
  if (file.helmTemplate) return findings;
  const plan = planFor(rules);
  let current: Rule = rules[0];
  const base: FileContext = {
    file,
    settings,
    workspace,
    index: workspace instanceof WorkspaceIndex ? workspace : undefined,
    report: (r: Report) => {
      findings.push({
        code: current.id,
        // A rule set to 'off' never runs, so any setting seen here is a severity.
        severity: (settings.rules[current.id] as Severity | undefined) ?? r.severity ?? current.defaultSeverity,
        message: r.message,
        range: file.rangeOf(r.range),
        fixes: file.format === 'hcl' ? (r.fixes ?? []).filter((fix) => hclFixIsSafe(file, fix)) : r.fixes ?? [],
        related: r.related ?? [],
      });
    },
    edit: (range, newText): TextEdit => ({ range: file.rangeOf(range), newText }),
  };
  // No closure per rule and document: this loop runs for every document of a file on every keystroke.
  const run = (rule: Rule, ctx: DocContext | undefined) => {
    if (settings.rules[rule.id] === 'off') return;
    current = rule;
    try {
      if (ctx) (rule as DocRule).check(ctx);
      else (rule as FileRule).checkFile(base);
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
  };
  for (const rule of plan.fileRules) run(rule, undefined);
  for (const doc of file.docs) {
    const docRules = plan.byKind.get(doc.kind);
    if (!docRules || !isMap(doc.root)) continue;
    // Written out, not spread from base: V8 gives `{ ...base, doc, root }` a hidden class of its own on every
    // call, and every rule's reads of ctx then went megamorphic.
    const ctx: DocContext = { file, settings, workspace, index: base.index, report: base.report, edit: base.edit, doc, root: doc.root };
    for (const rule of docRules) run(rule, ctx);
  }
  return findings
    .filter((f) => !isDisabled(file, f))
    .sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || a.code.localeCompare(b.code));
}

function isDisabled(file: ParsedFile, finding: Finding): boolean {
  const ids = file.disabledLines.get(finding.range.start.line);
  return ids !== undefined && (ids.has('*') || ids.has(finding.code));
}
