import { TextDocument } from 'vscode-languageserver-textdocument';
import { Position, Range } from 'vscode-languageserver-types';
import { DocKind, detectKind } from './kinds';
import { OffsetRange, SNode } from './node';
import { parseJson } from './parseJson';
import { parseYamlChunked, YamlChunk } from './yamlChunks';
import { currentRuleId } from '../rules/renamedRules';

export type FileFormat = 'yaml' | 'json';

export interface SyntaxIssue {
  range: OffsetRange;
  message: string;
  /** A safety limit (nesting depth, aliases, merges), not a syntax error: the document was left unchecked. */
  limit?: true;
}

/** One YAML document of a stream (a JSON file has exactly one). */
export interface SourceDoc {
  index: number;
  root: SNode | undefined;
  range: OffsetRange;
  errors: SyntaxIssue[];
  kind: DocKind;
}

export interface ParsedFile {
  uri: string;
  /** Absolute path on disk, for `file:` URIs. */
  fsPath: string | undefined;
  format: FileFormat;
  text: string;
  version: number;
  docs: SourceDoc[];
  /** Helm (Go template) sources are not YAML until rendered: recognised, never reported. */
  helmTemplate: boolean;
  /** Line -> rule ids silenced there by `# sts-lens-disable-next-line` ('*' = all). */
  disabledLines: Map<number, Set<string>>;
  /** The YAML per document chunk, for reuse by the next parse of this file. */
  yamlChunks: ReadonlyArray<YamlChunk>;
  positionAt(offset: number): Position;
  offsetAt(position: Position): number;
  rangeOf(range: OffsetRange): Range;
}

const HELM_TEMPLATE = /\{\{-?[\s\S]*?-?\}\}/;
const DISABLE_NEXT_LINE = /#\s*sts-lens-disable-next-line\b([^\n]*)/;

export function formatOf(pathOrUri: string, languageId?: string, text?: string): FileFormat {
  if (languageId === 'json' || languageId === 'jsonc') return 'json';
  if (languageId === 'yaml') return 'yaml';
  if (/\.json$/i.test(pathOrUri)) return 'json';
  if (/\.ya?ml$/i.test(pathOrUri)) return 'yaml';
  return text !== undefined && /^\s*[[{]/.test(text) && !/^\s*\{\{/.test(text) ? 'json' : 'yaml';
}

/**
 * Parses a file. With `previous` (the same file before an edit), YAML
 * documents whose text did not change are reused instead of parsed again.
 */
export function parseFile(uri: string, text: string, options: { fsPath?: string; format?: FileFormat; version?: number; previous?: ParsedFile } = {}): ParsedFile {
  const format = options.format ?? formatOf(options.fsPath ?? uri, undefined, text);
  const textDocument = TextDocument.create(uri, format, options.version ?? 0, text);
  const helmTemplate = format === 'yaml' && HELM_TEMPLATE.test(text);
  const docs: SourceDoc[] = [];
  let yamlChunks: YamlChunk[] = [];
  if (!helmTemplate) {
    if (format === 'json') {
      const parsed = parseJson(text);
      docs.push({ index: 0, root: parsed.root, range: [0, text.length], errors: parsed.errors, kind: 'unknown' });
    } else {
      yamlChunks = parseYamlChunked(text, options.previous?.format === 'yaml' ? options.previous.yamlChunks : []);
      for (const chunk of yamlChunks) for (const doc of chunk.docs) docs.push({ index: docs.length, ...doc, kind: 'unknown' });
    }
    for (const doc of docs) doc.kind = detectKind(doc.root, format, options.fsPath ?? uri);
    if (options.previous) reuseUnchangedDocs(docs, options.previous, (offset) => textDocument.positionAt(offset).line);
  }
  return {
    uri,
    fsPath: options.fsPath,
    format,
    text,
    version: options.version ?? 0,
    docs,
    helmTemplate,
    disabledLines: format === 'yaml' ? findDisabledLines(text) : new Map(),
    yamlChunks,
    positionAt: (offset) => textDocument.positionAt(offset),
    offsetAt: (position) => textDocument.offsetAt(position),
    rangeOf: (range) => ({ start: textDocument.positionAt(range[0]), end: textDocument.positionAt(range[1]) }),
  };
}

/**
 * A document an edit did not touch (same tree, same place) stays the same
 * object, so what was computed for it (views, policies) and what the
 * workspace index knows about it survive the keystroke.
 */
function reuseUnchangedDocs(docs: SourceDoc[], previous: ParsedFile, lineAt: (offset: number) => number): void {
  for (let i = 0; i < docs.length; i++) {
    const before = previous.docs[i];
    const doc = docs[i];
    if (!before || before.root !== doc.root || before.errors !== doc.errors || before.kind !== doc.kind) continue;
    if (before.range[0] !== doc.range[0] || before.range[1] !== doc.range[1]) continue;
    // Same offsets but shifted lines (a character replaced by a line break above it) is a moved document.
    if (previous.positionAt(doc.range[0]).line === lineAt(doc.range[0])) docs[i] = before;
  }
}

function findDisabledLines(text: string): Map<number, Set<string>> {
  const result = new Map<number, Set<string>>();
  if (!text.includes('sts-lens-disable-next-line')) return result;
  text.split(/\r?\n|\r/).forEach((line, index) => {
    const match = DISABLE_NEXT_LINE.exec(line);
    if (!match) return;
    const ids = match[1].split(/[\s,]+/).filter((id) => /^[a-z0-9-]+$/.test(id)).map(currentRuleId);
    result.set(index + 1, new Set(ids.length > 0 ? ids : ['*']));
  });
  return result;
}

/** The document of a file that contains an offset. */
export function docAt(file: ParsedFile, offset: number): SourceDoc | undefined {
  return file.docs.find((doc) => offset >= doc.range[0] && offset <= doc.range[1]) ?? file.docs[file.docs.length - 1];
}
