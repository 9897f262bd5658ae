import * as fs from 'fs';
import * as path from 'path';
import { validateInputs } from '../ccoctl/actions';
import { defaultClients, destroyClients } from '../ccoctl/awsClients';
import { planIamRoles } from '../ccoctl/createIamRoles';
import { CredentialsRequest, loadCredentialsRequests } from '../ccoctl/credentialsRequests';
import { describeStep } from '../ccoctl/describe';
import { AwsTodo, diffCredentialsRequests, NAME_PLACEHOLDER, PermissionGroup, requestsToApply, RequestsDiff, RequestSummary } from '../ccoctl/diffRequests';
import { executePlan } from '../ccoctl/executor';
import { hasErrors, Problem } from '../ccoctl/plan';
import { parseCommandLine, regionProblem, usageError } from './args';
import type { AwsCliDeps } from './aws';
import type { CliIo } from './main';

export const DIFF_COMMAND = 'diff-credentials-requests';

const USAGE = `Usage: sts-lens aws diff-credentials-requests <old-dir> <new-dir> [options]

Compares the CredentialsRequests of two releases (oc adm release extract
--credentials-requests --cloud=aws, for the running and the target release)
and says what AWS needs before a cluster in manual mode upgrades: roles for new
requests, new role policies for changed statement entries, new trust policies
for changed service accounts, roles no longer used afterwards. Requests for
other clouds are ignored.

Options:
  --format text|json                 output format (default: text)
  --name <name>                      the ccoctl --name of the cluster: exact role names
  --enable-tech-preview              include tech-preview CredentialsRequests
  --apply                            create or update the roles of new and changed requests with the
                                     create-iam-roles planner (needs --name and --identity-provider-arn);
                                     roles no longer used are listed, never deleted
  --identity-provider-arn <arn>      the cluster's OIDC provider (with --apply)
  --permissions-boundary-arn <arn>   permissions boundary for the roles (with --apply)
  --region <region>                  AWS region for the SDK (with --apply)
  --output-dir <dir>                 where --apply writes the Secret manifests (and, with --dry-run,
                                     the role and policy files) (default: current directory)
  --dry-run                          with --apply: write the files and list the AWS calls; change nothing
  -h, --help                         show this help

Example:
  sts-lens aws diff-credentials-requests credrequests-4.16 credrequests-4.17 --name demo

Exit status: 0 no difference, 1 differences (or --apply failed), 2 usage error.
After --apply, mark the cluster upgradeable: annotate the CloudCredential
cluster with cloudcredential.openshift.io/upgradeable-to=<target version>.
`;

const OPTIONS = {
  format: { type: 'string', default: 'text' },
  name: { type: 'string' },
  'enable-tech-preview': { type: 'boolean' },
  apply: { type: 'boolean' },
  'identity-provider-arn': { type: 'string' },
  'permissions-boundary-arn': { type: 'string' },
  region: { type: 'string' },
  'output-dir': { type: 'string' },
  'dry-run': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export async function runAwsDiff(argv: string[], io: CliIo, deps: AwsCliDeps = {}): Promise<number> {
  const usage = (message: string) => usageError(io, `sts-lens aws ${DIFF_COMMAND}`, USAGE, message);
  const parsed = parseCommandLine(argv, OPTIONS, USAGE, `sts-lens aws ${DIFF_COMMAND}`, io);
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  const dirs = positionals.slice(1);
  if (dirs.length !== 2) return usage(dirs.length < 2 ? 'give the old and the new CredentialsRequests directory' : `unexpected argument "${dirs[2]}"`);
  if (values.format !== 'text' && values.format !== 'json') return usage(`unknown format "${values.format}" (text or json)`);
  const [oldDir, newDir] = dirs.map((d) => path.resolve(io.cwd, d));
  for (const [given, dir] of [[dirs[0], oldDir], [dirs[1], newDir]]) {
    if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) return usage(`not a directory: ${given}`);
  }
  if (values.apply && values.format === 'json') return usage('--apply writes text: run without --format json to apply');
  if (!values.apply) {
    for (const flag of ['identity-provider-arn', 'permissions-boundary-arn', 'output-dir', 'dry-run'] as const) if (values[flag] !== undefined) return usage(`--${flag} goes with --apply`);
  }
  const badRegion = regionProblem(values.region);
  if (badRegion) return usage(badRegion);
  const techPreview = values['enable-tech-preview'] === true;
  const before = await loadCredentialsRequests(oldDir, techPreview);
  const after = await loadCredentialsRequests(newDir, techPreview);
  const loadErrors = [...before.problems, ...after.problems].filter((p) => p.severity === 'error');
  if (loadErrors.length > 0) {
    printProblems(loadErrors, io);
    return 1;
  }
  const diff = diffCredentialsRequests(before.requests, after.requests, values.name);
  const different = diff.added.length + diff.removed.length + diff.changed.length > 0;
  io.stdout.write(values.format === 'json' ? `${JSON.stringify({ version: 1, ...diff }, null, 2)}\n` : formatDiff(diff, dirs[0], dirs[1], values.name));
  if (!values.apply) return different ? 1 : 0;
  return apply(diff, after.requests, newDir, values, io, deps);
}

