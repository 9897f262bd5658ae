import * as vscode from 'vscode';
import type { Status } from './status';
import { LanguageClient, LanguageClientOptions, ServerOptions, TransportKind } from 'vscode-languageclient/node';
import { STATUS_NOTIFICATION, StatusParams } from '../../server/src/protocol';

export type StsLensClient = LanguageClient;

const DOCUMENTS = [
  { scheme: 'file', language: 'yaml' },
  { scheme: 'file', language: 'json' },
  { scheme: 'file', language: 'jsonc' },
  // Terraform: the HashiCorp extension names .tf files `terraform`; others `hcl`; without either they are plaintext.
  { scheme: 'file', language: 'terraform' },
  { scheme: 'file', language: 'hcl' },
  { scheme: 'file', pattern: '**/*.tf' },
  { scheme: 'untitled', language: 'yaml' },
  { scheme: 'untitled', language: 'json' },
];

export async function startClient(context: vscode.ExtensionContext, log: vscode.LogOutputChannel, status: Status): Promise<LanguageClient> {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
  };
  const exclude = vscode.workspace.getConfiguration('files').get<Record<string, boolean>>('exclude') ?? {};
  const clientOptions: LanguageClientOptions = {
    documentSelector: DOCUMENTS,
    // The index honours the editor's exclusions; the server cannot read editor settings that are not its own.
    initializationOptions: {
      exclude: Object.entries(exclude).filter(([, on]) => on === true).map(([glob]) => glob),
      maxFileSize: vscode.workspace.getConfiguration('stsLens').get<number>('maxFileSize'),
    },
    outputChannel: log,
    synchronize: {
      configurationSection: 'stsLens',
      // Other files' findings depend on these (install directories, keys, trust policies).
      fileEvents: vscode.workspace.createFileSystemWatcher('**/*.{yaml,yml,json,tpl,tftpl,tf,tfvars,key,public,private}'),
    },
    diagnosticPullOptions: { onChange: true, onSave: true, onTabs: false },
  };
  const client = new LanguageClient('stsLens', 'STS Lens', serverOptions, clientOptions);
  status.set('Starting', true);
  await client.start();
  context.subscriptions.push(
    client.onNotification(STATUS_NOTIFICATION, (params: StatusParams) => {
      status.set(params.text, params.busy, params.detail);
    }),
  );
  return client;
}
