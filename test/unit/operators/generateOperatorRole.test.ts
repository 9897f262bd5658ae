import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { fileURLToPath } from 'url';
import { CreateFile } from 'vscode-languageserver-types';
import { GENERATE_OPERATOR_ROLE_COMMAND } from '../../../server/src/commands/generateOperatorRole';
import { applyToDisk, check, runServerCommand, tempTree } from '../helpers';
import { ACCOUNT, credentialsRequest, ISSUER, ROLE, subscription, trustPolicy } from './fixtures';

const CONTROLLER = 'system:serviceaccount:log-forwarding:log-forwarder-controller';
const COLLECTOR = 'system:serviceaccount:log-forwarding:log-forwarder-collector';
const NEW_ROLE = 'demo-log-forwarding-log-forwarder-aws';
const NEW_ARN = `arn:aws:iam::${ACCOUNT}:role/${NEW_ROLE}`;

/** The cluster's install directory: its name, the issuer the Authentication manifest declares, and its OIDC provider (the account). */
const CLUSTER = {
  'cluster/iam/oidc-provider.json': `{"Url": "https://${ISSUER}", "ClientIDList": ["openshift"], "Arn": "arn:aws:iam::${ACCOUNT}:oidc-provider/${ISSUER}"}\n`,
  'cluster/install-config.yaml': 'apiVersion: v1\nmetadata:\n  name: demo\nbaseDomain: example.com\ncredentialsMode: Manual\nplatform:\n  aws:\n    region: us-east-2\n',
  'cluster/manifests/cluster-authentication-02-config.yaml': `apiVersion: config.openshift.io/v1\nkind: Authentication\nmetadata:\n  name: cluster\nspec:\n  serviceAccountIssuer: https://${ISSUER}\n`,
};
const TWO_ACCOUNTS = { serviceAccounts: ['log-forwarder-controller', 'log-forwarder-collector'] };

function run(dir: string, file: string, position?: { line: number; character: number }) {
  return runServerCommand(GENERATE_OPERATOR_ROLE_COMMAND, dir, file, position);
}

const read = (dir: string, rel: string) => fs.readFileSync(path.join(dir, rel), 'utf8');

function findings(dir: string, rel: string): string[] {
  const files: Record<string, string> = {};
  const walk = (sub: string) => {
    for (const entry of fs.readdirSync(path.join(dir, sub), { withFileTypes: true })) {
      const relPath = path.posix.join(sub, entry.name);
      if (entry.isDirectory()) walk(relPath);
      else files[relPath] = read(dir, relPath);
    }
  };
  walk('');
  return check(files, rel).findings.map((f) => `${f.code}: ${f.message}`);
}

