// npm run bench — a deterministic synthetic workspace, measured in one run:
// CLI throughput against a bare parse of the same files, server cold index,
// edit -> diagnostics latency, completion latency, peak RSS, planted findings.
// Numbers are printed, never asserted: the targets are in the README.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const YAML = require('yaml');
const { analyze } = require(path.join(repo, 'out/server/src/analysis/analyze.js'));
const { defaultSettings } = require(path.join(repo, 'out/server/src/settings.js'));
const { FileSource } = require(path.join(repo, 'out/server/src/workspace/fileSource.js'));
const { WorkspaceIndex } = require(path.join(repo, 'out/server/src/workspace/workspaceIndex.js'));
const rpc = require('vscode-languageserver-protocol/node');
import { HOSTILE_INPUTS } from './lib/hostile-inputs.mjs';

const APPS = Number(process.env.BENCH_APPS ?? 2000); // 5 files each: 10,000 files, and an operator (4 files) per 10 apps
const PLANT_EVERY = 100;
const OPERATOR_EVERY = 10; // one operator per 10 apps
const STORM_EDITS = Number(process.env.BENCH_STORM_EDITS ?? 2000);
const OPEN_STORM_FILES = Number(process.env.BENCH_OPEN_FILES ?? 2000);
const KAPPS = Math.floor(APPS / 20); // 5 files each, plus one .tf file
const PLANT_EVERY_KAPP = 25;
const ACCOUNT = '123456789012';
const ISSUER = 'oidc.eks.ap-northeast-1.amazonaws.com/id/BENCH0123456789ABCDEF';

function generate(root) {
  const write = (rel, text) => {
    const full = path.join(root, rel);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, text);
  };
  let planted = 0;
  for (let i = 0; i < APPS; i++) {
    const ns = `team-${i % 50}`;
    const name = `app-${i}`;
    const role = `bench-${name}`;
    write(`apps/${name}/serviceaccount.yaml`, serviceAccount(ns, name, role));
    write(`apps/${name}/deployment.yaml`, deployment(ns, name));
    write(`apps/${name}/credentials-request.yaml`, credentialsRequest(ns, name));
    const admitted = i % PLANT_EVERY === 0 ? `${name}-old` : name; // a trust policy naming the wrong service account, planted
    if (admitted !== name) planted++;
    write(`iam/${role}-trust.json`, trustPolicy(ns, admitted));
    write(`iam/${role}-policy.json`, permissionPolicy(name));
  }
  // OLM operators on the STS cluster: Subscription (ROLEARN), the operator's CredentialsRequest, its CSV, and the role's trust.
  for (let j = 0; j < APPS / OPERATOR_EVERY; j++) {
    const ns = `operator-${j}`;
    const role = `bench-operator-${j}`;
    write(`operators/${ns}/subscription.yaml`, subscription(ns, role));
    write(`operators/${ns}/credentials-request.yaml`, operatorRequest(ns));
    write(`operators/${ns}/operator.clusterserviceversion.yaml`, clusterServiceVersion(ns));
    const admitted = j % (PLANT_EVERY / OPERATOR_EVERY) === 0 ? ['controller'] : ['controller', 'collector']; // the collector left out of the trust, planted
    if (admitted.length === 1) planted++;
    write(`iam/${role}-trust.json`, trustPolicy(ns, admitted, 'openshift'));
  }
  // Kustomize apps: a base (ServiceAccount, Deployment) rendered by a prod and a staging overlay,
  // with roles in Terraform (one .tf file per app; the issuer host is a local in locals.tf).
  write('terraform/locals.tf', `locals {\n  oidc_host = "${ISSUER}"\n}\n`);
  for (let j = 0; j < KAPPS; j++) {
    const name = `kapp-${j}`;
    const ns = `kteam-${j % 20}`;
    write(`kapps/${name}/base/kustomization.yaml`, 'resources:\n  - serviceaccount.yaml\n  - deployment.yaml\n');
    write(`kapps/${name}/base/serviceaccount.yaml`, serviceAccount(undefined, name, `bench-${name}`));
    write(`kapps/${name}/base/deployment.yaml`, deployment(undefined, name));
    for (const env of ['prod', 'staging']) write(`kapps/${name}/overlays/${env}/kustomization.yaml`, `resources:\n  - ../../base\nnamespace: ${ns}-${env}\n`);
    // Planted: the role admits the prod overlay only, so the staging overlay's ServiceAccount is one mismatch.
    const envs = j % PLANT_EVERY_KAPP === 0 ? ['prod'] : ['prod', 'staging'];
    if (envs.length === 1) planted++;
    write(`terraform/${name}.tf`, terraformRole(name, envs.map((env) => `system:serviceaccount:${ns}-${env}:${name}`)));
  }
  const big = [];
  for (let i = 0; big.join('\n').split('\n').length < 3000; i++) big.push(serviceAccount('big', `big-${i}`, `bench-big-${i}`), deployment('big', `big-${i}`));
  write('big/many.yaml', big.join('---\n'));
  return planted;
}

