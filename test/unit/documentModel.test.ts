import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { analyze } from '../../server/src/analysis/analyze';
import { get, getStr, isMap } from '../../server/src/model/node';
import { parseFile } from '../../server/src/model/parsedFile';
import { defaultSettings } from '../../server/src/settings';
import { FileSource, readText } from '../../server/src/workspace/fileSource';
import { check, summarize, tempTree } from './helpers';

describe('document model', () => {
  it('places findings by UTF-16 code units after a BOM, CRLF line endings and Japanese comments', () => {
    const text = '\uFEFF# インストール設定（本番）\r\napiVersion: v1\r\nbaseDomain: example.com # ドメイン\r\npublish: "🚀外部"\r\nplatform:\r\n  aws:\r\n    region: us-east-1\r\npullSecret: x\r\n';
    const dir = tempTree({ 'install-config.yaml': text });
    const fsPath = path.join(dir, 'install-config.yaml');
    // The editor never shows the BOM; reading from disk drops it too, so both count the same columns.
    const fromDisk = readText(fsPath)!;
    assert.strictEqual(fromDisk.charCodeAt(0), '#'.charCodeAt(0));
    const file = parseFile(pathToFileURL(fsPath).toString(), fromDisk, { fsPath });
    const findings = analyze(file, new FileSource(), defaultSettings);
    assert.deepStrictEqual(findings.map(summarize), ['3:9-3:15 install-config-schema']);
    assert.match(findings[0].message, /"🚀外部" is not a valid publish/);
  });

  it('keeps checking the other documents of a stream when one does not parse', () => {
    const text = [
      'apiVersion: v1',
      'kind: ServiceAccount',
      'metadata: {name: broken',
      '---',
      'apiVersion: v1',
      'baseDomain: example.com',
      'publish: Externel',
      'platform: {aws: {region: us-east-1}}',
      'pullSecret: x',
      '',
    ].join('\n');
    const { summary, findings } = check({ 'install-config.yaml': text }, 'install-config.yaml');
    assert.deepStrictEqual(summary, ['2:22-2:23 yaml-syntax', '6:9-6:17 install-config-schema']);
    assert.strictEqual(findings[0].message, 'A { mapping is not closed with } (or its next line is less indented than the mapping): close it. (document 1 of 2)');
    assert.match(findings[1].message, /did you mean "External"/);
  });

  it('reports an alias bomb instead of expanding it', function () {
    this.timeout(5000);
    const lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 12; i++) {
      const prev = String.fromCharCode(96 + i);
      lines.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${prev}`).join(',')}]`);
    }
    const many = Array.from({ length: 1200 }, () => '*a').join(', ');
    lines.push(`m: [${many}]`);
    const text = ['apiVersion: v1', 'kind: ConfigMap', ...lines, ''].join('\n');
    const file = parseFile('file:///bomb.yaml', text);
    assert.strictEqual(file.docs.length, 1);
    const findings = analyze(file, new FileSource(), defaultSettings);
    assert.deepStrictEqual(findings.map((f) => f.code), ['yaml-syntax']);
    assert.match(findings[0].message, /More than 1000 aliases/);
  });

  it('shares aliased nodes and applies merge keys', () => {
    const file = parseFile('file:///m.yaml', 'base: &b {region: us-east-1, zones: [a]}\nplatform:\n  aws:\n    <<: *b\n    zones: [c]\n');
    const aws = get(file.docs[0].root, 'platform', 'aws');
    assert.ok(isMap(aws));
    assert.strictEqual(getStr(aws, 'region'), 'us-east-1');
    assert.strictEqual(getStr(aws, 'zones', 0), 'c');
  });

  it('keeps exact key and value ranges in JSON', () => {
    const text = '{\n  "Version": "2012-10-17",\n  "Statement": [{"Effect": "Allow"}]\n}';
    const file = parseFile('file:///p.json', text);
    const root = file.docs[0].root;
    assert.ok(isMap(root));
    const version = root.pairs[0];
    assert.deepStrictEqual(file.rangeOf(version.keyRange), { start: { line: 1, character: 2 }, end: { line: 1, character: 11 } });
    assert.strictEqual(text.slice(...version.value.range), '"2012-10-17"');
    assert.strictEqual(file.docs[0].kind, 'permission-policy');
  });

  it('reports JSON syntax errors at the offending token', () => {
    const { summary } = check({ 'trust.json': '{\n  "Version": "2012-10-17",\n  "Statement": []\n  "x": 1\n}' }, 'trust.json');
    assert.deepStrictEqual(summary, ['3:2-3:5 json-syntax']);
  });

  it('recognises Helm templates and reports nothing in them', () => {
    const text = 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: {{ .Values.name }}\n  annotations:\n    {{- toYaml .Values.annotations | nindent 4 }}\n';
    const file = parseFile('file:///chart/templates/sa.yaml', text);
    assert.strictEqual(file.helmTemplate, true);
    assert.deepStrictEqual(analyze(file, new FileSource(), defaultSettings), []);
  });

  it('parses CloudFormation tags as opaque values', () => {
    const file = parseFile('file:///cf.yaml', 'Resources:\n  Role:\n    Type: AWS::IAM::Role\n    Properties:\n      RoleName: !Sub "${AWS::StackName}-app"\n');
    assert.deepStrictEqual(file.docs[0].errors, []);
    assert.strictEqual(file.docs[0].kind, 'cloudformation');
    assert.strictEqual(get(file.docs[0].root, 'Resources', 'Role', 'Properties', 'RoleName')?.tag, '!Sub');
  });

  it('silences a rule on the next line with a disable comment', () => {
    const text = 'apiVersion: v1\nbaseDomain: example.com\n# sts-lens-disable-next-line install-config-schema\npublish: Externel\nfips: maybe\nplatform: {aws: {region: us-east-1}}\npullSecret: x\n';
    const { summary } = check({ 'install-config.yaml': text }, 'install-config.yaml');
    assert.deepStrictEqual(summary, ['4:6-4:11 install-config-schema']);
  });

  it('reads nothing but YAML and JSON, and skips files over the size cap', () => {
    const dir = tempTree({ 'big.yaml': 'a: 1\n'.repeat(1000), 'key.pem': 'x' });
    const source = new FileSource(100);
    assert.strictEqual(source.file(path.join(dir, 'big.yaml')), undefined);
    assert.strictEqual(source.file(path.join(dir, 'key.pem')), undefined);
    assert.ok(fs.existsSync(path.join(dir, 'key.pem')));
  });
});

describe('document kinds', () => {
  const kindOf = (text: string, name = 'x.yaml') => parseFile(`file:///w/${name}`, text, { fsPath: `/w/${name}` }).docs.map((d) => d.kind);

  it('a workload kind of another API group is not that workload (Volcano Job), a custom resource with a pod template is', () => {
    const job = (apiVersion: string) => `apiVersion: ${apiVersion}\nkind: Job\nmetadata:\n  name: train\nspec:\n  tasks:\n  - name: worker\n    template:\n      spec:\n        containers:\n        - name: w\n          image: example.invalid/w:1\n`;
    assert.deepStrictEqual(kindOf(job('batch.volcano.sh/v1alpha1')), ['unknown']);
    assert.deepStrictEqual(kindOf(job('batch/v1')), ['workload']);
    const knative = 'apiVersion: serving.knative.dev/v1\nkind: Service\nmetadata:\n  name: thumbnailer\nspec:\n  template:\n    spec:\n      containers:\n      - image: example.invalid/t:1\n';
    assert.deepStrictEqual(kindOf(knative), ['workload']);
  });
});
