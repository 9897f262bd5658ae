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

const SERVER = path.resolve(__dirname, '../../../dist/server.js');

/** The bundled language server in its own process, driven over stdio like any LSP client would. */
export class ServerProcess {
  readonly connection: ProtocolConnection;
  private readonly child: ChildProcess;
  settings: Record<string, unknown> = {};
  readonly notifications: Array<{ method: string; params: unknown }> = [];
  stderr = '';
  /** How many times the server asked the client to pull diagnostics again. */
  refreshes = 0;

  /** `env`: the server process's environment (tests point the AWS SDK's default chain at 127.0.0.1). */
  constructor(env?: NodeJS.ProcessEnv) {
    this.child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'], ...(env ? { env } : {}) });
    this.child.stderr!.on('data', (chunk) => (this.stderr += String(chunk)));
    this.connection = createProtocolConnection(new StreamMessageReader(this.child.stdout!), new StreamMessageWriter(this.child.stdin!));
    this.connection.onRequest(ConfigurationRequest.type, (params) => params.items.map(() => this.settings));
    this.connection.onUnhandledNotification((message) => this.notifications.push({ method: message.method, params: message.params }));
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.onRequest('workspace/diagnostic/refresh', () => {
      this.refreshes++;
      return null;
    });
    this.connection.listen();
  }

  /** `workspace`: more workspace client capabilities, e.g. `{ workspaceEdit: { snippetEditSupport: true } }`. */
  async initialize(rootPath: string, workspace: Record<string, unknown> = {}): Promise<void> {
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
          codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source.fixAll'] } }, dataSupport: true },
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
