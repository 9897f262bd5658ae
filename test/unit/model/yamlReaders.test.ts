import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { parseYaml } from '../../../server/src/model/parseYaml';
import { readYamlDocuments } from '../../../server/src/model/yamlFromDocument';
import { readYamlEvents } from '../../../server/src/model/yamlFromEvents';
import { filesUnder } from '../helpers';
import { SNode } from '../../../server/src/model/node';

/**
 * The fast reader (js-yaml events) and the tolerant one (the `yaml` package)
 * must give the same tree, ranges included, for every text the fast one
 * accepts; and it must accept nothing the tolerant one reports an error in.
 */
const repo = path.resolve(__dirname, '../../../..');

const EDGE_CASES: string[] = [
  "a: 1\n",
  "a: 1",
  "a:\n",
  "a:",
  "a:   \nb: 2\n",
  "a:  # c\nb: 2\n",
  "a: # c\n",
  "- \n- a\n",
  "-\n- b",
  "- a\n-\n",
  "k:\n- a\n- b # t\n\n",
  "k: |+\n  a\n\n\nz: 1",
  "k: |\n  a\n\n\nz: 1",
  "k: |-\n  a\n  b\n",
  "k: >\n  folded\n  text\n\n  para\n",
  "k: |2\n   indented\n",
  "k: >+\n  x\n",
  "k: | # comment\n  x\ny: 2\n",
  "- |\n  a\n- >-\n  b\n",
  "a: b\r\nc: d\r\n",
  "a: b # c\r\nd:\r\n  - x\r\n  - y\r\n",
  "﻿a: 1\n",
  "﻿---\na: 1\n",
  "? a\n: v\n",
  "? [a]\n: v",
  "k: !Ref x",
  "a: &x {p: 1}\nb:\n  <<: *x\n  q: 2",
  "a: &x\n  p: 1\nb:\n  q: 2\n  <<: *x\n",
  "a: &x {p: 1}\nb: &y {r: 2}\nc:\n  <<: [*x, *y]\n  p: 9\n",
  "a: &x 1\nb: *x\n",
  "a: &x 1\nb: *x # c\n",
  "l:\n- &i item\n- *i\n",
  "a: *nope\n",
  "a: &x [1, 2]\nb: *x\n",
  "---\na: 1\n",
  "# c\na: 1\n",
  "---\n# only\n",
  "a: 1\n...\n# x\n",
  "a: 1\n...\nb: 2\n",
  "%YAML 1.2\n---\na: 1\n",
  "--- \na: 1\n",
  "--- # doc\na: 1\n",
  "--- a\n",
  "--- |\n  x\n",
  "a: [x, y ]  # z\ne: {}\n",
  "a: []\nb: {}\n",
  "a: [ ]\n",
  "a: [a, [b, c], {d: e}]\n",
  "a: {x: [1, 2], y: {z: 3}}\n",
  "a: [\n  x,\n  y,\n]\n",
  "a: [x, # c\n  y]\n",
  "a: {b: }\n",
  "a: {b}\n",
  "a: [b: c]\n",
  "a: [x,\n  # c\n  y\n  ]\n",
  "a: 'single'\nb: \"double\"\nc: 'it''s'\nd: \"esc\\n\\t\\u00e9\"\n",
  "a: \"multi\n  line\"\n",
  "a: 'multi\n\n  line'\n",
  "a: plain\n  multi line\n  scalar\nb: 2\n",
  "a: 1\nb: 2\na: 3\n",
  "'a': 1\na: 2\n",
  "1: x\n'1': y\n",
  "true: x\nnull: y\n~: z\n",
  "a: 0o17\nb: 0x1F\nc: 1e3\nd: .inf\ne: -.Inf\nf: .nan\ng: 123456789012\nh: 1_000\n",
  "a: True\nb: FALSE\nc: yes\nd: Null\ne: ~\n",
  "a: b: c\n",
  "a:\n  b: 1\n c: 2\n",
  "- a\nb: c\n",
  "a: 'x' y\n",
  "a: \"unclosed\n",
  "a: [b, c\n",
  "a: {b: c\n",
  "\tx: 1\n",
  "a:\n\t- b\n",
  "a: b\n\tc: d\n",
  "a: &x &y 1\n",
  "a: !!str 12\n",
  "a: !!int '12'\n",
  "metadata:\n  name: x\n  annotations:\n    eks.amazonaws.com/role-arn: arn:aws:iam::123456789012:role/x\n",
  "url: http://example.com:8080/path?x=1#frag\n",
  "k: a#b\n",
  "k: a #b\n",
  "key with spaces: v\n",
  "\"quoted key\": v\n'k2': v\n",
  "名前: 値\nキー: \"日本語\" # コメント\n",
  "a: 😀 emoji\nb: x\n",
  "a:\n  - b: 1\n    c: 2\n  - d: 3\n",
  "a:\n- b: 1\n  c:\n  - x\n",
  "- - a\n  - b\n- - c\n",
  "- a: 1\n  b: 2\n",
  "a:\n  b:\n    c:\n      d: 1\n",
  "a: |\n  line1\n  line2\n",
  "a: >-\n  folded\nother: x\n",
  "env:\n- name: X\n  value: \"1\"\n- name: Y\n  valueFrom:\n    secretKeyRef: {name: s, key: k}\n",
  "a: -1\nb: - x\n",
  "a: - \n",
  "- -\n",
  "a: ? x\n",
  "a: 1 # c\n# trailing\n\n",
  "# only comment\n",
  "",
  "\n\n",
  "a: 1\n\n\n# end",
  "a:\n  # comment inside\n  b: 1\n",
  "a:\n\n  b: 1\n",
  "a: &anc\n  b: 1\n",
  "&root\na: 1\n",
  "&r {a: 1}\n",
  "[1, 2]\n",
  "just a scalar\n",
  "\"quoted root\"\n",
  "|\n  block root\n",
  "a: \"x\"   \nb: 'y'  # c\n",
  "a: b\n  # not a comment? \n",
  "a: >\n\n  leading blank\n",
  "a: |\n\n",
  "a: |\nb: 1\n",
  "a: x\n---\n",
  "a: [1,2,3]\nb: {c: 1,d: 2}\n",
  "? a\n",
  "a: *x\n",
  "a: &x b\nc: &x d\ne: *x\n",
  "a: &x\n  - *x\n",
  "- &a\n  x: 1\n- <<: *a\n  y: 2\n",
  "a: {<<: {b: 1}, c: 2}\n",
  "<<: 1\n",
  "'<<': 1\n",
  "a: 12:30:00\nb: 2001-12-14t21:59:43.10-05:00\n",
  "a: 0.\nb: -0\nc: +12\n",
  "a:    \t\nb: 1\n",
  "a: b\t# c\n",
  "...\n- a\n",
];

