import * as assert from 'assert';
import { applyEdits, AUTH_MANIFEST, check, installConfig, PULL_SECRET_TOKEN } from '../helpers';

const CCOCTL_SECRET = [
  'apiVersion: v1',
  'kind: Secret',
  'metadata:',
  '  name: installer-cloud-credentials',
  '  namespace: openshift-image-registry',
  'stringData:',
  '  credentials: |-',
  '    [default]',
  '    sts_regional_endpoints = regional',
  '    role_arn = arn:aws:iam::123456789012:role/demo-openshift-image-registry-installer-cloud-credentials',
  '    web_identity_token_file = /var/run/secrets/openshift/serviceaccount/token',
  'type: Opaque',
  '',
].join('\n');

describe('sts-manual-mode-required', () => {
  it('fires on credentialsMode when ccoctl manifests are in the install directory, and the fix sets Manual', () => {
    const text = installConfig('', 'Mint');
    const result = check({ 'install-config.yaml': text, 'manifests/cluster-authentication-02-config.yaml': AUTH_MANIFEST }, 'install-config.yaml');
    assert.deepStrictEqual(result.summary, ['2:17-2:21 sts-manual-mode-required']);
    const [finding] = result.findings;
    assert.strictEqual(finding.severity, 'error');
    assert.strictEqual(
      finding.message,
      'The install directory holds ccoctl output (manifests/cluster-authentication-02-config.yaml sets serviceAccountIssuer https://demo-oidc.s3.ap-northeast-1.amazonaws.com) but credentialsMode is "Mint": the installer will ignore those STS credentials. Set credentialsMode: Manual.',
    );
    assert.strictEqual(finding.fixes[0].title, 'Set credentialsMode: Manual');
    const fixed = applyEdits(result.file, finding.fixes[0].edits[result.file.uri]);
    assert.strictEqual(fixed, installConfig('', 'Manual'));
  });

  it('inserts credentialsMode after apiVersion when it is missing, detecting ccoctl Secrets', () => {
    const text = installConfig().replace('credentialsMode: Manual\n', '');
    const result = check({ 'install-config.yaml': text, 'manifests/openshift-image-registry-installer-cloud-credentials-credentials.yaml': CCOCTL_SECRET }, 'install-config.yaml');
    assert.deepStrictEqual(result.summary, ['0:0-0:10 sts-manual-mode-required']);
    assert.match(result.findings[0].message, /openshift-image-registry-installer-cloud-credentials-credentials\.yaml is a web-identity credentials Secret.*credentialsMode is not set/);
    const fixed = applyEdits(result.file, result.findings[0].fixes[0].edits[result.file.uri]);
    assert.ok(fixed.startsWith('apiVersion: v1\ncredentialsMode: Manual\nbaseDomain: example.com\n'), fixed);
  });

  it('keeps CRLF line endings when inserting', () => {
    const text = installConfig().replace('credentialsMode: Manual\n', '').replace(/\n/g, '\r\n');
    const result = check({ 'install-config.yaml': text, 'manifests/cluster-authentication-02-config.yaml': AUTH_MANIFEST }, 'install-config.yaml');
    const fixed = applyEdits(result.file, result.findings[0].fixes[0].edits[result.file.uri]);
    assert.ok(fixed.startsWith('apiVersion: v1\r\ncredentialsMode: Manual\r\nbaseDomain'), JSON.stringify(fixed.slice(0, 60)));
  });

  it('is silent with Manual, and without ccoctl output', () => {
    assert.deepStrictEqual(check({ 'install-config.yaml': installConfig(), 'manifests/cluster-authentication-02-config.yaml': AUTH_MANIFEST, 'tls/bound-service-account-signing-key.key': 'k' }, 'install-config.yaml').summary, []);
    assert.deepStrictEqual(check({ 'install-config.yaml': installConfig('', 'Mint') }, 'install-config.yaml').summary, []);
  });

  it('never puts the pull secret in a message', () => {
    const text = installConfig('', 'Mint');
    const result = check({ 'install-config.yaml': text, 'manifests/cluster-authentication-02-config.yaml': AUTH_MANIFEST }, 'install-config.yaml');
    assert.ok(result.findings.every((f) => !f.message.includes(PULL_SECRET_TOKEN)));
  });
});

describe('install-config-schema on deprecated keys', () => {
  it('informs (the installer still accepts them) rather than warns', () => {
    const text = installConfig().replace('    region: ap-northeast-1\n', '    region: ap-northeast-1\n    amiID: ami-0123456789abcdef0\n');
    const found = check({ 'install-config.yaml': text }, 'install-config.yaml', { rules: { 'sts-manifests-missing': 'off' } }).findings;
    assert.deepStrictEqual(found.map((f) => [f.code, f.severity]), [['install-config-schema', 'information']]);
    assert.match(found[0].message, /^platform\.aws\.amiID is deprecated, though the installer still accepts it: the installer copies it to `platform\.aws\.defaultMachinePlatform\.amiID`/);
  });
});

