// The Debian packages that `npm start`, `npm test` and .ci/run need: one list, with the reason for each,
// and the check that installs them (as root or with password-less sudo) or stops with the one command to run.
// No dependencies: .ci/run calls it before `npm ci`.
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { CURRENT, EDITORS, isInstalled } from './code-server.mjs';

/** Each group says why its packages are needed and which command needs them. */
export const GROUPS = [
  {
    why: "to build code-server's native modules (compiler, headers)",
    packages: ['python3', 'make', 'g++', 'pkg-config', 'libkrb5-dev', 'libx11-dev', 'libxkbfile-dev', 'libsecret-1-dev'],
    for: ['start', 'test'],
    onlyToInstallEditor: true,
  },
  {
    why: "for code-server's search (stands in for the ripgrep download from GitHub)",
    packages: ['ripgrep'],
    for: ['start', 'test'],
    onlyToInstallEditor: true,
  },
  { why: 'the browser that drives the real-editor tests', packages: ['chromium'], for: ['test'] },
  { why: 'makes the certificates of the AWS thumbprint test', packages: ['openssl'], for: ['test'] },
];

const COMMAND = { start: 'npm start', test: 'npm test' };

/**
 * The groups `purpose` ('start' or 'test') needs. `editorInstalled`: every code-server the command uses is
 * already in the cache, so nothing has to be built. `browser`: a browser other than Debian's chromium is used.
 */
export function neededGroups(purpose, { editorInstalled = false, browser = false } = {}) {
  if (!COMMAND[purpose]) throw new Error(`unknown purpose ${JSON.stringify(purpose)} (start or test)`);
  return GROUPS.filter((g) => g.for.includes(purpose)
    && !(editorInstalled && g.onlyToInstallEditor)
    && !(browser && g.packages.includes('chromium')));
}

/** Every package of `purpose`, whatever is cached: what .ci/run installs. */
export function allPackages(purpose) {
  return neededGroups(purpose).flatMap((g) => g.packages);
}

/**
 * What to do about the packages, from facts only (testable without dpkg, root or sudo):
 * - `missing`: packages not installed, or null when this is no Debian/Ubuntu system (no dpkg-query);
 * - `isRoot`; `hasSudo`: true when password-less sudo works, false when sudo asks for a password, null without sudo.
 * Returns { action: 'ok' | 'install' | 'stop' | 'unknown', message, argv? } where argv runs the installation.
 */
export function planPackages({ purpose, groups, missing, isRoot, hasSudo }) {
  const command = COMMAND[purpose];
  const wanted = groups.flatMap((g) => g.packages);
  if (missing === null) {
    return {
      action: 'unknown',
      message: `sts-lens: ${command} cannot check packages here (no dpkg-query: not Debian or Ubuntu). `
        + `Make sure these or their equivalents are installed: ${wanted.join(' ')}`,
    };
  }
  if (missing.length === 0) return { action: 'ok', message: '' };
  const reasons = groups
    .map((g) => ({ why: g.why, packages: g.packages.filter((p) => missing.includes(p)) }))
    .filter((g) => g.packages.length > 0)
    .map((g) => `  ${g.packages.join(' ')}: ${g.why}`)
    .join('\n');
  const install = ['apt-get', 'install', '-y', '--no-install-recommends', ...missing];
  const list = `${command} needs ${missing.length} Debian package(s) that are not installed:\n${reasons}\n`;
  if (isRoot || hasSudo) {
    const sudo = isRoot ? [] : ['sudo', '-n'];
    return {
      action: 'install',
      message: `sts-lens: ${list}`
        + `Installing them now with ${isRoot ? 'apt-get (running as root)' : 'sudo apt-get (password-less sudo)'}; `
        + 'this usually takes 1 to 5 minutes.',
      argv: [[...sudo, 'apt-get', 'update'], [...sudo, ...install]],
    };
  }
  if (hasSudo === null) {
    return {
      action: 'stop',
      message: `sts-lens: ${list}Not running as root and sudo is not installed, so nothing was installed. Run this `
        + `(it asks for root's password), then run ${command} again:\n  su -c 'apt-get update && ${install.join(' ')}'`,
    };
  }
  return {
    action: 'stop',
    message: `sts-lens: ${list}Not running as root and sudo asks for a password, so nothing was installed. Run this, `
      + `then run ${command} again:\n  sudo apt-get update && sudo ${install.join(' ')}`,
  };
}

/** Which of `packages` dpkg does not list as installed; null without dpkg-query. */
export function missingPackages(packages, run = spawnSync) {
  if (packages.length === 0) return [];
  const r = run('dpkg-query', ['-W', '-f=${Package} ${db:Status-Abbrev}\n', ...packages], { encoding: 'utf8' });
  if (r.error) return null;
  const installed = new Set(String(r.stdout ?? '').split('\n')
    .map((line) => line.split(' '))
    .filter(([, status]) => status === 'ii')
    .map(([name]) => name.replace(/:.*$/, '')));
  return packages.filter((p) => !installed.has(p));
}

/** true: password-less sudo works; false: sudo wants a password (or refuses); null: no sudo. */
function sudoState(run) {
  const r = run('sudo', ['-n', 'true'], { stdio: 'ignore' });
  if (r.error) return null;
  return r.status === 0;
}

/**
 * Makes sure the packages of `purpose` are installed: installs them when it can, saying what and why; otherwise
 * prints the command to run and returns false (the caller stops before any long work).
 * `facts` replaces the machine in tests: `run` (spawnSync's signature) and the user id.
 */
export function ensureDebianPackages(purpose, options = {}, log = (s) => console.error(s),
  { run = spawnSync, uid = process.getuid?.() } = {}) {
  const groups = neededGroups(purpose, options);
  const wanted = groups.flatMap((g) => g.packages);
  const missing = missingPackages(wanted, run);
  const isRoot = uid === 0;
  const hasSudo = !isRoot && missing?.length ? sudoState(run) : false;
  const plan = planPackages({ purpose, groups, missing, isRoot, hasSudo });
  if (plan.message) log(plan.message);
  if (plan.action === 'stop') return false;
  if (plan.action !== 'install') return true;
  const started = Date.now();
  for (const argv of plan.argv) {
    const r = run(argv[0], argv.slice(1), { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    if (r.status !== 0) {
      log(`sts-lens: \`${argv.join(' ')}\` failed (exit ${r.status ?? r.error?.message ?? r.signal}); install the packages above, then rerun.`);
      return false;
    }
  }
  const still = missingPackages(wanted, run) ?? [];
  if (still.length) {
    log(`sts-lens: still not installed after apt-get: ${still.join(' ')}`);
    return false;
  }
  log(`sts-lens: Debian packages installed in ${Math.round((Date.now() - started) / 1000)} s.`);
  return true;
}

// `node scripts/lib/debian-packages.mjs list test` prints every package of a purpose;
// `node scripts/lib/debian-packages.mjs ensure start|test` checks and installs what is missing (what .ci/run and
// `npm test` call first), leaving out code-server's build packages when its versions are all in the cache.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [verb, purpose = 'test'] = process.argv.slice(2);
  if (verb === 'list') console.log(allPackages(purpose).join(' '));
  else if (verb === 'ensure') {
    const editors = purpose === 'start' ? [CURRENT] : EDITORS;
    const ready = ensureDebianPackages(purpose, { editorInstalled: editors.every((e) => isInstalled(e.codeServer)), browser: !!process.env.STS_LENS_CHROMIUM });
    process.exit(ready ? 0 : 3);
  }
  else {
    console.error('usage: node scripts/lib/debian-packages.mjs list|ensure start|test');
    process.exit(2);
  }
}