const yamlFilesUnder = (dir: string) => filesUnder(dir, /\.ya?ml$/);

/** Document chunks as the incremental parse cuts them (at `---` in column 0). */
function chunks(text: string): string[] {
  const starts = [0];
  for (const m of text.matchAll(/^---(?=[ \t]|\r?$)/gm)) if (m.index! > 0) starts.push(m.index!);
  return starts.map((s, i) => text.slice(s, starts[i + 1] ?? text.length));
}

const plain = (value: unknown) => JSON.parse(JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? String(v) : v)));

/** Undefined when the readers agree (or the fast one declined); else what differs. */
function disagreement(text: string): string | undefined {
  const fast = readYamlEvents(text);
  if (!fast) return undefined;
  const tolerant = readYamlDocuments(text);
  const errors = tolerant.flatMap((d) => d.errors.map((e) => e.message));
  if (errors.length) return `fast reader accepted text with errors: ${errors.join('; ')}`;
  try {
    assert.deepStrictEqual(plain(fast), plain(tolerant));
    return undefined;
  } catch (e) {
    return (e as Error).message.split('\n').slice(0, 30).join('\n');
  }
}

function hasTag(node: SNode | undefined): boolean {
  if (!node) return false;
  if (node.tag) return true;
  if (node.type === 'map') return node.pairs.some((p) => hasTag(p.value));
  if (node.type === 'seq') return node.items.some(hasTag);
  return false;
}

const corpus = [...yamlFilesUnder(path.join(repo, 'examples')), ...yamlFilesUnder(path.join(repo, 'test/fixtures'))].flatMap((f) => chunks(fs.readFileSync(f, 'utf8')));

