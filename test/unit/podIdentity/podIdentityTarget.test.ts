import * as assert from 'assert';
import { applyEdits, check } from '../helpers';
import { parseFile } from '../../../server/src/model/parsedFile';
import { loadHcl } from '../../../server/src/model/hcl/treeSitter';
import { ackAssociation, podTrust, scoped, tfAssociation } from './fixtures';

/**
 * An association with a target role: EKS Pod Identity assumes app-role
 * (account 111122223333), then data-reader (account 444455556666) with
 * app-role's credentials. The first role's trust is fine in every case here.
 */
const TARGET = 'arn:aws:iam::444455556666:role/data-reader';
const withTarget = (extra: string[] = []) => ackAssociation('app', 'web', undefined, [`  targetRoleARN: ${TARGET}`, ...extra]);
const targetTrust = (...statements: Record<string, unknown>[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2) + '\n';
// With session tags off the first role's trust cannot require them either.
const files = (association: string, target: string) => ({
  'k8s/association.yaml': association,
  'iam/app-role-trust.json': association.includes('disableSessionTags: true') ? podTrust() : podTrust(scoped('app', 'web')),
  'iam/data-reader-trust.json': target,
});
const findingsOf = (result: ReturnType<typeof check>) => result.findings.filter((f) => f.code === 'pod-identity-trust');
const LEAD =
  "PodIdentityAssociation app has EKS Pod Identity assume role app-role and then, with that role's credentials, the target role data-reader; the target role's trust policy (../iam/data-reader-trust.json)";

function fixed(all: Record<string, string>, finding: ReturnType<typeof findingsOf>[number]): Record<string, string> {
  const [uri] = Object.keys(finding.fixes![0].edits);
  assert.ok(uri.endsWith('iam/data-reader-trust.json'), uri);
  const text = applyEdits(parseFile(uri, all['iam/data-reader-trust.json']), finding.fixes![0].edits[uri]);
  return { ...all, 'iam/data-reader-trust.json': text };
}

describe('pod-identity-trust: the target role of an association (role chaining)', () => {
  it('reports a target role that trusts another account, on the targetRoleARN value, and the fix trusts the association\'s role', () => {
    const all = files(withTarget(), targetTrust({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::999988887777:root' }, Action: ['sts:AssumeRole', 'sts:TagSession'] }));
    const result = check(all, 'k8s/association.yaml');
    assert.deepStrictEqual(result.summary.filter((s) => s.endsWith('pod-identity-trust')), ['10:17-10:59 pod-identity-trust']);
    const [finding] = findingsOf(result);
    assert.strictEqual(
      finding.message,
      `${LEAD} does not allow app-role to call sts:AssumeRole (no statement names the role or its account as an AWS principal): the second assumption fails and the pods get no credentials. Add a statement that allows the AWS principal arn:aws:iam::111122223333:role/app-role sts:AssumeRole and sts:TagSession.`,
    );
    assert.strictEqual(finding.severity, 'error');
    assert.strictEqual(finding.fixes![0].title, 'Trust arn:aws:iam::111122223333:role/app-role in the trust policy of data-reader');
    const after = fixed(all, finding);
    assert.deepStrictEqual(JSON.parse(after['iam/data-reader-trust.json']).Statement[1], {
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::111122223333:role/app-role' },
      Action: ['sts:AssumeRole', 'sts:TagSession'],
      Condition: { StringEquals: { 'aws:RequestTag/kubernetes-namespace': 'app', 'aws:RequestTag/kubernetes-service-account': 'web' } },
    });
    assert.deepStrictEqual(findingsOf(check(after, 'k8s/association.yaml')), []);
  });

  it('reports a target trust of the right account without sts:TagSession while session tags are on, and the fix adds it', () => {
    const all = files(withTarget(), targetTrust({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: ['sts:AssumeRole'] }));
    const [finding] = findingsOf(check(all, 'k8s/association.yaml'));
    assert.strictEqual(
      finding.message,
      `${LEAD} does not allow sts:TagSession for app-role: EKS Pod Identity passes its session tags when it assumes the target role, so that AssumeRole fails. Add "sts:TagSession" to the statement's actions.`,
    );
    const after = fixed(all, finding);
    assert.deepStrictEqual(JSON.parse(after['iam/data-reader-trust.json']).Statement[0].Action, ['sts:AssumeRole', 'sts:TagSession']);
    assert.deepStrictEqual(findingsOf(check(after, 'k8s/association.yaml')), []);
  });

  it('reports session-tag conditions of the target trust that the association does not meet, and the fix admits its values', () => {
    const all = files(
      withTarget(),
      targetTrust({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:role/app-role' }, Action: ['sts:AssumeRole', 'sts:TagSession'], ...scoped('app', 'worker') }),
    );
    const [finding] = findingsOf(check(all, 'k8s/association.yaml'));
    assert.strictEqual(
      finding.message,
      `${LEAD} requires aws:RequestTag/kubernetes-service-account worker, and the association's sessions are tagged kubernetes-service-account=web: the target role cannot be assumed for it. Add the association's values to the target role's conditions, or change the association.`,
    );
    const after = fixed(all, finding);
    assert.deepStrictEqual(JSON.parse(after['iam/data-reader-trust.json']).Statement[0].Condition.StringEquals['aws:RequestTag/kubernetes-service-account'], ['worker', 'web']);
    assert.deepStrictEqual(findingsOf(check(after, 'k8s/association.yaml')), []);
  });

  it("accepts the user guide's two shapes: the account root with session tags and aws:PrincipalARN, and, with tags off, an external ID with TagSession in its own statement", () => {
    const tagged = targetTrust({
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::111122223333:root' },
      Action: ['sts:AssumeRole', 'sts:TagSession'],
      Condition: {
        StringEquals: { 'aws:RequestTag/eks-cluster-name': 'prod', 'aws:RequestTag/kubernetes-namespace': 'app', 'aws:RequestTag/kubernetes-service-account': 'web' },
        ArnEquals: { 'aws:PrincipalARN': 'arn:aws:iam::111122223333:role/app-role' },
      },
    });
    assert.deepStrictEqual(findingsOf(check(files(withTarget(), tagged), 'k8s/association.yaml')), []);
    const externalId = (value: string) =>
      targetTrust(
        { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': value } } },
        { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'sts:TagSession' },
      );
    const untagged = withTarget(['  disableSessionTags: true']);
    assert.deepStrictEqual(findingsOf(check(files(untagged, externalId('us-east-1/111122223333/prod/app/web')), 'k8s/association.yaml')), []);
    // Templated or differently shaped external IDs are not compared.
    assert.deepStrictEqual(findingsOf(check(files(untagged, externalId('${ExternalId}')), 'k8s/association.yaml')), []);
    assert.deepStrictEqual(findingsOf(check(files(untagged, externalId('a1b2c3')), 'k8s/association.yaml')), []);
  });

  it('warns when, with session tags off, the external ID condition names another service account', () => {
    const trust = targetTrust({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': 'us-east-1/111122223333/prod/app/worker' } } });
    const [finding] = findingsOf(check(files(withTarget(['  disableSessionTags: true']), trust), 'k8s/association.yaml'));
    assert.strictEqual(finding.severity, 'warning');
    assert.strictEqual(
      finding.message,
      `${LEAD} requires sts:ExternalId us-east-1/111122223333/prod/app/worker. With session tags off, EKS Pod Identity sends the external ID region/account/cluster/namespace/service-account, here <region>/<account>/prod/app/web, which the condition does not admit. Make the condition name the association's cluster, namespace and service account.`,
    );
  });

  it('reports tag conditions in the target trust when the association disables session tags', () => {
    const trust = targetTrust({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:role/app-role' }, Action: ['sts:AssumeRole', 'sts:TagSession'], ...scoped('app', 'web') });
    const [finding] = findingsOf(check(files(withTarget(['  disableSessionTags: true']), trust), 'k8s/association.yaml'));
    assert.strictEqual(
      finding.message,
      `${LEAD} admits app-role only with session tag conditions (aws:RequestTag/kubernetes-namespace), and the association disables session tags: no tags are sent, the conditions fail and the target role cannot be assumed. Enable session tags or remove the tag conditions.`,
    );
  });

  it('stays quiet when it cannot tell: a wildcard or templated principal, another role of the same name in an unknown account, no target trust in the workspace', () => {
    const quiet = (trust: string, association = withTarget()) => assert.deepStrictEqual(findingsOf(check(files(association, trust), 'k8s/association.yaml')), []);
    quiet(targetTrust({ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole', Condition: { ArnEquals: { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/app-role' } } }));
    quiet(targetTrust({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::${SourceAccount}:root' }, Action: 'sts:AssumeRole' }));
    // The association's role given by a placeholder ARN: its account is unknown, so an account root may be its own.
    quiet(targetTrust({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::999988887777:root' }, Action: ['sts:AssumeRole', 'sts:TagSession'] }), ackAssociation('app', 'web', 'arn:aws:iam::${ACCOUNT_ID}:role/app-role', [`  targetRoleARN: ${TARGET}`]));
    assert.deepStrictEqual(findingsOf(check({ 'k8s/association.yaml': withTarget(), 'iam/app-role-trust.json': podTrust(scoped('app', 'web')) }, 'k8s/association.yaml')), []);
  });

  it('reads the target role of a Terraform association from a role of the same file', async () => {
    await loadHcl();
    const target = [
      'resource "aws_iam_role" "target" {',
      '  name = "data-reader"',
      '  assume_role_policy = jsonencode({',
      '    Version = "2012-10-17"',
      '    Statement = [{ Effect = "Allow", Principal = { AWS = "arn:aws:iam::111122223333:role/app-role" }, Action = ["sts:AssumeRole"] }]',
      '  })',
      '}',
      '',
    ];
    const tf = tfAssociation('["sts:AssumeRole", "sts:TagSession"]', target, ['  target_role_arn = aws_iam_role.target.arn']);
    const result = check({ 'main.tf': tf }, 'main.tf');
    // The role's ARN is a reference (its account is unknown), but a role ARN principal names it by name.
    assert.deepStrictEqual(result.summary.filter((s) => s.endsWith('pod-identity-trust')), ['25:20-25:43 pod-identity-trust']);
    const [finding] = findingsOf(result);
    assert.match(finding.message, /^aws_eks_pod_identity_association\.app has EKS Pod Identity assume role app-role and then, with that role's credentials, the target role data-reader; the target role's trust policy \(main\.tf\) does not allow sts:TagSession for app-role/);
    const after = applyEdits(result.file, finding.fixes![0].edits[result.file.uri]);
    assert.ok(after.includes('Action = ["sts:AssumeRole", "sts:TagSession"] }]'), after);
    assert.deepStrictEqual(findingsOf(check({ 'main.tf': after }, 'main.tf')), []);
  });
});

describe('pod-identity-trust: sts:TagSession in its own statement', () => {
  it('counts sts:TagSession allowed to pods.eks.amazonaws.com by another statement than sts:AssumeRole', () => {
    const trust = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: { Service: 'pods.eks.amazonaws.com' }, Action: 'sts:AssumeRole', ...scoped('app', 'web') },
        { Effect: 'Allow', Principal: { Service: 'pods.eks.amazonaws.com' }, Action: 'sts:TagSession' },
      ],
    });
    assert.deepStrictEqual(findingsOf(check({ 'association.yaml': ackAssociation('app', 'web'), 'app-role.json': trust }, 'association.yaml')), []);
    const other = trust.replace('"web"', '"worker"');
    assert.strictEqual(findingsOf(check({ 'association.yaml': ackAssociation('app', 'web'), 'app-role.json': other }, 'association.yaml')).length, 1);
  });
});
