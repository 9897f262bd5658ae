import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { ServerProcess } from './lspClient';
import { makeTempDir } from '../tempDirs';

describe('LSP workspace/executeCommand: generate IAM role', () => {
  let server: ServerProcess;
  let dir: string;

  before(async () => {
    dir = makeTempDir('lsp-role');
    fs.writeFileSync(path.join(dir, 'sa.yaml'), 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: reader\n  namespace: shop\n');
    fs.mkdirSync(path.join(dir, 'manifests'));
    fs.writeFileSync(path.join(dir, 'manifests', 'auth.yaml'), 'apiVersion: config.openshift.io/v1\nkind: Authentication\nmetadata:\n  name: cluster\nspec:\n  serviceAccountIssuer: https://shop-oidc.s3.us-east-1.amazonaws.com\n');
    server = new ServerProcess();
    await server.initialize(dir);
  });

  after(() => server.stop());

  it('answers with a WorkspaceEdit for the ServiceAccount on disk', async () => {
    const uri = pathToFileURL(path.join(dir, 'sa.yaml')).toString();
    const result = (await server.connection.sendRequest('workspace/executeCommand', {
      command: 'sts-lens.generateRoleForServiceAccount',
      arguments: [{ uri, position: { line: 3, character: 3 } }],
    })) as { edit: { documentChanges: Array<Record<string, unknown>> }; message: string };
    assert.strictEqual(result.message, 'Role shop-reader for system:serviceaccount:shop:reader (audience sts.amazonaws.com, issuer shop-oidc.s3.us-east-1.amazonaws.com). Fill in the AWS account ID, the permissions.');
    const trustUri = pathToFileURL(path.join(dir, 'iam', 'shop-reader-trust-policy.json')).toString();
    assert.deepStrictEqual(result.edit.documentChanges[0], { kind: 'create', uri: trustUri, options: { ignoreIfExists: false, overwrite: false } });
    const annotation = result.edit.documentChanges.find((c) => (c.textDocument as { uri?: string } | undefined)?.uri === uri) as { edits: Array<{ newText: string; range: unknown }> };
    assert.deepStrictEqual(annotation.edits, [
      {
        range: { start: { line: 5, character: 0 }, end: { line: 5, character: 0 } },
        newText: '  annotations:\n    eks.amazonaws.com/role-arn: arn:aws:iam::REPLACE_WITH_ACCOUNT_ID:role/shop-reader\n',
      },
    ]);
  });

  it('answers a clear error for a file that is not a ServiceAccount or workload', async () => {
    fs.writeFileSync(path.join(dir, 'other.yaml'), 'kind: ConfigMap\n');
    const result = await server.connection.sendRequest('workspace/executeCommand', {
      command: 'sts-lens.generateRoleForServiceAccount',
      arguments: [{ uri: pathToFileURL(path.join(dir, 'other.yaml')).toString() }],
    });
    assert.deepStrictEqual(result, { error: 'Put the cursor on a ServiceAccount or a workload (Deployment, Pod, Job, ...).' });
  });
});
