import * as vscode from 'vscode';
import { startClient, StsLensClient } from './client';
import { registerCommands } from './commands';
import { Status } from './status';

let client: StsLensClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const log = vscode.window.createOutputChannel('STS Lens', { log: true });
  const status = new Status();
  context.subscriptions.push(log, status, vscode.commands.registerCommand('stsLens._status', () => status.snapshot()));
  client = await startClient(context, log, status);
  registerCommands(context, log, () => client, async () => {
    await client?.stop();
    client = await startClient(context, log, status);
  });
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
