import * as assert from 'assert';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { parseFile } from '../../../server/src/model/parsedFile';
import { kustomizeRenderings } from '../../../server/src/crossFile/kustomize';
import { FileSource } from '../../../server/src/workspace/fileSource';
import { WorkspaceIndex } from '../../../server/src/workspace/workspaceIndex';
import { applyEdits, check, tempTree } from '../helpers';

const ISSUER = 'oidc.eks.eu-west-1.amazonaws.com/id/ABCDEF0123456789ABCDEF0123456789';

const SERVICE_ACCOUNT = [
  'apiVersion: v1',
  'kind: ServiceAccount',
  'metadata:',
  '  name: api',
  '  annotations:',
  '    eks.amazonaws.com/role-arn: arn:aws:iam::111122223333:role/payments-api',
  '',
].join('\n');

const DEPLOYMENT = [
  'apiVersion: apps/v1',
  'kind: Deployment',
  'metadata:',
  '  name: api',
  'spec:',
  '  template:',
  '    spec:',
  '      serviceAccountName: api',
  '      containers:',
  '        - name: api',
  '          image: example.com/api:1',
  '',
].join('\n');

const trust = (...subs: string[]) =>
  JSON.stringify(
    {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Federated: `arn:aws:iam::111122223333:oidc-provider/${ISSUER}` },
          Action: 'sts:AssumeRoleWithWebIdentity',
          Condition: { StringEquals: { [`${ISSUER}:sub`]: subs, [`${ISSUER}:aud`]: 'sts.amazonaws.com' } },
        },
      ],
    },
    null,
    2,
  ) + '\n';

const overlay = (namespace: string, extra: string[] = []) => ['resources:', '  - ../../base', `namespace: ${namespace}`, ...extra, ''].join('\n');

const BASE = {
  'base/kustomization.yaml': 'resources:\n  - serviceaccount.yaml\n  - deployment.yaml\n',
  'base/serviceaccount.yaml': SERVICE_ACCOUNT,
  'base/deployment.yaml': DEPLOYMENT,
};

