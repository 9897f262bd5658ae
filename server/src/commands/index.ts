import { ParsedFile } from '../model/parsedFile';
import { WorkspaceFiles } from '../workspace/workspaceFiles';
import { generateRole, GenerateRoleArgs, GenerateRoleResult, GENERATE_ROLE_COMMAND } from './generateRole';

/** Commands the server offers through `workspace/executeCommand`, so every LSP client gets them. */
export const SERVER_COMMANDS = [GENERATE_ROLE_COMMAND];

export interface CommandContext {
  /** The open buffer or the file on disk for a URI. */
  fileFor(uri: string): ParsedFile | undefined;
  workspace: WorkspaceFiles;
  roots: ReadonlyArray<string>;
}

export type CommandResult = GenerateRoleResult | { error: string };

/** Runs a server command; user errors come back as `{ error }` (a message to show), never as a crash. */
export function executeServerCommand(command: string, args: unknown[] | undefined, ctx: CommandContext): CommandResult {
  if (command !== GENERATE_ROLE_COMMAND) return { error: `unknown command ${command}` };
  const input = args?.[0] as GenerateRoleArgs | undefined;
  if (!input || typeof input.uri !== 'string') return { error: `${command} needs { uri, position? }` };
  const file = ctx.fileFor(input.uri);
  if (!file) return { error: `Cannot read ${input.uri}` };
  try {
    return generateRole(file, input.position ? file.offsetAt(input.position) : undefined, ctx.workspace, ctx.roots);
  } catch (error) {
    return { error: (error as Error).message };
  }
}