describe('YAML readers', () => {
  it('agree on every document of examples/ and the fixtures, and the fast one reads every valid one without tags', () => {
    let declined = 0;
    for (const text of corpus) {
      assert.strictEqual(disagreement(text), undefined, text);
      const docs = readYamlDocuments(text);
      const valid = docs.every((d) => d.errors.length === 0);
      // Tags (CloudFormation's and SAM's short forms) are the tolerant reader's by design.
      if (valid && !docs.some((d) => hasTag(d.root)) && !readYamlEvents(text)) declined++;
    }
    assert.ok(corpus.length > 20, `corpus of ${corpus.length}`);
    assert.strictEqual(declined, 0);
  });

  it('agree on the edge cases (comments, anchors, merges, block scalars, flow, CRLF, BOM, empty values)', () => {
    for (const text of EDGE_CASES) assert.strictEqual(disagreement(text), undefined, JSON.stringify(text));
  });

  it('agree on a keep-chomped block scalar whose last line holds only spaces, an anchor without white space after it, and a tab-indented line', () => {
    // Kept out of EDGE_CASES, which seed the mutations below.
    for (const text of ['k: >+\n  x\n  ', 'k: |+\n  x\n \n  ', '&r{a: 1}\n', 'a: &r[1]\n', '- -\n\t', 'a:\n\tb: 1\n']) assert.strictEqual(disagreement(text), undefined, JSON.stringify(text));
  });

  it('agree on 5,000 mutations of the corpus (seeded: typing states, stray indicators, odd line breaks)', function () {
    this.timeout(120_000); // a correctness test: on a loaded machine it takes far longer than mocha's 2 s default
    const pieces = [' ', '  ', '\n', '\t', ':', '- ', '#', '"', "'", '[', ']', '{', '}', ',', '&a ', '*a', '!', '|', '>', '? ', '---', '...', '<<: ', '%', '\r\n', '\r', '\u0085', '\u2028', '\ufeff', 'x', '1', '~', '  - ', '\\', '日本'];
    const inputs = [...corpus, ...EDGE_CASES];
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff), seed / 0x7fffffff);
    let accepted = 0;
    for (let n = 0; n < 5000; n++) {
      let text = inputs[Math.floor(random() * inputs.length)];
      for (let edits = 1 + Math.floor(random() * 3); edits > 0; edits--) {
        const at = Math.floor(random() * (text.length + 1));
        const r = random();
        if (r < 0.4) text = text.slice(0, at) + pieces[Math.floor(random() * pieces.length)] + text.slice(at);
        else if (r < 0.8) text = text.slice(0, at) + text.slice(at + 1 + Math.floor(random() * 3));
        else {
          const from = Math.floor(random() * (text.length + 1));
          text = text.slice(0, at) + text.slice(from, from + 5) + text.slice(at);
        }
      }
      if (readYamlEvents(text)) accepted++;
      assert.strictEqual(disagreement(text), undefined, JSON.stringify(text));
    }
    // Both branches are exercised: many mutations stay valid, many do not.
    assert.ok(accepted > 1000 && accepted < 4000, `${accepted} accepted`);
  });

  it('leaves a document with an error to the tolerant reader, which reports it and keeps the rest', () => {
    const text = 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: app\n  namespace: "unclosed\n';
    assert.strictEqual(readYamlEvents(text), undefined);
    const [doc] = parseYaml(text);
    assert.ok(doc.errors.length > 0);
    assert.strictEqual(doc.root?.type, 'map');
  });

  it('places a chunk at its offset in the file without copying the tree', () => {
    const [doc] = parseYaml('a: [1, "two"]\n', 100);
    assert.deepStrictEqual(doc.range, [100, 114]);
    assert.deepStrictEqual(plain(doc.root), {
      type: 'map',
      start: 100,
      end: 114,
      pairs: [
        {
          key: 'a',
          keyStart: 100,
          keyEnd: 101,
          value: {
            type: 'seq',
            start: 103,
            end: 113,
            items: [
              { type: 'scalar', start: 104, end: 105, value: 1, quoted: false },
              { type: 'scalar', start: 107, end: 112, value: 'two', quoted: true },
            ],
          },
        },
      ],
    });
  });
});

describe("js-yaml's parser state (patches/js-yaml+5.5.0.patch)", () => {
  // The build's transpiled spread copied property descriptors on every call (~9 µs per document, a twentieth of a
  // workspace check); the patch writes the state as one literal. If an upgrade drops the patch, this says so.
  it('is built as one object literal, without the spread helper', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { parseEvents } = require('js-yaml') as { parseEvents: (text: string, options: object) => unknown };
    const source = parseEvents.toString();
    assert.ok(!source.includes('_objectSpread2'), 'parseEvents still spreads its options with the helper: is patches/ applied (npm ci runs `prepare`)?');
    assert.ok(/const state = \{\s*filename:/.test(source), source.slice(0, 400));
  });

  it('still reads the options it knows: a depth limit given is kept', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { parseEvents } = require('js-yaml') as { parseEvents: (text: string, options: object) => unknown };
    assert.throws(() => parseEvents('a: [[[[1]]]]\n', { maxDepth: 2 }), /depth/i);
    assert.doesNotThrow(() => parseEvents('a: [[[[1]]]]\n', {}));
  });
});
