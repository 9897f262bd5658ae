import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { parseJson, readJsonTree, readValidJson } from '../../../server/src/model/parseJson';
import { filesUnder } from '../helpers';

/**
 * The fast JSON reader (jsonc-parser's events straight into our nodes) must
 * give the tree the tree reader (parseTree, converted) gives, ranges
 * included, and must decline every text the tree reader reports an error in.
 */
const repo = path.resolve(__dirname, '../../../..');

const EDGE_CASES: string[] = [
  '',
  '  \n',
  '{}',
  '[]',
  '1',
  '"x"',
  'null',
  'true',
  '-0',
  '1e5',
  '{"a": -1.5e-3, "b": false, "c": null}',
  '{"a": {"b": [1, {"c": null}, []]}}',
  '{"\\u0041": "\\n\\t\\"q\\""}',
  '{"a": 1, "a": 2}',
  '// comment\n{"a": 1}',
  '/* c */ [1, /* d */ 2]',
  '  \n{"x": 1}\n\n',
  '{"a" : [ ] , "b" : { } }',
  '{"a":}',
  '{"a": 1,}',
  '[1,]',
  '{"a": 1 "b": 2}',
  '{"a": 1}{"b": 2}',
  '[1 2]',
  '{a: 1}',
  "{'a': 1}",
  '{"a": tru}',
  '01',
  '{"a": "\t"}',
  '{"a": [1, 2',
  '{"Statement": [{"Effect": "Allow", "Resource": ${jsonencode(arns)}}]}',
];

const plain = (value: unknown) => JSON.parse(JSON.stringify(value ?? null));

describe('JSON readers', () => {
  const json = /\.json(\.(tpl|tftpl))?$/;
  const corpus = [...EDGE_CASES, ...[...filesUnder(path.join(repo, 'examples'), json), ...filesUnder(path.join(repo, 'test/fixtures'), json)].map((f) => fs.readFileSync(f, 'utf8'))];

  it('agree on examples/, the fixtures and edge cases, and the fast reader declines exactly the texts with an error', () => {
    let read = 0;
    for (const text of corpus) {
      const fast = readValidJson(text);
      const tree = readJsonTree(text);
      assert.strictEqual(fast !== undefined, tree.errors.length === 0, text);
      if (!fast) continue;
      read++;
      assert.deepStrictEqual(plain(fast.root), plain(tree.root), text);
    }
    assert.ok(read > 20, `the fast reader read only ${read} texts`);
  });

  it('parseJson gives the tree reader\'s errors and recovered tree for a broken text', () => {
    const text = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow",}]}';
    const parsed = parseJson(text);
    assert.deepStrictEqual(plain(parsed), plain(readJsonTree(text)));
    assert.deepStrictEqual(parsed.errors.map((e) => [e.range, e.message]), [[[59, 60], 'Property name expected'], [[59, 60], 'Value expected']]);
    assert.deepStrictEqual(plain(parsed.root).pairs.map((p: { key: string }) => p.key), ['Version', 'Statement']);
  });
});