const namespaceLine = (ns) => (ns === undefined ? '' : `  namespace: ${ns}\n`);
const serviceAccount = (ns, name, role) =>
  `apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: ${name}\n${namespaceLine(ns)}  annotations:\n    eks.amazonaws.com/role-arn: arn:aws:iam::${ACCOUNT}:role/${role}\n`;
const deployment = (ns, name) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
${namespaceLine(ns)}spec:
  replicas: 2
  selector:
    matchLabels: {app: ${name}}
  template:
    metadata:
      labels: {app: ${name}}
    spec:
      serviceAccountName: ${name}
      securityContext: {fsGroup: 65534}
      containers:
      - name: main
        image: registry.example.com/${name}:1.0
        env:
        - name: AWS_REGION
          value: ap-northeast-1
`;
const credentialsRequest = (ns, name) => `apiVersion: cloudcredential.openshift.io/v1
kind: CredentialsRequest
metadata:
  name: ${name}
  namespace: openshift-cloud-credential-operator
spec:
  providerSpec:
    apiVersion: cloudcredential.openshift.io/v1
    kind: AWSProviderSpec
    statementEntries:
    - effect: Allow
      action: [s3:GetObject, s3:PutObject]
      resource: "arn:aws:s3:::${name}/*"
  secretRef:
    name: ${name}-aws
    namespace: ${ns}
  serviceAccountNames: [${name}]
`;
const trustPolicy = (ns, sa, aud = 'sts.amazonaws.com') =>
  JSON.stringify(
    {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Federated: `arn:aws:iam::${ACCOUNT}:oidc-provider/${ISSUER}` },
          Action: 'sts:AssumeRoleWithWebIdentity',
          Condition: {
            StringEquals: {
              [`${ISSUER}:sub`]: Array.isArray(sa) ? sa.map((s) => `system:serviceaccount:${ns}:${s}`) : `system:serviceaccount:${ns}:${sa}`,
              [`${ISSUER}:aud`]: aud,
            },
          },
        },
      ],
    },
    null,
    2,
  );
const subscription = (ns, role) => `apiVersion: operators.coreos.com/v1alpha1
kind: Subscription
metadata:
  name: ${ns}
  namespace: ${ns}
spec:
  channel: stable
  name: ${ns}
  source: redhat-operators
  sourceNamespace: openshift-marketplace
  config:
    env:
    - name: ROLEARN
      value: arn:aws:iam::${ACCOUNT}:role/${role}
`;
const operatorRequest = (ns) => `apiVersion: cloudcredential.openshift.io/v1
kind: CredentialsRequest
metadata:
  name: ${ns}
  namespace: openshift-cloud-credential-operator
spec:
  secretRef:
    name: ${ns}-aws
    namespace: ${ns}
  serviceAccountNames: [controller, collector]
  cloudTokenPath: /var/run/secrets/openshift/serviceaccount/token
  providerSpec:
    apiVersion: cloudcredential.openshift.io/v1
    kind: AWSProviderSpec
    statementEntries:
    - effect: Allow
      action: [logs:CreateLogStream, logs:PutLogEvents]
      resource: "*"
`;
const clusterServiceVersion = (ns) => `apiVersion: operators.coreos.com/v1alpha1
kind: ClusterServiceVersion
metadata:
  name: ${ns}.v1.0.0
  namespace: ${ns}
  annotations:
    features.operators.openshift.io/token-auth-aws: "true"
spec:
  install:
    strategy: deployment
    spec:
      deployments:
      - name: controller
        spec:
          selector:
            matchLabels: {app: controller}
          template:
            metadata:
              labels: {app: controller}
            spec:
              serviceAccountName: controller
              containers:
              - name: manager
                image: registry.example.com/${ns}:1.0
                volumeMounts:
                - {name: bound-sa-token, mountPath: /var/run/secrets/openshift/serviceaccount, readOnly: true}
              volumes:
              - name: bound-sa-token
                projected:
                  sources:
                  - serviceAccountToken: {path: token, audience: openshift, expirationSeconds: 3600}
