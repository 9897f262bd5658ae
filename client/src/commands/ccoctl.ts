import * as path from 'path';
import * as vscode from 'vscode';
import { ActionInputs, ActionName, prepareAction, REQUIRED } from '../../../server/src/ccoctl/actions';
import { defaultClients, destroyClients } from '../../../server/src/ccoctl/awsClients';
import { describeStep } from '../../../server/src/ccoctl/describe';
import { CancelledError, executePlan, ExecuteResult } from '../../../server/src/ccoctl/executor';
import { hasErrors, Plan } from '../../../server/src/ccoctl/plan';
import { credentialsRequestFolders, pickDryRun, pickFolder, pickName, pickRegion } from './pickers';

/** Arguments a caller (a test, a keybinding) may pass to skip the pickers. */
export type CcoctlCommandArgs = Partial<ActionInputs> & { confirm?: boolean };

export const CCOCTL_COMMANDS: Record<string, ActionName> = {
  'stsLens.createKeyPair': 'create-key-pair',
  'stsLens.createIdentityProvider': 'create-identity-provider',
  'stsLens.createIamRoles': 'create-iam-roles',
  'stsLens.createAll': 'create-all',
  'stsLens.deleteAwsResources': 'delete',
};

/** Asks for what the action needs and is not given. Undefined when the user cancels a picker. */
async function collectInputs(action: ActionName, given: CcoctlCommandArgs): Promise<ActionInputs | undefined> {
  const inputs: Partial<ActionInputs> = { ...given };
  const needs = new Set<keyof ActionInputs>(REQUIRED[action]);
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
  }
  if (needs.has('identityProviderArn') && !inputs.identityProviderArn) {
    inputs.identityProviderArn = await vscode.window.showInputBox({ title: 'OIDC identity provider ARN (--identity-provider-arn)', placeHolder: 'arn:aws:iam::123456789012:oidc-provider/...', ignoreFocusOut: true });
    if (!inputs.identityProviderArn) return undefined;
  }
  if (action !== 'delete' && !inputs.outputDir) {
    const base = inputs.credentialsRequestsDir ? path.dirname(inputs.credentialsRequestsDir) : vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    inputs.outputDir = await pickFolder('Output folder (--output-dir)', base ? [path.join(base, '_output'), base] : [], { canCreate: true });
    if (!inputs.outputDir) return undefined;
  }
  if (inputs.dryRun === undefined && action !== 'create-key-pair') {
    inputs.dryRun = await pickDryRun();
    if (inputs.dryRun === undefined) return undefined;
  }
  return { outputDir: inputs.outputDir ?? '', dryRun: inputs.dryRun ?? false, ...inputs } as ActionInputs;
}

/** A read-only preview of what a live run will do, shown before the confirmation. */
async function showPreview(action: ActionName, plan: Plan, account: string | undefined, outputDir: string): Promise<void> {
  const lines = [
    `# sts-lens aws ${action}${account ? ` (account ${account})` : ''}`,
    '',
    ...(plan.problems.length ? ['## Notes', ...plan.problems.map((p) => `- ${p.severity}: ${p.message}`), ''] : []),
    '## AWS calls, in order',
    ...plan.steps.map((s) => `1. ${describeStep(s)}`),
    '',
    `## Files written in ${outputDir}`,
    ...plan.files.map((f) => `- \`${f.path}\` (${f.description}, mode ${f.mode.toString(8)}${f.keepExisting ? ', never replaced' : ''})`),
  ];
  const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: `${lines.join('\n')}\n` });
  await vscode.window.showTextDocument(doc, { preview: true });
}

