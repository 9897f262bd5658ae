import * as fs from 'fs';
import * as path from 'path';
import { executionMode, prepareAction, Prepared, runCallsAws, withRegion } from '../ccoctl/actions';
import { AwsClients, defaultClients, destroyClients } from '../ccoctl/awsClients';
import { describeStep } from '../ccoctl/describe';
import { CancelledError, executePlan } from '../ccoctl/executor';
import { hasErrors } from '../ccoctl/plan';
import { resolvePreviewKeys } from '../ccoctl/previewKeys';
import { rotationNextSteps } from '../ccoctl/rotateSigningKey';
import { ACTIONS, ActionInputs, ActionName, AwsCommandArgs, AwsCommandError, AwsPlanResult, AwsRunResult } from '../awsProtocol';

/** What the LSP layer hands the AWS commands: cancellation, log lines and progress go back to the client. */
export interface AwsCommandEnv {
  signal?: AbortSignal;
  log?: (line: string) => void;
  progress?: (message: string, percentage: number) => void;
  /** Tests point the clients at local servers; the server uses the SDK's default chain. */
  clients?: (region: string) => AwsClients;
  thumbprint?: (issuerUrl: string) => Promise<string>;
  /** CloudFront status polling (default 30 s); tests make it quick. */
  pollMs?: number;
  /** The workspace folders: an untrusted plan reads nothing outside them. */
  workspaceRoots?: ReadonlyArray<string>;
}

export class AwsCommandCancelled extends Error {
  constructor() {
    super('cancelled');
  }
}

/** Whether preparing the plan asks STS for the account (live creates do, to make every ARN exact). */
function planCallsAws(action: ActionName, inputs: ActionInputs): boolean {
  return !inputs.dryRun && action !== 'create-key-pair' && action !== 'delete';
}

function changesAws(action: ActionName, inputs: ActionInputs, prepared: Prepared): boolean {
  return !inputs.dryRun && action !== 'create-key-pair' && prepared.plan.steps.length > 0;
}

/** Arguments come off the wire: check their shape before anything reads a path from them. */
export function parseAwsArgs(command: string, args: unknown[] | undefined): AwsCommandArgs | AwsCommandError {
  const given = args?.[0] as Partial<AwsCommandArgs> | undefined;
  const usage = `${command} needs { action: ${ACTIONS.join(' | ')}, inputs: { outputDir, dryRun, name?, region?, ... }, trusted: boolean }`;
  if (!given || typeof given !== 'object' || !(ACTIONS as readonly string[]).includes(String(given.action))) return { error: usage };
  const inputs = given.inputs as ActionInputs | undefined;
  if (!inputs || typeof inputs !== 'object' || typeof inputs.dryRun !== 'boolean') return { error: usage };
  const action = given.action as ActionName;
  for (const key of ['outputDir', 'credentialsRequestsDir', 'publicKeyFile'] as const) {
    const value = inputs[key];
    if (value !== undefined && value !== '' && (typeof value !== 'string' || !path.isAbsolute(value))) return { error: `${command}: inputs.${key} must be an absolute path (the server's working directory is not the workspace)` };
  }
  if (action !== 'delete' && !inputs.outputDir) return { error: `${command}: inputs.outputDir is required for ${action}` };
  return { action, inputs: { ...inputs, outputDir: inputs.outputDir ?? '' }, trusted: given.trusted === true, confirmed: given.confirmed === true };
}

const UNTRUSTED = 'The workspace is not trusted: STS Lens writes no file and calls no AWS API there. Trust the workspace first.';

async function withClients<T>(action: ActionName, given: ActionInputs, needed: boolean, env: AwsCommandEnv, body: (clients: AwsClients | undefined, inputs: ActionInputs) => Promise<T>): Promise<T | AwsCommandError> {
  const regional = await withRegion(action, given);
  if ('error' in regional) return { error: `sts-lens aws ${action}: ${regional.error}` };
  const { inputs } = regional;
  const clients = needed ? (env.clients ?? defaultClients)(inputs.region ?? 'us-east-1') : undefined;
  try {
    return await body(clients, inputs);
  } catch (error) {
    if (error instanceof CancelledError || (error as Error).name === 'AbortError' || env.signal?.aborted) throw new AwsCommandCancelled();
    return { error: `sts-lens aws ${action}: ${(error as Error).message}` };
  } finally {
    if (clients) destroyClients(clients);
  }
}

/**
 * `sts-lens.aws.plan`: the plan as data, with nothing written and nothing
 * changed in AWS, and no key generated (a run plans again). Untrusted, it
 * reads only inside the workspace folders.
 */
