import * as assert from 'assert';
import * as path from 'path';
import { walkFiles } from '../../server/src/workspace/walk';
import { tempTree } from './helpers';

describe('workspace walk', () => {
  it('returns YAML and JSON files, skipping .git, node_modules, .gitignore matches and editor exclusions', () => {
    const dir = tempTree({
      'a.yaml': '',
      'b.json': '',
      'c.txt': '',
      'sub/d.yml': '',
      'sub/.gitignore': 'ignored.yaml\n',
      'sub/ignored.yaml': '',
      '.git/config.json': '',
      'node_modules/x/y.yaml': '',
      'build/out.yaml': '',
      'charts/z.yaml': '',
    });
    const rel = (files: string[]) => files.map((f) => path.relative(dir, f).split(path.sep).join('/'));
    assert.deepStrictEqual(rel(walkFiles([dir])), ['a.yaml', 'b.json', 'build/out.yaml', 'charts/z.yaml', 'sub/d.yml']);
    assert.deepStrictEqual(rel(walkFiles([dir], ['**/build', 'charts/**'])), ['a.yaml', 'b.json', 'sub/d.yml']);
  });
});