`;
const terraformRole = (name, subs) => `resource "aws_iam_role" "${name.replace(/-/g, '_')}" {
  name = "bench-${name}"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Federated = "arn:aws:iam::${ACCOUNT}:oidc-provider/\${local.oidc_host}" }
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = {
        StringEquals = {
          "\${local.oidc_host}:sub" = [${subs.map((s) => JSON.stringify(s)).join(', ')}]
          "\${local.oidc_host}:aud" = "sts.amazonaws.com"
        }
      }
    }]
  })
}
`;
const permissionPolicy = (name) =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:GetObject', 's3:ListBucket'], Resource: [`arn:aws:s3:::${name}`, `arn:aws:s3:::${name}/*`] }] }, null, 2);

function listFiles(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? listFiles(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

const ms = (n) => `${n.toFixed(1)} ms`;
const rate = (count, millis) => Math.round(count / (millis / 1000));

/** The bundled server over stdio on the workspace, once its cold index is done. */
async function startServer(root) {
  const child = spawn(process.execPath, [...(process.env.BENCH_SERVER_FLAGS ?? '').split(' ').filter(Boolean), path.join(repo, 'dist/server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const conn = rpc.createProtocolConnection(new rpc.StreamMessageReader(child.stdout), new rpc.StreamMessageWriter(child.stdin));
  let indexed;
  const indexedPromise = new Promise((resolve) => (indexed = resolve));
  conn.onNotification('stsLens/status', (p) => {
    if (/^Indexed/.test(p.text)) indexed();
  });
  conn.onRequest('workspace/configuration', (p) => p.items.map(() => ({})));
  conn.onRequest('window/workDoneProgress/create', () => null);
  conn.onRequest('client/registerCapability', () => null);
  conn.onRequest('workspace/diagnostic/refresh', () => null);
  conn.onNotification(() => {});
  conn.listen();
  const rootUri = pathToFileURL(root).toString();
  const t0 = performance.now();
  await conn.sendRequest('initialize', { processId: process.pid, rootUri, workspaceFolders: [{ uri: rootUri, name: 'bench' }], capabilities: { workspace: { configuration: true }, window: { workDoneProgress: true } } });
  await conn.sendNotification('initialized', {});
  await indexedPromise;
  const coldIndex = performance.now() - t0;
  const stop = async () => {
    await conn.sendRequest('shutdown');
    await conn.sendNotification('exit');
    conn.dispose();
    child.kill();
  };
  return { child, conn, coldIndex, stop };
}

async function measureServer(root, bigPath) {
  const { child, conn, coldIndex, stop } = await startServer(root);
  const rssAfterIndexMb = memoryMb(child.pid, 'VmRSS');

  const uri = pathToFileURL(bigPath).toString();
  let text = fs.readFileSync(bigPath, 'utf8');
  await conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
  await conn.sendRequest('textDocument/diagnostic', { textDocument: { uri } });
  const line = text.split('\n').findIndex((l) => l.includes('replicas: 2'));
  /** Edits versions [from, to) of the large file one keystroke at a time, each followed by its pull; the times of each pair. */
  const edits = async (from, to) => {
    const times = [];
    for (let v = from; v < to; v++) {
      const start = performance.now();
      await conn.sendNotification('textDocument/didChange', {
        textDocument: { uri, version: v },
        contentChanges: [{ range: { start: { line, character: 12 }, end: { line, character: 13 } }, text: String(v % 9) }],
      });
      await conn.sendRequest('textDocument/diagnostic', { textDocument: { uri } });
      times.push(performance.now() - start);
    }
    return times;
  };
  const edit = await edits(2, 202);
  const completion = [];
  for (let i = 0; i < 100; i++) {
    const start = performance.now();
    await conn.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line: line + 1, character: 2 } });
    completion.push(performance.now() - start);
  }
  const peakRssMb = memoryMb(child.pid, 'VmHWM');

  // (a) An edit storm in the same file: 2,000 edits, each followed by its pull.
  const storm = await edits(202, 202 + STORM_EDITS);
  const stormPeakMb = memoryMb(child.pid, 'VmHWM');

  await stop();
  return { coldIndex, edit, completion, peakRssMb, rssAfterIndexMb, storm, stormPeakMb };
}

