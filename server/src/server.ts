import * as fs from 'fs';
import * as path from 'path';
import { fileURLToPath } from 'url';
import {
  CodeAction,
  CodeActionKind,
  createConnection,
  DidChangeConfigurationNotification,
  DocumentDiagnosticReportKind,
  InitializeResult,
  LSPErrorCodes,
  ProposedFeatures,
  ResponseError,
  TextDocuments,
  TextDocumentSyncKind,
  WorkspaceDocumentDiagnosticReport,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyze } from './analysis/analyze';
import { toDiagnostic } from './analysis/toDiagnostic';
import { DocKind } from './model/kinds';
import { loadHcl } from './model/hcl/treeSitter';
import { ParsedFile, parseFile, formatOf } from './model/parsedFile';
import { GENERATE_OPERATOR_ROLE_COMMAND, GENERATE_ROLE_COMMAND, STATUS_NOTIFICATION, StatusParams } from './protocol';
import { executeServerCommand, SERVER_COMMANDS } from './commands';
import { EditSupport, fixAll, quickFixes } from './services/codeActions';
import { complete } from './services/completion';
import { migrateActions } from './services/migratePodIdentity';
import { hover } from './services/hover';
import { codeLenses, definition, references } from './services/navigation';
import { defaultSettings, normalizeSettings, Settings } from './settings';
import { LruMap } from './util/lruMap';
import { TimeSlice, yieldToEventLoop } from './util/timeSlice';
import { DiskFacts } from './workspace/diskFacts';
import { FileSource } from './workspace/fileSource';
import { exposeGc, MemoryGuard } from './workspace/indexGc';
import { setGarbageCollector, WorkspaceIndex } from './workspace/workspaceIndex';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const index = new WorkspaceIndex(new FileSource());
const gc = exposeGc();
setGarbageCollector(gc);
const memory = new MemoryGuard(gc);
const parsed = new Map<string, ParsedFile>();
/** Per workspace folder (per file outside the folders): bounded, since a client may open files without end. */
const settingsCache = new LruMap<string, Promise<Settings>>(64);
let hasConfiguration = false;
/** Snippet edits in quick fixes (a tab stop on a placeholder) only for clients that announce them. */
let editSupport: EditSupport = {};
let workspaceRoots: string[] = [];
/** The workspace folders as the client names them (for settings requests) and as paths. */
let workspaceFolders: Array<{ uri: string; fsPath: string }> = [];
/** From the client at start-up: `files.exclude` globs and the size cap, which apply to the whole index. */
let indexOptions: { exclude: string[] } = { exclude: [] };
/** Settles when the first indexing is over: commands that read the whole workspace wait for it. */
let indexed: Promise<void> = Promise.resolve();

function fsPathOf(uri: string): string | undefined {
  return uri.startsWith('file:') ? fileURLToPath(uri) : undefined;
}

/** The open document, parsed once per version. */
function parsedDocument(document: TextDocument): ParsedFile {
  const cached = parsed.get(document.uri);
  const fsPath = fsPathOf(document.uri);
  // A .tf file reads the definitions of the other .tf files of its folder: a change there parses it again.
  const module = fsPath ? index.source.terraformModule(fsPath) : undefined;
  if (cached && cached.version === document.version && cached.module === module?.signature) return cached;
  const file = parseFile(document.uri, document.getText(), {
    fsPath,
    version: document.version,
    previous: cached,
    format: formatOf(fsPath ?? document.uri, document.languageId, document.getText()),
    module: module?.read(),
  });
  parsed.set(document.uri, file);
  index.updateOpen(file);
  return file;
}

/**
 * `stsLens.*` settings are resource-scoped: every file of a workspace folder has
 * the folder's. They are asked for once per folder (once per file outside the
 * folders), so checking the workspace costs one request to the client, not one
 * per file, and the cache stays as small as the list of folders.
 */
function settingsScope(uri: string): string {
  const fsPath = fsPathOf(uri);
  if (!fsPath) return uri;
  let best: { fsPath: string; uri: string } | undefined;
  for (const folder of workspaceFolders) {
    if ((fsPath === folder.fsPath || fsPath.startsWith(folder.fsPath + path.sep)) && folder.fsPath.length > (best?.fsPath.length ?? -1)) best = folder;
  }
  return best?.uri ?? uri;
}

function settingsFor(uri: string): Promise<Settings> {
  if (!hasConfiguration) return Promise.resolve(defaultSettings);
  const scopeUri = settingsScope(uri);
  let pending = settingsCache.get(scopeUri);
  if (!pending) {
    pending = connection.workspace
      .getConfiguration({ scopeUri, section: 'stsLens' })
      .then(normalizeSettings, () => defaultSettings);
    settingsCache.set(scopeUri, pending);
  }
  return pending;
}