export async function awsPlan(args: AwsCommandArgs, env: AwsCommandEnv = {}): Promise<AwsPlanResult | AwsCommandError> {
  const { action, inputs } = args;
  if (!args.trusted && planCallsAws(action, inputs)) return { error: UNTRUSTED };
  if (!args.trusted) {
    const outside = await outsideWorkspace(inputs, env.workspaceRoots ?? []);
    if (outside) return { error: `The workspace is not trusted: a plan there reads only files inside the workspace folders, and ${outside} is not in one.` };
  }
  return withClients(action, inputs, planCallsAws(action, inputs), env, async (clients, inputs) => {
    // A plan is only shown, never executed (a run plans again, with a real key): where a run would generate a key, a
    // placeholder stands for it, trusted or not, instead of seconds of RSA 4096 generation that the run repeats.
    const prepared = await prepareAction(action, inputs, clients, env.signal, resolvePreviewKeys);
    const plan = prepared.plan;
    return {
      action,
      account: prepared.account,
      keysOrigin: prepared.keysOrigin,
      outputDir: inputs.outputDir,
      files: plan.files.map((f) => ({ path: f.path, fsPath: path.join(inputs.outputDir, ...f.path.split('/')), description: f.description, mode: f.mode.toString(8), keepExisting: f.keepExisting === true })),
      steps: plan.steps.map(describeStep),
      problems: plan.problems,
      changesAws: changesAws(action, inputs, prepared),
      ...(plan.issuerUrl ? { issuerUrl: plan.issuerUrl } : {}),
    };
  });
}

/** The first path input that is not inside a workspace folder (symbolic links resolved), if any. */
async function outsideWorkspace(inputs: ActionInputs, roots: ReadonlyArray<string>): Promise<string | undefined> {
  const realRoots = await Promise.all(roots.map(realOrResolved));
  for (const key of ['outputDir', 'credentialsRequestsDir', 'publicKeyFile'] as const) {
    const value = inputs[key];
    if (!value) continue;
    const real = await realOrResolved(value);
    if (!realRoots.some((root) => real === root || real.startsWith(root.endsWith(path.sep) ? root : root + path.sep))) return value;
  }
  return undefined;
}

/** The real path, or for a path that does not exist yet, its nearest existing parent's real path joined with the rest. */
async function realOrResolved(p: string): Promise<string> {
  const abs = path.resolve(p);
  try {
    return await fs.promises.realpath(abs);
  } catch {
    const parent = path.dirname(abs);
    return parent === abs ? abs : path.join(await realOrResolved(parent), path.basename(abs));
  }
}

/**
 * `sts-lens.aws.run`: plans again (the state may have changed since the
 * preview) and executes. A run that changes AWS needs `confirmed: true`.
 */
export async function awsRun(args: AwsCommandArgs, env: AwsCommandEnv = {}): Promise<AwsRunResult | AwsCommandError> {
  const { action, inputs } = args;
  if (!args.trusted) return { error: UNTRUSTED };
  const log: string[] = [];
  const say = (line: string) => {
    log.push(line);
    env.log?.(`[${action}] ${line}`);
  };
  return withClients(action, inputs, runCallsAws(action, inputs), env, async (clients, inputs) => {
    const awsCalls = clients ? recordCalls(clients) : [];
    const prepared = await prepareAction(action, inputs, clients, env.signal);
    if (hasErrors(prepared.plan)) {
      const errors = prepared.plan.problems.filter((p) => p.severity === 'error').map((p) => p.message);
      return { error: `sts-lens aws ${action}: ${errors.join(' ')}`, problems: prepared.plan.problems };
    }
    if (changesAws(action, inputs, prepared) && !args.confirmed) {
      return { error: `sts-lens aws ${action} changes AWS${prepared.account ? ` account ${prepared.account}` : ''}: show the plan (sts-lens.aws.plan) to the user and pass confirmed: true once they agree.` };
    }
    for (const p of prepared.plan.problems) say(`${p.severity}: ${p.message}`);
    const result = await executePlan(prepared.plan, {
      ...executionMode(action, inputs),
      clients,
      thumbprint: env.thumbprint,
      pollMs: env.pollMs,
      log: say,
      signal: env.signal,
      onStep: (index, total, step) => env.progress?.(describeStep(step), Math.round((100 * index) / total)),
    });
    return {
      action,
      files: result.files.map((f) => ({ ...f, fsPath: path.join(inputs.outputDir, ...f.path.split('/')) })),
      awsCalls,
      created: result.created,
      deleted: result.deleted,
      failures: result.failures,
      drift: result.drift,
      ...(result.thumbprint ? { thumbprint: result.thumbprint } : {}),
      ...(result.issuerUrl ? { issuerUrl: result.issuerUrl } : {}),
      log,
      problems: prepared.plan.problems,
      ...(action === 'rotate-signing-key' && inputs.phase ? { nextSteps: rotationNextSteps(inputs.phase, inputs.outputDir, inputs.dryRun) } : {}),
    };
  });
}

/** Records each API call as `<service> <operation>`, once per call (the initialize step runs before retries). */
function recordCalls(clients: AwsClients): string[] {
  const calls: string[] = [];
  const recorder =
    (service: string) =>
    <Args, Output>(next: (args: Args) => Promise<Output>, context: { commandName?: string }) =>
    (args: Args) => {
      calls.push(`${service} ${String(context.commandName ?? '').replace(/Command$/, '')}`);
      return next(args);
    };
  const options = { step: 'initialize', name: 'stsLensRecordCalls' } as const;
  clients.iam.middlewareStack.add(recorder('IAM'), options);
  clients.s3.middlewareStack.add(recorder('S3'), options);
  clients.sts.middlewareStack.add(recorder('STS'), options);
  clients.cloudfront?.middlewareStack.add(recorder('CloudFront'), options);
  return calls;
}
