import { Diagnostic, DiagnosticSeverity } from 'vscode-languageserver-types';
import { ruleDocsUrl } from '../rules/rule';
import { DiagnosticData } from '../services/codeActions';
import { Severity } from '../settings';
import { Finding } from './finding';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function toDiagnostic(finding: Finding): Diagnostic {
  const data: DiagnosticData = { fixes: finding.fixes };
  return {
    range: finding.range,
    severity: SEVERITY[finding.severity],
    source: 'sts-lens',
    code: finding.code,
    codeDescription: { href: ruleDocsUrl(finding.code) },
    message: finding.message,
    relatedInformation: finding.related.length
      ? finding.related.map((r) => ({ location: { uri: r.uri, range: r.range }, message: r.message }))
      : undefined,
    data,
  };
}
