import * as fs from 'fs';
import ignore, { Ignore } from 'ignore';
import * as path from 'path';
import { CHECKED_FILE as CHECKED_EXTENSIONS } from '../model/parsedFile';

// .terraform holds downloaded providers and modules: their code, not the user's.
const SKIPPED_DIRS = new Set(['.git', 'node_modules', '.hg', '.svn', '.terraform']);

interface IgnoreScope {
  dir: string;
  rules: Ignore;
}

/**
 * The YAML and JSON files under the given paths, in a stable order, skipping
 * VCS folders and node_modules and honouring every .gitignore on the way down.
 * Paths given explicitly as files are always returned. Every path is
 * absolute and normalized (callers use them as keys as they are).
 */
export function walkFiles(roots: ReadonlyArray<string>, exclude: ReadonlyArray<string> = []): string[] {
  const out: string[] = [];
  for (const root of roots) {
    const abs = path.resolve(root);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(abs);
    } catch {
      // A dangling symbolic link is still a path the user named: the caller says why it is not checked.
      if (isLink(abs)) {
        out.push(abs);
        continue;
      }
      throw new Error(`no such file or directory: ${root}`);
    }
    if (stat.isDirectory()) {
      // Editor exclusions (files.exclude globs) apply below each root, like a .gitignore there.
      const excluded: IgnoreScope[] = exclude.length ? [{ dir: abs, rules: ignore().add([...exclude]) }] : [];
      walkDir(abs, [...ancestorsIgnores(abs), ...excluded], out);
    } else {
      // A file named explicitly, even a pipe or a device: the caller reads only regular files and says why not.
      out.push(abs);
    }
  }
  return [...new Set(out)];
}

function isLink(abs: string): boolean {
  try {
    return fs.lstatSync(abs).isSymbolicLink();
  } catch {
    return false;
  }
}

function walkDir(dir: string, scopes: IgnoreScope[], out: string[]): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  // Most folders have no .gitignore: asking the disk for one there costs a failed read (and its exception) per folder.
  const here = entries.some((e) => e.name === '.gitignore') ? loadGitignore(dir) : undefined;
  const active = here ? [...scopes, here] : scopes;
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  // `dir` is absolute and normalized, a name never holds a separator: joining is concatenating (path.join normalizes again).
  const prefix = dir.endsWith(path.sep) ? dir : dir + path.sep;
  for (const entry of entries) {
    const full = prefix + entry.name;
    if (entry.isDirectory()) {
      if (SKIPPED_DIRS.has(entry.name) || isIgnored(active, full, true)) continue;
      walkDir(full, active, out);
    } else if (entry.isFile() && CHECKED_EXTENSIONS.test(entry.name) && !isIgnored(active, full, false)) {
      out.push(full);
    }
  }
}

function loadGitignore(dir: string): IgnoreScope | undefined {
  try {
    return { dir, rules: ignore().add(fs.readFileSync(path.join(dir, '.gitignore'), 'utf8')) };
  } catch {
    return undefined;
  }
}

/** .gitignore files above the starting folder, up to the repository root, still apply. */
function ancestorsIgnores(start: string): IgnoreScope[] {
  const scopes: IgnoreScope[] = [];
  let dir = path.dirname(start);
  while (dir !== path.dirname(dir)) {
    const scope = loadGitignore(dir);
    if (scope) scopes.unshift(scope);
    if (fs.existsSync(path.join(dir, '.git'))) break;
    dir = path.dirname(dir);
  }
  return scopes;
}

function isIgnored(scopes: IgnoreScope[], full: string, isDir: boolean): boolean {
  return scopes.some((scope) => {
    const rel = path.relative(scope.dir, full).split(path.sep).join('/');
    return rel !== '' && !rel.startsWith('..') && scope.rules.ignores(isDir ? `${rel}/` : rel);
  });
}
