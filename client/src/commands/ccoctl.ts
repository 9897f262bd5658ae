import { randomUUID } from 'crypto';
import * as path from 'path';
import * as vscode from 'vscode';
import { ExecuteCommandRequest, WorkDoneProgress } from 'vscode-languageclient/node';
import {
  ActionInputs,
  ActionName,
  AWS_PLAN_COMMAND,
  AWS_RUN_COMMAND,
  AwsCommandArgs,
  AwsCommandError,
  AwsPlanResult,
  AwsRunResult,
  REQUIRED,
} from '../../../server/src/awsProtocol';
import { StsLensClient } from '../client';
import { credentialsRequestFolders, pickDryRun, pickFolder, pickName, pickPrivateBucket, pickRegion, pickRotationPhase } from './pickers';

/** Arguments a caller (a test, a keybinding) may pass to skip the pickers. */
export type CcoctlCommandArgs = Partial<ActionInputs> & { confirm?: boolean };

export const CCOCTL_COMMANDS: Record<string, ActionName> = {
  'stsLens.createKeyPair': 'create-key-pair',
  'stsLens.createIdentityProvider': 'create-identity-provider',
  'stsLens.createIamRoles': 'create-iam-roles',
  'stsLens.createAll': 'create-all',
  'stsLens.deleteAwsResources': 'delete',
  'stsLens.rotateSigningKey': 'rotate-signing-key',
};

/** Asks for what the action needs and is not given. Undefined when the user cancels a picker. */
async function collectInputs(action: ActionName, given: CcoctlCommandArgs): Promise<ActionInputs | undefined> {
  const inputs: Partial<ActionInputs> = { ...given };
  delete (inputs as CcoctlCommandArgs).confirm;
  const needs = new Set<keyof ActionInputs>(REQUIRED[action]);
  if (needs.has('phase') && !inputs.phase) {
    inputs.phase = await pickRotationPhase();
    if (!inputs.phase) return undefined;
  }
  if (needs.has('credentialsRequestsDir') && !inputs.credentialsRequestsDir) {
    inputs.credentialsRequestsDir = await pickFolder('Folder of CredentialsRequests (--credentials-requests-dir)', await credentialsRequestFolders());
    if (!inputs.credentialsRequestsDir) return undefined;
  }
  if (needs.has('name') && !inputs.name) {
    inputs.name = await pickName();
    if (!inputs.name) return undefined;
  }
  if (needs.has('region') && !inputs.region) {
    inputs.region = await pickRegion();
    if (!inputs.region) return undefined;
    // Asked only with the region, so callers passing their inputs (tests, keybindings) get ccoctl's default: public.
    if (action.startsWith('create-') && inputs.createPrivateS3Bucket === undefined) {
      inputs.createPrivateS3Bucket = await pickPrivateBucket();
      if (inputs.createPrivateS3Bucket === undefined) return undefined;
    }
  }
  if (needs.has('identityProviderArn') && !inputs.identityProviderArn) {
    inputs.identityProviderArn = await vscode.window.showInputBox({ title: 'OIDC identity provider ARN (--identity-provider-arn)', placeHolder: 'arn:aws:iam::123456789012:oidc-provider/...', ignoreFocusOut: true });
    if (!inputs.identityProviderArn) return undefined;
  }
  if (action !== 'delete' && !inputs.outputDir) {
    const base = inputs.credentialsRequestsDir ? path.dirname(inputs.credentialsRequestsDir) : vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    const title = action === 'rotate-signing-key' ? "Folder of the cluster's signing key, serviceaccount-signer.private (--output-dir)" : 'Output folder (--output-dir)';
    inputs.outputDir = await pickFolder(title, base ? [path.join(base, '_output'), base] : [], { canCreate: action !== 'rotate-signing-key' });
    if (!inputs.outputDir) return undefined;
  }
  if (inputs.dryRun === undefined && action !== 'create-key-pair') {
    inputs.dryRun = await pickDryRun();
    if (inputs.dryRun === undefined) return undefined;
  }
  return { outputDir: inputs.outputDir ?? '', dryRun: inputs.dryRun ?? false, ...inputs } as ActionInputs;
}

/** A read-only preview of what a live run will do, shown before the confirmation. */
async function showPreview(plan: AwsPlanResult): Promise<void> {
  const lines = [
    `# sts-lens aws ${plan.action}${plan.account ? ` (account ${plan.account})` : ''}`,
    '',
    ...(plan.problems.length ? ['## Notes', ...plan.problems.map((p) => `- ${p.severity}: ${p.message}`), ''] : []),
    '## AWS calls, in order',
    ...plan.steps.map((s) => `1. ${s}`),
    '',
    `## Files written in ${plan.outputDir}`,
    ...plan.files.map((f) => `- \`${f.path}\` (${f.description}, mode ${f.mode}${f.keepExisting ? ', never replaced' : ''})`),
  ];
  const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: `${lines.join('\n')}\n` });
  await vscode.window.showTextDocument(doc, { preview: true });
}

/**
 * Sends a server command under a cancellable progress notification: the
 * notification's token cancels the LSP request, and the server's work-done
 * progress (one message per AWS step) shows in the notification.
 */
