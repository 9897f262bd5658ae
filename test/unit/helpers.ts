import * as fs from 'fs';
import * as path from 'path';
import { fileURLToPath, pathToFileURL } from 'url';
import { TextDocumentEdit, WorkspaceEdit } from 'vscode-languageserver-types';
import { analyze } from '../../server/src/analysis/analyze';
import { executeServerCommand } from '../../server/src/commands';
import { Finding } from '../../server/src/analysis/finding';
import { parseFile, ParsedFile } from '../../server/src/model/parsedFile';
import { defaultSettings, Settings } from '../../server/src/settings';
import { FileSource } from '../../server/src/workspace/fileSource';
import { WorkspaceIndex } from '../../server/src/workspace/workspaceIndex';
import { makeTempDir } from '../tempDirs';

/** The files under a folder (recursively) whose names match. */
export function filesUnder(dir: string, name: RegExp): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? filesUnder(full, name) : name.test(e.name) ? [full] : [];
  });
}

/** Writes files into a fresh temp folder; returns its path. */
export function tempTree(files: Record<string, string>): string {
  const dir = makeTempDir('test');
  for (const [name, text] of Object.entries(files)) {
    const full = path.join(dir, name);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, text);
  }
  return dir;
}

export interface CheckResult {
  file: ParsedFile;
  findings: Finding[];
  /** `line:col-line:col code` per finding (0-based, as LSP counts). */
  summary: string[];
}

/**
 * Checks `files[target]` as it would be checked in a workspace holding all of
 * `files` (other files are read from disk, like the server and CLI do).
 */
export function check(files: Record<string, string>, target: string, settings: Partial<Settings> = {}): CheckResult {
  const dir = tempTree(files);
  const fsPath = path.join(dir, target);
  const index = new WorkspaceIndex(new FileSource());
  index.buildSync([dir]);
  const file = parseFile(pathToFileURL(fsPath).toString(), files[target], { fsPath });
  index.updateOpen(file);
  const findings = analyze(file, index, { ...defaultSettings, ...settings });
  return { file, findings, summary: findings.map(summarize) };
}

export function summarize(f: Finding): string {
  return `${f.range.start.line}:${f.range.start.character}-${f.range.end.line}:${f.range.end.character} ${f.code}`;
}

/** Applies LSP text edits (non-overlapping) to a text. */
export function applyEdits(file: ParsedFile, edits: ReadonlyArray<{ range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string }>): string {
  const sorted = [...edits].sort((a, b) => file.offsetAt(b.range.start) - file.offsetAt(a.range.start));
  let text = file.text;
  for (const edit of sorted) text = text.slice(0, file.offsetAt(edit.range.start)) + edit.newText + text.slice(file.offsetAt(edit.range.end));
  return text;
}

/** A minimal valid AWS install-config, with `extra` lines appended at top level. */
export function installConfig(extra = '', mode = 'Manual'): string {
  return [
    'apiVersion: v1',
    'baseDomain: example.com',
    `credentialsMode: ${mode}`,
    'metadata:',
    '  name: demo',
    'platform:',
    '  aws:',
    '    region: ap-northeast-1',
    "pullSecret: '{\"auths\":{\"example.invalid\":{\"auth\":\"c2VjcmV0LXB1bGwtdG9rZW4=\"}}}'",
    extra,
  ].join('\n');
}

export const PULL_SECRET_TOKEN = 'c2VjcmV0LXB1bGwtdG9rZW4=';

export const AUTH_MANIFEST = [
  'apiVersion: config.openshift.io/v1',
  'kind: Authentication',
  'metadata:',
  '  name: cluster',
  'spec:',
  '  serviceAccountIssuer: https://demo-oidc.s3.ap-northeast-1.amazonaws.com',
  '',
].join('\n');

/** Applies a WorkspaceEdit to the files on disk, as an editor would. */
export function applyToDisk(edit: WorkspaceEdit): void {
  for (const change of edit.documentChanges ?? []) {
    if ('kind' in change) {
      if (change.kind === 'create') {
        fs.mkdirSync(path.dirname(fileURLToPath(change.uri)), { recursive: true });
        fs.writeFileSync(fileURLToPath(change.uri), '');
      }
      continue;
    }
    const fsPath = fileURLToPath((change as TextDocumentEdit).textDocument.uri);
    let text = fs.readFileSync(fsPath, 'utf8');
    const lines = () => text.split('\n');
    const offset = (p: { line: number; character: number }) => lines().slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
    for (const e of [...(change as TextDocumentEdit).edits].reverse()) {
      const te = e as { range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string };
      text = text.slice(0, offset(te.range.start)) + te.newText + text.slice(offset(te.range.end));
    }
    fs.writeFileSync(fsPath, text);
  }
}

/** Runs a server command (generate role, ...) on a file of a folder, with the folder as the workspace, as the server would. */
export function runServerCommand(command: string, dir: string, file: string, position?: { line: number; character: number }): ReturnType<typeof executeServerCommand> {
  const source = new FileSource();
  return executeServerCommand(command, [{ uri: pathToFileURL(path.join(dir, file)).toString(), position }], {
    fileFor: (uri) => source.file(fileURLToPath(uri)),
    workspace: source,
    roots: [dir],
  });
}
