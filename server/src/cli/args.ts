import * as fs from 'fs';
import * as path from 'path';
import { parseArgs, ParseArgsConfig } from 'util';
import { awsRegions } from '../installConfig/awsRegions';
import { nearest } from '../util/nearest';
import type { CliIo } from './main';

type Options = NonNullable<ParseArgsConfig['options']>;
type ParsedArgs<T extends Options> = ReturnType<typeof parseArgs<{ args: string[]; allowPositionals: true; options: T }>>;

/** A usage error: the message, then the command's usage, on stderr; exit status 2. */
export function usageError(io: CliIo, prefix: string, usage: string, message: string): number {
  io.stderr.write(`${prefix}: ${message}\n\n${usage}`);
  return 2;
}

/** ` (did you mean "x"?)` when one of `candidates` is a plausible typo of `word`, else ''. */
export function didYouMean(word: string, candidates: Iterable<string>, quote = (s: string) => `"${s}"`): string {
  const list = [...candidates];
  // A shortened word ("warn", "info") means the one candidate it begins.
  const extended = word.length >= 3 ? list.filter((c) => c.toLowerCase().startsWith(word.toLowerCase())) : [];
  const best = extended.length === 1 ? extended[0] : nearest(word, list);
  return best !== undefined && best !== word ? ` (did you mean ${quote(best)}?)` : '';
}

/**
 * What is wrong with the options of a command line, in the user's terms:
 * an unknown option (with the nearest known one), a missing value, a value
 * given to a switch. Undefined when the options are well-formed.
 */
/** The words Go's strconv.ParseBool takes, which cobra's `--flag=<value>` accepts for a boolean flag. */
const TRUE_WORDS = ['1', 't', 'T', 'TRUE', 'true', 'True'];
const FALSE_WORDS = ['0', 'f', 'F', 'FALSE', 'false', 'False'];

/**
 * `--switch=true` as `--switch`, and `--switch=false` as no switch at all
 * (dropping any earlier `--switch`: the last one wins, as in cobra). Other
 * values are left for optionProblem to report.
 */
export function switchValues(argv: string[], options: Options): string[] {
  let tokens;
  try {
    ({ tokens } = parseArgs({ args: argv, allowPositionals: true, strict: false, tokens: true, options }));
  } catch {
    return argv;
  }
  const out: Array<{ arg: string; name?: string }> = argv.map((arg) => ({ arg }));
  for (const token of tokens) {
    if (token.kind !== 'option' || ownOption(options, token.name)?.type !== 'boolean') continue;
    out[token.index].name = token.name;
    if (token.inlineValue === undefined) continue;
    const value = token.value ?? '';
    if (TRUE_WORDS.includes(value)) out[token.index].arg = token.rawName;
    else if (FALSE_WORDS.includes(value)) {
      for (let i = 0; i <= token.index; i++) if (out[i].name === token.name) out[i].arg = '';
      out[token.index].name = undefined;
    }
  }
  return out.filter((o, i) => o.arg !== '' || argv[i] === '').map((o) => o.arg);
}

/** An option by name, never a property every object inherits (--constructor, --__proto__). */
function ownOption(options: Options, name: string): Options[string] | undefined {
  return Object.hasOwn(options, name) ? options[name] : undefined;
}

function optionProblem(argv: string[], options: Options): string | undefined {
  let tokens;
  try {
    ({ tokens } = parseArgs({ args: argv, allowPositionals: true, strict: false, tokens: true, options }));
  } catch {
    return undefined;
  }
  const longNames = Object.keys(options);
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (token.kind !== 'option') continue;
    const known = ownOption(options, token.name);
    if (!known) return `unknown option ${token.rawName}${didYouMean(token.name, longNames, (s) => `--${s}`)}`;
    if (known.type === 'boolean' && token.inlineValue) return `${token.rawName}=${token.value}: ${token.rawName} is a switch; give it alone, or =true or =false`;
    if (known.type === 'string' && token.value === undefined) return `${token.rawName} needs a value`;
    if (known.type === 'string' && !token.inlineValue && token.value?.startsWith('-')) return `${token.rawName} needs a value ("${token.value}" is an option)`;
  }
  return undefined;
}

/**
 * Parses a command line the way every sts-lens command does: unknown options
 * are usage errors (with the nearest known option), `--help` prints the usage
 * and exits 0. Returns the parsed values, or the exit status when there is
 * nothing more to do.
 */
export function parseCommandLine<T extends Options>(given: string[], options: T, usage: string, prefix: string, io: CliIo): ParsedArgs<T> | number {
  const argv = switchValues(given, options);
  const problem = optionProblem(argv, options);
  if (problem !== undefined) return usageError(io, prefix, usage, problem);
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options });
  } catch (error) {
    // Not expected after optionProblem; Node's own words without its advice about '--'.
    return usageError(io, prefix, usage, (error as Error).message.replace(/\. To specify a positional argument.*$/s, ''));
  }
  if ((parsed.values as Record<string, unknown>).help) {
    io.stdout.write(usage);
    return 0;
  }
  return parsed;
}

/** Undefined when `region` is a region of the SDK's partition data, else what to tell the user. */
export function regionProblem(region: string | undefined): string | undefined {
  if (region === undefined || awsRegions.some((r) => r.name === region)) return undefined;
  return `unknown AWS region "${region}"${didYouMean(region, awsRegions.map((r) => r.name))}`;
}

/** The given paths (default: the working directory) as absolute paths, or the first that does not exist. */
export function resolvePaths(paths: string[], io: CliIo): { roots: string[] } | { missing: string } {
  const given = paths.length > 0 ? paths : ['.'];
  // A dangling symbolic link exists as a name: it is reported as not checked, not as a usage error.
  const missing = given.find((p) => !exists(path.resolve(io.cwd, p)));
  return missing !== undefined ? { missing } : { roots: given.map((p) => path.resolve(io.cwd, p)) };
}

function exists(abs: string): boolean {
  try {
    fs.lstatSync(abs);
    return true;
  } catch {
    return false;
  }
}

/** `--max-file-size`: bytes, or with a k/m suffix (KiB, MiB). */
export function parseSize(value: string): number | undefined {
  const match = /^(\d+)([km])?$/i.exec(value.trim());
  if (!match) return undefined;
  const bytes = Number(match[1]) * (match[2] ? (match[2].toLowerCase() === 'k' ? 1024 : 1024 * 1024) : 1);
  return Number.isSafeInteger(bytes) && bytes > 0 ? bytes : undefined;
}
