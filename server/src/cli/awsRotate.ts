import * as path from 'path';
import { defaultClients, destroyClients } from '../ccoctl/awsClients';
import { describeStep } from '../ccoctl/describe';
import { executePlan } from '../ccoctl/executor';
import { nameProblem } from '../ccoctl/actions';
import { hasErrors } from '../ccoctl/plan';
import { planRotation, ROTATION_PHASES, RotationPhase, rotationNextSteps } from '../ccoctl/rotateSigningKey';
import { didYouMean, parseCommandLine, regionProblem, usageError } from './args';
import type { AwsCliDeps } from './aws';
import { optionsOf, subcommandUsage } from './awsFlags';
import { printable } from './formatters';
import type { CliIo } from './main';

export const ROTATE_COMMAND = 'rotate-signing-key';

/**
 * `sts-lens aws rotate-signing-key --phase add|finish`: plans with
 * planRotation, then writes the files and (unless --dry-run) uploads keys.json
 * to the issuer bucket, through the same executor as the other commands.
 */
export async function runAwsRotate(argv: string[], io: CliIo, deps: AwsCliDeps = {}): Promise<number> {
  const prefix = `sts-lens aws ${ROTATE_COMMAND}`;
  const usageText = subcommandUsage(ROTATE_COMMAND);
  const usage = (message: string) => usageError(io, prefix, usageText, message);
  const parsed = parseCommandLine(argv, optionsOf(ROTATE_COMMAND), usageText, prefix, io);
  if (typeof parsed === 'number') return parsed;
  const values = parsed.values as { phase?: string; name?: string; region?: string; 'output-dir'?: string; 'dry-run'?: boolean };
  const extra = parsed.positionals.slice(1);
  if (extra.length > 0) return usage(`unexpected argument "${extra[0]}"`);
  for (const flag of ['phase', 'name', 'region'] as const) if (!values[flag]) return usage(`--${flag} is required`);
  const phase = values.phase!;
  if (!(ROTATION_PHASES as readonly string[]).includes(phase)) return usage(`--phase ${phase}: give add or finish${didYouMean(phase, ROTATION_PHASES)}`);
  const badName = nameProblem(values.name!);
  if (badName) return usage(badName);
  const badRegion = regionProblem(values.region);
  if (badRegion) return usage(badRegion);
  const outputDir = values['output-dir'] ? path.resolve(io.cwd, values['output-dir']) : io.cwd;
  const dryRun = values['dry-run'] === true;
  const log = (line: string) => io.stdout.write(`${printable(line)}\n`);
  try {
    const plan = await planRotation({ phase: phase as RotationPhase, name: values.name!, outputDir });
    for (const p of plan.problems) (p.severity === 'info' ? io.stdout : io.stderr).write(`${p.severity}: ${printable(p.message)}\n`);
    if (hasErrors(plan)) return 1;
    if (plan.nextOrigin === 'generated') log('Generated a new RSA 4096 key pair for the rotation');
    if (plan.nextOrigin === 'existing') log(`Using the next key pair of the earlier --phase add in ${outputDir}`);
    const clients = dryRun ? undefined : (deps.clients ?? defaultClients)(values.region!);
    try {
      await executePlan(plan, { outputDir, dryRun, listOnly: false, clients, log });
    } finally {
      if (clients) destroyClients(clients);
    }
    log(`keys.json holds ${plan.kids.length === 1 ? 'key id' : 'key ids'} ${plan.kids.join(', ')}`);
    if (dryRun) {
      log('Dry run: nothing was changed in AWS. A live run would:');
      for (const step of plan.steps) log(`  ${describeStep(step)}`);
    }
    log(rotationNextSteps(phase as RotationPhase, outputDir, dryRun).join('\n'));
    return 0;
  } catch (error) {
    io.stderr.write(`${prefix}: ${printable((error as Error).message)}\n`);
    return 1;
  }
}
