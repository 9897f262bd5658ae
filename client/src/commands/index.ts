import * as vscode from 'vscode';
import { StsLensClient } from '../client';
import { CCOCTL_COMMANDS, CcoctlCommandArgs, runCcoctlCommand } from './ccoctl';
import { generateRoleCommand, GenerateRoleCommandArgs, OPERATOR_ROLE, RoleGenerator, SERVICE_ACCOUNT_ROLE } from './generateRole';
import { AWS_DIAGNOSTICS, VERIFY_ROLES_COMMAND, verifyRolesCommand, VerifyRolesCommandArgs } from './verifyRoles';

/** The ccoctl-equivalent palette commands and "Generate IAM role for this ServiceAccount / operator". */
export function registerAwsCommands(context: vscode.ExtensionContext, log: vscode.LogOutputChannel, client: () => StsLensClient | undefined): void {
  for (const [id, action] of Object.entries(CCOCTL_COMMANDS)) {
    context.subscriptions.push(vscode.commands.registerCommand(id, (args?: CcoctlCommandArgs) => runCcoctlCommand(action, args, log, client())));
  }
  const generators: Array<[string, RoleGenerator]> = [
    ['stsLens.generateRoleForServiceAccount', SERVICE_ACCOUNT_ROLE],
    ['stsLens.generateRoleForOperator', OPERATOR_ROLE],
  ];
  for (const [id, generator] of generators) {
    context.subscriptions.push(
      vscode.commands.registerCommand(id, (args?: GenerateRoleCommandArgs | vscode.Uri) =>
        generateRoleCommand(generator, client(), log, args instanceof vscode.Uri ? { uri: args.toString() } : args),
      ),
    );
  }
  const awsDiagnostics = vscode.languages.createDiagnosticCollection(AWS_DIAGNOSTICS);
  context.subscriptions.push(
    awsDiagnostics,
    vscode.commands.registerCommand(VERIFY_ROLES_COMMAND, (args?: VerifyRolesCommandArgs) => verifyRolesCommand(client(), log, awsDiagnostics, args)),
  );
}
