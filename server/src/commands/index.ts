import { CancellationToken, LSPErrorCodes, ResponseError } from 'vscode-languageserver';
import { AWS_PLAN_COMMAND, AWS_RUN_COMMAND, AWS_VERIFY_COMMAND, AwsCommandError } from '../awsProtocol';
import { ParsedFile } from '../model/parsedFile';
import { WorkspaceFiles } from '../workspace/workspaceFiles';
import { WorkspaceIndex } from '../workspace/workspaceIndex';
import { AwsCommandCancelled, AwsCommandEnv, awsPlan, awsRun, parseAwsArgs } from './awsCommands';
import { awsVerify, SettingsFor, workspaceSettings } from './verifyCommand';
import { generateOperatorRole, GENERATE_OPERATOR_ROLE_COMMAND } from './generateOperatorRole';
import { generateRole, GenerateRoleArgs, GenerateRoleResult, GENERATE_ROLE_COMMAND } from './generateRole';

/** Commands the server offers through `workspace/executeCommand`, so every LSP client gets them. */
export const SERVER_COMMANDS = [GENERATE_ROLE_COMMAND, GENERATE_OPERATOR_ROLE_COMMAND, AWS_PLAN_COMMAND, AWS_RUN_COMMAND, AWS_VERIFY_COMMAND];

/** The commands that answer with a WorkspaceEdit for the document at a position. */
const GENERATORS: Record<string, typeof generateRole> = { [GENERATE_ROLE_COMMAND]: generateRole, [GENERATE_OPERATOR_ROLE_COMMAND]: generateOperatorRole };

export interface CommandContext {
  /** The open buffer or the file on disk for a URI. */
  fileFor(uri: string): ParsedFile | undefined;
  workspace: WorkspaceFiles;
  roots: ReadonlyArray<string>;
  /** The request's cancellation; the AWS commands stop between (and during) AWS calls. */
  token?: CancellationToken;
  /** Log lines for the client (the server's console shows in the client's output). */
  log?: (line: string) => void;
  progress?: (message: string, percentage: number) => void;
  /** Tests replace the AWS clients and the issuer thumbprint. */
  aws?: Pick<AwsCommandEnv, 'clients' | 'thumbprint'>;
  /** The server's `stsLens.*` per resource; verify maps roles to trust policies with it. Defaults without it. */
  settings?: SettingsFor;
  /** Settles when the server's first indexing is over (verify right after start-up must see every file). */
  indexed?: Promise<void>;
}

export type CommandResult = GenerateRoleResult | { error: string };

/** Runs a server command; user errors come back as `{ error }` (a message to show), never as a crash. */
export function executeServerCommand(command: string, args: unknown[] | undefined, ctx: CommandContext): CommandResult | Promise<unknown> {
  if (command === AWS_PLAN_COMMAND || command === AWS_RUN_COMMAND || command === AWS_VERIFY_COMMAND) return executeAwsCommand(command, args, ctx);
  const generate = Object.hasOwn(GENERATORS, command) ? GENERATORS[command] : undefined;
  if (!generate) return { error: `unknown command ${command}` };
  const input = args?.[0] as GenerateRoleArgs | undefined;
  if (!input || typeof input.uri !== 'string') return { error: `${command} needs { uri, position? }` };
  const file = ctx.fileFor(input.uri);
  if (!file) return { error: `Cannot read ${input.uri}` };
  try {
    return generate(file, input.position ? file.offsetAt(input.position) : undefined, ctx.workspace, ctx.roots);
  } catch (error) {
    return { error: (error as Error).message };
  }
}

/**
 * The LSP request's CancellationToken becomes the AbortSignal the executor
 * and the AWS SDK take; a cancelled request answers RequestCancelled, as LSP
 * asks (VS Code's client turns it into a CancellationError).
 */
async function executeAwsCommand(command: string, args: unknown[] | undefined, ctx: CommandContext): Promise<unknown> {
  const parsed = command === AWS_VERIFY_COMMAND ? undefined : parseAwsArgs(command, args);
  if (parsed && 'error' in parsed) return parsed satisfies AwsCommandError;
  if (command === AWS_VERIFY_COMMAND && !(ctx.workspace instanceof WorkspaceIndex)) return { error: `${command} needs the server's workspace index` };
  const abort = new AbortController();
  const subscription = ctx.token?.onCancellationRequested(() => abort.abort());
  if (ctx.token?.isCancellationRequested) abort.abort();
  const env: AwsCommandEnv = { ...ctx.aws, signal: abort.signal, log: ctx.log, progress: ctx.progress, workspaceRoots: ctx.roots };
  try {
    if (!parsed) {
      await ctx.indexed;
      if (abort.signal.aborted) throw new AwsCommandCancelled();
      return await awsVerify(args, ctx.workspace as WorkspaceIndex, await workspaceSettings(ctx.roots, ctx.settings), env);
    }
    return await (command === AWS_PLAN_COMMAND ? awsPlan(parsed, env) : awsRun(parsed, env));
  } catch (error) {
    if (error instanceof AwsCommandCancelled || abort.signal.aborted) throw new ResponseError(LSPErrorCodes.RequestCancelled, `${command} cancelled`);
    return { error: `${command}: ${(error as Error).message}` };
  } finally {
    subscription?.dispose();
  }
}
