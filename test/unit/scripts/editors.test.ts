import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';

// package.json must claim exactly the VS Code versions the real-editor suite runs on (scripts/lib/code-server.mjs).

interface Editor { codeServer: string; vscode: string; label: string }

const repo = path.resolve(__dirname, '../../../..');

describe('tested editors and engines.vscode', () => {
  let editors: Editor[];
  before(async () => {
    editors = (await import(pathToFileURL(path.join(repo, 'scripts/lib/code-server.mjs')).href)).EDITORS;
  });

  const minor = (v: string) => v.split('.').slice(0, 2).join('.');
  const numeric = (v: string) => v.split('.').map(Number).reduce((n, part) => n * 1000 + part, 0);

  it('engines.vscode and @types/vscode name the oldest VS Code the suite runs on', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8'));
    const oldest = editors.map((e) => e.vscode).sort((a, b) => numeric(a) - numeric(b))[0];
    assert.strictEqual(pkg.engines.vscode, `^${minor(oldest)}.0`);
    assert.strictEqual(pkg.devDependencies['@types/vscode'], `${minor(oldest)}.0`);
    assert.strictEqual(editors[editors.length - 1].vscode, oldest, 'the oldest editor is listed last');
  });

  it('each code-server 4.X.Y is paired with the VS Code 1.X.Y it ships', () => {
    for (const e of editors) assert.strictEqual(e.vscode, e.codeServer.replace(/^4\./, '1.'), JSON.stringify(e));
  });
});