/** The answer to a request the client cancelled (or that a newer version made useless): the client asks again if it still needs one. */
function cancelled(): ResponseError<void> {
  return new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled');
}

/** What request handlers know of the disk: they never read it synchronously (see withDisk). */
const disk = new DiskFacts();
const DISK_ROUNDS = 4;

/**
 * Runs a request's computation (checks, completion, hover...) without blocking
 * on the disk. What it asks of files the index does not hold (an install
 * directory's key, a folder's entries, a file the walk skipped) is answered from
 * what was read recently; when something was not known, it is read
 * asynchronously and the computation, which has no side effects, runs again.
 * After a few rounds the last one reads the disk directly, so no answer ever
 * rests on something unknown.
 */
async function withDisk<T>(compute: () => T): Promise<T> {
  for (let round = 0; round < DISK_ROUNDS; round++) {
    const misses = disk.misses;
    const result = index.source.deferDisk(disk, compute);
    if (disk.misses === misses) return result;
    await disk.fill(index.source.maxFileSize);
  }
  return compute();
}

/** An open document parsed (a .tf file reads its module's other files: through withDisk, never blocking). */
function openParsed(document: TextDocument): Promise<ParsedFile> {
  return withDisk(() => parsedDocument(document));
}

function status(params: StatusParams): void {
  void connection.sendNotification(STATUS_NOTIFICATION, params);
}

connection.onInitialize(async (params): Promise<InitializeResult> => {
  // The Terraform parser is WebAssembly: loaded once, before the first file is read.
  await loadHcl();
  hasConfiguration = params.capabilities.workspace?.configuration === true;
  editSupport = {
    snippets: params.capabilities.workspace?.workspaceEdit?.snippetEditSupport === true,
    disabled: params.capabilities.textDocument?.codeAction?.disabledSupport === true,
  };
  const init = (params.initializationOptions ?? {}) as { exclude?: unknown; maxFileSize?: unknown };
  indexOptions = { exclude: Array.isArray(init.exclude) ? init.exclude.filter((e): e is string => typeof e === 'string') : [] };
  if (typeof init.maxFileSize === 'number' && init.maxFileSize > 0) index.source.maxFileSize = init.maxFileSize;
  workspaceFolders = (params.workspaceFolders ?? []).flatMap((f) => {
    const fsPath = fsPathOf(f.uri);
    return fsPath ? [{ uri: f.uri, fsPath }] : [];
  });
  if (workspaceFolders.length === 0 && params.rootUri) {
    const root = fsPathOf(params.rootUri);
    if (root) workspaceFolders.push({ uri: params.rootUri, fsPath: root });
  }
  workspaceRoots = workspaceFolders.map((f) => f.fsPath);
  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
      completionProvider: { triggerCharacters: [':', ' '], resolveProvider: false },
      hoverProvider: true,
      definitionProvider: true,
      referencesProvider: true,
      codeLensProvider: { resolveProvider: false },
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.RefactorRewrite, `${CodeActionKind.SourceFixAll}.sts-lens`] },
      executeCommandProvider: { commands: SERVER_COMMANDS },
      diagnosticProvider: { identifier: 'sts-lens', interFileDependencies: true, workspaceDiagnostics: true },
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
    },
    serverInfo: { name: 'sts-lens', version: '0.1.0' },
  };
});

connection.onInitialized(() => {
  if (hasConfiguration) void connection.client.register(DidChangeConfigurationNotification.type, { section: 'stsLens' });
  connection.console.info(`sts-lens server started for ${workspaceRoots.length} workspace folder(s)`);
  indexed = indexWorkspace();
});

/** Loads every YAML/JSON file of the workspace in the background, with LSP work-done progress. */
async function indexWorkspace(): Promise<void> {
  const started = Date.now();
  status({ text: 'Indexing', busy: true });
  const progress = await connection.window.createWorkDoneProgress().catch(() => undefined);
  progress?.begin('STS Lens: indexing', 0, 'Reading YAML and JSON files', true);
  try {
    await index.build(workspaceRoots, {
      onProgress: (done, total) => progress?.report(total ? Math.round((done / total) * 100) : 100, `${done}/${total} files`),
      isCancelled: () => progress?.token.isCancellationRequested === true,
      exclude: indexOptions.exclude,
    });
  } catch (error) {
    connection.console.warn(`indexing failed: ${(error as Error).message}`);
  } finally {
    progress?.done();
  }
  memory.settle();
  connection.console.info(`indexed ${index.size} files in ${Date.now() - started} ms`);
  status({ text: `Indexed ${index.size} files`, busy: false });
  connection.languages.diagnostics.refresh();
}

connection.onDidChangeConfiguration(() => {
  settingsCache.clear();
  connection.languages.diagnostics.refresh();
});

