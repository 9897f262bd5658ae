import { ChildProcess, spawn } from 'child_process';
import * as path from 'path';
import {
  ConfigurationRequest,
  createProtocolConnection,
  Diagnostic,
  DocumentDiagnosticRequest,
  InitializeRequest,
  InitializedNotification,
  ProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-languageserver-protocol/node';

/** A JSON-RPC message as the server wrote it. */
export interface RawMessage {
  id?: number | string;
  method?: string;
  params?: unknown;
  result?: unknown;
  error?: { code: number; message: string };
}

const SERVER = path.resolve(__dirname, '../../../dist/server.js');

/** The bundled language server in its own process, driven over stdio like any LSP client would. */
export class ServerProcess {
  readonly connection: ProtocolConnection;
  private readonly child: ChildProcess;
  settings: Record<string, unknown> = {};
  readonly notifications: Array<{ method: string; params: unknown }> = [];
  stderr = '';
  /** The scopeUri of every setting the server asked for. */
  readonly configurationScopes: string[] = [];
  /** How many times the server asked the client to pull diagnostics again. */
  refreshes = 0;
  /** Every message the server wrote, in the order it wrote them (responses to writeRaw's requests included). */
  readonly received: RawMessage[] = [];
  private pending = Buffer.alloc(0);

  /** `env`: the server process's environment (tests point the AWS SDK's default chain at 127.0.0.1). */
  constructor(env?: NodeJS.ProcessEnv) {
    this.child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'], ...(env ? { env } : {}) });
    this.child.stderr!.on('data', (chunk) => (this.stderr += String(chunk)));
    this.child.stdout!.on('data', (chunk: Buffer) => this.frame(chunk));
    this.connection = createProtocolConnection(new StreamMessageReader(this.child.stdout!), new StreamMessageWriter(this.child.stdin!));
    this.connection.onRequest(ConfigurationRequest.type, (params) => {
      this.configurationScopes.push(...params.items.map((item) => item.scopeUri ?? ''));
      return params.items.map(() => this.settings);
    });
    this.connection.onUnhandledNotification((message) => this.notifications.push({ method: message.method, params: message.params }));
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.onRequest('workspace/diagnostic/refresh', () => {
      this.refreshes++;
      return null;
    });
    this.connection.listen();
  }

  /**
   * `workspace`: more workspace client capabilities, e.g. `{ workspaceEdit: { snippetEditSupport: true } }`;
   * `codeAction`: more `textDocument.codeAction` capabilities, e.g. `{ disabledSupport: true }`.
   */
  async initialize(rootPath: string, workspace: Record<string, unknown> = {}, codeAction: Record<string, unknown> = {}): Promise<void> {
    const rootUri = `file://${rootPath}`;
    await this.connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri,
      workspaceFolders: [{ uri: rootUri, name: 'test' }],
      capabilities: {
        workspace: { configuration: true, diagnostics: { refreshSupport: true }, didChangeWatchedFiles: { dynamicRegistration: false }, ...workspace },
        textDocument: {
          diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false },
          completion: { completionItem: { snippetSupport: true, documentationFormat: ['markdown'] } },
          hover: { contentFormat: ['markdown'] },
          codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source.fixAll'] } }, dataSupport: true, ...codeAction },
        },
      },
    });
    await this.connection.sendNotification(InitializedNotification.type, {});
  }

  /** Pulls a document's diagnostics until `predicate` holds (or 5 s pass), and returns the last ones. */
  async pullUntil(uri: string, predicate: (d: Diagnostic[]) => boolean): Promise<Diagnostic[]> {
    let last: Diagnostic[] = [];
    for (let i = 0; i < 50; i++) {
      const report = await this.connection.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri } });
      last = report.kind === 'full' ? report.items : [];
      if (predicate(last)) return last;
      await new Promise((r) => setTimeout(r, 100));
    }
    return last;
  }

  /**
   * Writes messages to the server in one write, so it reads them together: a
   * request and its cancellation arrive before the request is handled, however
   * loaded the machine. Their responses are in `received`; use string ids.
   */
  writeRaw(messages: ReadonlyArray<Record<string, unknown>>): void {
    const parts = messages.map((m) => {
      const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', ...m }), 'utf8');
      return Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, 'ascii'), body]);
    });
    this.child.stdin!.write(Buffer.concat(parts));
  }

  /** Resolves with the server's response to a writeRaw request. */
  async response(id: string): Promise<RawMessage> {
    for (;;) {
      const found = this.received.find((m) => m.id === id && m.method === undefined);
      if (found) return found;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  /** Resolves when the server has sent a notification that `matches`. */
  async notified(method: string, matches: (params: Record<string, unknown>) => boolean): Promise<void> {
    while (!this.received.some((m) => m.method === method && m.id === undefined && matches((m.params ?? {}) as Record<string, unknown>))) await new Promise((resolve) => setTimeout(resolve, 10));
  }

  private frame(chunk: Buffer): void {
    this.pending = Buffer.concat([this.pending, chunk]);
    for (;;) {
      const end = this.pending.indexOf('\r\n\r\n');
      if (end < 0) return;
      const length = Number(/Content-Length: (\d+)/i.exec(this.pending.subarray(0, end).toString('ascii'))?.[1]);
      if (this.pending.length < end + 4 + length) return;
      this.received.push(JSON.parse(this.pending.subarray(end + 4, end + 4 + length).toString('utf8')));
      this.pending = this.pending.subarray(end + 4 + length);
    }
  }

  async stop(): Promise<void> {
    try {
      await Promise.race([this.connection.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
      await this.connection.sendNotification('exit');
    } catch {
      // the process may already be gone
    }
    this.connection.dispose();
    this.child.kill();
  }
}
