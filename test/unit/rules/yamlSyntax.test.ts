import * as assert from 'assert';
import { check } from '../helpers';

const SA_HEAD = 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n';

/** yaml-syntax findings of a ServiceAccount manifest whose metadata lines are `body`: `line:col-line:col message`. */
function syntax(body: string): string[] {
  return check({ 'sa.yaml': SA_HEAD + body }, 'sa.yaml')
    .findings.filter((f) => f.code === 'yaml-syntax')
    .map((f) => `${f.range.start.line}:${f.range.start.character}-${f.range.end.line}:${f.range.end.character} ${f.message}`);
}

describe('yaml-syntax says what is wrong with the line as written', () => {
  it('a key without its colon', () => {
    assert.deepStrictEqual(syntax('  name app\n  namespace: shop\n'), [
      '3:2-4:11 This line has no colon, so YAML reads it together with the next line as one key: write "name: app", or check the indentation.',
    ]);
    assert.deepStrictEqual(syntax('  name: app\n  labels\n'), ['4:2-4:8 "labels" stands where a key belongs but has no colon after it: write "labels: <value>", or make it a list item with "- ".']);
  });

  it('a colon without the space after it', () => {
    assert.deepStrictEqual(syntax('  name:app\n  namespace: shop\n'), ['3:2-4:11 A colon must be followed by a space: YAML reads "name:app" as plain text, not as a key and value.']);
  });

  it('a value with ": " in it, and a line indented deeper than its neighbours', () => {
    assert.deepStrictEqual(syntax('  name: app: v2\n'), ['3:8-3:9 A value that contains ": " must be quoted: YAML reads it as a second key on the same line.']);
    assert.deepStrictEqual(syntax('  name: app\n   namespace: shop\n'), [
      '3:8-3:9 The next line is indented deeper than this one, so YAML cannot tell which mapping it belongs to: keys of one mapping start in the same column.',
    ]);
  });

  it('a tab, a key given twice, an unclosed quote, a list item in a mapping, a reserved first character', () => {
    assert.deepStrictEqual(syntax('\tname: app\n'), ['3:0-3:1 This line is indented with a tab: YAML allows only spaces for indentation.']);
    assert.deepStrictEqual(syntax('  name: app\n  name: web\n'), ['4:2-4:6 Key "name" appears twice in the same mapping, which YAML does not allow: keep one.']);
    assert.deepStrictEqual(syntax('  name: "app\n'), ['3:11-3:12 This double-quoted string is never closed: add the closing ".']);
    assert.deepStrictEqual(syntax('  name: app\n- shop\n'), ['4:0-4:1 A list item ("- ") cannot follow "key: value" lines at the same indentation: indent it under the key it belongs to.']);
    assert.deepStrictEqual(syntax('  name: @app\n'), ["3:8-3:9 A value cannot start with @ unless it is quoted: write '@app'."]);
  });

  it('one mistake reported several times by the parser at one place is one finding', () => {
    assert.strictEqual(syntax('  name: app\n- shop\n').length, 1);
  });
});