connection.languages.diagnostics.on(async (params, token) => {
  const uri = params.textDocument.uri;
  const asked = documents.get(uri)?.version;
  // Messages that came in with this one are read first: when the client has
  // cancelled it (it does when it asks again after an edit), it is not computed.
  await yieldToEventLoop();
  const settings = await settingsFor(uri);
  const document = documents.get(uri);
  if (token.isCancellationRequested || document?.version !== asked) throw cancelled();
  if (!document) return { kind: DocumentDiagnosticReportKind.Full, items: [] };
  const file = await openParsed(document);
  const findings = await withDisk(() => analyze(file, index, settings));
  // Reading the disk let other messages in: an edit since then makes these findings stale.
  if (token.isCancellationRequested || documents.get(uri)?.version !== asked) throw cancelled();
  status({ text: `${findings.length} finding(s) in ${path.basename(file.fsPath ?? file.uri)}`, busy: false });
  setImmediate(() => memory.afterRequest());
  return { kind: DocumentDiagnosticReportKind.Full, items: findings.map(toDiagnostic) };
});

function existsOnDisk(fsPath: string): Promise<boolean> {
  return fs.promises.access(fsPath).then(() => true, () => false);
}

/** Files the last workspace report gave findings for (open ones kept until they are closed). */
let reportedFromDisk = new Set<string>();

connection.languages.diagnostics.onWorkspace(async (_params, token) => {
  // Open documents are reported by document pulls; this covers the files on disk.
  status({ text: 'Checking workspace', busy: true });
  const items: WorkspaceDocumentDiagnosticReport[] = [];
  const open = new Set(documents.all().map((d) => d.uri));
  const withFindings = new Set<string>();
  let checked = 0;
  const files = [...index.files()];
  // In slices: between two, cancellations and other requests (a hover, a document pull) are handled.
  const slice = new TimeSlice();
  for (const file of files) {
    if (slice.due()) await yieldToEventLoop();
    if (token.isCancellationRequested) break;
    // A file watcher can miss a deletion (inotify limits, network drives): a file
    // reported last time is looked for on disk, and dropped when it is gone.
    if (reportedFromDisk.has(file.uri) && !open.has(file.uri) && file.fsPath && !(await existsOnDisk(file.fsPath))) {
      index.forget(file.fsPath);
      continue;
    }
    checked++; // open files count too: their document pulls check them
    if (open.has(file.uri)) continue;
    const settings = await settingsFor(file.uri);
    const findings = await withDisk(() => analyze(file, index, settings));
    if (findings.length === 0) continue;
    withFindings.add(file.uri);
    items.push({ kind: DocumentDiagnosticReportKind.Full, uri: file.uri, version: null, items: findings.map(toDiagnostic) });
  }
  if (token.isCancellationRequested) {
    status({ text: 'Workspace check cancelled', busy: false, detail: `after ${checked} of ${files.length} file(s)` });
    throw cancelled();
  }
  const reported = withFindings.size;
  // The client keeps a file's last report until it gets another for that file: a
  // file that was reported and is now clean, deleted or open gets an empty one.
  for (const uri of reportedFromDisk) {
    if (withFindings.has(uri)) continue;
    // An open file is the document pull's: its turn comes once it is closed.
    if (open.has(uri)) withFindings.add(uri);
    else items.push({ kind: DocumentDiagnosticReportKind.Full, uri, version: null, items: [] });
  }
  reportedFromDisk = withFindings;
  status({ text: `Checked ${checked} file(s)`, busy: false, detail: `${reported} with findings` });
  return { items };
});

connection.onCompletion(async (params) => {
  const document = documents.get(params.textDocument.uri);
  if (!document) return [];
  const file = await openParsed(document);
  const settings = await settingsFor(document.uri);
  return withDisk(() => complete(file, file.offsetAt(params.position), index, settings));
});

connection.onHover(async (params) => {
  const document = documents.get(params.textDocument.uri);
  if (!document) return undefined;
  const file = await openParsed(document);
  const settings = await settingsFor(document.uri);
  return withDisk(() => hover(file, file.offsetAt(params.position), index, settings));
});

connection.onDefinition(async (params) => {
  const document = documents.get(params.textDocument.uri);
  if (!document) return [];
  const file = await openParsed(document);
  const settings = await settingsFor(document.uri);
  return withDisk(() => definition(index, settings, file, file.offsetAt(params.position)));
});

connection.onReferences(async (params) => {
  const document = documents.get(params.textDocument.uri);
  if (!document) return [];
  const file = await openParsed(document);
  return withDisk(() => references(index, file, file.offsetAt(params.position)));
});

