import { didYouMean, parseCommandLine, regionProblem, resolvePaths, usageError } from './args';
import * as path from 'path';
import { AwsClients, defaultClients, destroyClients } from '../ccoctl/awsClients';
import { chooseRegion } from '../ccoctl/actions';
import { checkInstallerCredentials } from '../ccoctl/installerCredentials';
import { verifyRoles } from '../ccoctl/verify';
import { VERIFY_CODES } from '../ccoctl/verifyCodes';
import { normalizeSettings } from '../settings';
import { FileSource } from '../workspace/fileSource';
import { WorkspaceIndex } from '../workspace/workspaceIndex';
import type { AwsCliDeps } from './aws';
import { FileFindings, formatJson, formatSarif, formatText } from './formatters';
import { VERSION } from './main';
import type { CliIo } from './main';

export const INSPECT_COMMANDS = ['verify', 'check-installer-credentials'];

const VERIFY_USAGE = `Usage: sts-lens aws verify [paths...] [--region <region>] [--format text|json|sarif]

GetRole for every role the workspace references (ServiceAccount
annotations, AWS_ROLE_ARN, credentials Secrets) and compare its live trust
policy with the workspace's (trust-policy-drift). Then, for every issuer
those roles trust or a cluster manifest declares: GetOpenIDConnectProvider
(oidc-provider-missing, -audience, -thumbprint), the issuer's
/.well-known/openid-configuration (oidc-discovery-unreachable, -mismatch)
and its JWKS (jwks-kid-missing: the kid of the cluster's public key). The
issuer is reached over verified HTTPS, through HTTPS_PROXY unless NO_PROXY
exempts it. Findings are reported like sts-lens check reports problems.
Read-only: nothing changes in AWS.

Flags:
  --region <region>          AWS region for the SDK (default: the SDK's, else us-east-1 in the aws partition)
  --format text|json|sarif   output format (default: text)
  -h, --help                 show this help

Example:
  sts-lens aws verify manifests/ iam/ --format sarif

Exit status: 0 nothing found, 1 findings or an AWS error, 2 usage error.
`;

const INSTALLER_USAGE = `Usage: sts-lens aws check-installer-credentials [--region <region>] [--format text|json]

Reads the policies of the calling principal (GetCallerIdentity; user, its
groups, or role) and reports statements that deny by aws:SourceIp, which
break the bootstrap node's ignition download. Read-only: nothing changes in AWS.

Flags:
  --region <region>     AWS region for the SDK (default: the SDK's, else us-east-1 in the aws partition)
  --format text|json    output format (default: text)
  -h, --help            show this help

Example:
  AWS_PROFILE=installer sts-lens aws check-installer-credentials

Exit status: 0 nothing found, 1 findings or an AWS error, 2 usage error.
`;

export async function runAwsInspect(argv: string[], io: CliIo, deps: AwsCliDeps = {}): Promise<number> {
  const [command] = argv;
  const USAGE = command === 'verify' ? VERIFY_USAGE : INSTALLER_USAGE;
  const usage = (message: string) => usageError(io, 'sts-lens aws', USAGE, message);
  const parsed = parseCommandLine(argv, { region: { type: 'string' }, format: { type: 'string', default: 'text' }, help: { type: 'boolean', short: 'h' } }, USAGE, 'sts-lens aws', io);
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  const paths = positionals.slice(1);
  const formats = command === 'verify' ? ['text', 'json', 'sarif'] : ['text', 'json'];
  const format = values.format;
  if (!formats.includes(format)) return usage(`unknown format "${format}"${didYouMean(format, formats)} (${formats.slice(0, -1).join(', ')} or ${formats[formats.length - 1]})`);
  const badRegion = regionProblem(values.region);
  if (badRegion) return usage(badRegion);
  if (command === 'check-installer-credentials' && paths.length > 0) return usage(`unexpected argument "${paths[0]}"`);
  const resolved = resolvePaths(paths, io);
  if ('missing' in resolved) return usage(`no such file or directory: ${resolved.missing}`);
  const { roots } = resolved;
  const region = await chooseRegion(values.region);
  if ('error' in region) return usage(region.error);
  const clients: AwsClients = (deps.clients ?? defaultClients)(region.region);
  try {
    return command === 'verify' ? await verify(roots, format as 'text' | 'json' | 'sarif', io, clients, deps) : await installer(format as 'text' | 'json', io, clients);
  } catch (error) {
    io.stderr.write(`sts-lens aws ${command}: ${(error as Error).message}\n`);
    return 1;
  } finally {
    destroyClients(clients);
  }
}

async function verify(roots: string[], format: 'text' | 'json' | 'sarif', io: CliIo, clients: AwsClients, deps: AwsCliDeps): Promise<number> {
  const settings = normalizeSettings({});
  // The index sts-lens check builds: role references and trust policies as the editor sees them.
  const index = new WorkspaceIndex(new FileSource(settings.maxFileSize));
  await index.build(roots);
  const report = await verifyRoles(index, settings, clients.iam, { connect: deps.issuer });
  const byFile = new Map<string, FileFindings>();
  for (const { file, finding } of report.findings) {
    const relative = path.relative(io.cwd, file.fsPath ?? file.uri).split(path.sep).join('/');
    const entry = byFile.get(relative) ?? { file: relative, findings: [] };
    entry.findings.push(finding);
    byFile.set(relative, entry);
  }
  const results = [...byFile.values()].sort((a, b) => a.file.localeCompare(b.file));
  for (const r of results) r.findings.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  const output = format === 'json' ? formatJson(results) : format === 'sarif' ? formatSarif(results, VERSION, Object.values(VERIFY_CODES)) : `${report.roles.length === 0 ? 'No role references found.' : `Verified ${report.roles.length} role(s) in AWS: ${report.roles.join(', ')}`}\n${report.issuers.length > 0 ? `Checked ${report.issuers.length} issuer(s): ${report.issuers.join(', ')}\n` : ''}${formatText(results, io.color)}`;
  io.stdout.write(output.endsWith('\n') ? output : `${output}\n`);
  return report.findings.length > 0 ? 1 : 0;
}

async function installer(format: 'text' | 'json', io: CliIo, clients: AwsClients): Promise<number> {
  const report = await checkInstallerCredentials(clients);
  if (format === 'json') {
    io.stdout.write(`${JSON.stringify({ version: 1, ...report }, null, 2)}\n`);
    return report.findings.length > 0 ? 1 : 0;
  }
  const who = report.principal.kind === 'user' || report.principal.kind === 'role' ? `${report.principal.kind} ${report.principal.name}` : report.principal.kind;
  io.stdout.write(`Caller: ${report.callerArn} (${who})\n`);
  if (report.principal.kind === 'root' || report.principal.kind === 'other') {
    io.stdout.write(`The caller is ${report.principal.kind === 'root' ? "the account's root user, which has no IAM policies to read" : 'neither an IAM user nor a role'}; nothing to check. (Organization SCPs and permission boundaries are not read.)\n`);
    return 0;
  }
  io.stdout.write(`Read ${report.policiesRead.length} polic${report.policiesRead.length === 1 ? 'y' : 'ies'}:\n${report.policiesRead.map((p) => `  ${p}\n`).join('')}`);
  for (const f of report.findings) io.stdout.write(`\nerror: ${f.policy}${f.sid ? `, statement ${f.sid}` : ''}: ${f.message}\n`);
  io.stdout.write(report.findings.length === 0 ? 'No statement denies by aws:SourceIp: the bootstrap ignition URL will not be refused for its source address.\n' : '');
  return report.findings.length > 0 ? 1 : 0;
}