describe('Generate IAM role for this operator', () => {
  it('from the Subscription: trust for every service account of its CredentialsRequest, the request\'s permissions, and ROLEARN set, which clears trust-sub-mismatch', () => {
    const dir = tempTree({
      ...CLUSTER,
      'operator/subscription.yaml': subscription(),
      'operator/credentialsrequest.yaml': credentialsRequest(TWO_ACCOUNTS),
      [`operator/iam/${ROLE}-trust-policy.json`]: trustPolicy([CONTROLLER]),
    });
    assert.deepStrictEqual(findings(dir, 'operator/subscription.yaml').map((f) => f.split(':')[0]), ['trust-sub-mismatch']);

    const result = run(dir, 'operator/subscription.yaml', { line: 3, character: 4 });
    assert.ok('edit' in result, JSON.stringify(result));
    assert.strictEqual(
      result.message,
      `Role ${NEW_ROLE} for ${CONTROLLER}, ${COLLECTOR} (audience openshift, issuer ${ISSUER}), set in the ROLEARN of Subscription log-forwarding/log-forwarder.`,
    );
    const iam = path.join(dir, 'operator/iam');
    assert.deepStrictEqual(result.created, [path.join(iam, `${NEW_ROLE}-trust-policy.json`), path.join(iam, `${NEW_ROLE}-permissions-policy.json`)]);
    // One edit: the two files and the Subscription, nothing else.
    assert.deepStrictEqual(
      result.edit.documentChanges!.map((c) => ('textDocument' in c ? `edit ${path.basename(fileURLToPath(c.textDocument.uri))}` : `${c.kind} ${path.basename(fileURLToPath((c as CreateFile).uri))}`)),
      [`create ${NEW_ROLE}-trust-policy.json`, `edit ${NEW_ROLE}-trust-policy.json`, `create ${NEW_ROLE}-permissions-policy.json`, `edit ${NEW_ROLE}-permissions-policy.json`, 'edit subscription.yaml'],
    );
    applyToDisk(result.edit);

    assert.deepStrictEqual(JSON.parse(read(dir, `operator/iam/${NEW_ROLE}-trust-policy.json`)), {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Federated: `arn:aws:iam::${ACCOUNT}:oidc-provider/${ISSUER}` },
          Action: 'sts:AssumeRoleWithWebIdentity',
          Condition: { StringEquals: { [`${ISSUER}:sub`]: [CONTROLLER, COLLECTOR], [`${ISSUER}:aud`]: 'openshift' } },
        },
      ],
    });
    assert.deepStrictEqual(JSON.parse(read(dir, `operator/iam/${NEW_ROLE}-permissions-policy.json`)), {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: ['logs:PutLogEvents', 'logs:CreateLogStream'], Resource: '*' }],
    });
    assert.strictEqual(read(dir, 'operator/subscription.yaml'), subscription(NEW_ARN));
    assert.strictEqual(read(dir, 'operator/credentialsrequest.yaml'), credentialsRequest(TWO_ACCOUNTS), 'the request takes the role from ROLEARN');
    assert.deepStrictEqual(findings(dir, 'operator/subscription.yaml'), []);
  });

  it('adds ROLEARN to a Subscription that has none', () => {
    const dir = tempTree({ ...CLUSTER, 'operator/subscription.yaml': subscription(null), 'operator/credentialsrequest.yaml': credentialsRequest() });
    const result = run(dir, 'operator/subscription.yaml');
    assert.ok('edit' in result, JSON.stringify(result));
    applyToDisk(result.edit);
    assert.strictEqual(read(dir, 'operator/subscription.yaml'), subscription(null) + `    - name: ROLEARN\n      value: ${NEW_ARN}\n`);

    const bare = subscription(null).replace('  config:\n    env:\n    - name: LOG_LEVEL\n      value: info\n', '');
    const other = tempTree({ ...CLUSTER, 'operator/subscription.yaml': bare, 'operator/credentialsrequest.yaml': credentialsRequest() });
    const second = run(other, 'operator/subscription.yaml');
    assert.ok('edit' in second, JSON.stringify(second));
    applyToDisk(second.edit);
    assert.strictEqual(read(other, 'operator/subscription.yaml'), bare + `  config:\n    env:\n    - name: ROLEARN\n      value: ${NEW_ARN}\n`);
  });

  it('from a CredentialsRequest alone: sets its stsIAMRoleARN', () => {
    const dir = tempTree({ ...CLUSTER, 'operator/credentialsrequest.yaml': credentialsRequest(TWO_ACCOUNTS) });
    const result = run(dir, 'operator/credentialsrequest.yaml', { line: 8, character: 4 });
    assert.ok('edit' in result, JSON.stringify(result));
    assert.strictEqual(
      result.message,
      `Role ${NEW_ROLE} for ${CONTROLLER}, ${COLLECTOR} (audience openshift, issuer ${ISSUER}), set in the stsIAMRoleARN of CredentialsRequest log-forwarder.`,
    );
    applyToDisk(result.edit);
    assert.strictEqual(read(dir, 'operator/credentialsrequest.yaml'), credentialsRequest({ ...TWO_ACCOUNTS, roleArn: NEW_ARN }));
    assert.deepStrictEqual(findings(dir, 'operator/credentialsrequest.yaml'), []);

    // An empty stsIAMRoleARN is filled in, its quotes kept.
    const empty = tempTree({ ...CLUSTER, 'operator/credentialsrequest.yaml': credentialsRequest({ roleArn: '""' }) });
    const second = run(empty, 'operator/credentialsrequest.yaml');
    assert.ok('edit' in second, JSON.stringify(second));
    applyToDisk(second.edit);
    assert.strictEqual(read(empty, 'operator/credentialsrequest.yaml'), credentialsRequest({ roleArn: `"${NEW_ARN}"` }));
  });

  it('from the CredentialsRequest of a Subscription: sets ROLEARN in the Subscription', () => {
    const dir = tempTree({ ...CLUSTER, 'operator/subscription.yaml': subscription(''), 'operator/credentialsrequest.yaml': credentialsRequest() });
    const result = run(dir, 'operator/credentialsrequest.yaml');
    assert.ok('edit' in result, JSON.stringify(result));
    applyToDisk(result.edit);
    assert.strictEqual(read(dir, 'operator/subscription.yaml'), subscription(`"${NEW_ARN}"`));
    assert.strictEqual(read(dir, 'operator/credentialsrequest.yaml'), credentialsRequest());
  });

  it('without a cluster issuer or account in the workspace, writes placeholders and says what to fill in', () => {
    const dir = tempTree({ 'operator/subscription.yaml': subscription(''), 'operator/credentialsrequest.yaml': credentialsRequest() });
    const result = run(dir, 'operator/subscription.yaml');
    assert.ok('edit' in result, JSON.stringify(result));
    assert.strictEqual(
      result.message,
      'Role log-forwarding-log-forwarder-aws for system:serviceaccount:log-forwarding:log-forwarder-controller (audience openshift, issuer unknown), set in the ROLEARN of Subscription log-forwarding/log-forwarder. ' +
        "Fill in the cluster issuer (no Authentication, kops Cluster or discovery document in the workspace; `oc get authentication cluster -o jsonpath='{.spec.serviceAccountIssuer}'` prints it), the AWS account ID.",
    );
    applyToDisk(result.edit);
    assert.strictEqual(read(dir, 'operator/subscription.yaml'), subscription('"arn:aws:iam::REPLACE_WITH_ACCOUNT_ID:role/log-forwarding-log-forwarder-aws"'));
    const trust = JSON.parse(read(dir, 'operator/iam/log-forwarding-log-forwarder-aws-trust-policy.json'));
    assert.deepStrictEqual(trust.Statement[0].Principal, { Federated: 'arn:aws:iam::REPLACE_WITH_ACCOUNT_ID:oidc-provider/REPLACE-WITH-CLUSTER-ISSUER-HOST' });
  });

  it('answers with a message, not files, when there is no operator request to build the role from or its names are not Kubernetes names', () => {
    const lonely = tempTree({ ...CLUSTER, 'operator/subscription.yaml': subscription() });
    const noRequest = run(lonely, 'operator/subscription.yaml');
    assert.ok('error' in noRequest);
    assert.strictEqual(
      noRequest.error,
      'No CredentialsRequest of the workspace takes its role from Subscription "log-forwarding/log-forwarder" (an AWS CredentialsRequest for a Secret in namespace "log-forwarding" without an stsIAMRoleARN of its own, with no other Subscription in that namespace). ' +
        "Add the operator's CredentialsRequest (from its bundle) to the workspace.",
    );

    const hostile = credentialsRequest().replace('name: log-forwarder-aws', 'name: ../../../etc/cron.d/x');
    const bad = tempTree({ ...CLUSTER, 'operator/credentialsrequest.yaml': hostile });
    assert.deepStrictEqual(run(bad, 'operator/credentialsrequest.yaml'), {
      error:
        'CredentialsRequest "log-forwarder": spec.secretRef.name "../../../etc/cron.d/x" is not a Kubernetes Secret name (only lower-case letters, digits, "-" and "." are allowed, each dot-separated part starting and ending with a letter or digit).',
    });
    assert.ok(!fs.existsSync(path.join(bad, 'operator/iam')));

    const release = credentialsRequest().replace('  cloudTokenPath: /var/run/secrets/openshift/serviceaccount/token\n', '');
    const install = tempTree({ ...CLUSTER, 'cluster/credrequests/ingress.yaml': release });
    const notOperator = run(install, 'cluster/credrequests/ingress.yaml');
    assert.ok('error' in notOperator);
    assert.match(notOperator.error, /has neither spec\.cloudTokenPath nor providerSpec\.stsIAMRoleARN, and no Subscription of the workspace gives it a role/);

    const other = tempTree({ 'x.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n' });
    assert.deepStrictEqual(run(other, 'x.yaml'), { error: "Put the cursor on an operator's Subscription or its CredentialsRequest." });
  });
});
