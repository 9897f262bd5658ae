import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { CodeAction, CodeActionRequest, Diagnostic, DidChangeTextDocumentNotification, DidOpenTextDocumentNotification } from 'vscode-languageserver-protocol/node';
import { tempTree } from '../unit/helpers';
import { ServerProcess } from './lspClient';

const ASSOCIATION = [
  'apiVersion: eks.services.k8s.aws/v1alpha1',
  'kind: PodIdentityAssociation',
  'metadata:',
  '  name: web',
  '  namespace: app',
  'spec:',
  '  clusterName: prod',
  '  namespace: app',
  '  serviceAccount: web',
  '  roleARN: arn:aws:iam::123456789012:role/web-role',
  '',
].join('\n');

const TRUST = ['{', '  "Version": "2012-10-17",', '  "Statement": [', '    {', '      "Effect": "Allow",', '      "Principal": { "Service": "pods.eks.amazonaws.com" },', '      "Action": ["sts:AssumeRole"]', '    }', '  ]', '}', ''].join('\n');

const SA = 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: web\n  namespace: app\n  annotations:\n    eks.amazonaws.com/role-arn: arn:aws:iam::123456789012:role/web-irsa\n';

describe('EKS Pod Identity over LSP', () => {
  let server: ServerProcess;
  let dir: string;
  const uri = (rel: string) => pathToFileURL(path.join(dir, rel)).toString();

  beforeEach(async () => {
    dir = tempTree({ 'k8s/association.yaml': ASSOCIATION, 'iam/web-role-trust.json': TRUST, 'k8s/sa.yaml': SA });
    server = new ServerProcess();
    await server.initialize(dir);
  });

  afterEach(async () => {
    await server.stop();
  });

  const pull = (rel: string, predicate: (d: Diagnostic[]) => boolean) => server.pullUntil(uri(rel), predicate);

  /** Opens a ServiceAccount and asks for the refactors on its name (line 4). */
  /** The quick fixes offered on a file's first diagnostic, with all of them in the context. */
  const quickFixesFor = async (rel: string, diagnostics: Diagnostic[]) =>
    (await server.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri: uri(rel) }, range: diagnostics[0].range, context: { diagnostics, only: ['quickfix'] } })) as CodeAction[];
  const refactorsOn = async (rel: string, text: string, only: string) => {
    await server.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: uri(rel), languageId: 'yaml', version: 1, text } });
    const at = { line: 3, character: 8 };
    return (await server.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri: uri(rel) }, range: { start: at, end: at }, context: { diagnostics: [], only: [only] } })) as CodeAction[];
  };

  it('reports the association whose role lacks sts:TagSession, fixes the trust file, and clears when the trust file is edited', async () => {
    await server.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: uri('k8s/association.yaml'), languageId: 'yaml', version: 1, text: ASSOCIATION } });
    const diagnostics = await pull('k8s/association.yaml', (d) => d.length > 0);
    assert.deepStrictEqual(diagnostics.map((d) => [d.code, d.severity, d.range]), [['pod-identity-trust', 1, { start: { line: 9, character: 11 }, end: { line: 9, character: 50 } }]]);
    assert.strictEqual(diagnostics[0].relatedInformation?.[0].location.uri, uri('iam/web-role-trust.json'));
    const actions = await quickFixesFor('k8s/association.yaml', diagnostics);
    assert.strictEqual(actions[0].title, 'Add sts:TagSession to the trust policy of web-role');
    assert.deepStrictEqual(actions[0].edit, {
      changes: { [uri('iam/web-role-trust.json')]: [{ range: { start: { line: 6, character: 33 }, end: { line: 6, character: 33 } }, newText: ', "sts:TagSession"' }] },
    });
    const fixed = TRUST.replace('["sts:AssumeRole"]', '["sts:AssumeRole", "sts:TagSession"]');
    await server.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: uri('iam/web-role-trust.json'), languageId: 'json', version: 1, text: TRUST } });
    await server.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri: uri('iam/web-role-trust.json'), version: 2 }, contentChanges: [{ text: fixed }] });
    assert.deepStrictEqual(await pull('k8s/association.yaml', (d) => d.length === 0), []);
  });

  it('reports a target role whose trust does not admit the association\'s role, on targetRoleARN, and the fix appends a statement for that role', async () => {
    const chained = ASSOCIATION + '  targetRoleARN: arn:aws:iam::444455556666:role/data-writer\n';
    const target = ['{', '  "Version": "2012-10-17",', '  "Statement": [', '    {', '      "Effect": "Allow",', '      "Principal": { "AWS": "arn:aws:iam::999988887777:root" },', '      "Action": "sts:AssumeRole"', '    }', '  ]', '}', ''].join('\n');
    const firstFixed = TRUST.replace('["sts:AssumeRole"]', '["sts:AssumeRole", "sts:TagSession"]');
    await server.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: uri('iam/web-role-trust.json'), languageId: 'json', version: 1, text: firstFixed } });
    await server.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: uri('iam/data-writer-trust.json'), languageId: 'json', version: 1, text: target } });
    await server.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: uri('k8s/association.yaml'), languageId: 'yaml', version: 1, text: chained } });
    const diagnostics = await pull('k8s/association.yaml', (d) => d.length > 0);
    assert.deepStrictEqual(diagnostics.map((d) => [d.code, d.severity, d.range]), [['pod-identity-trust', 1, { start: { line: 10, character: 17 }, end: { line: 10, character: 59 } }]]);
    assert.strictEqual(diagnostics[0].relatedInformation?.[0].location.uri, uri('iam/data-writer-trust.json'));
    const actions = await quickFixesFor('k8s/association.yaml', diagnostics);
    assert.strictEqual(actions[0].title, 'Trust arn:aws:iam::123456789012:role/web-role in the trust policy of data-writer');
    const [edit] = actions[0].edit!.changes![uri('iam/data-writer-trust.json')];
    assert.deepStrictEqual(edit.range, { start: { line: 7, character: 5 }, end: { line: 7, character: 5 } });
    const lines = target.split('\n');
    const applied = [...lines.slice(0, 7), lines[7] + edit.newText, ...lines.slice(8)].join('\n');
    assert.deepStrictEqual(JSON.parse(applied).Statement[1], {
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::123456789012:role/web-role' },
      Action: ['sts:AssumeRole', 'sts:TagSession'],
      Condition: { StringEquals: { 'aws:RequestTag/kubernetes-namespace': 'app', 'aws:RequestTag/kubernetes-service-account': 'web' } },
    });
    await server.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri: uri('iam/data-writer-trust.json'), version: 2 }, contentChanges: [{ text: applied }] });
    assert.deepStrictEqual(await pull('k8s/association.yaml', (d) => d.length === 0), []);
  });

  it('warns on a ServiceAccount that has both the IRSA annotation and an association', async () => {
    await server.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: uri('k8s/sa.yaml'), languageId: 'yaml', version: 1, text: SA } });
    const diagnostics = await pull('k8s/sa.yaml', (d) => d.length > 0);
    assert.deepStrictEqual(diagnostics.map((d) => [d.code, d.severity]), [['pod-identity-irsa-conflict', 2]]);
    assert.strictEqual(diagnostics[0].relatedInformation?.[0].location.uri, uri('k8s/association.yaml'));
  });

  it('offers Migrate to EKS Pod Identity as a refactor on an IRSA ServiceAccount: association created, trust statement added, annotation removed', async () => {
    const irsa = 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: api\n  namespace: app\n  annotations:\n    eks.amazonaws.com/role-arn: arn:aws:iam::123456789012:role/web-role\n';
    const actions = await refactorsOn('k8s/api-sa.yaml', irsa, 'refactor.rewrite');
    assert.deepStrictEqual(actions.map((a) => [a.title, a.kind]), [['Migrate to EKS Pod Identity (keep the IRSA trust for the cut-over)', 'refactor.rewrite']]);
    const changes = actions[0].edit!.documentChanges!;
    const created = changes.filter((c) => 'kind' in c && c.kind === 'create').map((c) => (c as { uri: string }).uri);
    assert.deepStrictEqual(created, [uri('k8s/api-pod-identity-association.yaml')]);
    const edited = changes.filter((c) => 'textDocument' in c).map((c) => (c as { textDocument: { uri: string } }).textDocument.uri);
    assert.deepStrictEqual(edited.sort(), [uri('k8s/api-pod-identity-association.yaml'), uri('k8s/api-sa.yaml')].sort());
  });

  it('offers the migration disabled, with the reason, when a Fargate profile takes every pod of the namespace; a client that cannot show it gets none', async () => {
    const fargate = [
      'resource "aws_eks_fargate_profile" "app" {',
      '  cluster_name           = "prod"',
      '  fargate_profile_name   = "app-on-fargate"',
      '  pod_execution_role_arn = "arn:aws:iam::123456789012:role/fargate-pods"',
      '  subnet_ids             = ["subnet-0abc"]',
      '  selector {',
      '    namespace = "app"',
      '  }',
      '}',
      '',
    ].join('\n');
    fs.mkdirSync(path.join(dir, 'infra'));
    fs.writeFileSync(path.join(dir, 'infra/fargate.tf'), fargate);
    const irsa = 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: api\n  namespace: app\n  annotations:\n    eks.amazonaws.com/role-arn: arn:aws:iam::123456789012:role/web-role\n';
    await server.stop();
    server = new ServerProcess();
    await server.initialize(dir, {}, { disabledSupport: true });
    const actions = await refactorsOn('k8s/api-sa.yaml', irsa, 'refactor.rewrite');
    assert.deepStrictEqual(actions, [
      {
        title: 'Migrate to EKS Pod Identity',
        kind: 'refactor.rewrite',
        disabled: { reason: 'Fargate profile app-on-fargate (../infra/fargate.tf) runs every pod of namespace app on AWS Fargate, where EKS Pod Identity is not available: keep IRSA for this ServiceAccount.' },
      },
    ]);
    await server.stop();
    server = new ServerProcess();
    await server.initialize(dir);
    assert.deepStrictEqual(await refactorsOn('k8s/api-sa.yaml', irsa, 'refactor.rewrite'), []);
  });

  it('offers both cut-over choices when the trust policy is the ServiceAccount\'s IRSA trust alone; they differ in the trust policy edit', async () => {
    const irsa = 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: api\n  namespace: app\n  annotations:\n    eks.amazonaws.com/role-arn: arn:aws:iam::123456789012:role/api-role\n';
    const oidc = 'oidc.eks.us-east-1.amazonaws.com/id/ABC';
    const trust = '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {\n      "Effect": "Allow",\n      "Principal": { "Federated": "arn:aws:iam::123456789012:oidc-provider/' + oidc + '" },\n' +
      '      "Action": "sts:AssumeRoleWithWebIdentity",\n      "Condition": { "StringEquals": { "' + oidc + ':sub": "system:serviceaccount:app:api" } }\n    }\n  ]\n}\n';
    await server.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: uri('iam/api-role-trust.json'), languageId: 'json', version: 1, text: trust } });
    const actions = await refactorsOn('k8s/api-sa.yaml', irsa, 'refactor');
    assert.deepStrictEqual(actions.map((a) => a.title), ['Migrate to EKS Pod Identity (keep the IRSA trust for the cut-over)', 'Migrate to EKS Pod Identity (replace the IRSA trust)']);
    const trustEdit = (a: CodeAction) => {
      const change = a.edit!.documentChanges!.find((c) => 'textDocument' in c && c.textDocument.uri === uri('iam/api-role-trust.json')) as { edits: Array<{ range: unknown; newText: string }> };
      return change.edits;
    };
    const [keep, replace] = actions.map(trustEdit);
    assert.deepStrictEqual(keep.map((e) => e.range), [{ start: { line: 8, character: 5 }, end: { line: 8, character: 5 } }]);
    assert.match(keep[0].newText, /^,\n {4}\{\n {6}"Effect": "Allow",\n {6}"Principal": \{\n {8}"Service": "pods\.eks\.amazonaws\.com"/);
    assert.deepStrictEqual(replace.map((e) => e.range), [{ start: { line: 2, character: 15 }, end: { line: 9, character: 3 } }]);
    assert.match(replace[0].newText, /^\[\n {4}\{\n {6}"Effect": "Allow",\n {6}"Principal": \{\n {8}"Service": "pods\.eks\.amazonaws\.com"[^]*\n {2}\]$/);
    assert.ok(!replace[0].newText.includes('AssumeRoleWithWebIdentity'));
  });
});