async function apply(
  diff: RequestsDiff,
  newRequests: CredentialsRequest[],
  newDir: string,
  values: { name?: string; region?: string; 'identity-provider-arn'?: string; 'permissions-boundary-arn'?: string; 'output-dir'?: string; 'dry-run'?: boolean },
  io: CliIo,
  deps: AwsCliDeps,
): Promise<number> {
  const requests = requestsToApply(diff, newRequests);
  if (requests.length === 0) {
    io.stdout.write('Nothing to create or update in AWS.\n');
    return 0;
  }
  const dryRun = values['dry-run'] === true;
  const outputDir = values['output-dir'] ? path.resolve(io.cwd, values['output-dir']) : io.cwd;
  const invalid = validateInputs('create-iam-roles', { name: values.name, identityProviderArn: values['identity-provider-arn'], credentialsRequestsDir: newDir, outputDir, dryRun });
  if (invalid.length > 0) {
    printProblems(invalid.map((p) => ({ ...p, message: `--apply: ${p.message}` })), io);
    return 2;
  }
  const plan = planIamRoles({ name: values.name!, requests, providerArn: values['identity-provider-arn']!, permissionsBoundaryArn: values['permissions-boundary-arn'] }, dryRun);
  printProblems(plan.problems, io);
  if (hasErrors(plan)) return 1;
  const clients = dryRun ? undefined : (deps.clients ?? defaultClients)(values.region ?? 'us-east-1');
  try {
    // Changed service accounts are the point of the run: an existing role's trust policy is replaced.
    const result = await executePlan(plan, { outputDir, dryRun, listOnly: false, updateTrust: true, clients, log: (line) => io.stdout.write(`${line}\n`) });
    if (dryRun) {
      io.stdout.write('Dry run: nothing was changed in AWS. A live run would:\n');
      for (const step of plan.steps) io.stdout.write(`  ${describeStep(step)}\n`);
    }
    for (const d of result.drift) io.stdout.write(`${dryRun ? 'Would replace' : 'Replaced'} the trust policy of ${d.roleName}.\n`);
    io.stdout.write(
      dryRun
        ? 'Review the files, then run again without --dry-run.\n'
        : 'Roles are ready for the new release. Apply the Secret manifests written above, then mark the cluster upgradeable: oc annotate cloudcredential cluster cloudcredential.openshift.io/upgradeable-to=<target version>\n',
    );
    return 0;
  } catch (error) {
    io.stderr.write(`sts-lens aws ${DIFF_COMMAND} --apply: ${(error as Error).message}\n`);
    return 1;
  } finally {
    if (clients) destroyClients(clients);
  }
}

function printProblems(problems: Problem[], io: CliIo): void {
  for (const p of problems) (p.severity === 'error' || p.severity === 'warning' ? io.stderr : io.stdout).write(`${p.severity}: ${p.message}\n`);
}

const TODO_TEXT: Record<AwsTodo['action'], string> = {
  'create-role': 'create role',
  'update-role-policy': 'update the permission policy of',
  'update-trust-policy': 'update the trust policy of',
  'delete-role-after-upgrade': 'after the upgrade, delete role',
};

export function formatDiff(diff: RequestsDiff, oldDir: string, newDir: string, name: string | undefined): string {
  const lines: string[] = [`CredentialsRequests ${oldDir} -> ${newDir}`];
  const request = (s: RequestSummary) => `  ${s.id} (${s.file}): Secret ${s.secret.namespace}/${s.secret.name}, role ${s.roleName}`;
  if (diff.added.length > 0) {
    lines.push('', `Added (${diff.added.length}):`);
    for (const s of diff.added) {
      lines.push(request(s), `    service accounts: ${s.serviceAccounts.join(', ') || '(none)'}`);
      for (const e of s.statementEntries) lines.push(`    ${e.effect} ${e.action.join(', ')} on ${e.resource}${e.policyCondition ? ` if ${JSON.stringify(e.policyCondition)}` : ''}`);
    }
  }
  if (diff.changed.length > 0) {
    lines.push('', `Changed (${diff.changed.length}):`);
    for (const c of diff.changed) {
      lines.push(request(c.new));
      if (c.secret) lines.push(`    secret: ${c.secret.old.namespace}/${c.secret.old.name} -> ${c.secret.new.namespace}/${c.secret.new.name}`);
      if (c.serviceAccounts) lines.push(`    service accounts: ${[...c.serviceAccounts.added.map((s) => `+${s}`), ...c.serviceAccounts.removed.map((s) => `-${s}`)].join(', ')}`);
      for (const g of c.permissions?.added ?? []) lines.push(`    + ${group(g)}`);
      for (const g of c.permissions?.removed ?? []) lines.push(`    - ${group(g)}`);
    }
  }
  if (diff.removed.length > 0) {
    lines.push('', `Removed (${diff.removed.length}):`);
    for (const s of diff.removed) lines.push(request(s));
  }
  lines.push('', `Unchanged: ${diff.unchanged.length}`);
  if (diff.aws.length > 0) {
    lines.push('', 'In AWS, before the upgrade:');
    for (const t of diff.aws.filter((t) => t.action !== 'delete-role-after-upgrade')) lines.push(`  ${TODO_TEXT[t.action]} ${t.roleName} (${t.why})`);
    for (const t of diff.aws.filter((t) => t.action === 'delete-role-after-upgrade')) lines.push(`  ${TODO_TEXT[t.action]} ${t.roleName} (${t.why})`);
    if (!name && diff.aws.length > 0) lines.push(`  (${NAME_PLACEHOLDER} is the cluster's ccoctl --name; give --name for exact role names)`);
    lines.push('Then mark the cluster upgradeable: annotate the CloudCredential cluster with cloudcredential.openshift.io/upgradeable-to=<target version>.');
  } else {
    lines.push('', 'Nothing to do in AWS.');
  }
  return `${lines.join('\n')}\n`;
}

function group(g: PermissionGroup): string {
  return `${g.effect} ${g.actions.join(', ')} on ${g.resource}${g.condition ? ` if ${JSON.stringify(g.condition)}` : ''}`;
}
