// npm run test:electron — the same suite in desktop VS Code via @vscode/test-electron.
// It downloads VS Code from Microsoft, so it is for contributors with that network;
// CI uses the offline launcher (scripts/test-e2e.mjs) instead.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runTests } from '@vscode/test-electron';

async function main(): Promise<void> {
  const repo = path.resolve(__dirname, '../../..'); // out/test/e2e -> repo root
  // A copy, because the tests edit files of the fixture workspace.
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sts-lens-electron-'));
  const workspace = path.join(tmp, 'workspace');
  fs.cpSync(path.join(repo, 'test/e2e/workspace'), workspace, { recursive: true });
  try {
    await runTests({
      // The version code-server ships, so both launchers test the same editor.
      version: process.env.VSCODE_VERSION ?? '1.100.3',
      extensionDevelopmentPath: repo,
      extensionTestsPath: path.join(repo, 'out/test/e2e/suite/index.js'),
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--user-data-dir', path.join(tmp, 'user-data')],
    });
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
