import * as assert from 'assert';
import { runCli } from '../../../server/src/cli/main';
import { toPlain } from '../../../server/src/model/node';
import { parseFile } from '../../../server/src/model/parsedFile';
import { check, tempTree } from '../helpers';

async function cli(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { cwd, color: false, stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) } });
  return { code, stdout, stderr };
}

const codes = (text: string, name: string) => check({ [name]: text }, name).findings.map((f) => `${f.range.start.line + 1}:${f.range.start.character + 1} ${f.code} ${f.message}`);

describe('limits on hostile YAML and JSON', function () {
  // Only a guard against hangs (before the limits these took a minute or crashed); speed is measured by npm run bench.
  this.timeout(30_000);

  it('reports JSON nested 3,000 deep as json-syntax instead of overflowing the stack', () => {
    const text = '['.repeat(3000) + ']'.repeat(3000);
    assert.deepStrictEqual(codes(text, 'deep.json'), ['1:201 json-syntax JSON: Nested more than 200 levels deep: this document is not checked']);
  });

  it('reports YAML nested 3,000 deep, flow or block, as yaml-syntax', () => {
    const flow = codes(`apiVersion: v1\nkind: ConfigMap\ndata: ${'['.repeat(3000)}${']'.repeat(3000)}\n`, 'deep.yaml');
    assert.deepStrictEqual(flow.map((c) => c.replace(/^3:\d+ /, '3:_ ')), ['3:_ yaml-syntax Nested more than 200 levels deep: this document is not checked']);
    const block = Array.from({ length: 300 }, (_, i) => `${' '.repeat(i)}k:`).join('\n') + ' x\n';
    assert.deepStrictEqual(codes(block, 'block.yaml').map((c) => c.replace(/^\S+ /, '')), ['yaml-syntax Nested more than 200 levels deep: this document is not checked']);
    // One bad document does not hide the others.
    const stream = `${block}---\napiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: app\n  annotations:\n    eks.amazonaws.com/role-arn: arn:aws:iam::12345:role/x\n`;
    assert.deepStrictEqual(check({ 's.yaml': stream }, 's.yaml').findings.map((f) => f.code), ['yaml-syntax', 'role-arn-format']);
  });

  it('stops expanding 950 KB of aliases at the budget, with or without a syntax error elsewhere', () => {
    const aliases = `a: &a x\nb:\n${'- *a\n'.repeat(190_000)}`;
    assert.deepStrictEqual(codes(aliases, 'aliases.yaml'), ['1003:3 yaml-syntax More than 1000 aliases in one document: not expanded (an alias bomb?)']);
    const broken = `a: &a x\nc: [\nb:\n${'- *a\n'.repeat(190_000)}`;
    assert.deepStrictEqual(codes(broken, 'broken.yaml').map((c) => c.split(' ').slice(1).join(' ')), ['yaml-syntax More than 1000 aliases in one document: not expanded (an alias bomb?)']);
  });

  it('reports a document over 256 KB that only the slow reader could read, with its first error', () => {
    const keys = Array.from({ length: 40_000 }, (_, i) => `k${i}: v`).join('\n');
    const found = codes(`apiVersion: v1\n${keys}\nbad: [\n`, 'big.yaml');
    assert.strictEqual(found.length, 1);
    assert.match(found[0], /^4000[23]:\d+ yaml-syntax .+ \(this document is over 256 KB: only its first error is reported and it is not checked\)$/);
  });

  it('stops merge keys that would copy millions of pairs', () => {
    const merges = `a: &a {${Array.from({ length: 3000 }, (_, i) => `k${i}: v`).join(', ')}}\nb: {<<: [${Array(900).fill('*a').join(', ')}]}\n`;
    assert.deepStrictEqual(codes(merges, 'merges.yaml').map((c) => c.split(' ').slice(1).join(' ')), ['yaml-syntax Merge keys (<<) bring in more than 10000 keys in one document: not expanded']);
  });

  it('reads a map of 20,000 keys with a duplicate and a syntax error without comparing every pair', () => {
    const keys = Array.from({ length: 20_000 }, (_, i) => `k${i}: v`).join('\n');
    const file = parseFile('file:///big.yaml', `${keys}\nk7: again\nbad: [\n`);
    const messages = file.docs[0].errors.map((e) => e.message);
    assert.ok(messages.includes('Key "k7" appears twice in the same mapping, which YAML does not allow: keep one.'), messages.join());
  });

  it('reads an alias inside the collection it names as null, so no check walks a cycle', () => {
    const file = parseFile('file:///cycle.yaml', 'apiVersion: v1\nkind: ConfigMap\ndata: &d {self: *d}\nbad: [\n');
    assert.deepStrictEqual(toPlain(file.docs[0].root), { apiVersion: 'v1', kind: 'ConfigMap', data: { self: null }, bad: [] });
  });

  it('sts-lens check reports a limit in one file and still checks the others (exit 1, not 2)', async () => {
    const dir = tempTree({ 'a-deep.json': '['.repeat(3000) + ']'.repeat(3000), 'b-sa.yaml': 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: app\n  annotations:\n    eks.amazonaws.com/role-arn: arn:aws:iam::12345:role/x\n' });
    const { code, stdout, stderr } = await cli(['check', '--format', 'json'], dir);
    assert.strictEqual(stderr, '');
    assert.strictEqual(code, 1);
    const diagnostics = JSON.parse(stdout).diagnostics.map((d: { file: string; code: string }) => `${d.file} ${d.code}`);
    assert.deepStrictEqual(diagnostics, ['a-deep.json json-syntax', 'b-sa.yaml role-arn-format']);
  });
});