connection.onCodeLens(async (params) => {
  const document = documents.get(params.textDocument.uri);
  if (!document) return [];
  const file = await openParsed(document);
  return withDisk(() => codeLenses(index, file));
});

connection.onCodeAction(async (params) => {
  const actions: CodeAction[] = [];
  const only = params.context.only;
  const wants = (kind: string) => !only || only.some((o) => kind === o || kind.startsWith(`${o}.`));
  if (wants(CodeActionKind.QuickFix)) actions.push(...quickFixes(params.context.diagnostics, editSupport));
  if (wants(CodeActionKind.RefactorRewrite)) {
    const document = documents.get(params.textDocument.uri);
    if (document) {
      const file = await openParsed(document);
      const settings = await settingsFor(document.uri);
      actions.push(...(await withDisk(() => migrateActions(file, file.offsetAt(params.range.start), index, settings, editSupport))));
    }
  }
  if (only && wants(`${CodeActionKind.SourceFixAll}.sts-lens`)) {
    const document = documents.get(params.textDocument.uri);
    if (document) {
      const file = await openParsed(document);
      const settings = await settingsFor(document.uri);
      const action = fixAll(document.uri, await withDisk(() => analyze(file, index, settings)));
      if (action) actions.push(action);
    }
  }
  return actions;
});

// Server commands: generate a role for a ServiceAccount (a WorkspaceEdit the client previews and applies),
// and the ccoctl-equivalent actions (plan, run), cancellable, with log lines and work-done progress.
connection.onExecuteCommand(async (params, token, workDone) => {
  let begun = false;
  const progress = (message: string, percentage: number) => {
    if (!begun) workDone.begin(params.command, percentage, message, true);
    else workDone.report(percentage, message);
    begun = true;
  };
  // Generating a role only computes an edit: it may run again once the disk is read. AWS actions run once, as they are.
  const once = params.command === GENERATE_ROLE_COMMAND || params.command === GENERATE_OPERATOR_ROLE_COMMAND ? withDisk : <T>(run: () => T) => run();
  try {
    return await once(() => executeServerCommand(params.command, params.arguments, {
      token,
      log: (line) => connection.console.info(line),
      progress,
      fileFor: (uri) => {
        const document = documents.get(uri);
        if (document) return parsedDocument(document);
        const fsPath = fsPathOf(uri);
        return fsPath ? index.file(fsPath) : undefined;
      },
      workspace: index,
      roots: workspaceRoots,
      settings: settingsFor,
      indexed,
    }));
  } finally {
    if (begun) workDone.done();
  }
});

connection.onDidChangeWatchedFiles((params) => {
  for (const change of params.changes) {
    const fsPath = fsPathOf(change.uri);
    if (!fsPath) continue;
    disk.forget(fsPath);
    if (documents.get(change.uri)) continue; // open editors are the source of truth
    index.refresh(fsPath);
  }
  // Another file's findings may depend on what changed (install directories, trust policies).
  connection.languages.diagnostics.refresh();
});

documents.onDidClose((event) => {
  parsed.delete(event.document.uri);
  const fsPath = fsPathOf(event.document.uri);
  if (fsPath) {
    index.source.closeOpen(fsPath);
    index.refresh(fsPath);
  }
});

documents.onDidSave(() => {
  // Saved content is what other files are checked against (install directories, trust policies).
  connection.languages.diagnostics.refresh();
});

/** Kinds whose content other files are checked against: editing one re-checks the open editors. */
const REFERENCED_KINDS = new Set<DocKind>([
  'trust-policy', 'iam-role', 'cloudformation', 'permission-policy', 'iam-role-policy', 'identity-provider', 'authentication', 'kops-cluster',
  'oidc-discovery', 'service-account', 'secret', 'workload', 'credentials-request', 'install-config', 'namespace',
  'subscription', 'cluster-service-version', 'terraform', 'pod-identity-association', 'kustomization',
]);
let refreshTimer: NodeJS.Timeout | undefined;

documents.onDidChangeContent((event) => {
  // No waiting on the disk here: a .tf file whose module files are not known yet is parsed again by the next request.
  const misses = disk.misses;
  const file = index.source.deferDisk(disk, () => parsedDocument(event.document));
  if (disk.misses !== misses) void disk.fill(index.source.maxFileSize);
  // Edits without pulls (a client that opens and edits many files) leave garbage too.
  setImmediate(() => memory.afterRequest());
  // The edited file is re-pulled by the client itself; the others that may depend on it are refreshed once typing pauses.
  if (!file.docs.some((d) => REFERENCED_KINDS.has(d.kind))) return;
  if (refreshTimer) clearTimeout(refreshTimer);
  refreshTimer = setTimeout(() => connection.languages.diagnostics.refresh(), 400);
});

documents.listen(connection);
connection.listen();
