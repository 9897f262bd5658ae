import * as path from 'path';
import { analyze } from '../analysis/analyze';
import { Finding } from '../analysis/finding';
import { didYouMean, parseCommandLine, parseSize, resolvePaths, usageError } from './args';
import { allRules } from '../rules';
import { currentRuleId } from '../rules/renamedRules';
import { runAwsCli } from './aws';
import { normalizeSettings, RuleSetting } from '../settings';
import { FileSource } from '../workspace/fileSource';
import { WorkspaceIndex } from '../workspace/workspaceIndex';
import { FileFindings, formatJson, formatSarif, formatText, NOT_CHECKED, SkippedFile } from './formatters';

export const VERSION = '0.1.0';

const FORMATS = ['text', 'json', 'sarif'];
const SEVERITIES = ['off', 'error', 'warning', 'information', 'hint'] as const;

export interface CliIo {
  cwd: string;
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  color: boolean;
}

const USAGE = `Usage: sts-lens check [paths...] [options]
       sts-lens aws <command> [options]   (ccoctl-equivalent commands: sts-lens aws --help)

Checks install-config.yaml, CredentialsRequests, workloads, ServiceAccounts,
Secrets and IAM policy JSON for the mistakes that break AWS STS / IRSA.

Options:
  --format text|json|sarif   output format (default: text)
  --rule <id>=<severity>     change a rule's severity, or turn it off (repeatable)
  --cluster-name <name>      the ccoctl --name, for role-name checks
  --cluster-root <dir>       a folder that holds one cluster's files; "*" stands
                             for one folder name (clusters/*) (repeatable)
  --max-file-size <bytes>    check files up to this size (default 1m; k and m suffixes)
  -h, --help                 show this help
  -v, --version              print the version

A file named on the command line that is not checked (too large, not a
regular file, unreadable) gets a ${NOT_CHECKED} warning saying why; files
skipped in a folder are counted in the summary.

Exit status: 0 no errors, 1 errors found, 2 usage or internal error.
`;

/** Runs the CLI; returns the exit code (never calls process.exit, so tests can drive it). */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  if (argv[0] === 'aws') return runAwsCli(argv.slice(1), io);
  const usage = (message: string) => usageError(io, 'sts-lens', USAGE, message);
  const parsed = parseCommandLine(
    argv,
    {
      format: { type: 'string', default: 'text' },
      rule: { type: 'string', multiple: true, default: [] },
      'cluster-name': { type: 'string' },
      'cluster-root': { type: 'string', multiple: true, default: [] },
      'max-file-size': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean', short: 'v' },
    },
    USAGE,
    'sts-lens',
    io,
  );
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  if (values.version) {
    io.stdout.write(`${VERSION}\n`);
    return 0;
  }
  const [command, ...paths] = positionals;
  if (command !== 'check') return usage(command ? `unknown command "${command}"${didYouMean(command, ['check', 'aws'])}` : 'missing command');
  const format = values.format;
  if (format !== 'text' && format !== 'json' && format !== 'sarif') return usage(`unknown format "${format}"${didYouMean(format, FORMATS)} (text, json or sarif)`);
  const rules: Record<string, RuleSetting> = {};
  for (const spec of values.rule ?? []) {
    const [id, severity] = spec.split('=', 2);
    if (!allRules.some((r) => r.id === currentRuleId(id))) return usage(`--rule ${spec}: unknown rule "${id}"${didYouMean(id, allRules.map((r) => r.id))}`);
    if (!(SEVERITIES as readonly string[]).includes(severity)) {
      return usage(`--rule ${spec}: ${severity === undefined ? 'no severity after "="' : `unknown severity "${severity}"${didYouMean(severity, SEVERITIES)}`} (off, error, warning, information or hint)`);
    }
    rules[id] = severity as RuleSetting;
  }
  const maxFileSize = values['max-file-size'] === undefined ? undefined : parseSize(values['max-file-size']);
  if (maxFileSize === undefined && values['max-file-size'] !== undefined) return usage(`--max-file-size ${values['max-file-size']}: give a number of bytes, optionally with k or m (e.g. 4m)`);
  // Relative folders are relative to where the CLI runs; a pattern with `*` stays a pattern.
  const clusterRoots = (values['cluster-root'] ?? []).map((root) => (root.includes('*') && !path.isAbsolute(root) ? root : path.resolve(io.cwd, root)));
  const settings = normalizeSettings({ rules, clusterName: values['cluster-name'] ?? '', clusterRoots, maxFileSize });

  const resolved = resolvePaths(paths, io);
  if ('missing' in resolved) return usage(`no such file or directory: ${resolved.missing}`);
  const { roots } = resolved;
  // The same index the server keeps, over the given paths: cross-file checks see what CI sees.
  const source = new FileSource(settings.maxFileSize);
  const index = new WorkspaceIndex(source);
  const filePaths = await index.build(roots);
  const named = new Set(roots);
  const results: FileFindings[] = [];
  const skipped: SkippedFile[] = [];
  for (const fsPath of filePaths) {
    const relative = path.relative(io.cwd, fsPath).split(path.sep).join('/');
    const file = index.file(fsPath);
    let findings;
    let reason: string | undefined;
    if (!file) reason = source.whyNotChecked(fsPath) ?? 'it could not be read';
    else {
      try {
        findings = analyze(file, index, settings);
      } catch (error) {
        // A bug on one file must not hide the findings of the others.
        reason = `sts-lens failed while checking it (${String((error as Error)?.message ?? error)}); please report this`;
      }
    }
    if (findings) results.push({ file: relative, findings });
    else if (reason) {
      skipped.push({ file: relative, reason, named: named.has(fsPath) });
      if (named.has(fsPath)) results.push({ file: relative, findings: [notChecked(reason)] });
    }
  }
  const output = format === 'json' ? formatJson(results, skipped) : format === 'sarif' ? formatSarif(results, VERSION) : formatText(results, io.color, skipped);
  io.stdout.write(output.endsWith('\n') ? output : `${output}\n`);
  return results.some((r) => r.findings.some((f) => f.severity === 'error')) ? 1 : 0;
}

/** The warning for a file named on the command line that was not checked. */
function notChecked(reason: string): Finding {
  const start = { line: 0, character: 0 };
  return { code: NOT_CHECKED, severity: 'warning', message: `Not checked: ${reason}.`, range: { start, end: start }, fixes: [], related: [] };
}
