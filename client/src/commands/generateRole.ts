import * as vscode from 'vscode';
import { ExecuteCommandRequest } from 'vscode-languageclient/node';
import { CreateFile, TextDocumentEdit } from 'vscode-languageserver-types';
import type { CommandResult } from '../../../server/src/commands';
import { GENERATE_OPERATOR_ROLE_COMMAND, GENERATE_ROLE_COMMAND } from '../../../server/src/protocol';
import { StsLensClient } from '../client';

export interface GenerateRoleCommandArgs {
  uri?: string;
  position?: { line: number; character: number };
}

/** A palette command that asks the server for a role's WorkspaceEdit at the cursor. */
export interface RoleGenerator {
  /** The server's `workspace/executeCommand` id. */
  serverCommand: string;
  /** The edit's label (undo, the editor's edit history). */
  label: string;
  /** What to open when there is no editor. */
  openFirst: string;
}

export const SERVICE_ACCOUNT_ROLE: RoleGenerator = {
  serverCommand: GENERATE_ROLE_COMMAND,
  label: 'Generate IAM role for this ServiceAccount',
  openFirst: 'Open a ServiceAccount or workload manifest first.',
};

export const OPERATOR_ROLE: RoleGenerator = {
  serverCommand: GENERATE_OPERATOR_ROLE_COMMAND,
  label: 'Generate IAM role for this operator',
  openFirst: "Open the operator's Subscription or CredentialsRequest first.",
};

/**
 * Asks the server for the edit and applies all of it (one undoable step), then
 * opens the files it created. No refactor preview: VS Code's preview starts
 * every entry that needs confirmation unticked, so its Apply would do nothing
 * unless the user ticked each one, and an extension cannot open it ticked.
 */
export async function generateRoleCommand(
  generator: RoleGenerator,
  client: StsLensClient | undefined,
  log: vscode.LogOutputChannel,
  args: GenerateRoleCommandArgs = {},
): Promise<string | undefined> {
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showWarningMessage('STS Lens generates files only in a trusted workspace.');
    return undefined;
  }
  const editor = vscode.window.activeTextEditor;
  const uri = args.uri ?? editor?.document.uri.toString();
  if (!client || !uri) {
    void vscode.window.showWarningMessage(generator.openFirst);
    return undefined;
  }
  if (editor?.document.isDirty && editor.document.uri.toString() === uri) await editor.document.save();
  const position = args.position ?? (editor && editor.document.uri.toString() === uri ? { line: editor.selection.active.line, character: editor.selection.active.character } : undefined);
  const result = (await client.sendRequest(ExecuteCommandRequest.type, { command: generator.serverCommand, arguments: [{ uri, position }] })) as CommandResult | null;
  if (!result || 'error' in result) {
    void vscode.window.showWarningMessage(`STS Lens: ${result?.error ?? 'no answer from the language server'}`);
    return undefined;
  }
  const metadata: vscode.WorkspaceEditEntryMetadata = { needsConfirmation: false, label: generator.label };
  const edit = new vscode.WorkspaceEdit();
  for (const change of result.edit.documentChanges ?? []) {
    if (CreateFile.is(change)) edit.createFile(vscode.Uri.parse(change.uri), { overwrite: false, ignoreIfExists: false }, metadata);
    else if (TextDocumentEdit.is(change)) {
      for (const e of change.edits) {
        const r = e.range;
        edit.replace(vscode.Uri.parse(change.textDocument.uri), new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character), 'newText' in e ? e.newText : e.snippet.value, metadata);
      }
    }
  }
  if (!(await vscode.workspace.applyEdit(edit))) return undefined;
  for (const fsPath of result.created) await vscode.window.showTextDocument(vscode.Uri.file(fsPath), { preview: false, preserveFocus: true });
  log.info(result.message);
  void vscode.window.showInformationMessage(result.message);
  return result.message;
}
