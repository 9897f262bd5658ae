import * as assert from 'assert';
import { applyEdits, check } from '../helpers';
import { KUBE2IAM_DEPLOYMENT } from './manifestsFixtures';

// Editors on Windows save YAML with a byte-order mark and CRLF; the BOM is one
// UTF-16 unit on line 0 only, so ranges on later lines must not move.
describe('manifest rules on a file with a BOM and CRLF', () => {
  const text = '\uFEFF# 画像アップローダー（kube2iam から移行予定）\r\n' + KUBE2IAM_DEPLOYMENT.replace(/\n/g, '\r\n');

  it('kube2iam-annotation lands on the annotation key, one line down for the comment', () => {
    const result = check({ 'deploy.yaml': text }, 'deploy.yaml');
    assert.deepStrictEqual(result.summary, ['15:8-15:30 kube2iam-annotation']);
  });

  it('Migrate to IRSA keeps the BOM and CRLF and removes only the annotation lines', () => {
    const result = check({ 'deploy.yaml': text }, 'deploy.yaml');
    const fix = result.findings[0].fixes![0];
    const out = applyEdits(result.file, fix.edits[result.file.uri]);
    assert.ok(out.startsWith('\uFEFF# 画像アップローダー'), 'BOM and comment kept');
    assert.ok(!/(^|[^\r])\n/.test(out), 'every line still ends in CRLF');
    assert.ok(!out.includes('iam.amazonaws.com/role') && !out.includes('annotations:'));
    assert.match(out, /\r\n {6}serviceAccountName: uploader\r\n$/);
    assert.match(fix.create![0].text, /^apiVersion: v1\r\nkind: ServiceAccount\r\n/);
  });
});