export async function runCcoctlCommand(action: ActionName, args: CcoctlCommandArgs | undefined, log: vscode.LogOutputChannel): Promise<ExecuteResult | undefined> {
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showWarningMessage('STS Lens writes keys and calls AWS only in a trusted workspace.');
    return undefined;
  }
  const inputs = await collectInputs(action, args ?? {});
  if (!inputs) return undefined;
  const needsAws = action === 'delete' || (!inputs.dryRun && action !== 'create-key-pair');
  const clients = needsAws ? defaultClients(inputs.region ?? 'us-east-1') : undefined;
  const say = (line: string) => log.info(`[${action}] ${line}`);
  try {
    const prepared = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `STS Lens: planning ${action}`, cancellable: true }, (_progress, token) => {
      const abort = new AbortController();
      token.onCancellationRequested(() => abort.abort());
      return prepareAction(action, inputs, clients, abort.signal);
    });
    for (const p of prepared.plan.problems) (p.severity === 'error' ? log.error : p.severity === 'warning' ? log.warn : log.info).call(log, `[${action}] ${p.message}`);
    if (hasErrors(prepared.plan)) {
      void vscode.window.showErrorMessage(`STS Lens ${action}: ${prepared.plan.problems.filter((p) => p.severity === 'error').map((p) => p.message).join(' ')}`);
      return undefined;
    }
    const live = needsAws && !(action === 'delete' && inputs.dryRun);
    if (live && args?.confirm !== true) {
      await showPreview(action, prepared.plan, prepared.account, inputs.outputDir);
      const verb = action === 'delete' ? 'Delete' : 'Create';
      const answer = await vscode.window.showWarningMessage(
        `${verb} these resources in AWS${prepared.account ? ` account ${prepared.account}` : ''}? The preview lists every call.`,
        { modal: true },
        verb,
      );
      if (answer !== verb) {
        say('Cancelled before any AWS change.');
        return undefined;
      }
    }
    const run = (updateTrust: boolean) =>
      vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `STS Lens: ${action}`, cancellable: true }, (progress, token) => {
        const abort = new AbortController();
        token.onCancellationRequested(() => abort.abort());
        return executePlan(prepared.plan, {
          outputDir: inputs.outputDir,
          dryRun: inputs.dryRun && action !== 'delete',
          listOnly: action === 'delete' && inputs.dryRun,
          clients,
          updateTrust,
          log: say,
          signal: abort.signal,
          onStep: (index, total, step) => progress.report({ message: describeStep(step), increment: 100 / total }),
        });
      });
    let result = await run(inputs.updateTrust === true);
    const drift = result.drift.filter((d) => !d.updated);
    if (drift.length > 0) {
      const answer = await vscode.window.showWarningMessage(
        `${drift.length} existing role(s) have a different trust policy: ${drift.map((d) => d.roleName).join(', ')}. Their service accounts may be refused. Replace the trust policies? (details in the STS Lens output)`,
        { modal: true },
        'Replace',
      );
      if (answer === 'Replace') result = await run(true);
    }
    const written = result.files.filter((f) => f.status === 'written').map((f) => path.join(inputs.outputDir, f.path));
    // Open the files the user acts on next (no keys: they need not be shown).
    for (const fsPath of written.filter((p) => !/\.(private|key)$/.test(p)).slice(0, 6)) {
      await vscode.window.showTextDocument(vscode.Uri.file(fsPath), { preview: false, preserveFocus: true });
    }
    const summary = action === 'delete' ? `${inputs.dryRun ? 'would delete' : 'deleted'} ${result.deleted.length} resource(s)` : `${written.length} file(s) written, ${result.created.length} AWS resource(s) created`;
    say(summary);
    void vscode.window.showInformationMessage(`STS Lens ${action}: ${summary}.`);
    return result;
  } catch (error) {
    if (error instanceof CancelledError || (error as Error).name === 'AbortError') {
      say('Cancelled.');
      return undefined;
    }
    log.error(`[${action}] ${(error as Error).message}`);
    void vscode.window.showErrorMessage(`STS Lens ${action}: ${(error as Error).message}`);
    return undefined;
  } finally {
    if (clients) destroyClients(clients);
  }
}