describe('sts-manifests-missing', () => {
  const INSTALLER_STATE = '{"*installconfig.InstallConfig": {}}\n';

  it('lists what an install directory (openshift-install has worked there) lacks', () => {
    const { summary, findings } = check({ 'install-config.yaml': installConfig(), '.openshift_install_state.json': INSTALLER_STATE }, 'install-config.yaml');
    assert.deepStrictEqual(summary, ['2:17-2:23 sts-manifests-missing']);
    assert.strictEqual(findings[0].severity, 'warning');
    assert.match(findings[0].message, /lacks manifests\/cluster-authentication-02-config\.yaml and tls\/bound-service-account-signing-key\.key/);
  });

  it('names only the signing key when the manifest is there', () => {
    const { findings } = check({ 'install-config.yaml': installConfig(), 'manifests/cluster-authentication-02-config.yaml': AUTH_MANIFEST }, 'install-config.yaml');
    assert.strictEqual(findings[0].severity, 'warning');
    assert.match(findings[0].message, /lacks tls\/bound-service-account-signing-key\.key:/);
  });

  it('only informs on a copy kept in a repository, naming ccoctl\'s output when the workspace has it', () => {
    const alone = check({ 'install-config.yaml': installConfig() }, 'install-config.yaml').findings;
    assert.deepStrictEqual(alone.map((f) => [f.code, f.severity]), [['sts-manifests-missing', 'information']]);
    assert.strictEqual(
      alone[0].message,
      "credentialsMode is Manual: for AWS STS the install directory made from this file needs ccoctl's manifests/cluster-authentication-02-config.yaml (after `openshift-install create manifests`) and tls/bound-service-account-signing-key.key before `openshift-install create cluster`, from `ccoctl aws create-all` (or `sts-lens aws create-all`), or the cluster's components get no AWS credentials.",
    );
    const withOutput = check({ 'install-config.yaml': installConfig(), '_output/manifests/cluster-authentication-02-config.yaml': AUTH_MANIFEST }, 'install-config.yaml').findings;
    assert.deepStrictEqual(withOutput.map((f) => f.severity), ['information']);
    assert.match(withOutput[0].message, /from ccoctl's output \(_output\/manifests\/cluster-authentication-02-config\.yaml\), or the cluster's/);
  });

  it('stays silent for manual mode with long-lived keys', () => {
    const secret = CCOCTL_SECRET.replace(/    role_arn.*\n    web_identity_token_file.*\n/, '    aws_access_key_id = AKIAEXAMPLE\n    aws_secret_access_key = example\n');
    assert.deepStrictEqual(check({ 'install-config.yaml': installConfig(), 'manifests/static-credentials.yaml': secret }, 'install-config.yaml').summary, []);
  });
});

describe('install-config-region', () => {
  it('requires platform.aws.region', () => {
    const text = installConfig().replace('    region: ap-northeast-1\n', '    userTags: {team: a}\n');
    const { summary, findings } = check({ 'install-config.yaml': text }, 'install-config.yaml', { rules: { 'sts-manifests-missing': 'off' } });
    assert.deepStrictEqual(summary, ['6:2-6:5 install-config-region']);
    assert.strictEqual(findings[0].severity, 'error');
  });

  it('warns on an unknown region and offers the nearest', () => {
    const text = installConfig().replace('ap-northeast-1', 'ap-northeast-7');
    const result = check({ 'install-config.yaml': text }, 'install-config.yaml', { rules: { 'sts-manifests-missing': 'off' } });
    assert.deepStrictEqual(result.summary, ['7:12-7:26 install-config-region']);
    assert.strictEqual(result.findings[0].severity, 'warning');
    assert.strictEqual(result.findings[0].message, '"ap-northeast-7" is not a known AWS region (did you mean "ap-northeast-1"?).');
    assert.ok(applyEdits(result.file, result.findings[0].fixes[0].edits[result.file.uri]).includes('    region: ap-northeast-1\n'));
  });

  it('accepts China and GovCloud regions', () => {
    for (const region of ['cn-north-1', 'us-gov-west-1']) {
      const text = installConfig().replace('ap-northeast-1', region);
      assert.deepStrictEqual(check({ 'install-config.yaml': text }, 'install-config.yaml', { rules: { 'sts-manifests-missing': 'off' } }).summary, []);
    }
  });
});