describe('Kustomize overlays', () => {
  it('checks a base ServiceAccount once per overlay, on the base line, naming the overlay, with that overlay\'s subject as the fix', () => {
    const files = {
      ...BASE,
      'overlays/prod/kustomization.yaml': overlay('payments-prod'),
      'overlays/staging/kustomization.yaml': overlay('payments-staging', ['namePrefix: stg-']),
      'payments-api-trust.json': trust('system:serviceaccount:payments-prod:api'),
    };
    const result = check(files, 'base/serviceaccount.yaml');
    assert.deepStrictEqual(result.summary, ['5:32-5:75 trust-sub-mismatch']);
    const [finding] = result.findings;
    assert.strictEqual(
      finding.message,
      "ServiceAccount payments-staging/stg-api (overlay ../overlays/staging/kustomization.yaml) runs as system:serviceaccount:payments-staging:stg-api and uses role payments-api, but the role's trust policy (../payments-api-trust.json) admits only system:serviceaccount:payments-prod:api: AssumeRoleWithWebIdentity will fail with AccessDenied. Add system:serviceaccount:payments-staging:stg-api to the trust policy's sub condition, or run as a service account it admits.",
    );
    // Related: the trust policy's value, and the overlay's namespace line.
    assert.deepStrictEqual(finding.related.map((r) => [r.uri.slice(pathToFileURL(path.dirname(path.dirname(result.file.fsPath!))).toString().length + 1), r.range.start.line, r.range.start.character, r.message]), [
      ['payments-api-trust.json', 12, 12, 'the trust policy of payments-api admits system:serviceaccount:payments-prod:api'],
      ['overlays/staging/kustomization.yaml', 2, 11, 'this overlay renders it as system:serviceaccount:payments-staging:stg-api'],
    ]);
    const fix = finding.fixes[0];
    assert.strictEqual(fix.title, 'Add system:serviceaccount:payments-staging:stg-api to the trust policy of payments-api');
    const [uri] = Object.keys(fix.edits);
    const trustPath = path.join(path.dirname(path.dirname(result.file.fsPath!)), 'payments-api-trust.json');
    assert.strictEqual(uri, pathToFileURL(trustPath).toString());
    const fixed = applyEdits(parseFile(uri, files['payments-api-trust.json'], { fsPath: trustPath }), fix.edits[uri]);
    assert.ok(fixed.includes('"system:serviceaccount:payments-staging:stg-api"'), fixed);
    assert.deepStrictEqual(check({ ...files, 'payments-api-trust.json': fixed }, 'base/serviceaccount.yaml').summary, []);
  });

  it('reads a role annotation an overlay patch sets, and reports it on the base ServiceAccount\'s name', () => {
    const files = {
      ...BASE,
      'base/serviceaccount.yaml': 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: api\n',
      'overlays/prod/kustomization.yaml': overlay('payments-prod', ['patches:', '  - path: role.yaml']),
      'overlays/prod/role.yaml': SERVICE_ACCOUNT,
      'payments-api-trust.json': trust('system:serviceaccount:payments:api'),
    };
    const result = check(files, 'base/serviceaccount.yaml');
    assert.deepStrictEqual(result.summary, ['3:8-3:11 trust-sub-mismatch']);
    assert.ok(result.findings[0].message.startsWith('ServiceAccount payments-prod/api (overlay ../overlays/prod/kustomization.yaml) runs as system:serviceaccount:payments-prod:api'), result.findings[0].message);
    // The patch is part of the overlay, not a ServiceAccount of its own.
    assert.deepStrictEqual(check(files, 'overlays/prod/role.yaml').summary, []);
  });

  it('reads inline strategic-merge patches, patchesStrategicMerge and nested bases, with prefixes and suffixes in order', () => {
    const files = {
      ...BASE,
      'mid/kustomization.yaml': 'resources:\n  - ../base\nnamePrefix: mid-\nnamespace: ignored\n',
      'overlays/prod/kustomization.yaml': [
        'resources:',
        '  - ../../mid',
        'namespace: payments-prod',
        'namePrefix: p-',
        'nameSuffix: -v2',
        'patchesStrategicMerge:',
        '  - |-',
        '    apiVersion: v1',
        '    kind: ServiceAccount',
        '    metadata:',
        '      name: api',
        '      annotations:',
        '        eks.amazonaws.com/role-arn: arn:aws:iam::111122223333:role/payments-prod',
        '',
      ].join('\n'),
      'payments-prod-trust.json': trust('system:serviceaccount:payments-prod:api'),
    };
    const result = check(files, 'base/serviceaccount.yaml');
    assert.deepStrictEqual(result.summary, ['5:32-5:75 trust-sub-mismatch']);
    assert.ok(result.findings[0].message.includes('runs as system:serviceaccount:payments-prod:p-mid-api-v2 and uses role payments-prod,'), result.findings[0].message);
    // The workload runs as the renamed ServiceAccount: trust-sub-orphan knows p-mid-api-v2, not api.
    const orphan = check({ ...files, 'payments-prod-trust.json': trust('system:serviceaccount:payments-prod:p-mid-api-v2', 'system:serviceaccount:payments-prod:p-mid-apii-v2') }, 'payments-prod-trust.json');
    assert.deepStrictEqual(orphan.summary, ['13:12-13:63 trust-sub-orphan']);
    assert.ok(orphan.findings[0].message.includes('(did you mean p-mid-api-v2?)'), orphan.findings[0].message);
  });

  it('leaves a document no kustomization includes as it was, and says nothing when the overlay admits it', () => {
    const files = { ...BASE, 'overlays/prod/kustomization.yaml': overlay('payments-prod'), 'payments-api-trust.json': trust('system:serviceaccount:payments-prod:api') };
    assert.deepStrictEqual(check(files, 'base/serviceaccount.yaml').summary, []);
    const alone = check({ 'sa.yaml': SERVICE_ACCOUNT.replace('  name: api\n', '  name: api\n  namespace: other\n'), 'payments-api-trust.json': trust('system:serviceaccount:payments-prod:api') }, 'sa.yaml');
    assert.deepStrictEqual(alone.summary, ['6:32-6:75 trust-sub-mismatch']);
  });

  it('notes what it does not render, and does not check an overlay whose resources it cannot know', () => {
    const kustomization = [
      'resources:',
      '  - ../../base',
      '  - https://github.com/example/app//deploy?ref=v1',
      'namespace: payments-prod',
      'configMapGenerator:',
      '  - name: settings',
      'components:',
      '  - ../../components/rename',
      '',
    ].join('\n');
    const files = { ...BASE, 'overlays/prod/kustomization.yaml': kustomization, 'payments-api-trust.json': trust('system:serviceaccount:other:api') };
    const result = check(files, 'overlays/prod/kustomization.yaml');
    assert.deepStrictEqual(result.summary, ['2:4-2:49 kustomize-unsupported', '4:0-4:18 kustomize-unsupported', '6:0-6:10 kustomize-unsupported']);
    assert.deepStrictEqual(
      result.findings.map((f) => f.message),
      [
        'sts-lens does not render remote base https://github.com/example/app//deploy?ref=v1: the resources it adds are not checked.',
        'sts-lens does not render ConfigMap generators (configMapGenerator): the resources it adds are not checked.',
        'sts-lens does not render components (components): it can rename, move or annotate resources, so the resources of the overlays that include this kustomization are not checked.',
      ],
    );
    assert.strictEqual(result.findings[0].severity, 'information');
    // The component could move the ServiceAccount anywhere: no claim about it.
    assert.deepStrictEqual(check(files, 'base/serviceaccount.yaml').summary, []);
  });

  it('stops at cycles, missing bases and deep nesting, with a note on the entry', () => {
    const files: Record<string, string> = {
      'a/kustomization.yaml': 'resources:\n  - ../b\n  - ../missing\n',
      'b/kustomization.yaml': 'resources:\n  - ../a\n  - sa.yaml\n',
      'b/sa.yaml': SERVICE_ACCOUNT,
      'top/kustomization.yaml': 'resources:\n  - ../a\n  - .\n',
      'payments-api-trust.json': trust('system:serviceaccount:default:api'),
    };
    const result = check(files, 'b/kustomization.yaml');
    assert.deepStrictEqual(result.summary, ['1:4-1:8 kustomize-unsupported']);
    assert.strictEqual(result.findings[0].message, 'Kustomize: resource ../a includes a kustomization that includes this one (a cycle, which kustomize refuses): not followed.');
    const a = check(files, 'a/kustomization.yaml');
    assert.deepStrictEqual(a.findings.map((f) => f.message), ['Kustomize: resource ../missing is not a file or a folder with a kustomization in the workspace: its resources are not checked.']);
    assert.deepStrictEqual(check(files, 'top/kustomization.yaml').findings.map((f) => f.message), ['Kustomize: resource . includes a kustomization that includes this one (a cycle, which kustomize refuses): not followed.']);
    // 30 levels of bases: bounded, noted, and the overlay left unchecked.
    const deep: Record<string, string> = { 'k0/sa.yaml': SERVICE_ACCOUNT, 'k0/kustomization.yaml': 'resources:\n  - sa.yaml\n', 'payments-api-trust.json': trust('system:serviceaccount:x:y') };
    for (let i = 1; i <= 30; i++) deep[`k${i}/kustomization.yaml`] = `resources:\n  - ../k${i - 1}\nnamespace: n${i}\n`;
    assert.deepStrictEqual(check(deep, 'k0/sa.yaml').summary, []);
    assert.ok(check(deep, 'k11/kustomization.yaml').findings.some((f) => f.message.includes('bases nest more than 20 deep')));
  });

  it('checks a workload mounting a CredentialsRequest Secret as the overlay renders it', () => {
    const request = [
      'apiVersion: cloudcredential.openshift.io/v1',
      'kind: CredentialsRequest',
      'metadata:',
      '  name: api',
      '  namespace: openshift-cloud-credential-operator',
      'spec:',
      '  providerSpec:',
      '    apiVersion: cloudcredential.openshift.io/v1',
      '    kind: AWSProviderSpec',
      '    statementEntries: []',
      '  secretRef:',
      '    name: api-aws',
      '    namespace: payments-prod',
      '  serviceAccountNames:',
      '    - api',
      '',
    ].join('\n');
    const deployment = DEPLOYMENT.replace('          image: example.com/api:1\n', '          image: example.com/api:1\n      volumes:\n        - name: creds\n          secret:\n            secretName: api-aws\n');
    const files = { ...BASE, 'base/deployment.yaml': deployment, 'overlays/prod/kustomization.yaml': overlay('payments-prod', ['namePrefix: prod-']), 'request.yaml': request };
    const result = check(files, 'request.yaml');
    assert.deepStrictEqual(result.summary, ['13:2-13:21 credentials-request-sa-unused']);
    assert.ok(result.findings[0].message.includes('(base/deployment.yaml) (overlay overlays/prod/kustomization.yaml) mounts Secret api-aws but runs as service account prod-api,'), result.findings[0].message);
  });
  it('applies commonAnnotations, removes an annotation a patch sets to null, and drops a resource a $patch: delete names', () => {
    const trustFiles = { 'payments-api-trust.json': trust('system:serviceaccount:other:api'), 'payments-common-trust.json': trust('system:serviceaccount:other:api') };
    const common = { ...BASE, ...trustFiles, 'overlays/prod/kustomization.yaml': overlay('payments-prod', ['commonAnnotations:', '  eks.amazonaws.com/role-arn: arn:aws:iam::111122223333:role/payments-common']) };
    const result = check(common, 'base/serviceaccount.yaml');
    assert.deepStrictEqual(result.summary, ['5:32-5:75 trust-sub-mismatch']);
    assert.ok(result.findings[0].message.includes('uses role payments-common,'), result.findings[0].message);
    const removePatch = ['apiVersion: v1', 'kind: ServiceAccount', 'metadata:', '  name: api', '  annotations:', '    eks.amazonaws.com/role-arn: null', ''].join('\n');
    const removed = { ...BASE, ...trustFiles, 'overlays/prod/kustomization.yaml': overlay('payments-prod', ['patches:', '  - path: no-role.yaml']), 'overlays/prod/no-role.yaml': removePatch };
    assert.deepStrictEqual(check(removed, 'base/serviceaccount.yaml').summary, []);
    const deletePatch = 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: api\n$patch: delete\n';
    const deleted = { ...BASE, ...trustFiles, 'overlays/prod/kustomization.yaml': overlay('payments-prod', ['patchesStrategicMerge:', '  - delete-sa.yaml']), 'overlays/prod/delete-sa.yaml': deletePatch };
    assert.deepStrictEqual(check(deleted, 'base/serviceaccount.yaml').summary, []);
    // Without the patch the same overlay is reported: the two above are quiet because of their patches.
    assert.deepStrictEqual(check({ ...BASE, ...trustFiles, 'overlays/prod/kustomization.yaml': overlay('payments-prod') }, 'base/serviceaccount.yaml').summary, ['5:32-5:75 trust-sub-mismatch']);
  });

  it('renders again after an edit of a file an overlay reads, and only then', () => {
    const dir = tempTree({ ...BASE, 'overlays/prod/kustomization.yaml': overlay('payments-prod'), 'apps/other.yaml': DEPLOYMENT });
    const index = new WorkspaceIndex(new FileSource());
    index.buildSync([dir]);
    const open = (rel: string, text: string) => {
      const fsPath = path.join(dir, rel);
      index.updateOpen(parseFile(pathToFileURL(fsPath).toString(), text, { fsPath }));
    };
    const namespaces = () => [...kustomizeRenderings(index).byDoc.values()].flat().filter((r) => r.name === 'api').map((r) => `${r.namespace}`);
    const first = kustomizeRenderings(index);
    assert.deepStrictEqual(namespaces(), ['payments-prod', 'payments-prod']);
    // A workload no kustomization includes: the same rendering.
    open('apps/other.yaml', DEPLOYMENT.replace('api:1', 'api:2'));
    assert.strictEqual(kustomizeRenderings(index), first);
    // The base ServiceAccount, now in its own namespace (the overlay's still wins), and a renamed one.
    open('base/serviceaccount.yaml', SERVICE_ACCOUNT.replace('name: api', 'name: api2'));
    assert.notStrictEqual(kustomizeRenderings(index), first);
    assert.deepStrictEqual(namespaces(), ['payments-prod']);
    // The overlay's namespace.
    open('overlays/prod/kustomization.yaml', overlay('payments-live'));
    assert.deepStrictEqual(namespaces(), ['payments-live']);
  });
});
