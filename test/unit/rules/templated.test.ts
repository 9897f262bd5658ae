import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { MarkupContent } from 'vscode-languageserver-types';
import { analyze } from '../../../server/src/analysis/analyze';
import { parseFile } from '../../../server/src/model/parsedFile';
import { complete } from '../../../server/src/services/completion';
import { hover } from '../../../server/src/services/hover';
import { defaultSettings } from '../../../server/src/settings';
import { FileSource } from '../../../server/src/workspace/fileSource';
import { WorkspaceIndex } from '../../../server/src/workspace/workspaceIndex';
import { applyEdits, check } from '../helpers';
import { spanOf } from '../iam/policyFixtures';

const ROOT = path.resolve(__dirname, '../../../../test/fixtures/realworld/templated');

/** Every fixture of a folder (relative to ROOT) by its path in that folder. */
function folder(name: string): Record<string, string> {
  const dir = path.join(ROOT, name);
  const out: Record<string, string> = {};
  for (const rel of fs.readdirSync(dir, { recursive: true }) as string[]) {
    const full = path.join(dir, rel);
    if (fs.statSync(full).isFile()) out[rel.split(path.sep).join('/')] = fs.readFileSync(full, 'utf8');
  }
  return out;
}

/** The fixtures of a folder with one file changed; the findings on that file. */
function withMistake(name: string, target: string, from: string, to: string) {
  const files = folder(name);
  assert.ok(files[target].includes(from), `${from} not in ${target}`);
  files[target] = files[target].replace(from, to);
  const result = check(files, target);
  return { ...result, text: files[target], serious: result.findings.filter((f) => f.severity === 'error' || f.severity === 'warning') };
}

describe('templated values: real-world template shapes', () => {
  it('every file under test/fixtures/realworld/templated is checked without an error or a warning', () => {
    const index = new WorkspaceIndex(new FileSource());
    const files = index.buildSync([ROOT]);
    const names = files.map((f) => path.relative(ROOT, f).split(path.sep).join('/'));
    // Terraform's template files are read as JSON.
    for (const tpl of ['terraform/irsa-trust-policy.json.tpl', 'terraform/load-balancer-controller.json.tftpl']) assert.ok(names.includes(tpl), tpl);
    const serious: string[] = [];
    for (const fsPath of files) {
      const file = index.file(fsPath)!;
      assert.strictEqual(file.helmTemplate, false, `${fsPath} is read, not skipped as a whole-file template`);
      for (const f of analyze(file, index, defaultSettings)) {
        if (f.severity === 'error' || f.severity === 'warning') serious.push(`${path.relative(ROOT, fsPath)}:${f.range.start.line + 1} ${f.code}: ${f.message}`);
      }
    }
    assert.deepStrictEqual(serious, []);
  });

  it('the kinds are recognised, so the checks did run', () => {
    const index = new WorkspaceIndex(new FileSource());
    index.buildSync([ROOT]);
    const count = (kind: Parameters<typeof index.docsOfKind>[0]) => index.docsOfKind(kind).length;
    assert.deepStrictEqual(
      { sa: count('service-account'), workload: count('workload'), trust: count('trust-policy'), permission: count('permission-policy'), installConfig: count('install-config'), auth: count('authentication'), kops: count('kops-cluster'), discovery: count('oidc-discovery'), jwks: count('jwks') },
      { sa: 6, workload: 2, trust: 7, permission: 2, installConfig: 1, auth: 1, kops: 1, discovery: 1, jwks: 1 },
    );
  });
});

