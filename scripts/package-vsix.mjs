// Packages sts-lens.vsix with .vscodeignore deciding what it holds. package.json's "files" list does the same
// for the npm package, and vsce refuses a folder that has both, so the .vsix is made in a staging folder that
// holds package.json without "files", .vscodeignore and only what either list ships.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(repo, 'sts-lens.vsix');
const stage = fs.mkdtempSync(path.join(os.tmpdir(), 'sts-lens-vsix-'));
try {
  const manifest = JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8'));
  delete manifest.files;
  fs.writeFileSync(path.join(stage, 'package.json'), JSON.stringify(manifest, null, 2) + '\n');
  for (const file of ['README.md', 'LICENSE', '.vscodeignore']) fs.copyFileSync(path.join(repo, file), path.join(stage, file));
  for (const dir of ['dist', 'syntaxes']) {
    fs.mkdirSync(path.join(stage, dir));
    for (const name of fs.readdirSync(path.join(repo, dir))) {
      if (/\.(js|wasm|json)$/.test(name)) fs.copyFileSync(path.join(repo, dir, name), path.join(stage, dir, name));
    }
  }
  const vsce = path.join(repo, 'node_modules', '.bin', 'vsce');
  const run = spawnSync(vsce, ['package', '--no-dependencies', '--out', out, ...process.argv.slice(2)], { cwd: stage, stdio: 'inherit' });
  if (run.error) throw run.error;
  process.exitCode = run.status ?? 1;
} finally {
  fs.rmSync(stage, { recursive: true, force: true });
}
