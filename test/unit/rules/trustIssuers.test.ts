import * as assert from 'assert';
import { check } from '../helpers';

/** A web identity trust of one statement, with the conditions given. */
function trust(issuer: string, conditions: Record<string, Record<string, string | string[]>> = {}): string {
  const statement: Record<string, unknown> = {
    Effect: 'Allow',
    Principal: { Federated: `arn:aws:iam::111122223333:oidc-provider/${issuer}` },
    Action: 'sts:AssumeRoleWithWebIdentity',
  };
  if (Object.keys(conditions).length > 0) statement.Condition = conditions;
  return JSON.stringify({ Version: '2012-10-17', Statement: [statement] }, null, 2);
}

const GITHUB = 'token.actions.githubusercontent.com';
const EKS = 'oidc.eks.us-east-2.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF';

function findings(files: Record<string, string>, target: string, code: string) {
  return check(files, target).findings.filter((f) => f.code === code);
}

describe('trust rules and the issuer: Kubernetes service accounts, CI services, others', () => {
  it("trust-sub-format judges only a cluster's subs (or ones written as service accounts), not a CI service's own format", () => {
    const bitbucket = 'api.bitbucket.org/2.0/workspaces/my-team/pipelines-config/identity/oidc';
    const files = {
      'bitbucket.json': trust(bitbucket, { StringEquals: { [`${bitbucket}:aud`]: 'ari:cloud:bitbucket::workspace/0f2c7a1e-7d1b-4c3a-9b8e-2f1d0c9b8a7e' }, StringLike: { [`${bitbucket}:sub`]: '{3a4b5c6d-1111-2222-3333-444455556666}:*' } }),
      'pulumi.json': trust('api.pulumi.com/oidc', { StringEquals: { 'api.pulumi.com/oidc:aud': 'my-org' }, StringLike: { 'api.pulumi.com/oidc:sub': 'pulumi:deploy:org:my-org:project:platform:stack:prod:operation:*:scope:write' } }),
      'self-hosted.json': trust('oidc.cluster.example.com', { StringEquals: { 'oidc.cluster.example.com:sub': 'repo:my-org/app:ref:refs/heads/main' } }),
      'eks.json': trust(EKS, { StringEquals: { [`${EKS}:sub`]: 'system:serviceaccount:payments' } }),
      'mistyped.json': trust('oidc.cluster.example.com', { StringEquals: { 'oidc.cluster.example.com:sub': 'system:serviceaccount:Payments:api' } }),
    };
    for (const name of ['bitbucket.json', 'pulumi.json', 'self-hosted.json']) assert.deepStrictEqual(findings(files, name, 'trust-sub-format'), [], name);
    assert.strictEqual(findings(files, 'eks.json', 'trust-sub-format').length, 1);
    assert.strictEqual(findings(files, 'mistyped.json', 'trust-sub-format').length, 1, 'a value written as a service account is judged whatever the issuer');
  });

  it('trust-sub-missing says who can assume the role for a CI issuer, and offers no service-account fix there', () => {
    const files = {
      'iam/github-deploy.json': trust(GITHUB, { StringEquals: { [`${GITHUB}:aud`]: 'sts.amazonaws.com' } }),
      'iam/deployer-sa.yaml': 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: deployer\n  namespace: ci\n',
    };
    const [github] = findings(files, 'iam/github-deploy.json', 'trust-sub-missing');
    assert.strictEqual(github.severity, 'error');
    assert.strictEqual(
      github.message,
      `No "${GITHUB}:sub" condition: any workflow of any repository on GitHub can get a token from ${GITHUB} (GitHub Actions) and assume this role. Add a condition on "${GITHUB}:sub" that names yours (repo:<owner>/<repository>:<ref, environment or event>).`,
    );
    assert.deepStrictEqual(github.fixes, []);
    // An issuer of one organisation: broad, not open to everyone.
    const circle = 'oidc.circleci.com/org/8a3f0c2e-5b7d-4e21-9c6a-1f0e2d3c4b5a';
    const [circleci] = findings({ 'circleci.json': trust(circle) }, 'circleci.json', 'trust-sub-missing');
    assert.strictEqual(circleci.severity, 'warning');
    assert.match(circleci.message, /every project of the CircleCI organization can get a token/);
  });

  it('trust-sub-missing on an issuer it does not know: a warning without a fix, unless service accounts of the workspace use the role', () => {
    const issuer = 'identity.example.com';
    const [unknown] = findings({ 'iam/app-role.json': trust(issuer) }, 'iam/app-role.json', 'trust-sub-missing');
    assert.strictEqual(unknown.severity, 'warning');
    assert.strictEqual(unknown.message, `No "${issuer}:sub" condition: any token that ${issuer} issues, for an audience this role accepts, can assume it. Add a condition on "${issuer}:sub" naming the identity that may (for a Kubernetes service account: system:serviceaccount:<namespace>:<name>).`);
    assert.deepStrictEqual(unknown.fixes, []);
    const sa = 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: api\n  namespace: shop\n  annotations:\n    eks.amazonaws.com/role-arn: arn:aws:iam::111122223333:role/app-role\n';
    const [bound] = findings({ 'iam/app-role.json': trust(issuer), 'k8s/sa.yaml': sa }, 'iam/app-role.json', 'trust-sub-missing');
    assert.strictEqual(bound.severity, 'error');
    assert.strictEqual(bound.fixes[0].title, 'Add a sub condition for system:serviceaccount:shop:api');
    // A cluster's issuer keeps its fix.
    const [eks] = findings({ 'iam/app-role.json': trust(EKS) }, 'iam/app-role.json', 'trust-sub-missing');
    assert.strictEqual(eks.severity, 'error');
    assert.strictEqual(eks.fixes[0].title, 'Add a sub condition (placeholder)');
  });

  it("trust-aud-missing proposes a CI service's default audience, and nothing where the user chose it", () => {
    const aud = (issuer: string) => findings({ 'role.json': trust(issuer, { StringLike: { [`${issuer}:sub`]: 'x:*' } }) }, 'role.json', 'trust-aud-missing')[0];
    const github = aud(GITHUB);
    assert.strictEqual(github.fixes[0].title, 'Add an aud condition (sts.amazonaws.com)');
    assert.match(github.message, /\(what the aws-actions\/configure-aws-credentials action requests by default\)\.$/);
    assert.strictEqual(aud('app.terraform.io').fixes[0].title, 'Add an aud condition (aws.workload.identity)');
    assert.strictEqual(aud('oidc.circleci.com/org/8a3f0c2e-5b7d-4e21-9c6a-1f0e2d3c4b5a').fixes[0].title, 'Add an aud condition (8a3f0c2e-5b7d-4e21-9c6a-1f0e2d3c4b5a)');
    const gitlab = aud('gitlab.com');
    assert.deepStrictEqual(gitlab.fixes, []);
    assert.match(gitlab.message, /Add a condition on "gitlab\.com:aud" with the audience your tokens are requested for\.$/);
    assert.deepStrictEqual(aud('identity.example.com').fixes, [], 'an issuer of no known cluster or service');
    assert.strictEqual(aud(EKS).fixes[0].title, 'Add an aud condition (sts.amazonaws.com)');
  });
});