describe('templated values: a real mistake next to a placeholder is still found', () => {
  it('envsubst: a role ARN with "roles/" beside ${AWS_ACCOUNT_ID}', () => {
    const { serious, text } = withMistake('envsubst', 'carts-serviceaccount.yaml', '${CARTS_IAM_ROLE}', 'arn:aws:iam::${AWS_ACCOUNT_ID}:roles/carts');
    assert.deepStrictEqual(serious.map((f) => `${f.code} ${f.message}`), [
      'role-arn-format eks.amazonaws.com/role-arn "arn:aws:iam::${AWS_ACCOUNT_ID}:roles/carts" is not an IAM role ARN: "roles" is not "role" (this is not a role ARN); the pod identity webhook injects it as AWS_ROLE_ARN and every AWS call fails. Expected arn:aws:iam::<12-digit account>:role/<name>.',
    ]);
    assert.deepStrictEqual(serious.map((f) => `${f.range.start.line}:${f.range.start.character}-${f.range.end.line}:${f.range.end.character} ${f.code}`), [spanOf(text, 'arn:aws:iam::${AWS_ACCOUNT_ID}:roles/carts', 'role-arn-format')]);
  });

  it('envsubst: a region in an IAM ARN beside ${EKS_CLUSTER_NAME}', () => {
    const { serious } = withMistake('envsubst', 'orders-serviceaccount.yaml', 'arn:aws:iam::${AWS_ACCOUNT_ID}', 'arn:aws:iam:us-east-1:${AWS_ACCOUNT_ID}');
    assert.deepStrictEqual(serious.map((f) => f.code), ['role-arn-format']);
    assert.match(serious[0].message, /IAM ARNs have no region, but this one has "us-east-1"/);
  });

  it('a human placeholder keeps its error, saying it was left in', () => {
    const { serious } = withMistake('envsubst', 'carts-serviceaccount.yaml', '${CARTS_IAM_ROLE}', 'arn:aws:iam::<ACCOUNT_ID>:role/carts');
    assert.deepStrictEqual(serious.map((f) => f.code), ['role-arn-format']);
    assert.match(serious[0].message, /the placeholder "<ACCOUNT_ID>" was left in/);
    const config = withMistake('openshift-ci', 'install-config.yaml', 'name: ${CLUSTER_NAME}', 'name: <your-cluster-name>');
    assert.deepStrictEqual(config.serious.map((f) => `${f.code} ${f.message}`), [
      'install-config-schema A placeholder was left in metadata.name: "<your-cluster-name>" is not filled in by anything, and the installer takes the value as written. Replace it with a lower-case DNS name of at most 54 characters such as my-cluster (letters, digits, - and .).',
    ]);
  });

  it('Flux: a misspelled annotation beside a substituted role ARN', () => {
    const { serious, text } = withMistake('flux', 'external-dns.yaml', 'eks.amazonaws.com/role-arn: arn:aws:iam::${aws_account_id}', 'eks.amazonaws.com/role_arn: arn:aws:iam::${aws_account_id}');
    assert.deepStrictEqual(serious.map((f) => `${f.range.start.line}:${f.range.start.character}-${f.range.end.line}:${f.range.end.character} ${f.code}`), [spanOf(text, 'eks.amazonaws.com/role_arn', 'service-account-annotation')]);
  });

  it('Flux: a role ARN whose literal name links it to a trust policy that does not admit the service account', () => {
    const { serious } = withMistake('flux', 'external-dns-trust.json', 'system:serviceaccount:external-dns:external-dns', 'system:serviceaccount:external-dns:dns');
    assert.deepStrictEqual(serious.map((f) => f.code), ['trust-sub-orphan']);
    const sa = folder('flux');
    sa['external-dns-trust.json'] = sa['external-dns-trust.json'].replace('system:serviceaccount:external-dns:external-dns', 'system:serviceaccount:external-dns:dns');
    const onSa = check(sa, 'external-dns.yaml').findings.filter((f) => f.severity === 'error');
    assert.deepStrictEqual(onSa.map((f) => f.code), ['trust-sub-mismatch']);
    assert.match(onSa[0].message, /^ServiceAccount external-dns\/external-dns runs as system:serviceaccount:external-dns:external-dns and uses role external-dns/);
  });

  it('kustomize: a plain file with a Go template value is checked, a whole-file template is not', () => {
    const { serious } = withMistake('kustomize', 's3-controller-sa.yaml', "    eks.amazonaws.com/role-arn: '{{ .Values.s3.roleArn }}'", "    eks.amazonaws.com/role-arn: '{{ .Values.s3.roleArn }}'\n    eks.amazonaws.com/sts-regional-endpoints: \"yes\"");
    assert.deepStrictEqual(serious.map((f) => f.code), ['service-account-annotation']);
    const helm = withMistake('kustomize', 's3-controller-sa.yaml', "'{{ .Values.s3.roleArn }}'", '{{ .Values.s3.roleArn | quote }}\n    eks.amazonaws.com/sts-regional-endpoints: "yes"');
    assert.deepStrictEqual(helm.findings, []);
  });

  it('kustomize: $(VAR) in AWS_ROLE_ARN, and a relative token path beside it', () => {
    const clean = withMistake('kustomize', 'worker.yaml', 'value: $(ROLE_ARN)', 'value: arn:aws:iam::$(ACCOUNT_ID):role/worker');
    assert.deepStrictEqual(clean.serious, []);
    const { serious } = withMistake('kustomize', 'worker.yaml', 'value: $(ROLE_ARN)', 'value: arn:aws:iam::$(ACCOUNT_ID):user/worker');
    assert.deepStrictEqual(serious.map((f) => f.code), ['role-arn-format']);
  });

  it('ROSA: a partition typo, a sub with an underscore, the wrong action beside %{...}', () => {
    const installer = withMistake('rosa', 'sts_installer_trust_policy.json', 'arn:%{partition}:iam', 'arn:aws-us:iam');
    assert.deepStrictEqual(installer.serious.map((f) => `${f.code} ${f.message}`), ['trust-principal-arn AWS principal "arn:aws-us:iam::%{aws_account_id}:role/RH-Managed-OpenShift-Installer" is malformed: "aws-us" is not an AWS partition (aws, aws-cn or aws-us-gov).']);
    const sub = withMistake('rosa', 'ingress_operator_trust_policy.json', 'openshift-ingress-operator:ingress-operator', 'openshift_ingress_operator:ingress-operator');
    assert.deepStrictEqual(sub.serious.map((f) => f.code), ['trust-sub-format']);
    assert.match(sub.serious[0].message, /namespace "openshift_ingress_operator" is not a valid Kubernetes name/);
    const action = withMistake('rosa', 'ingress_operator_trust_policy.json', '"Action": "sts:AssumeRoleWithWebIdentity"', '"Action": "sts:AssumeRole"');
    assert.deepStrictEqual(action.serious.map((f) => f.code), ['trust-action-mismatch']);
    const operator = withMistake('rosa', 'operator_iam_role_policy.json', '"StringEquals"', '"StringEqual"');
    assert.deepStrictEqual(operator.serious.map((f) => f.code), ['iam-policy-schema']);
  });

  it('ROSA: a misspelled condition key beside a templated one', () => {
    const { serious, text } = withMistake('rosa', 'sts_instance_worker_permission_policy.json', '"aws:ResourceTag/red-hat-managed"', '"aws:ResourceTagg/red-hat-managed"');
    assert.deepStrictEqual(serious.map((f) => `${f.range.start.line}:${f.range.start.character}-${f.range.end.line}:${f.range.end.character} ${f.code}`), [spanOf(text, '"aws:ResourceTagg/red-hat-managed"', 'iam-unknown-condition-key')]);
  });

  it('Terraform: https:// in a templated provider ARN, fixed in place; a missing sub under a templated issuer', () => {
    const https = withMistake('terraform', 'irsa-trust-policy.json.tpl', 'oidc-provider/${oidc_provider}', 'oidc-provider/https://${oidc_provider}');
    assert.deepStrictEqual(https.serious.map((f) => f.code), ['trust-principal-arn']);
    const fixed = applyEdits(https.file, https.serious[0].fixes[0].edits[https.file.uri]);
    assert.strictEqual(fixed, folder('terraform')['irsa-trust-policy.json.tpl']);
    const noSub = withMistake('terraform', 'irsa-trust-policy.json.tpl', '"${oidc_provider}:sub": "system:serviceaccount:${namespace}:${service_account}",\n', '');
    assert.deepStrictEqual(noSub.serious.map((f) => f.code), ['trust-sub-missing']);
    assert.match(noSub.serious[0].message, /^No "\$\{oidc_provider\}:sub" condition: any service account of the cluster/);
    // Its fix writes a human placeholder, which is then reported as left in.
    const withPlaceholder = applyEdits(noSub.file, noSub.serious[0].fixes[0].edits[noSub.file.uri]);
    assert.match(withPlaceholder, /"\$\{oidc_provider\}:sub": "system:serviceaccount:<namespace>:<serviceaccount>"/);
    const left = check({ 'irsa-trust-policy.json.tpl': withPlaceholder }, 'irsa-trust-policy.json.tpl').findings.filter((f) => f.severity === 'error');
    assert.deepStrictEqual(left.map((f) => `${f.code} ${f.message}`), [
      'trust-sub-format "system:serviceaccount:<namespace>:<serviceaccount>" can never match a service-account token\'s sub: the placeholder "<namespace>" was left in (nothing fills it in). Tokens carry "system:serviceaccount:<namespace>:<serviceaccount>".',
    ]);
  });

  it('Terraform: a wildcard under StringEquals beside a whole-placeholder provider', () => {
    const { serious } = withMistake('terraform', 'cluster-autoscaler-trust.json', 'kube-system:cluster-autoscaler', 'kube-system:*');
    assert.deepStrictEqual(serious.map((f) => f.code), ['trust-wildcard-operator']);
  });

  it('OpenShift CI: a lower-case credentialsMode and an http issuer beside ${...}', () => {
    const mode = withMistake('openshift-ci', 'install-config.yaml', 'credentialsMode: Manual', 'credentialsMode: manual');
    assert.deepStrictEqual(mode.serious.map((f) => f.code), ['install-config-schema', 'sts-manual-mode-required']);
    const issuer = withMistake('openshift-ci', 'manifests/cluster-authentication-02-config.yaml', 'https://${CLUSTER_NAME}', 'http://${CLUSTER_NAME}');
    assert.deepStrictEqual(issuer.serious.map((f) => f.code), ['service-account-issuer']);
  });
});

