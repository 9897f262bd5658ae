import * as assert from 'assert';
import { applyEdits, check } from '../helpers';
import { CCOCTL_SECRET } from './manifestsFixtures';

const ROLE = 'arn:aws:iam::123456789012:role/sts-test-1-default-s3-access-secret';

function secret(text: string) {
  return check({ 'secret.yaml': text }, 'secret.yaml');
}

describe('credentials-file-value', () => {
  it('the ccoctl Secret is clean, and so are legacy and other real keys', () => {
    assert.deepStrictEqual(secret(CCOCTL_SECRET).summary, []);
    assert.deepStrictEqual(secret(CCOCTL_SECRET.replace('= regional', '= legacy')).summary, []);
    const more = CCOCTL_SECRET.replace('    [default]\n', '    [default]\n    region = us-east-2\n    role_session_name = app\n    retry_mode = standard\n    output = json\n');
    assert.deepStrictEqual(secret(more).summary, []);
  });

  it('sts_regional_endpoints with another value: exact range inside stringData.credentials, fix to regional', () => {
    const text = CCOCTL_SECRET.replace('= regional', '= Regional');
    const result = secret(text);
    assert.deepStrictEqual(result.summary, ['8:29-8:37 credentials-file-value']);
    assert.strictEqual(
      result.findings[0].message,
      'sts_regional_endpoints "Regional" in Secret s3-access-secret is neither "regional" nor "legacy": the AWS SDKs either refuse it (botocore: InvalidSTSRegionalEndpointsConfigError) or ignore it and call the global STS endpoint, which fails in opt-in regions. Use "regional".',
    );
    assert.strictEqual(result.findings[0].fixes[0].title, 'Use regional');
    assert.strictEqual(applyEdits(result.file, result.findings[0].fixes[0].edits[result.file.uri]), CCOCTL_SECRET);
    const typo = secret(CCOCTL_SECRET.replace('= regional', '= legcy'));
    assert.deepStrictEqual(typo.summary, ['8:29-8:34 credentials-file-value']);
    assert.strictEqual(typo.findings[0].fixes[0].title, 'Use legacy');
    // Nothing close: still reported, and regional is what ccoctl writes.
    const other = secret(CCOCTL_SECRET.replace('= regional', '= true'));
    assert.deepStrictEqual(other.summary, ['8:29-8:33 credentials-file-value']);
    assert.strictEqual(other.findings[0].fixes[0].title, 'Use regional');
  });

  it('base64 data: reported on the whole value, no fix that would break the encoding', () => {
    const ini = '[default]\nsts_regional_endpoints = global\nrole_arn = ' + ROLE + '\nweb_identity_token_file = /var/run/secrets/openshift/serviceaccount/token\n';
    const encoded = Buffer.from(ini).toString('base64');
    const text = `apiVersion: v1\nkind: Secret\nmetadata:\n  name: enc\ndata:\n  credentials: ${encoded}\n`;
    const result = secret(text);
    assert.deepStrictEqual(result.summary, [`5:15-5:${15 + encoded.length} credentials-file-value`]);
    assert.match(result.findings[0].message, /^sts_regional_endpoints "global" in Secret enc/);
    assert.strictEqual(result.findings[0].fixes.length, 0);
  });

  it('web_identity_token_file relative or empty', () => {
    const relative = secret(CCOCTL_SECRET.replace('= /var/run/secrets/openshift/serviceaccount/token', '= token'));
    assert.deepStrictEqual(relative.summary, ['10:30-10:35 credentials-file-value']);
    assert.strictEqual(
      relative.findings[0].message,
      'web_identity_token_file "token" in Secret s3-access-secret is not an absolute path: the SDK resolves it against the container\'s working directory and fails with "no such file or directory". Use the projected token\'s absolute path, e.g. /var/run/secrets/openshift/serviceaccount/token.',
    );
    const empty = secret(CCOCTL_SECRET.replace(' = /var/run/secrets/openshift/serviceaccount/token', ' ='));
    assert.deepStrictEqual(empty.summary, ['10:4-10:27 credentials-file-value']);
    assert.match(empty.findings[0].message, /^web_identity_token_file is empty in Secret s3-access-secret/);
  });

  it('role_arn twice in one profile, with related information on the first', () => {
    const other = 'arn:aws:iam::123456789012:role/other';
    const text = CCOCTL_SECRET.replace(`    role_arn = ${ROLE}\n`, `    role_arn = ${ROLE}\n    role_arn = ${other}\n`);
    const result = secret(text);
    assert.deepStrictEqual(result.summary, ['10:4-10:12 credentials-file-value']);
    assert.strictEqual(
      result.findings[0].message,
      `role_arn is set twice in profile [default] of Secret s3-access-secret with different values ("${ROLE}" and "${other}"): botocore (Python, the AWS CLI) refuses the file ("Unable to parse config file"), other SDKs silently take one of them. Keep one role_arn line.`,
    );
    assert.strictEqual(result.findings[0].related[0].message, 'role_arn is first set here');
    assert.deepStrictEqual(result.findings[0].related[0].range, { start: { line: 9, character: 4 }, end: { line: 9, character: 12 } });
    // The same key in another profile is not a duplicate.
    const profiles = CCOCTL_SECRET.replace('type: Opaque', `    [profile other]\n    role_arn = ${other}\ntype: Opaque`);
    assert.deepStrictEqual(secret(profiles).summary, []);
  });

  it('a duplicated secret key is reported without echoing either value', () => {
    const text = 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: keys\nstringData:\n  credentials: |\n    [default]\n    aws_secret_access_key = FIRSTsecretVALUE\n    aws_secret_access_key = SECONDsecretVALUE\n';
    const result = secret(text);
    assert.deepStrictEqual(result.summary, ['8:4-8:25 credentials-file-value']);
    assert.ok(!/FIRST|SECOND/.test(result.findings[0].message), result.findings[0].message);
    assert.match(result.findings[0].message, /^aws_secret_access_key is set twice in profile \[default\] of Secret keys with different values: botocore/);
  });

  it('a misspelled web identity key, with the fix to the real key', () => {
    const text = CCOCTL_SECRET.replace('    role_arn =', '    role-arn =');
    const result = secret(text);
    assert.deepStrictEqual(result.summary, ['9:4-9:12 credentials-file-value']);
    assert.strictEqual(result.findings[0].message, '"role-arn" in Secret s3-access-secret is not a key the AWS SDKs read, so the profile has no role_arn. Did you mean role_arn?');
    assert.strictEqual(applyEdits(result.file, result.findings[0].fixes[0].edits[result.file.uri]), CCOCTL_SECRET);
    const tokenTypo = secret(CCOCTL_SECRET.replace('web_identity_token_file', 'web_identity_tokn_file'));
    assert.deepStrictEqual(tokenTypo.summary, ['10:4-10:26 credentials-file-value']);
  });

  it('a misspelled static credential key, without echoing its value', () => {
    const text = CCOCTL_SECRET.replace('    [default]\n', '    [default]\n    aws_secret_acess_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n');
    const result = secret(text);
    const findings = result.findings.filter((f) => f.code === 'credentials-file-value');
    assert.deepStrictEqual(findings.map((f) => f.message), ['"aws_secret_acess_key" in Secret s3-access-secret is not a key the AWS SDKs read, so the profile has no aws_secret_access_key. Did you mean aws_secret_access_key?']);
    assert.strictEqual(applyEdits(result.file, findings[0].fixes[0].edits[result.file.uri]), text.replace('aws_secret_acess_key', 'aws_secret_access_key'));
  });

  it('CRLF and a quoted one-line credentials value keep exact ranges or fall back to the value', () => {
    const crlf = CCOCTL_SECRET.replace('= regional', '= regionl').replace(/\n/g, '\r\n');
    const result = secret(crlf);
    assert.deepStrictEqual(result.summary, ['8:29-8:36 credentials-file-value']);
    assert.strictEqual(applyEdits(result.file, result.findings[0].fixes[0].edits[result.file.uri]), CCOCTL_SECRET.replace(/\n/g, '\r\n'));
    const quoted = 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: q\nstringData:\n  credentials: "[default]\\nsts_regional_endpoints = yes\\n"\n';
    const q = secret(quoted);
    assert.deepStrictEqual(q.summary, ['5:15-5:58 credentials-file-value']);
    assert.strictEqual(q.findings[0].fixes.length, 0);
  });
});
