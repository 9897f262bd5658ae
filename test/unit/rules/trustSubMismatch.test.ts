import * as assert from 'assert';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { parseFile } from '../../../server/src/model/parsedFile';
import { applyEdits, check } from '../helpers';

const ISSUER = 'oidc.eks.ap-northeast-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE';

const serviceAccount = (name: string, ns = 'default', role = 's3-echoer') =>
  ['apiVersion: v1', 'kind: ServiceAccount', 'metadata:', `  name: ${name}`, `  namespace: ${ns}`, '  annotations:', `    eks.amazonaws.com/role-arn: arn:aws:iam::123456789012:role/${role}`, ''].join('\n');

const trustPolicy = (sub: unknown) =>
  JSON.stringify(
    {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Federated: `arn:aws:iam::123456789012:oidc-provider/${ISSUER}` },
          Action: 'sts:AssumeRoleWithWebIdentity',
          Condition: { StringEquals: { [`${ISSUER}:sub`]: sub, [`${ISSUER}:aud`]: 'sts.amazonaws.com' } },
        },
      ],
    },
    null,
    2,
  ) + '\n';

/** Applies a fix's edit of another file to that file's text. */
function fixedOther(dir: string, rel: string, text: string, edits: Parameters<typeof applyEdits>[1]): string {
  const fsPath = path.join(dir, rel);
  return applyEdits(parseFile(pathToFileURL(fsPath).toString(), text, { fsPath }), edits);
}