describe('templated values: kops, discovery document and JWKS', () => {
  it('a discoveryStore whose literal scheme is not s3:// is still reported', () => {
    const { serious } = withMistake('kops', 'cluster.yaml', 's3://${OIDC_BUCKET}', 'https://${OIDC_BUCKET}');
    assert.deepStrictEqual(serious.map((f) => f.code), ['service-account-issuer']);
  });

  it('a literal enableAWSOIDCProvider: false is still reported beside templated values', () => {
    const { serious } = withMistake('kops', 'cluster.yaml', '${ENABLE_AWS_OIDC_PROVIDER}', 'false');
    assert.deepStrictEqual(serious.map((f) => f.code), ['service-account-issuer']);
  });

  it('a jwks_uri over http under a templated https issuer, and a discovery document without RS256', () => {
    const host = withMistake('kops', 'openid-configuration.json', '"jwks_uri": "https://${OIDC_BUCKET}', '"jwks_uri": "http://${OIDC_BUCKET}');
    assert.deepStrictEqual(host.serious.map((f) => f.code), ['oidc-discovery']);
    const alg = withMistake('kops', 'openid-configuration.json', '["RS256"]', '["ES256"]');
    assert.deepStrictEqual(alg.serious.map((f) => f.code), ['oidc-discovery']);
  });
});