export function sendWithProgress<T>(client: StsLensClient, title: string, command: string, args: unknown): Thenable<T | AwsCommandError> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, token) => {
    const workDoneToken = randomUUID();
    const listening = client.onProgress(WorkDoneProgress.type, workDoneToken, (value) => {
      if (value.kind !== 'end' && value.message) progress.report({ message: value.message });
    });
    try {
      const answer = await client.sendRequest(ExecuteCommandRequest.type, { command, arguments: [args], workDoneToken }, token);
      return (answer ?? { error: 'no answer from the language server' }) as T | AwsCommandError;
    } finally {
      listening.dispose();
    }
  });
}

export async function runCcoctlCommand(action: ActionName, args: CcoctlCommandArgs | undefined, log: vscode.LogOutputChannel, client: StsLensClient | undefined): Promise<AwsRunResult | undefined> {
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showWarningMessage('STS Lens writes keys and calls AWS only in a trusted workspace.');
    return undefined;
  }
  if (!client) {
    void vscode.window.showWarningMessage('The STS Lens language server is not running: run "STS Lens: Restart Language Server".');
    return undefined;
  }
  const inputs = await collectInputs(action, args ?? {});
  if (!inputs) return undefined;
  const say = (line: string) => log.info(`[${action}] ${line}`);
  const fail = (error: AwsCommandError) => {
    for (const p of error.problems ?? []) (p.severity === 'error' ? log.error : p.severity === 'warning' ? log.warn : log.info).call(log, `[${action}] ${p.message}`);
    log.error(`[${action}] ${error.error}`);
    void vscode.window.showErrorMessage(`STS Lens ${action}: ${error.error}`);
    return undefined;
  };
  // The server checks trust too: it writes nothing and calls no AWS API unless told the workspace is trusted.
  const request = (given: ActionInputs, confirmed: boolean): AwsCommandArgs => ({ action, inputs: given, trusted: vscode.workspace.isTrusted, confirmed });
  try {
    const plan = await sendWithProgress<AwsPlanResult>(client, `STS Lens: planning ${action}`, AWS_PLAN_COMMAND, request(inputs, false));
    if ('error' in plan) return fail(plan);
    for (const p of plan.problems) (p.severity === 'error' ? log.error : p.severity === 'warning' ? log.warn : log.info).call(log, `[${action}] ${p.message}`);
    if (plan.problems.some((p) => p.severity === 'error')) {
      void vscode.window.showErrorMessage(`STS Lens ${action}: ${plan.problems.filter((p) => p.severity === 'error').map((p) => p.message).join(' ')}`);
      return undefined;
    }
    if (plan.changesAws && args?.confirm !== true) {
      await showPreview(plan);
      const verb = action === 'delete' ? 'Delete' : action === 'rotate-signing-key' ? 'Publish' : 'Create';
      const what = action === 'rotate-signing-key' ? `the new keys.json to the issuer bucket ${inputs.name}-oidc` : 'these resources';
      const answer = await vscode.window.showWarningMessage(`${verb} ${what} in AWS${plan.account ? ` account ${plan.account}` : ''}? The preview lists every call.`, { modal: true }, verb);
      if (answer !== verb) {
        say('Cancelled before any AWS change.');
        return undefined;
      }
    }
    const run = (updateTrust: boolean) => sendWithProgress<AwsRunResult>(client, `STS Lens: ${action}`, AWS_RUN_COMMAND, request({ ...inputs, updateTrust }, true));
    let result = await run(inputs.updateTrust === true);
    if ('error' in result) return fail(result);
    const drift = result.drift.filter((d) => !d.updated);
    if (drift.length > 0) {
      const answer = await vscode.window.showWarningMessage(
        `${drift.length} existing role(s) have a different trust policy: ${drift.map((d) => d.roleName).join(', ')}. Their service accounts may be refused. Replace the trust policies? (details in the STS Lens output)`,
        { modal: true },
        'Replace',
      );
      if (answer === 'Replace') {
        result = await run(true);
        if ('error' in result) return fail(result);
      }
    }
    if (result.awsCalls.length > 0) say(`AWS calls: ${result.awsCalls.join(', ')}`);
    const written = result.files.filter((f) => f.status === 'written').map((f) => f.fsPath);
    // Open the files the user acts on next (no keys: they need not be shown).
    for (const fsPath of written.filter((p) => !/\.(private|key)$/.test(p)).slice(0, 6)) {
      await vscode.window.showTextDocument(vscode.Uri.file(fsPath), { preview: false, preserveFocus: true });
    }
    const summary =
      action === 'delete'
        ? `${inputs.dryRun ? 'would delete' : 'deleted'} ${result.deleted.length} resource(s)`
        : action === 'rotate-signing-key'
          ? `${written.length} file(s) written, ${inputs.dryRun ? 'nothing published (dry run)' : `keys.json published to s3://${inputs.name}-oidc`}`
          : `${written.length} file(s) written, ${result.created.length} AWS resource(s) created`;
    say(summary);
    for (const line of result.nextSteps ?? []) say(line);
    if (result.failures.length > 0) {
      for (const failure of result.failures) log.error(`[${action}] could not delete ${failure}`);
      void vscode.window.showErrorMessage(`STS Lens ${action}: ${summary}; ${result.failures.length} could not be deleted and are still in AWS (details in the STS Lens output).`);
      return result;
    }
    const next = result.nextSteps?.length ? ' Next steps are in the STS Lens output.' : '';
    void vscode.window.showInformationMessage(`STS Lens ${action}: ${summary}.${next}`);
    return result;
  } catch (error) {
    if (error instanceof vscode.CancellationError) {
      say('Cancelled.');
      return undefined;
    }
    return fail({ error: (error as Error).message });
  }
}
