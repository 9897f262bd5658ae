import * as vscode from 'vscode';
import { StsLensClient } from './client';
import { registerAwsCommands } from './commands/index';

export function registerCommands(
  context: vscode.ExtensionContext,
  log: vscode.LogOutputChannel,
  _client: () => StsLensClient | undefined,
  restart: () => Promise<void>,
): void {
  registerAwsCommands(context, log, _client);
  context.subscriptions.push(
    vscode.commands.registerCommand('stsLens.showOutput', () => log.show()),
    vscode.commands.registerCommand('stsLens.restartServer', async () => {
      log.info('Restarting the STS Lens language server');
      await restart();
    }),
  );
}
