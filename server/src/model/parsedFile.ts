import { TextDocument } from 'vscode-languageserver-textdocument';
import { Position, Range } from 'vscode-languageserver-types';
import { DocKind, detectKind } from './kinds';
import { OffsetRange, SNode } from './node';
import { parseHcl } from './parseHcl';
import { terraformJsonToBlocks } from './hcl/terraformJson';
import { isTemplated } from './templated';
import { parseJson } from './parseJson';
import { parseYamlChunked, YamlChunk } from './yamlChunks';
import { currentRuleId } from '../rules/renamedRules';

/** `hcl`: Terraform configuration (`.tf`). */
export type FileFormat = 'yaml' | 'json' | 'hcl';

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
  /**
   * The file is a template as a whole (Helm control structures, a `{{ }}`
   * action outside any scalar, placeholders that break the JSON): it is not
   * YAML or JSON until rendered, so it is recognised and never reported. A
   * file whose placeholders all sit inside scalar values is not one: those
   * values are templated (model/templated) and the file is checked.
   */
  helmTemplate: boolean;
  /** Line -> rule ids silenced there by `# sts-lens-disable-next-line` ('*' = all). */
  disabledLines: Map<number, Set<string>>;
  /** For a .tf file: which versions of the other .tf files of its folder its definitions were read from (see TerraformModule). */
  module?: string;
  /** The YAML per document chunk, for reuse by the next parse of this file. */
  yamlChunks: ReadonlyArray<YamlChunk>;
  positionAt(offset: number): Position;
  offsetAt(position: Position): number;
  rangeOf(range: OffsetRange): Range;
}

