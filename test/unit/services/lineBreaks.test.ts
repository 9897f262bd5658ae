import * as assert from 'assert';
import { parseFile } from '../../../server/src/model/parsedFile';
import { complete } from '../../../server/src/services/completion';
import { hover } from '../../../server/src/services/hover';

describe('completion and hover across odd line breaks', () => {
  it('completes on a line after a lone CR (a YAML line break) instead of throwing', () => {
    const text = 'apiVersion: v1\rkind: ServiceAccount\rmetadata:\r  name: app\r  annotations:\r    eks.amazonaws.com/au\r';
    const file = parseFile('file:///w/sa.yaml', text, { fsPath: '/w/sa.yaml' });
    const offset = text.indexOf('/au') + 3;
    const labels = complete(file, offset).map((i) => i.label);
    assert.ok(labels.includes('eks.amazonaws.com/audience'), labels.join());
  });

  it('survives a lone CR inside a line, and every offset of such a text', () => {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\rb\nspec:\n  \r\n  containers:\n  - name: c\r\n    env:\n    - name: AWS_\u2028ROLE\n';
    const file = parseFile('file:///w/pod.yaml', text, { fsPath: '/w/pod.yaml' });
    for (let offset = 0; offset <= text.length; offset++) {
      complete(file, offset);
      hover(file, offset);
    }
  });
});
