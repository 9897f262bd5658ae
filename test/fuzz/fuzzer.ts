import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { analyze } from '../../server/src/analysis/analyze';
import { parseFile, ParsedFile } from '../../server/src/model/parsedFile';
import { fixAll } from '../../server/src/services/codeActions';
import { complete } from '../../server/src/services/completion';
import { hover } from '../../server/src/services/hover';
import { codeLenses, definition, references } from '../../server/src/services/navigation';
import { defaultSettings } from '../../server/src/settings';
import { FileSource } from '../../server/src/workspace/fileSource';
import { WorkspaceIndex } from '../../server/src/workspace/workspaceIndex';

/**
 * Seeded mutation fuzzing: the example files, changed a few characters or
 * lines at a time (typing states, stray YAML indicators, odd line breaks,
 * hostile values: wildcard storms, deep nesting, alias bombs, control
 * characters, path climbing), each put through everything a keystroke runs:
 * parse, analysis with the examples as the workspace, every quick fix
 * applied and the result analysed again, completion, hover, definition,
 * references and CodeLens at random places. Any exception is a failure; the
 * same seed always gives the same mutants, so a failure can be replayed.
 */

export interface FuzzFailure {
  seed: number;
  mutant: number;
  file: string;
  step: string;
  error: string;
  text: string;
}

export interface FuzzOptions {
  seed: number;
  mutants: number;
  /** Called after each mutant (progress for long runs). */
  onMutant?: (index: number) => void;
  /** Stop after this many failures (default 1). */
  maxFailures?: number;
}

const REPO = path.resolve(__dirname, '../../..');
const EXAMPLES = path.join(REPO, 'examples');

const PIECES = [
  ' ', '  ', '\n', '\t', ':', ': ', '- ', '#', '"', "'", '[', ']', '{', '}', ',', '&a ', '*a', '!', '!Ref ', '|', '>', '? ', '---\n', '...', '<<: *a', '%',
  '\r\n', '\r', '\u0085', '\u2028', '\ufeff', '\u0000', '\u001b[31m', '\u202e', 'x', '1', '~', '  - ', '\\', '日本', '${VAR}', '{{ .Values.x }}', '%{id}',
  '"s3:?*?*?*?*?*?*?*?*?*?*Z"', '*', '?', 'arn:aws:iam::', ':role/', 'system:serviceaccount:', '/../../', 'null', 'true', '-1', '1e999', '0x1F',
  '[[[[[[[[[[[[[[[[[[[[', ']]]]]]]]]]', '{"a":{"b":{"c":', '&b [*a, *a, *a, *a]', 'x'.repeat(300),
];

/** A small, fast, seedable generator (mulberry32). */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function exampleFiles(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.(ya?ml|json)$/.test(entry.name)) out.push(full);
    }
  };
  walk(EXAMPLES);
  return out.sort();
}

export function mutate(text: string, next: () => number): string {
  const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)];
  let out = text;
  for (let edits = 1 + Math.floor(next() * 4); edits > 0; edits--) {
    const at = Math.floor(next() * (out.length + 1));
    const r = next();
    if (r < 0.35) out = out.slice(0, at) + pick(PIECES) + out.slice(at);
    else if (r < 0.6) out = out.slice(0, at) + out.slice(at + 1 + Math.floor(next() * 8));
    else if (r < 0.75) {
      const from = Math.floor(next() * (out.length + 1));
      out = out.slice(0, at) + out.slice(from, from + 1 + Math.floor(next() * 40)) + out.slice(at);
    } else if (r < 0.9) {
      // Swap two lines, or drop one.
      const lines = out.split('\n');
      const i = Math.floor(next() * lines.length);
      const j = Math.floor(next() * lines.length);
      if (next() < 0.5) [lines[i], lines[j]] = [lines[j], lines[i]];
      else lines.splice(i, 1);
      out = lines.join('\n');
    } else {
      // Re-indent a line by one or two columns either way.
      const lines = out.split('\n');
      const i = Math.floor(next() * lines.length);
      lines[i] = next() < 0.5 ? ` ${lines[i]}` : lines[i].replace(/^ {1,2}/, '');
      out = lines.join('\n');
    }
  }
  return out;
}

/** Applies LSP text edits (non-overlapping) to a text. */
function applyEdits(file: ParsedFile, edits: ReadonlyArray<{ range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string }>): string {
  const sorted = [...edits].sort((a, b) => file.offsetAt(b.range.start) - file.offsetAt(a.range.start));
  let text = file.text;
  for (const edit of sorted) text = text.slice(0, file.offsetAt(edit.range.start)) + edit.newText + text.slice(file.offsetAt(edit.range.end));
  return text;
}

export function runFuzz(options: FuzzOptions): FuzzFailure[] {
  const files = exampleFiles();
  const originals = new Map(files.map((f) => [f, fs.readFileSync(f, 'utf8')]));
  const index = new WorkspaceIndex(new FileSource());
  index.buildSync([EXAMPLES]);
  const next = random(options.seed);
  const failures: FuzzFailure[] = [];
  const settings = defaultSettings;
  for (let n = 0; n < options.mutants && failures.length < (options.maxFailures ?? 1); n++) {
    const fsPath = files[Math.floor(next() * files.length)];
    const uri = pathToFileURL(fsPath).toString();
    const text = mutate(originals.get(fsPath)!, next);
    const offsets = [0, 1, 2].map(() => Math.floor(next() * (text.length + 1)));
    let step = 'parse';
    try {
      const file = parseFile(uri, text, { fsPath, version: n + 1 });
      index.updateOpen(file);
      step = 'analyze';
      const findings = analyze(file, index, settings);
      step = 'fixes';
      fixAll(uri, findings);
      for (const fix of findings.flatMap((f) => f.fixes).slice(0, 4)) {
        const edits = fix.edits[uri];
        if (!edits) continue;
        const fixed = parseFile(uri, applyEdits(file, edits), { fsPath, version: n + 1 });
        analyze(fixed, index, settings);
      }
      for (const offset of offsets) {
        step = `complete at ${offset}`;
        complete(file, offset, index, settings);
        step = `hover at ${offset}`;
        hover(file, offset);
        step = `definition/references at ${offset}`;
        definition(index, settings, file, offset);
        references(index, file, offset);
      }
      step = 'codeLens';
      codeLenses(index, file);
    } catch (error) {
      failures.push({ seed: options.seed, mutant: n, file: path.relative(REPO, fsPath), step, error: (error as Error)?.stack ?? String(error), text });
    }
    options.onMutant?.(n);
  }
  // Leave the index as the examples are on disk.
  for (const f of files) index.updateOpen(parseFile(pathToFileURL(f).toString(), originals.get(f)!, { fsPath: f }));
  return failures;
}