/** Go template actions that make structure, not a value: control, includes, whitespace trimming, comments. */
const TEMPLATE_CONTROL = /\{\{-|-\}\}|\{\{\s*(?:if|else|end|range|with|define|template|block|include|tpl|toYaml|toJson|nindent|indent)\b|\{\{\s*\/\*/;
const GO_ACTION = /\{\{[\s\S]*?\}\}/g;
const DISABLE_NEXT_LINE = /#\s*sts-lens-disable-next-line\b([^\n]*)/;

/**
 * The files sts-lens reads: YAML and JSON, and template files that hold
 * them (`trust.json.tpl`, `policy.json.tftpl`, as Terraform's templatefile()
 * reads them), Terraform (`.tf`) and Kustomize's extensionless
 * `Kustomization`. A bare `.tpl` is not read: Helm's
 * `_helpers.tpl` holds named templates, not manifests.
 */
export const CHECKED_FILE = /\.(ya?ml|json)(\.(tpl|tftpl))?$|\.tf$|(^|[\\/])Kustomization$/i;

/** Terraform configuration in JSON syntax. */
export const TERRAFORM_JSON = /\.tf\.json$/i;

export function formatOf(pathOrUri: string, languageId?: string, text?: string): FileFormat {
  if (languageId === 'terraform' || languageId === 'hcl' || /\.tf$/i.test(pathOrUri)) return 'hcl';
  if (languageId === 'json' || languageId === 'jsonc') return 'json';
  if (languageId === 'yaml') return 'yaml';
  if (/\.json(\.(tpl|tftpl))?$/i.test(pathOrUri)) return 'json';
  if (/\.ya?ml(\.(tpl|tftpl))?$/i.test(pathOrUri)) return 'yaml';
  return text !== undefined && /^\s*[[{]/.test(text) && !/^\s*\{\{/.test(text) ? 'json' : 'yaml';
}

/**
 * Parses a file. With `previous` (the same file before an edit), YAML
 * documents whose text did not change are reused instead of parsed again.
 */
/** The other .tf files of a file's folder (one Terraform module): their texts, and a signature of their versions. */
export interface TerraformModule {
  texts: string[];
  signature: string;
  /**
   * Variables whose `default` is not what Terraform uses: set by a `.tfvars`
   * file of the folder, or `'all'` for a module meant to be called (its caller
   * passes them). They stay unknown.
   */
  overridden?: ReadonlyArray<string> | 'all';
}

export function parseFile(uri: string, text: string, options: { fsPath?: string; format?: FileFormat; version?: number; previous?: ParsedFile; module?: TerraformModule } = {}): ParsedFile {
  const format = options.format ?? formatOf(options.fsPath ?? uri, undefined, text);
  const textDocument = TextDocument.create(uri, format, options.version ?? 0, text);
  // Go template control ({{- if }}, {{ include }}) makes a file a template, unless it sits inside scalar values only
  // (a Vault Agent template in an annotation's block scalar): decided after reading, with the other actions.
  let helmTemplate = false;
  let docs: SourceDoc[] = [];
  let yamlChunks: YamlChunk[] = [];
  if (!helmTemplate) {
    if (format === 'hcl') {
      // A Terraform file is one document; the Terraform view reads its blocks.
      const root = parseHcl(text, options.module?.texts, options.module?.overridden);
      if (root) docs.push({ index: 0, root, range: [0, text.length], errors: [], kind: 'unknown' });
    } else if (format === 'json') {
      const parsed = parseJson(text);
      // Terraform's JSON syntax becomes the blocks a .tf file gives; what is not an object stays JSON (json-syntax reports it).
      const root = TERRAFORM_JSON.test(options.fsPath ?? uri) ? terraformJsonToBlocks(parsed.root) ?? parsed.root : parsed.root;
      docs.push({ index: 0, root, range: [0, text.length], errors: parsed.errors, kind: 'unknown' });
    } else {
      yamlChunks = parseYamlChunked(text, options.previous?.format === 'yaml' ? options.previous.yamlChunks : []);
      // Written out rather than spread (`{ index, ...doc, kind }` gets a hidden class of its own per document in V8, and every read of a document's fields went megamorphic).
      for (const chunk of yamlChunks) for (const doc of chunk.docs) docs.push({ index: docs.length, root: doc.root, range: doc.range, errors: doc.errors, kind: 'unknown' });
    }
    if (format === 'yaml' ? (text.includes('{{') || TEMPLATE_CONTROL.test(text)) && actionOutsideScalars(text, docs) : format === 'json' && docs[0].errors.length > 0 && placeholderOutsideStrings(text)) {
      helmTemplate = true;
      docs = [];
      yamlChunks = [];
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
    disabledLines: format !== 'json' ? findDisabledLines(text) : new Map(),
    module: options.module?.signature,
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

/**
 * A `{{ }}` action that is not inside a scalar (`role-arn: {{ .Values.arn }}`
 * reads as a flow mapping, a comment, a broken document) makes the file a
 * template; inside a quoted or plain scalar it is a templated value.
 */
function actionOutsideScalars(text: string, docs: SourceDoc[]): boolean {
  if (docs.some((doc) => doc.errors.length > 0)) return true;
  // Scalars and keys are leaves, so their spans never overlap: sorted, one binary search per action.
  const spans: Array<readonly [number, number]> = [];
  const seen = new Set<SNode>();
  const walk = (node: SNode | undefined) => {
    if (!node || seen.has(node)) return; // aliases share nodes
    seen.add(node);
    if (node.type === 'scalar') spans.push([node.start, node.end]);
    else if (node.type === 'seq') for (const item of node.items) walk(item);
    else for (const pair of node.pairs) {
      // A key written as a flow collection (`{{ .Values.x }}: y`) is structure, not a scalar.
      if (text[pair.keyStart] !== '{' && text[pair.keyStart] !== '[') spans.push([pair.keyStart, pair.keyEnd]);
      walk(pair.value);
    }
  };
  for (const doc of docs) walk(doc.root);
  spans.sort((a, b) => a[0] - b[0]);
  for (const match of text.matchAll(GO_ACTION)) {
    const start = match.index!;
    let lo = 0;
    let hi = spans.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (spans[mid][0] <= start) lo = mid;
      else hi = mid - 1;
    }
    const span = spans[lo];
    if (!span || span[0] > start || start + match[0].length > span[1]) return true;
  }
  return false;
}

/** JSON that does not parse because of a placeholder outside its strings (Terraform's `"Resource": ${jsonencode(arns)}`). */
function placeholderOutsideStrings(text: string): boolean {
  return isTemplated(text.replace(/"(?:[^"\\\n]|\\.)*"/g, '""'));
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
