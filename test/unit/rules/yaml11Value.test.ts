import * as assert from 'assert';
import { resolveYaml11 } from '../../../server/src/model/yaml11';
import { applyEdits, check } from '../helpers';

/** yaml-1-1-value findings of one file: `line:col-line:col message`. */
function findings(text: string, name = 'm.yaml'): string[] {
  return check({ [name]: text }, name)
    .findings.filter((f) => f.code === 'yaml-1-1-value')
    .map((f) => `${f.range.start.line}:${f.range.start.character}-${f.range.end.line}:${f.range.end.character} ${f.message}`);
}

const DEPLOYMENT = [
  'apiVersion: apps/v1',
  'kind: Deployment',
  'metadata:',
  '  name: app',
  '  labels:',
  '    monitoring: on',
  '    tier: web',
  '  annotations:',
  '    example.com/mode: 0755',
  '    example.com/quoted: "yes"',
  '    example.com/tagged: !!str yes',
  '    example.com/count: 12',
  '    example.com/when: 1:20',
  'spec:',
  '  replicas: 1_0',
  '  template:',
  '    spec:',
  '      automountServiceAccountToken: yes',
  '      containers:',
  '        - name: app',
  '          env:',
  '            - name: FEATURE',
  '              value: Y',
  '            - name: LIMIT',
  '              value: 1_000',
  '',
].join('\n');

describe('yaml-1-1-value: plain values Kubernetes (YAML 1.1) reads otherwise than YAML 1.2', () => {
  it('resolves plain scalars as go-yaml v2 resolve() does (sigs.k8s.io/yaml, used by kubectl and ccoctl)', () => {
    const cases: Array<[string, boolean | number | undefined]> = [
      ['yes', true], ['Y', true], ['ON', true], ['off', false], ['No', false], ['n', false], ['true', true],
      ['0777', 511], ['010', 8], ['0', 0], ['1_000', 1000], ['0b101', 5], ['-0b1', -1], ['+0x10', 16], ['0o17', 15], ['09', 9],
      ['1e3', 1000], ['.5', 0.5], ['1:20', undefined], ['2024-01-05', undefined], ['yess', undefined], ['_1', undefined], ['O', undefined], ['~', undefined],
    ];
    for (const [text, expected] of cases) assert.strictEqual(resolveYaml11(text), expected, text);
  });

  it('reports string fields with the exact range and message; leaves quoted, tagged and same-in-both values alone', () => {
    assert.deepStrictEqual(findings(DEPLOYMENT), [
      '5:16-5:18 Plain on is the boolean true in YAML 1.1, which Kubernetes reads manifests with (YAML 1.2 reads the string "on"). This label value must be a string: kubectl apply sends the boolean true and the API server refuses the object. Quote it: "on".',
      '8:22-8:26 Plain 0755 is the number 493 in YAML 1.1, which Kubernetes reads manifests with (YAML 1.2 reads the number 755). This annotation value must be a string: kubectl apply sends the number 493 and the API server refuses the object. Quote it: "0755".',
      '22:21-22:22 Plain Y is the boolean true in YAML 1.1, which Kubernetes reads manifests with (YAML 1.2 reads the string "Y"). This environment variable value must be a string: kubectl apply sends the boolean true and the API server refuses the object. Quote it: "Y".',
      '24:21-24:26 Plain 1_000 is the number 1000 in YAML 1.1, which Kubernetes reads manifests with (YAML 1.2 reads the string "1_000"). This environment variable value must be a string: kubectl apply sends the number 1000 and the API server refuses the object. Quote it: "1_000".',
    ]);
  });

  it('quick fix quotes the value', () => {
    const { file, findings: all } = check({ 'm.yaml': DEPLOYMENT }, 'm.yaml');
    const first = all.find((f) => f.code === 'yaml-1-1-value')!;
    assert.strictEqual(first.fixes.length, 1);
    assert.strictEqual(first.fixes[0].title, 'Quote on as the string "on"');
    const fixed = applyEdits(file, first.fixes[0].edits[file.uri]);
    assert.ok(fixed.includes('    monitoring: "on"\n    tier: web\n'), fixed);
    assert.deepStrictEqual(findings(fixed).length, 3);
  });

  it('reports CredentialsRequest fields: secretRef, providerSpec strings, policyCondition values', () => {
    const text = [
      'apiVersion: cloudcredential.openshift.io/v1',
      'kind: CredentialsRequest',
      'metadata:',
      '  name: demo',
      '  namespace: openshift-cloud-credential-operator',
      'spec:',
      '  secretRef:',
      '    name: no',
      '    namespace: demo',
      '  serviceAccountNames: [demo]',
      '  providerSpec:',
      '    apiVersion: cloudcredential.openshift.io/v1',
      '    kind: AWSProviderSpec',
      '    statementEntries:',
      '      - effect: Allow',
      '        action: [s3:GetObject, on]',
      '        resource: "*"',
      '        policyCondition:',
      '          StringEquals:',
      '            s3:x-amz-acl: 0644',
      '',
    ].join('\n');
    assert.deepStrictEqual(findings(text), [
      '7:10-7:12 Plain no is the boolean false in YAML 1.1, which Kubernetes reads manifests with (YAML 1.2 reads the string "no"). This secretRef.name must be a string: kubectl apply sends the boolean false and the API server refuses the object. Quote it: "no".',
      '15:31-15:33 Plain on is the boolean true in YAML 1.1, which Kubernetes reads manifests with (YAML 1.2 reads the string "on"). This statement entry action must be a string: ccoctl and the Cloud Credential Operator cannot decode the providerSpec. Quote it: "on".',
      "19:26-19:30 Plain 0644 is the number 420 in YAML 1.1, which Kubernetes reads manifests with (YAML 1.2 reads the number 644). ccoctl and the Cloud Credential Operator put the number 420 into the role policy's condition. Quote it: \"0644\".",
    ]);
  });

  it('checks only Kubernetes manifests in YAML', () => {
    assert.deepStrictEqual(findings('name: app\nlabels:\n  monitoring: on\n', 'values.yaml'), []);
    assert.deepStrictEqual(findings('{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "x"}, "data": {"a": "on"}}', 'cm.json'), []);
    assert.deepStrictEqual(findings('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  enabled: off\n').length, 1);
  });

  it('reports a value that aliases share once, at its anchor, however the alias is written', () => {
    const head = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n';
    assert.deepStrictEqual(findings(`${head}data:\n  a: &flag on\n  b: *flag\n`).map((f) => f.split(' ')[0]), ['5:11-5:13']);
    assert.deepStrictEqual(findings(`${head}data: {"a": &flag on, "b":*flag}\n`).map((f) => f.split(' ')[0]), ['4:18-4:20']);
  });
});
