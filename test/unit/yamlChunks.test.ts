import * as assert from 'assert';
import { parseFile } from '../../server/src/model/parsedFile';

const docs = ['apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: a}\n', '---\napiVersion: v1\nkind: ServiceAccount\nmetadata: {name: b}\n', '--- # third\napiVersion: v1\nkind: Secret\nmetadata:\n  name: c\n  anchors: &x [1, 2]\n  again: *x\n'];

describe('incremental YAML parse', () => {
  it('reuses unchanged documents and gives the same tree as a fresh parse after an edit', () => {
    const before = parseFile('file:///m.yaml', docs.join(''));
    const text = docs.join('').replace('name: b', 'name: bee-longer');
    const after = parseFile('file:///m.yaml', text, { previous: before });
    const fresh = parseFile('file:///m.yaml', text);
    assert.strictEqual(after.docs.length, 3);
    // The first document is the very same tree; the third was moved, not re-parsed, and lands where a fresh parse puts it.
    assert.strictEqual(after.docs[0].root, before.docs[0].root);
    assert.notStrictEqual(after.docs[2].root, before.docs[2].root);
    assert.deepStrictEqual(
      after.docs.map((d) => [d.range, d.kind, JSON.stringify(d.root)]),
      fresh.docs.map((d) => [d.range, d.kind, JSON.stringify(d.root)]),
    );
  });

  it('splits only at document markers in column 0', () => {
    const file = parseFile('file:///s.yaml', 'a: |\n  --- not a marker\nb: 1\n---\nc: 2\n');
    assert.deepStrictEqual(file.docs.map((d) => d.errors.length), [0, 0]);
    assert.strictEqual(file.docs.length, 2);
  });
});
