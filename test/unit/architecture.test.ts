import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { VERIFY_CODES } from '../../server/src/ccoctl/verifyCodes';
import { allRules } from '../../server/src/rules';

const ROOT = path.resolve(__dirname, '../../..');

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? sources(full) : e.name.endsWith('.ts') ? [full] : [];
  });
}

describe('architecture', () => {
  it('the server never imports vscode', () => {
    const offenders = sources(path.join(ROOT, 'server/src')).filter((f) => /from ['"]vscode['"]|require\(['"]vscode['"]\)/.test(fs.readFileSync(f, 'utf8')));
    assert.deepStrictEqual(offenders, []);
  });

  it('the client holds no AWS logic: no planner, executor or AWS SDK (they run in the server, reachable over LSP)', () => {
    const offenders = sources(path.join(ROOT, 'client/src')).filter((f) => /from ['"][^'"]*server\/src\/ccoctl\b|from ['"]@aws-sdk\/|require\(['"](@aws-sdk\/|[^'"]*server\/src\/ccoctl\b)/.test(fs.readFileSync(f, 'utf8')));
    assert.deepStrictEqual(offenders, []);
  });

  it('every rule has a unique kebab-case id and a documentation page', () => {
    const ids = allRules.map((r) => r.id);
    assert.strictEqual(new Set(ids).size, ids.length);
    for (const id of ids) {
      assert.match(id, /^[a-z0-9]+(-[a-z0-9]+)+$/);
      assert.ok(fs.existsSync(path.join(ROOT, 'docs/rules', `${id}.md`)), `docs/rules/${id}.md is missing`);
    }
  });

  it("every code of sts-lens aws verify has a documentation page and a row in the README's table, and no rule uses it", () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    for (const { id } of Object.values(VERIFY_CODES)) {
      assert.ok(fs.existsSync(path.join(ROOT, 'docs/rules', `${id}.md`)), `docs/rules/${id}.md is missing`);
      assert.ok(readme.includes(`| [\`${id}\`](docs/rules/${id}.md) |`), `README has no row for ${id}`);
      assert.ok(!allRules.some((r) => r.id === id), `${id} is also a rule id`);
    }
  });
});
