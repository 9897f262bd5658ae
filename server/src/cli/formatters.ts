import { Finding } from '../analysis/finding';
import { allRules } from '../rules';
import { ruleDocsUrl } from '../rules/rule';

export interface FileFindings {
  /** Path relative to the working directory, with / separators. */
  file: string;
  findings: Finding[];
}

export function formatJson(results: FileFindings[]): string {
  const diagnostics = results.flatMap(({ file, findings }) =>
    findings.map((f) => ({ file, range: f.range, severity: f.severity, code: f.code, message: f.message })),
  );
  return JSON.stringify({ version: 1, diagnostics }, null, 2);
}

/** eslint's "stylish" layout: a block per file, line:column, severity, message, rule. */
export function formatText(results: FileFindings[], color: boolean): string {
  const paint = (code: string, text: string) => (color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const out: string[] = [];
  let errors = 0;
  let warnings = 0;
  let others = 0;
  for (const { file, findings } of results) {
    if (findings.length === 0) continue;
    out.push('', paint('4', file));
    const rows = findings.map((f) => [`${f.range.start.line + 1}:${f.range.start.character + 1}`, f.severity, f.message, f.code]);
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
  if (total === 0) return 'No problems found.';
  out.push('', paint(errors ? '31' : '33', `✖ ${total} problem${total === 1 ? '' : 's'} (${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}${others ? `, ${others} info/hint` : ''})`), '');
  return out.join('\n');
}

const SARIF_LEVEL = { error: 'error', warning: 'warning', information: 'note', hint: 'note' } as const;

/** SARIF 2.1.0 as GitHub code scanning reads it. */
export function formatSarif(results: FileFindings[], version: string): string {
  const rules = allRules.map((rule) => ({
    id: rule.id,
    name: rule.id.replace(/(^|-)([a-z])/g, (_m, _d, c: string) => c.toUpperCase()),
    shortDescription: { text: rule.description },
    fullDescription: { text: rule.description },
    helpUri: ruleDocsUrl(rule.id),
    help: { text: `${rule.description} See ${ruleDocsUrl(rule.id)}`, markdown: `${rule.description} [Rule documentation](${ruleDocsUrl(rule.id)})` },
    defaultConfiguration: { level: SARIF_LEVEL[rule.defaultSeverity] },
  }));
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