describe('templated values across files: unknown is not a mismatch', () => {
  const SA = (arn: string, audience = '') =>
    `apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: app\n  namespace: shop\n  annotations:\n    eks.amazonaws.com/role-arn: ${arn}\n${audience ? `    eks.amazonaws.com/audience: ${audience}\n` : ''}`;
  const trust = (federated: string, key: string, sub: string, aud = 'sts.amazonaws.com') =>
    JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Federated: federated }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: { StringEquals: { [`${key}:sub`]: sub, [`${key}:aud`]: aud } } }] }, null, 2);
  const AUTH = 'apiVersion: config.openshift.io/v1\nkind: Authentication\nmetadata:\n  name: cluster\nspec:\n  serviceAccountIssuer: https://demo-oidc.s3.us-east-1.amazonaws.com\n';
  const PROVIDER = JSON.stringify({ Url: 'https://demo-oidc.s3.us-east-1.amazonaws.com', ClientIDList: ['openshift'] });

  it('a templated provider is not reported against the cluster issuer, nor against the providers of the workspace', () => {
    const files = {
      'app-trust.json': trust('arn:aws:iam::${account_id}:oidc-provider/${oidc_provider}', '${oidc_provider}', 'system:serviceaccount:shop:app', 'custom-aud'),
      'sa.yaml': SA('arn:aws:iam::${ACCOUNT_ID}:role/app', 'custom-aud'),
      'auth.yaml': AUTH,
      'provider.json': PROVIDER,
    };
    assert.deepStrictEqual(check(files, 'app-trust.json').findings.map((f) => f.code), []);
    assert.deepStrictEqual(check(files, 'sa.yaml').findings.map((f) => f.code), []);
  });

  it('the sub does not depend on the issuer: a templated provider still tells a service account it does not admit', () => {
    const files = {
      'app-trust.json': trust('arn:aws:iam::${account_id}:oidc-provider/${oidc_provider}', '${oidc_provider}', 'system:serviceaccount:shop:web'),
      'sa.yaml': SA('arn:aws:iam::${ACCOUNT_ID}:role/app'),
    };
    const { findings } = check(files, 'sa.yaml');
    assert.deepStrictEqual(findings.map((f) => f.code), ['trust-sub-mismatch']);
  });

  it('a ServiceAccount in a templated namespace is admitted by what it may become, and still reported when no instance fits', () => {
    const files = {
      'app-trust.json': trust('arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABC', 'oidc.eks.us-east-1.amazonaws.com/id/ABC', 'system:serviceaccount:prod:app'),
      'sa.yaml': SA('arn:aws:iam::123456789012:role/app').replace('namespace: shop', 'namespace: $(NAMESPACE)'),
    };
    assert.deepStrictEqual(check(files, 'sa.yaml').findings.map((f) => f.code), []);
    const other = check({ ...files, 'sa.yaml': files['sa.yaml'].replace('name: app', 'name: web') }, 'sa.yaml').findings;
    assert.deepStrictEqual(other.map((f) => [f.code, f.fixes.length]), [['trust-sub-mismatch', 0]]);
    assert.match(other[0].message, /^ServiceAccount \$\(NAMESPACE\)\/web runs as system:serviceaccount:\$\(NAMESPACE\):web and uses role app/);
  });

  it('a templated sub admits what it may become; a templated cluster issuer claims no mismatch', () => {
    const files = {
      'app-trust.json': trust('arn:aws:iam::123456789012:oidc-provider/other-oidc.s3.us-east-1.amazonaws.com', 'other-oidc.s3.us-east-1.amazonaws.com', 'system:serviceaccount:${namespace}:app'),
      'sa.yaml': SA('arn:aws:iam::123456789012:role/app'),
      'auth.yaml': AUTH.replace('https://demo-oidc.s3.us-east-1.amazonaws.com', 'https://${CLUSTER}-oidc.s3.us-east-1.amazonaws.com'),
    };
    assert.deepStrictEqual(check(files, 'sa.yaml').findings.map((f) => f.code), []);
    assert.deepStrictEqual(check(files, 'app-trust.json').findings.map((f) => f.code), []);
    // The same policy beside a literal cluster issuer is a mismatch.
    assert.deepStrictEqual(check({ ...files, 'auth.yaml': AUTH }, 'app-trust.json').findings.map((f) => f.code), ['issuer-mismatch']);
  });
});