describe('trust-sub-mismatch', () => {
  it('reports a role annotation whose trust policy admits another service account (s3-echoer instead of app)', () => {
    const files = { 'serviceaccount-app.yaml': serviceAccount('app'), 's3-echoer-trust.json': trustPolicy('system:serviceaccount:default:s3-echoer') };
    const result = check(files, 'serviceaccount-app.yaml');
    assert.deepStrictEqual(result.summary, ['6:32-6:72 trust-sub-mismatch']);
    const [finding] = result.findings;
    assert.strictEqual(
      finding.message,
      'ServiceAccount default/app runs as system:serviceaccount:default:app and uses role s3-echoer, but the role\'s trust policy (s3-echoer-trust.json) admits only system:serviceaccount:default:s3-echoer: AssumeRoleWithWebIdentity will fail with AccessDenied. Add system:serviceaccount:default:app to the trust policy\'s sub condition, or run as a service account it admits.',
    );
    assert.strictEqual(finding.related.length, 1);
    assert.ok(finding.related[0].uri.endsWith('/s3-echoer-trust.json'));
    assert.deepStrictEqual(finding.related[0].range.start, { line: 11, character: 91 });
    // The fix edits the trust policy: a single value becomes a list.
    const fix = finding.fixes[0];
    assert.strictEqual(fix.title, 'Add system:serviceaccount:default:app to the trust policy of s3-echoer');
    const [uri] = Object.keys(fix.edits);
    assert.ok(uri.endsWith('/s3-echoer-trust.json'));
    const dir = path.dirname(result.file.fsPath!);
    const fixed = fixedOther(dir, 's3-echoer-trust.json', files['s3-echoer-trust.json'], fix.edits[uri]);
    assert.ok(fixed.includes(`"${ISSUER}:sub": ["system:serviceaccount:default:s3-echoer", "system:serviceaccount:default:app"],`), fixed);
    // And the fixed workspace is clean.
    assert.deepStrictEqual(check({ ...files, 's3-echoer-trust.json': fixed }, 'serviceaccount-app.yaml').summary, []);
  });

  it('appends on its own line to a one-per-line list', () => {
    const files = { 'sa.yaml': serviceAccount('app'), 's3-echoer.json': trustPolicy(['system:serviceaccount:default:s3-echoer', 'system:serviceaccount:jobs:s3-echoer']) };
    const result = check(files, 'sa.yaml');
    const edits = Object.values(result.findings[0].fixes[0].edits)[0];
    const fixed = fixedOther(path.dirname(result.file.fsPath!), 's3-echoer.json', files['s3-echoer.json'], edits);
    assert.ok(fixed.includes('"system:serviceaccount:jobs:s3-echoer",\n            "system:serviceaccount:default:app"\n          ]'), fixed);
  });

  it('accepts a service account admitted by StringLike', () => {
    const policy = trustPolicy('x').replace('"StringEquals"', '"StringLike"').replace('"x"', '"system:serviceaccount:default:app-*"');
    assert.deepStrictEqual(check({ 'sa.yaml': serviceAccount('app-web'), 's3-echoer-trust.json': policy }, 'sa.yaml').summary, []);
  });

  it('is silent when no trust policy for the role is in the workspace, or when it has no sub condition', () => {
    assert.deepStrictEqual(check({ 'sa.yaml': serviceAccount('app') }, 'sa.yaml').summary, []);
    const noSub = trustPolicy('x').replace(/\n\s*"[^"]*:sub": "x",/, '');
    assert.deepStrictEqual(check({ 'sa.yaml': serviceAccount('app'), 's3-echoer-trust.json': noSub }, 'sa.yaml').summary, []);
  });

  it('edits the escaped JSON string of a ccoctl role file', () => {
    const doc = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Federated: `arn:aws:iam::123456789012:oidc-provider/${ISSUER}` }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: { StringEquals: { [`${ISSUER}:sub`]: ['system:serviceaccount:openshift-image-registry:registry'] } } }] });
    const role = JSON.stringify({ RoleName: 'demo-registry', AssumeRolePolicyDocument: doc }, null, 2);
    const files = { 'sa.yaml': serviceAccount('other', 'openshift-image-registry', 'demo-registry'), '05-1-demo-registry-role.json': role };
    const result = check(files, 'sa.yaml');
    assert.deepStrictEqual(result.findings.map((f) => f.code), ['trust-sub-mismatch']);
    const edits = Object.values(result.findings[0].fixes[0].edits)[0];
    const fixed = fixedOther(path.dirname(result.file.fsPath!), '05-1-demo-registry-role.json', role, edits);
    const inner = JSON.parse(JSON.parse(fixed).AssumeRolePolicyDocument);
    assert.deepStrictEqual(inner.Statement[0].Condition.StringEquals[`${ISSUER}:sub`], ['system:serviceaccount:openshift-image-registry:registry', 'system:serviceaccount:openshift-image-registry:other']);
  });

  it('reports a workload that mounts a credentials Secret whose role does not admit the workload\'s service account', () => {
    const secret = ['apiVersion: v1', 'kind: Secret', 'metadata:', '  name: s3-access', '  namespace: shop', 'stringData:', '  credentials: |', '    [default]', '    role_arn = arn:aws:iam::123456789012:role/shop-s3', '    web_identity_token_file = /var/run/secrets/openshift/serviceaccount/token', ''].join('\n');
    const pod = ['apiVersion: v1', 'kind: Pod', 'metadata:', '  name: web', '  namespace: shop', 'spec:', '  serviceAccountName: web', '  containers:', '  - name: main', '    image: x', '  volumes:', '  - name: aws', '    secret:', '      secretName: s3-access', ''].join('\n');
    const files = { 'secret.yaml': secret, 'pod.yaml': pod, 'shop-s3-trust.json': trustPolicy('system:serviceaccount:shop:default') };
    const { summary, findings } = check(files, 'pod.yaml');
    assert.ok(summary.includes('13:18-13:27 trust-sub-mismatch'), summary.join());
    assert.match(findings.find((f) => f.code === 'trust-sub-mismatch')!.message, /^Pod shop\/web \(Secret s3-access\) runs as system:serviceaccount:shop:web/);
  });
});

describe('two trust policy files for one role', () => {
  it('the checks follow <role>-trust.json before <role>-trust-policy.json, whatever their path order or reading order', () => {
    // By path, "s3-echoer-trust-policy.json" sorts first ('-' < '.'): the documented suffix order decides instead.
    const files = {
      'sa.yaml': serviceAccount('app'),
      'iam/s3-echoer-trust.json': trustPolicy('system:serviceaccount:default:app'),
      'iam/s3-echoer-trust-policy.json': trustPolicy('system:serviceaccount:default:other'),
    };
    assert.deepStrictEqual(check(files, 'sa.yaml').summary, []);
    const duplicate = check(files, 'iam/s3-echoer-trust-policy.json').findings.find((f) => f.code === 'trust-policy-duplicate');
    assert.ok(duplicate, 'the second file is reported');
    assert.match(duplicate.message, /s3-echoer-trust\.json/);
    assert.strictEqual(check(files, 'iam/s3-echoer-trust.json').findings.some((f) => f.code === 'trust-policy-duplicate' && f.severity !== 'information'), true);
  });
});