/** (b) A server of its own opens and edits many files and never closes one: what it keeps per file must stay bounded. */
async function measureOpenStorm(root, paths) {
  const { child, conn, stop } = await startServer(root);
  const rssAfterIndexMb = memoryMb(child.pid, 'VmRSS');
  for (const fsPath of paths) {
    const uri = pathToFileURL(fsPath).toString();
    const text = fs.readFileSync(fsPath, 'utf8');
    const line = text.split('\n').findIndex((l) => l.includes('replicas: 2'));
    await conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
    for (let v = 2; v <= 6; v++) {
      await conn.sendNotification('textDocument/didChange', {
        textDocument: { uri, version: v },
        contentChanges: [{ range: { start: { line, character: 12 }, end: { line, character: 13 } }, text: String(v) }],
      });
    }
    await conn.sendRequest('textDocument/diagnostic', { textDocument: { uri } });
  }
  const result = { files: paths.length, rssAfterIndexMb, rssMb: memoryMb(child.pid, 'VmRSS'), peakMb: memoryMb(child.pid, 'VmHWM') };
  await stop();
  return result;
}

/** Each hostile input through `sts-lens check` as a new process, against a check of an empty folder (startup) and a bare parse of the same files. */
function measureHostile() {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'sts-lens-bench-hostile-'));
  const check = (dir, args = []) => {
    const t = performance.now();
    const result = spawnSync(process.execPath, [path.join(repo, 'dist/cli.js'), 'check', dir, '--format', 'json', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    return { ms: performance.now() - t, exit: result.status };
  };
  try {
    const empty = path.join(base, 'empty');
    fs.mkdirSync(empty);
    const startup = percentile([0, 1, 2].map(() => check(empty).ms), 50);
    const results = HOSTILE_INPUTS.map((input, i) => {
      const dir = path.join(base, String(i));
      fs.mkdirSync(dir);
      for (const [name, text] of Object.entries(input.files)) fs.writeFileSync(path.join(dir, name), text);
      let t = performance.now();
      for (const [name, text] of Object.entries(input.files)) {
        try {
          if (name.endsWith('.json')) JSON.parse(text);
          else YAML.parseAllDocuments(text);
        } catch {
          // the bare parser may give up (stack depth); its time is still the baseline
        }
      }
      const bare = performance.now() - t;
      return { name: input.name, bare, ...check(dir, input.args) };
    });
    return { startup, results };
  } finally {
    fs.rmSync(base, { recursive: true, force: true });
  }
}

function memoryMb(pid, field) {
  return Number(new RegExp(`${field}:\\s+(\\d+)`).exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
}

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sts-lens-bench-'));
try {
  const planted = generate(root);
  const files = listFiles(root).sort();
  console.log(`workspace: ${files.length} files under ${root} (${KAPPS} Kustomize apps with Terraform roles), ${planted} planted trust-sub mismatches`);
  if (process.env.BENCH_GENERATE_ONLY) process.exit(0);

  // Baseline: the bare parse of the same files, in the same process. The two
  // sides take turns, five times each (the check from nothing each time: a
  // fresh index), so both see the machine in the same state; this machine's
  // speed drifts by a third from minute to minute.
  const RUNS = Number(process.env.BENCH_RUNS ?? 5);
  let resources = 0;
  const bareRuns = [];
  const cliRuns = [];
  let counts;
  for (let run = 0; run < RUNS; run++) {
    let t = performance.now();
    resources = 0;
    for (const f of files) {
      const text = fs.readFileSync(f, 'utf8');
      if (f.endsWith('.json')) {
        JSON.parse(text);
        resources++;
      } else if (f.endsWith('.tf')) resources++; // no bare HCL parser to compare with: counted, not parsed
      else resources += YAML.parseAllDocuments(text).length;
    }
    bareRuns.push(performance.now() - t);

    t = performance.now();
    const index = new WorkspaceIndex(new FileSource());
    await index.build([root]); // what sts-lens check runs
    counts = new Map();
    for (const file of [...index.files()]) for (const f of analyze(file, index, defaultSettings)) counts.set(f.code, (counts.get(f.code) ?? 0) + 1);
    cliRuns.push(performance.now() - t);
  }
  const ratios = cliRuns.map((c, i) => c / bareRuns[i]);

  // The CLI as a user runs it: a fresh process, startup included.
  let t = performance.now();
  spawnSync(process.execPath, [path.join(repo, 'dist/cli.js'), 'check', root, '--format', 'json'], { stdio: 'ignore' });
  const processMs = performance.now() - t;

  const server = await measureServer(root, path.join(root, 'big/many.yaml'));
  const openStorm = await measureOpenStorm(root, files.filter((f) => f.endsWith('deployment.yaml')).slice(0, OPEN_STORM_FILES));
  const hostile = measureHostile();
  const found = counts.get('trust-sub-mismatch') ?? 0;
  const rows = [
    ['resources', String(resources)],
    ['bare yaml/JSON parse: median / best of 5', `${ms(percentile(bareRuns, 50))} / ${ms(Math.min(...bareRuns))} (${rate(resources, percentile(bareRuns, 50))} / ${rate(resources, Math.min(...bareRuns))} resources/s)`],
    ['sts-lens check (index + all rules): median / best of 5', `${ms(percentile(cliRuns, 50))} / ${ms(Math.min(...cliRuns))} (${rate(resources, percentile(cliRuns, 50))} / ${rate(resources, Math.min(...cliRuns))} resources/s)`],
    ['ratio check / bare parse (median of the 5 pairs)', `${percentile(ratios, 50).toFixed(2)}x  (runs: check ${cliRuns.map((r) => r.toFixed(0)).join(', ')} ms; bare ${bareRuns.map((r) => r.toFixed(0)).join(', ')} ms)`],
    ['sts-lens check as a new process (startup included)', `${ms(processMs)} (${rate(resources, processMs)} resources/s)`],
    ['server cold index', ms(server.coldIndex)],
    ['didChange -> diagnostics (3,000-line file) p50 / p99', `${ms(percentile(server.edit, 50))} / ${ms(percentile(server.edit, 99))}`],
    ['completion p50 / p99', `${ms(percentile(server.completion, 50))} / ${ms(percentile(server.completion, 99))}`],
    ['server RSS after cold index / peak over the run', `${server.rssAfterIndexMb.toFixed(0)} MB / ${server.peakRssMb.toFixed(0)} MB`],
    [`edit storm: ${server.storm.length} edits -> diagnostics p50 / p99`, `${ms(percentile(server.storm, 50))} / ${ms(percentile(server.storm, 99))} (${(percentile(server.storm, 50) / percentile(server.edit, 50)).toFixed(2)}x / ${(percentile(server.storm, 99) / percentile(server.edit, 99)).toFixed(2)}x the 200-edit run)`],
    ['server peak RSS after the edit storm', `${server.stormPeakMb.toFixed(0)} MB (${(server.stormPeakMb / server.peakRssMb).toFixed(2)}x the peak before it)`],
    [`open/change storm (a server of its own): ${openStorm.files} files opened, 5 edits and a pull each, none closed: RSS / peak`, `${openStorm.rssMb.toFixed(0)} MB / ${openStorm.peakMb.toFixed(0)} MB (RSS ${(openStorm.rssMb / openStorm.rssAfterIndexMb).toFixed(2)}x its RSS after the cold index, ${openStorm.rssAfterIndexMb.toFixed(0)} MB)`],
    ['sts-lens check of an empty folder (process startup, median of 3)', ms(hostile.startup)],
    ['slowest hostile input through sts-lens check', (() => {
      const slowest = hostile.results.reduce((a, b) => (b.ms > a.ms ? b : a));
      return `${ms(slowest.ms)} (${slowest.name}; ${(slowest.ms / hostile.startup).toFixed(2)}x startup)`;
    })()],
    ['planted mismatches found', `${found} of ${planted}${found === planted ? '' : '  <-- differs'}`],
  ];
  const width = Math.max(...rows.map((r) => r[0].length));
  for (const [k, v] of rows) console.log(`${k.padEnd(width)}  ${v}`);
  console.log(`findings by rule: ${[...counts].sort().map(([c, n]) => `${c}=${n}`).join(', ')}`);
  console.log('hostile inputs through sts-lens check (new process each; bare = yaml/JSON.parse of the same files in this process):');
  const nameWidth = Math.max(...hostile.results.map((r) => r.name.length));
  for (const r of hostile.results) console.log(`  ${r.name.padEnd(nameWidth)}  ${ms(r.ms).padStart(10)}  exit ${r.exit}  ${(r.ms / hostile.startup).toFixed(2)}x startup  bare ${ms(r.bare)}`);
} finally {
  if (process.env.BENCH_KEEP) console.log(`kept ${root}`);
  else fs.rmSync(root, { recursive: true, force: true });
}
