import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { CompletionItem, CompletionRequest, DidOpenTextDocumentNotification, DocumentDiagnosticRequest, HoverRequest, MarkupContent } from 'vscode-languageserver-protocol/node';
import { tempTree } from '../unit/helpers';
import { ServerProcess } from './lspClient';

const FIXTURES = path.resolve(__dirname, '../../../test/fixtures/realworld/templated');

/** The templated fixtures of one folder, copied into a fresh workspace. */
function workspace(folder: string): string {
  const files: Record<string, string> = {};
  for (const rel of fs.readdirSync(path.join(FIXTURES, folder), { recursive: true }) as string[]) {
    const full = path.join(FIXTURES, folder, rel);
    if (fs.statSync(full).isFile()) files[rel] = fs.readFileSync(full, 'utf8');
  }
  return tempTree(files);
}

describe('language server: templated values', () => {
  let server: ServerProcess;
  afterEach(async () => server?.stop());

  const open = async (dir: string, rel: string, text: string, languageId = 'yaml') => {
    const uri = pathToFileURL(path.join(dir, rel)).toString();
    await server.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version: 1, text } });
    const report = await server.connection.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri } });
    return { uri, diagnostics: report.kind === 'full' ? report.items : [] };
  };

  it('a ServiceAccount with ${CARTS_IAM_ROLE} has no diagnostic, its hover names envsubst, completion still works; "roles/" beside a placeholder is an error', async () => {
    const dir = workspace('envsubst');
    server = new ServerProcess();
    await server.initialize(dir);
    const text = fs.readFileSync(path.join(dir, 'carts-serviceaccount.yaml'), 'utf8');
    const { uri, diagnostics } = await open(dir, 'carts-serviceaccount.yaml', text);
    assert.deepStrictEqual(diagnostics, []);
    const line = text.split('\n').findIndex((l) => l.includes('${CARTS_IAM_ROLE}'));
    const character = text.split('\n')[line].indexOf('${CARTS_IAM_ROLE}') + 3;
    const hover = await server.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line, character } });
    assert.match((hover!.contents as MarkupContent).value, /^\*\*Templated value\*\*\n\n- `\$\{CARTS_IAM_ROLE\}`: filled in by envsubst/);
    const lines = text.split('\n');
    const typing = await open(dir, 'typing.yaml', [...lines.slice(0, line + 1), '    eks.amazonaws.com/', ...lines.slice(line + 1)].join('\n'));
    const items = (await server.connection.sendRequest(CompletionRequest.type, { textDocument: { uri: typing.uri }, position: { line: line + 1, character: 22 } })) as CompletionItem[];
    assert.ok(items.some((i) => i.label === 'eks.amazonaws.com/audience'), JSON.stringify(items.map((i) => i.label)));

    const wrong = await open(dir, 'wrong.yaml', text.replace('${CARTS_IAM_ROLE}', 'arn:aws:iam::${AWS_ACCOUNT_ID}:roles/carts'));
    assert.deepStrictEqual(wrong.diagnostics.map((d) => [d.code, d.severity, d.range.start.line, d.range.start.character]), [['role-arn-format', 1, line, 32]]);
  });

  it('a ROSA trust template is checked without a finding, and a Terraform .json.tpl beside it is indexed as the trust policy of its role', async () => {
    const dir = workspace('rosa');
    fs.writeFileSync(path.join(dir, 'installer-sa.yaml'), 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: installer\n  namespace: jobs\n  annotations:\n    eks.amazonaws.com/role-arn: arn:aws:iam::${ACCOUNT_ID}:role/jobs-installer\n');
    fs.writeFileSync(path.join(dir, 'jobs-installer-trust.json.tpl'), fs.readFileSync(path.join(FIXTURES, 'terraform/irsa-trust-policy.json.tpl'), 'utf8').replace('system:serviceaccount:${namespace}:${service_account}', 'system:serviceaccount:jobs:runner'));
    server = new ServerProcess();
    await server.initialize(dir);
    const rosa = await open(dir, 'operator_iam_role_policy.json', fs.readFileSync(path.join(dir, 'operator_iam_role_policy.json'), 'utf8'), 'json');
    assert.deepStrictEqual(rosa.diagnostics, []);
    const sa = await open(dir, 'installer-sa.yaml', fs.readFileSync(path.join(dir, 'installer-sa.yaml'), 'utf8'));
    assert.deepStrictEqual(sa.diagnostics.map((d) => d.code), ['trust-sub-mismatch']);
    assert.match(sa.diagnostics[0].message as string, /uses role jobs-installer, but the role's trust policy \(jobs-installer-trust\.json\.tpl\) admits only system:serviceaccount:jobs:runner/);
  });
});
