import { didYouMean, parseCommandLine, regionProblem, usageError } from './args';
import * as path from 'path';
import { parseArgs } from 'util';
import { allOptions, FlagName, FLAGS, optionsOf, SUBCOMMANDS, subcommandUsage } from './awsFlags';
import { ACTIONS, ActionInputs, ActionName, executionMode, prepareAction, runCallsAws, withRegion } from '../ccoctl/actions';
import { AwsClients, defaultClients, destroyClients } from '../ccoctl/awsClients';
import { describeStep } from '../ccoctl/describe';
import { executePlan } from '../ccoctl/executor';
import { IssuerConnectOptions } from '../ccoctl/issuerTls';
import { hasErrors, Problem } from '../ccoctl/plan';
import { DIFF_COMMAND, runAwsDiff } from './awsDiff';
import { INSPECT_COMMANDS, runAwsInspect } from './awsInspect';
import { ROTATE_COMMAND, runAwsRotate } from './awsRotate';
import { printable } from './formatters';
import type { CliIo } from './main';

/** What tests replace: the AWS clients (pointed at local servers) and the issuer thumbprint. */
export interface AwsCliDeps {
  clients?: (region: string) => AwsClients;
  thumbprint?: (issuerUrl: string) => Promise<string>;
  /** CloudFront status polling (default 30 s); tests make it quick. */
  pollMs?: number;
  /** How verify reaches issuers (tests add their CA; default: trusted CAs, HTTPS_PROXY and NO_PROXY). */
  issuer?: IssuerConnectOptions;
}

const USAGE = `Usage: sts-lens aws <command> [options]

Creates what OpenShift's manual mode with STS needs, like ccoctl aws (same
flags, same files), with a dry run that fills in the issuer it will create.
AWS credentials come from the SDK's default chain (environment, SSO, profiles,
web identity, instance role); sts-lens never asks for keys.

Commands:
  create-key-pair            RSA 4096 service-account signing key pair
  create-identity-provider   S3 OIDC issuer + IAM OIDC identity provider
  create-iam-roles           one IAM role per CredentialsRequest, and its Secret
  create-all                 all of the above
  delete                     remove what create-all made (only resources tagged
                             openshift.io/cloud-credential-operator/<name>=owned)
  verify [paths...]          compare the live trust policy of every role the
                             workspace references with the workspace's, and check
                             each issuer's OIDC provider, discovery document and
                             keys (read-only)
  check-installer-credentials  find aws:SourceIp denies on the calling principal's
                             policies, which break the bootstrap ignition (read-only)
  diff-credentials-requests <old-dir> <new-dir>
                             what a manual-mode upgrade needs in AWS: added, removed and
                             changed CredentialsRequests (--apply creates/updates the roles)
  rotate-signing-key --phase add|finish
                             rotate the service account signing key: publish the current and
                             a new key, then (after the cluster switched) only the new one

Each command takes only its own flags: sts-lens aws <command> --help lists them.
A switch also takes =true or =false (--dry-run=false).
`;

const COMMANDS = [...new Set<string>([...ACTIONS, ROTATE_COMMAND, ...INSPECT_COMMANDS, DIFF_COMMAND])];

/**
 * The subcommand of a command line: its first positional, found with every
 * flag of every subcommand known (so `--name x create-all` still finds it).
 */
function subcommandOf(argv: string[]): string | undefined {
  try {
    const { tokens } = parseArgs({ args: argv, allowPositionals: true, strict: false, tokens: true, options: allOptions() });
    const first = tokens.find((t) => t.kind === 'positional');
    return first?.kind === 'positional' ? first.value : undefined;
  } catch {
    return undefined;
  }
}

function printProblems(problems: Problem[], io: CliIo): void {
  for (const p of problems) (p.severity === 'error' || p.severity === 'warning' ? io.stderr : io.stdout).write(`${p.severity}: ${printable(p.message)}\n`);
}

/** A flag of another subcommand given to this one (ccoctl refuses it too), said as such. */
function foreignFlag(argv: string[], action: string): string | undefined {
  const own = optionsOf(action);
  const { tokens } = parseArgs({ args: argv, allowPositionals: true, strict: false, tokens: true, options: allOptions() });
  const token = tokens.find((t) => t.kind === 'option' && !Object.hasOwn(own, t.name) && Object.hasOwn(FLAGS, t.name));
  if (token?.kind !== 'option') return undefined;
  const flags = Object.keys(own).filter((f) => f !== 'help').map((f) => `--${f}`);
  return `${token.rawName} is not a flag of ${action} (its flags: ${flags.length > 0 ? flags.join(', ') : 'none'})`;
}

/** The values a planning subcommand's flags parse to (each subcommand has some of them). */
type AwsValues = { [K in FlagName]?: K extends 'enable-tech-preview' | 'create-private-s3-bucket' | 'dry-run' | 'update-trust-policy' | 'help' ? boolean : string };

