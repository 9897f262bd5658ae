import { Finding } from '../analysis/finding';
import { allRules } from '../rules';
import { ruleDocsUrl } from '../rules/rule';
import { Severity } from '../settings';

export interface FileFindings {
  /** Path relative to the working directory, with / separators. */
  file: string;
  findings: Finding[];
}

/** Not a rule: the CLI's word that a file it was given was not checked, and why. */
export const NOT_CHECKED = 'file-not-checked';

export interface SkippedFile {
  file: string;
  reason: string;
  /** Named on the command line (it also has a file-not-checked finding), rather than found in a folder. */
  named: boolean;
}

export function formatJson(results: FileFindings[], skipped: SkippedFile[] = []): string {
  const diagnostics = results.flatMap(({ file, findings }) =>
    findings.map((f) => ({ file, range: f.range, severity: f.severity, code: f.code, message: f.message })),
  );
  return JSON.stringify({ version: 1, diagnostics, ...(skipped.length ? { skipped: skipped.map(({ file, reason }) => ({ file, reason })) } : {}) }, null, 2);
}

/**
 * File names and messages carry text from files (names, values): control
 * characters, ANSI escapes and bidirectional overrides in them are shown
 * escaped, so a file cannot move the cursor, recolour or rewrite the terminal.
 */
export function printable(text: string): string {
  return text.replace(UNPRINTABLE, (c) => ESCAPES[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const ESCAPES: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** eslint's "stylish" layout: a block per file, line:column, severity, message, rule. */
export function formatText(results: FileFindings[], color: boolean, skipped: SkippedFile[] = []): string {
  const paint = (code: string, text: string) => (color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const out: string[] = [];
  let errors = 0;
  let warnings = 0;
  let others = 0;
  for (const { file, findings } of results) {
    if (findings.length === 0) continue;
    out.push('', paint('4', printable(file)));
    const rows = findings.map((f) => [`${f.range.start.line + 1}:${f.range.start.character + 1}`, f.severity, printable(f.message), f.code]);
    const width = [0, 1].map((i) => Math.max(...rows.map((r) => r[i].length)));
    for (const [where, severity, message, code] of rows) {
      if (severity === 'error') errors++;
      else if (severity === 'warning') warnings++;
      else others++;
      const sev = severity === 'error' ? paint('31', severity.padEnd(width[1])) : severity === 'warning' ? paint('33', severity.padEnd(width[1])) : severity.padEnd(width[1]);
      out.push(`  ${paint('2', where.padEnd(width[0]))}  ${sev}  ${message}  ${paint('2', code)}`);
    }
  }
  const total = errors + warnings + others;
  // Files found in a folder and skipped: counted, with the reasons, so a clean result never hides them.
  const walked = skipped.filter((s) => !s.named);
  const skippedLines = walked.length
    ? [`${walked.length} file${walked.length === 1 ? '' : 's'} not checked:`, ...walked.slice(0, 10).map((s) => `  ${printable(s.file)}: ${printable(s.reason)}`), ...(walked.length > 10 ? [`  and ${walked.length - 10} more`] : [])]
    : [];
  if (total === 0) return ['No problems found.', ...skippedLines].join('\n');
  out.push('', paint(errors ? '31' : '33', `✖ ${total} problem${total === 1 ? '' : 's'} (${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}${others ? `, ${others} info/hint` : ''})`));
  out.push(...skippedLines, '');
  return out.join('\n');
}

const SARIF_LEVEL = { error: 'error', warning: 'warning', information: 'note', hint: 'note' } as const;

/** SARIF 2.1.0 as GitHub code scanning reads it. */
export function formatSarif(results: FileFindings[], version: string, extraRules: ReadonlyArray<{ id: string; description: string; defaultSeverity: Severity }> = []): string {
  const rules = [...allRules, ...extraRules].map((rule) => ({
    id: rule.id,
    name: rule.id.replace(/(^|-)([a-z])/g, (_m, _d, c: string) => c.toUpperCase()),
    shortDescription: { text: rule.description },
    fullDescription: { text: rule.description },
    helpUri: ruleDocsUrl(rule.id),
    help: { text: `${rule.description} See ${ruleDocsUrl(rule.id)}`, markdown: `${rule.description} [Rule documentation](${ruleDocsUrl(rule.id)})` },
    defaultConfiguration: { level: SARIF_LEVEL[rule.defaultSeverity] },
  }));
  rules.push({
    id: NOT_CHECKED,
    name: 'FileNotChecked',
    shortDescription: { text: 'A file named on the command line was not checked (too large, not a regular file, unreadable).' },
    fullDescription: { text: 'A file named on the command line was not checked (too large, not a regular file, unreadable); the message says why.' },
    helpUri: 'https://github.com/sts-lens/sts-lens#cli',
    help: { text: 'Raise the size limit with --max-file-size, or fix the path.', markdown: 'Raise the size limit with `--max-file-size`, or fix the path.' },
    defaultConfiguration: { level: 'warning' },
  });
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const sarifResults = results.flatMap(({ file, findings }) =>
    findings.map((f) => ({
      ruleId: f.code,
      ...(index.has(f.code) ? { ruleIndex: index.get(f.code) } : {}),
      level: SARIF_LEVEL[f.severity],
      message: { text: f.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: encodeURI(file), uriBaseId: '%SRCROOT%' },
            region: {
              startLine: f.range.start.line + 1,
              startColumn: f.range.start.character + 1,
              endLine: f.range.end.line + 1,
              endColumn: f.range.end.character + 1,
            },
          },
        },
      ],
    })),
  );
  return JSON.stringify(
    {
      $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
      version: '2.1.0',
      runs: [
        {
          tool: { driver: { name: 'sts-lens', informationUri: 'https://github.com/sts-lens/sts-lens', semanticVersion: version, rules } },
          columnKind: 'utf16CodeUnits',
          results: sarifResults,
        },
      ],
    },
    null,
    2,
  );
}
