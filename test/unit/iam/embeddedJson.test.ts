import * as assert from 'assert';
import { parseEmbeddedJson } from '../../../server/src/model/embeddedJson';
import { get, ScalarNode } from '../../../server/src/model/node';
import { parseFile } from '../../../server/src/model/parsedFile';

function embedded(text: string, path = 'role.json') {
  const file = parseFile(`file:///${path}`, text);
  const node = get(file.docs[0].root, 'AssumeRolePolicyDocument') as ScalarNode;
  return { file, parsed: parseEmbeddedJson(text, node)! };
}

describe('embedded JSON (a policy in a string)', () => {
  it('maps nodes to offsets in the outer JSON file, escapes included', () => {
    const text = '{"AssumeRolePolicyDocument": "{\\"A\\\\\\\\\\u00e9\\/\\": [\\"x\\", \\"sts:Tag\\"]}"}';
    const { parsed } = embedded(text);
    assert.strictEqual(parsed.text, '{"A\\\\é/": ["x", "sts:Tag"]}');
    const list = get(parsed.root, 'A\\é/');
    assert.ok(list && list.type === 'seq');
    const second = list.items[1];
    assert.strictEqual(text.slice(second.range[0], second.range[1]), '\\"sts:Tag\\"');
    const key = (parsed.root as unknown as { pairs: Array<{ keyRange: [number, number] }> }).pairs[0].keyRange;
    assert.strictEqual(text.slice(key[0], key[1]), '\\"A\\\\\\\\\\u00e9\\/\\"');
  });

  it('escapes new text for the outer string', () => {
    const { parsed } = embedded('{"AssumeRolePolicyDocument": "{}"}');
    assert.strictEqual(parsed.encode('"a": "b\\c"'), '\\"a\\": \\"b\\\\c\\"');
  });

  it('maps a YAML block scalar, skipping indentation', () => {
    const text = 'RoleName: r\nAssumeRolePolicyDocument: |\n  {"Version": "2012-10-17",\n   "Statement": []}\n';
    const { parsed } = embedded(text, 'role.yaml');
    const statement = (parsed.root as unknown as { pairs: Array<{ key: string; keyRange: [number, number] }> }).pairs[1];
    assert.strictEqual(text.slice(statement.keyRange[0], statement.keyRange[1]), '"Statement"');
  });

  it('maps a cursor back into the decoded text (innerOffset), a cursor inside an escape counting as after it', () => {
    const text = '{"AssumeRolePolicyDocument": "{\\"A\\u00e9\\": \\"s3:Get\\"}"}';
    const { parsed } = embedded(text);
    assert.strictEqual(parsed.text, '{"Aé": "s3:Get"}');
    const get = text.indexOf('Get');
    assert.strictEqual(parsed.innerOffset(get), parsed.text.indexOf('Get'));
    assert.strictEqual(parsed.innerOffset(get + 3), parsed.text.indexOf('Get') + 3);
    for (let inner = 0; inner < parsed.text.length; inner++) assert.strictEqual(parsed.innerOffset(parsed.outerOffset(inner)), inner);
    // Inside `\u00e9`: after the é.
    assert.strictEqual(parsed.innerOffset(text.indexOf('u00e9') + 2), parsed.text.indexOf('é') + 1);
    // At the closing quote of the outer string: the end of the decoded text.
    assert.strictEqual(parsed.innerOffset(text.lastIndexOf('"')), parsed.text.length);
  });

  it('reports JSON errors inside the string at their outer position', () => {
    const text = '{"AssumeRolePolicyDocument": "{\\"Version\\" \\"x\\"}"}';
    const { parsed } = embedded(text);
    assert.ok(parsed.errors.length > 0);
    assert.strictEqual(text.slice(parsed.errors[0].range[0], parsed.errors[0].range[1]), '\\"x\\"');
  });
});