export async function runAwsCli(argv: string[], io: CliIo, deps: AwsCliDeps = {}): Promise<number> {
  if (INSPECT_COMMANDS.includes(argv[0])) return runAwsInspect(argv, io, deps);
  if (argv[0] === DIFF_COMMAND) return runAwsDiff(argv, io, deps);
  const command = subcommandOf(argv);
  if (command === undefined) {
    // No subcommand: only --help means something.
    const parsed = parseCommandLine(argv, { help: { type: 'boolean', short: 'h' } }, USAGE, 'sts-lens aws', io);
    return typeof parsed === 'number' ? parsed : usageError(io, 'sts-lens aws', USAGE, 'missing command');
  }
  if (!Object.hasOwn(SUBCOMMANDS, command)) return usageError(io, 'sts-lens aws', USAGE, `unknown command "${command}"${didYouMean(command, COMMANDS)}`);
  const foreign = foreignFlag(argv, command);
  if (foreign) return usageError(io, `sts-lens aws ${command}`, subcommandUsage(command), foreign);
  if (command === ROTATE_COMMAND) return runAwsRotate(argv, io, deps);
  const action = command as ActionName;
  const prefix = `sts-lens aws ${action}`;
  const subUsage = subcommandUsage(action);
  const usage = (message: string) => usageError(io, prefix, subUsage, message);
  const parsed = parseCommandLine(argv, optionsOf(action), subUsage, prefix, io);
  if (typeof parsed === 'number') return parsed;
  const values = parsed.values as Partial<Record<FlagName, string | boolean>> as AwsValues;
  const extra = parsed.positionals.slice(1);
  if (extra.length > 0) return usage(`unexpected argument "${extra[0]}"`);
  const badRegion = regionProblem(values.region);
  if (badRegion) return usage(badRegion);
  const resolve = (p: string | undefined) => (p === undefined ? undefined : path.resolve(io.cwd, p));
  const given: ActionInputs = {
    name: values.name,
    region: values.region,
    credentialsRequestsDir: resolve(values['credentials-requests-dir']),
    identityProviderArn: values['identity-provider-arn'],
    publicKeyFile: resolve(values['public-key-file']),
    permissionsBoundaryArn: values['permissions-boundary-arn'],
    outputDir: resolve(values['output-dir']) ?? io.cwd,
    dryRun: values['dry-run'] === true,
    enableTechPreview: values['enable-tech-preview'],
    createPrivateS3Bucket: values['create-private-s3-bucket'],
    accountId: values['account-id'],
    updateTrust: values['update-trust-policy'],
  };
  const regional = await withRegion(action, given);
  if ('error' in regional) {
    io.stderr.write(`sts-lens aws ${action}: ${regional.error}\n`);
    return 1;
  }
  const { inputs } = regional;
  if (regional.from !== 'flag') io.stdout.write(`Region ${inputs.region} (${regional.from === 'sdk' ? "the AWS SDK's configured region: AWS_REGION or the profile's" : 'no --region and none configured: IAM is global in the aws partition'})\n`);
  const clients = runCallsAws(action, inputs) ? (deps.clients ?? defaultClients)(inputs.region ?? 'us-east-1') : undefined;
  try {
    const prepared = await prepareAction(action, inputs, clients);
    printProblems(prepared.plan.problems, io);
    if (hasErrors(prepared.plan)) return 1;
    if (prepared.keysOrigin === 'existing') io.stdout.write(`Using the existing key pair in ${inputs.outputDir}\n`);
    if (prepared.keysOrigin === 'generated') io.stdout.write('Generated a new RSA 4096 key pair\n');
    const mode = executionMode(action, inputs);
    const result = await executePlan(prepared.plan, {
      ...mode,
      clients,
      thumbprint: deps.thumbprint,
      pollMs: deps.pollMs,
      log: (line) => io.stdout.write(`${printable(line)}\n`),
    });
    const issuerUrl = result.issuerUrl ?? prepared.plan.issuerUrl;
    if (issuerUrl) io.stdout.write(`Issuer URL (serviceAccountIssuer): ${issuerUrl}\n`);
    if (inputs.dryRun && action !== 'delete' && prepared.plan.steps.length > 0) {
      io.stdout.write('Dry run: nothing was changed in AWS. A live run would:\n');
      for (const step of prepared.plan.steps) io.stdout.write(`  ${describeStep(step)}\n`);
    }
    if (action === 'delete') {
      io.stdout.write(result.deleted.length === 0 ? `Nothing tagged for ${inputs.name} found.\n` : `${mode.listOnly ? 'Would delete' : 'Deleted'}:\n${result.deleted.map((d) => `  ${d}\n`).join('')}`);
    }
    for (const failure of result.failures) io.stderr.write(`error: could not delete ${failure}\n`);
    if (result.failures.length > 0) io.stderr.write(`${result.failures.length} failure(s): what they name is still in AWS; the rest was ${mode.listOnly ? 'listed' : 'deleted'}. Fix the cause and run delete again.\n`);
    const undone = result.drift.filter((d) => !d.updated);
    for (const d of undone) {
      io.stderr.write(`drift: role ${d.roleName} exists with a different trust policy; its service accounts may be refused. Re-run with --update-trust-policy to replace it.\n  live:    ${d.live}\n  planned: ${d.wanted}\n`);
    }
    return undone.length > 0 || result.failures.length > 0 ? 1 : 0;
  } catch (error) {
    io.stderr.write(`sts-lens aws ${action}: ${printable((error as Error).message)}\n`);
    return 1;
  } finally {
    if (clients) destroyClients(clients);
  }
}