describe('templated values in the editor', () => {
  const at = (marked: string, name: string) => {
    const offset = marked.indexOf('|');
    const text = marked.slice(0, offset) + marked.slice(offset + 1);
    return { file: parseFile(`file:///w/${name}`, text, { fsPath: `/w/${name}` }), offset };
  };

  it('hover on a templated value says what fills it in; the key keeps its own documentation', () => {
    const text = "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: a\n  annotations:\n    eks.amazonaws.com/role-arn: '${CARTS_|IAM_ROLE}'\n";
    const { file, offset } = at(text, 'sa.yaml');
    const value = (hover(file, offset)?.contents as MarkupContent).value;
    assert.match(value, /^\*\*Templated value\*\*\n\n- `\$\{CARTS_IAM_ROLE\}`: filled in by envsubst, Flux postBuild.substitute/);
    const onKey = at(text.replace('|', '').replace('eks.amazonaws.com/role-arn', 'eks.amazonaws.com/role|-arn'), 'sa.yaml');
    assert.match((hover(onKey.file, onKey.offset)?.contents as MarkupContent).value, /^\*\*eks.amazonaws.com\/role-arn\*\*/);
    const rosa = fs.readFileSync(path.join(ROOT, 'rosa/operator_iam_role_policy.json'), 'utf8');
    const key = at(rosa.replace('"%{issuer_url}:sub"', '"%{issuer_|url}:sub"'), 'rosa.json');
    assert.match((hover(key.file, key.offset)?.contents as MarkupContent).value, /`%\{issuer_url\}`: filled in by the ROSA CLI's policy templates/);
    const federated = at(rosa.replace('"%{oidc_provider_arn}"', '"%{oidc_|provider_arn}"'), 'rosa.json');
    assert.match((hover(federated.file, federated.offset)?.contents as MarkupContent).value, /`%\{oidc_provider_arn\}`/);
  });

  it('completion works inside and around templated values', () => {
    const rosa = fs.readFileSync(path.join(ROOT, 'rosa/ingress_operator_trust_policy.json'), 'utf8');
    const inKey = at(rosa.replace('"%{issuer_url}:aud"', '"%{issuer_url}:|aud"'), 'rosa.json');
    assert.doesNotThrow(() => complete(inKey.file, inKey.offset));
    // Condition keys from a templated provider keep its placeholder.
    const key = at(rosa.replace('"%{issuer_url}:aud"', '"%{oidc|"'), 'rosa.json');
    assert.deepStrictEqual(complete(key.file, key.offset).slice(0, 2).map((i) => [i.label, i.textEdit?.newText]), [
      ['%{oidc_endpoint}:sub', '%{oidc_endpoint}:sub'],
      ['%{oidc_endpoint}:aud', '%{oidc_endpoint}:aud'],
    ]);
    const operator = at(rosa.replace('"StringEquals"', '"String|Equals"'), 'rosa.json');
    assert.ok(complete(operator.file, operator.offset).some((i) => i.label === 'StringLike'));
    const sa = "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: a\n  annotations:\n    eks.amazonaws.com/role-arn: ${CARTS|}\n    eks.amazonaws.com/au|\n";
    const first = sa.indexOf('|');
    const value = at(sa.slice(0, first) + sa.slice(first + 1), 'sa.yaml');
    assert.ok(complete(value.file, value.offset).some((i) => i.label === 'eks.amazonaws.com/audience'));
  });
});