describe('install-config-schema', () => {
  const off = { rules: { 'sts-manifests-missing': 'off' as const } };

  it('reports an unknown key with the nearest known one, and the fix renames it', () => {
    const text = installConfig().replace('credentialsMode: Manual', 'credentialMode: Manual');
    const result = check({ 'install-config.yaml': text }, 'install-config.yaml', off);
    assert.deepStrictEqual(result.summary, ['2:0-2:14 install-config-schema']);
    assert.strictEqual(result.findings[0].message, 'Unknown key "credentialMode" (did you mean "credentialsMode"?): the installer rejects the file.');
    assert.ok(applyEdits(result.file, result.findings[0].fixes[0].edits[result.file.uri]).includes('\ncredentialsMode: Manual\n'));
  });

  it('reports a value outside an enum with the nearest value', () => {
    const result = check({ 'install-config.yaml': installConfig('', 'manual') }, 'install-config.yaml', off);
    assert.deepStrictEqual(result.summary, ['2:17-2:23 install-config-schema']);
    assert.strictEqual(result.findings[0].message, '"manual" is not a valid credentialsMode: expected "", "Mint", "Passthrough" or "Manual" (did you mean "Manual"?).');
  });

  it('checks types, subnet ids, https endpoints, controlPlane.name and apiVersion', () => {
    const text = [
      'apiVersion: v2',
      'baseDomain: example.com',
      'fips: "yes"',
      'controlPlane:',
      '  name: masters',
      '  replicas: three',
      'platform:',
      '  aws:',
      '    region: us-east-1',
      '    vpc:',
      '      subnets:',
      '      - id: sub-123',
      '    subnets: [subnet-0abc]',
      '    serviceEndpoints:',
      '    - name: ec2',
      '      url: http://ec2.example.com',
      'pullSecret: x',
      '',
    ].join('\n');
    const { summary } = check({ 'install-config.yaml': text }, 'install-config.yaml', off);
    assert.deepStrictEqual(summary, [
      '0:12-0:14 install-config-schema',
      '2:6-2:11 install-config-schema',
      '4:8-4:15 install-config-schema',
      '5:12-5:17 install-config-schema',
      '11:12-11:19 install-config-schema',
      '12:4-12:11 install-config-schema',
      '12:4-12:11 install-config-schema',
      '15:11-15:33 install-config-schema',
    ]);
  });

  it('says how to quote a pull secret written as a YAML mapping, without echoing it', () => {
    const text = installConfig().replace(/pullSecret: .*/, `pullSecret: {"auths":{"example.invalid":{"auth":"${PULL_SECRET_TOKEN}"}}}`);
    const { summary, findings } = check({ 'install-config.yaml': text }, 'install-config.yaml', off);
    assert.deepStrictEqual(summary, ['8:0-8:10 install-config-schema']);
    assert.match(findings[0].message, /pullSecret must be a string: quote the JSON/);
    assert.ok(!findings[0].message.includes(PULL_SECRET_TOKEN));
  });

  it("accepts sshKey: '' (no key) and refuses pullSecret: '' as the installer does", () => {
    const text = installConfig("sshKey: ''\n").replace(/pullSecret: .*/, "pullSecret: ''");
    const { summary, findings } = check({ 'install-config.yaml': text }, 'install-config.yaml', off);
    const line = text.split('\n').findIndex((l) => l.startsWith('pullSecret'));
    assert.deepStrictEqual(summary, [`${line}:12-${line}:14 install-config-schema`]);
    assert.strictEqual(findings[0].message, 'pullSecret is empty: the installer parses it as JSON of registry credentials and refuses the file. Paste the pull secret from console.redhat.com, in single quotes.');
    const badKey = installConfig('sshKey: /home/me/.ssh/id_ed25519.pub\n');
    assert.deepStrictEqual(check({ 'install-config.yaml': badKey }, 'install-config.yaml', off).findings.map((f) => f.code), ['install-config-schema']);
  });

  it('requires baseDomain and pullSecret', () => {
    const { summary, findings } = check({ 'install-config.yaml': 'apiVersion: v1\nplatform:\n  aws:\n    region: us-east-1\n' }, 'install-config.yaml', off);
    assert.deepStrictEqual(summary, ['0:0-0:10 install-config-schema', '0:0-0:10 install-config-schema']);
    assert.deepStrictEqual(findings.map((f) => f.message).sort(), ['Missing required key "baseDomain".', 'Missing required key "pullSecret".']);
  });

  it('is clean on a complete, valid install-config', () => {
    const text = installConfig(
      [
        'publish: Internal',
        'fips: false',
        'sshKey: ssh-ed25519 AAAA example',
        'controlPlane:',
        '  name: master',
        '  replicas: 3',
        '  platform:',
        '    aws:',
        '      type: m6i.xlarge',
        'compute:',
        '- name: worker',
        '  replicas: 3',
        'networking:',
        '  networkType: OVNKubernetes',
        '  machineNetwork:',
        '  - cidr: 10.0.0.0/16',
        '',
      ].join('\n'),
    );
    assert.deepStrictEqual(check({ 'install-config.yaml': text }, 'install-config.yaml', off).summary, []);
  });

  it('honours a severity override and "off"', () => {
    const text = installConfig('', 'manual');
    assert.deepStrictEqual(check({ 'install-config.yaml': text }, 'install-config.yaml', { rules: { 'sts-manifests-missing': 'off', 'install-config-schema': 'off' } }).summary, []);
    const { findings } = check({ 'install-config.yaml': text }, 'install-config.yaml', { rules: { 'sts-manifests-missing': 'off', 'install-config-schema': 'hint' } });
    assert.strictEqual(findings[0].severity, 'hint');
  });
});
