import { Range, TextEdit } from 'vscode-languageserver-types';
import { DocKind } from '../model/kinds';
import { MapNode, OffsetRange } from '../model/node';
import { ParsedFile, SourceDoc } from '../model/parsedFile';
import { Settings, Severity } from '../settings';
import type { WorkspaceIndex } from '../workspace/workspaceIndex';
import { WorkspaceFiles } from '../workspace/workspaceFiles';

export const RULE_DOCS_BASE = 'https://github.com/sts-lens/sts-lens/blob/main/docs/rules/';

/**
 * A change a user can apply: edits keyed by document URI, so a fix may touch
 * another file, plus new files to create (with their whole text).
 */
export interface Fix {
  title: string;
  edits: Record<string, FixEdit[]>;
  create?: Array<{ uri: string; text: string }>;
  isPreferred?: boolean;
}

/**
 * A text edit that may also carry a snippet form (LSP snippet syntax, e.g. a
 * `${1:...}` tab stop on a placeholder). `newText` stays the plain text the CLI
 * and clients without snippet edits apply; `snippet` is what a client that
 * announces `workspace.workspaceEdit.snippetEditSupport` gets instead.
 */
export interface FixEdit extends TextEdit {
  snippet?: string;
}

export interface RelatedInfo {
  uri: string;
  range: Range;
  message: string;
}

export interface Report {
  range: OffsetRange;
  message: string;
  /** Overrides the rule's default for this finding (rules with two severities). */
  severity?: Severity;
  fixes?: Fix[];
  related?: RelatedInfo[];
}

interface ContextBase {
  file: ParsedFile;
  settings: Settings;
  workspace: WorkspaceFiles;
  /** The workspace index, for cross-file rules; undefined when a file is checked on its own. */
  index: WorkspaceIndex | undefined;
  report(report: Report): void;
  /** An edit of the file being checked. */
  edit(range: OffsetRange, newText: string): TextEdit;
}

export interface DocContext extends ContextBase {
  doc: SourceDoc;
  root: MapNode;
}

export type FileContext = ContextBase;

interface RuleBase {
  id: string;
  /** One line, used in docs, SARIF and hovers. */
  description: string;
  defaultSeverity: Severity;
}

/** Checks each document of the listed kinds. */
export interface DocRule extends RuleBase {
  kinds: ReadonlyArray<DocKind>;
  check(ctx: DocContext): void;
}

/** Checks a whole file (syntax). */
export interface FileRule extends RuleBase {
  checkFile(ctx: FileContext): void;
}

export type Rule = DocRule | FileRule;

export function isDocRule(rule: Rule): rule is DocRule {
  return 'check' in rule;
}

export function ruleDocsUrl(id: string): string {
  return `${RULE_DOCS_BASE}${id}.md`;
}
