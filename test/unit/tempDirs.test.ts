import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const repo = path.resolve(__dirname, '../../..');

describe('test temp folders', function () {
  this.timeout(20_000);

  it('are removed when the test process exits, even when a test failed', () => {
    const script = `const t = require(${JSON.stringify(path.join(repo, 'out/test/tempDirs.js'))});
      const dir = t.makeTempDir('selfcheck');
      require('fs').writeFileSync(require('path').join(dir, 'f'), 'x');
      console.log(dir);
      process.exitCode = 1;`;
    const run = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', env: { ...process.env, STS_LENS_KEEP_TEMP: '' } });
    const dir = run.stdout.trim();
    assert.ok(dir.includes('sts-lens-selfcheck-'), run.stderr);
    assert.strictEqual(fs.existsSync(dir), false);
  });

  it('are made only through test/tempDirs.ts (the real-editor suites remove their own)', () => {
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) {
          if (!['fixtures', 'workspace'].includes(entry.name)) walk(full);
        } else if (entry.name.endsWith('.ts') && entry.name !== 'tempDirs.ts' && /mkdtemp/.test(fs.readFileSync(full, 'utf8'))) {
          offenders.push(path.relative(repo, full));
        }
      }
    };
    walk(path.join(repo, 'test'));
    assert.deepStrictEqual(offenders.sort(), ['test/e2e/runElectron.ts', 'test/e2e/suite/ccoctl.e2e.ts', 'test/unit/tempDirs.test.ts']);
  });
});
