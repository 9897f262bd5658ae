import * as vscode from 'vscode';
import { AWS_VERIFY_COMMAND, AwsCommandError, AwsVerifyArgs, AwsVerifyFinding, AwsVerifyResult } from '../../../server/src/awsProtocol';
import { StsLensClient } from '../client';
import { sendWithProgress } from './ccoctl';
import { pickRegion } from './pickers';

export const VERIFY_ROLES_COMMAND = 'stsLens.verifyRoles';
/** The Problems panel group for what AWS says; the server's own diagnostics never call AWS and live elsewhere. */
export const AWS_DIAGNOSTICS = 'sts-lens-aws';

/** A caller (a test, a keybinding) may give the region to skip the picker. */
export interface VerifyRolesCommandArgs {
  region?: string;
}

const SEVERITY: Record<AwsVerifyFinding['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  information: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

function toDiagnostic(finding: AwsVerifyFinding): vscode.Diagnostic {
  const { start, end } = finding.range;
  const diagnostic = new vscode.Diagnostic(new vscode.Range(start.line, start.character, end.line, end.character), finding.message, SEVERITY[finding.severity] ?? vscode.DiagnosticSeverity.Error);
  diagnostic.source = 'sts-lens';
  diagnostic.code = { value: finding.code, target: vscode.Uri.parse(finding.href) };
  return diagnostic;
}

/**
 * "Verify Roles Against AWS": the server looks up every role the workspace
 * references (GetRole, through the SDK's default credential chain) and
 * answers the drift; this shows it in the Problems panel. Results of an
 * earlier run are dropped first, so the panel shows only what AWS says now.
 */
export async function verifyRolesCommand(client: StsLensClient | undefined, log: vscode.LogOutputChannel, diagnostics: vscode.DiagnosticCollection, args: VerifyRolesCommandArgs = {}): Promise<AwsVerifyResult | undefined> {
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showWarningMessage('STS Lens calls AWS only in a trusted workspace.');
    return undefined;
  }
  if (!client) {
    void vscode.window.showWarningMessage('The STS Lens language server is not running: run "STS Lens: Restart Language Server".');
    return undefined;
  }
  const region = args.region ?? (await pickRegion('AWS region for the IAM calls (the credentials come from your AWS profile or environment)'));
  if (!region) return undefined;
  diagnostics.clear();
  log.info(`[verify] Looking up in AWS (region ${region}) every role the workspace references`);
  const request: AwsVerifyArgs = { trusted: vscode.workspace.isTrusted, region };
  let result: AwsVerifyResult | AwsCommandError;
  try {
    result = await sendWithProgress<AwsVerifyResult>(client, 'STS Lens: verifying roles against AWS', AWS_VERIFY_COMMAND, request);
  } catch (error) {
    if (error instanceof vscode.CancellationError) {
      log.info('[verify] Cancelled.');
      return undefined;
    }
    result = { error: (error as Error).message };
  }
  if ('error' in result) {
    log.error(`[verify] ${result.error}`);
    void vscode.window.showErrorMessage(`STS Lens verify: ${result.error}`);
    return undefined;
  }
  const byUri = new Map<string, vscode.Diagnostic[]>();
  for (const finding of result.findings) {
    byUri.set(finding.uri, [...(byUri.get(finding.uri) ?? []), toDiagnostic(finding)]);
    log.warn(`[verify] ${vscode.Uri.parse(finding.uri).fsPath}:${finding.range.start.line + 1}:${finding.range.start.character + 1} ${finding.code}: ${finding.message}`);
  }
  diagnostics.set([...byUri].map(([uri, list]): [vscode.Uri, vscode.Diagnostic[]] => [vscode.Uri.parse(uri), list]));
  const summary =
    result.roles.length === 0
      ? 'no role references found in the workspace'
      : `${result.roles.length} role(s) checked in AWS (${result.roles.join(', ')})${result.issuers?.length ? ` and ${result.issuers.length} issuer(s) (${result.issuers.join(', ')})` : ''}, ${result.findings.length} finding(s)${result.findings.length ? ' in the Problems panel' : ''}`;
  log.info(`[verify] ${summary}`);
  void vscode.window.showInformationMessage(`STS Lens verify: ${summary}.`);
  return result;
}
