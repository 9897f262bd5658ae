import * as fs from 'fs';
import * as path from 'path';
import { parseArgs, ParseArgsConfig } from 'util';
import type { CliIo } from './main';

type Options = NonNullable<ParseArgsConfig['options']>;
type ParsedArgs<T extends Options> = ReturnType<typeof parseArgs<{ args: string[]; allowPositionals: true; options: T }>>;

/** A usage error: the message, then the command's usage, on stderr; exit status 2. */
export function usageError(io: CliIo, prefix: string, usage: string, message: string): number {
  io.stderr.write(`${prefix}: ${message}\n\n${usage}`);
  return 2;
}

/**
 * Parses a command line the way every sts-lens command does: unknown options
 * are usage errors, `--help` prints the usage and exits 0. Returns the parsed
 * values, or the exit status when there is nothing more to do.
 */
export function parseCommandLine<T extends Options>(argv: string[], options: T, usage: string, prefix: string, io: CliIo): ParsedArgs<T> | number {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options });
  } catch (error) {
    return usageError(io, prefix, usage, (error as Error).message);
  }
  if ((parsed.values as Record<string, unknown>).help) {
    io.stdout.write(usage);
    return 0;
  }
  return parsed;
}

/** The given paths (default: the working directory) as absolute paths, or the first that does not exist. */
export function resolvePaths(paths: string[], io: CliIo): { roots: string[] } | { missing: string } {
  const given = paths.length > 0 ? paths : ['.'];
  const missing = given.find((p) => !fs.existsSync(path.resolve(io.cwd, p)));
  return missing !== undefined ? { missing } : { roots: given.map((p) => path.resolve(io.cwd, p)) };
}
