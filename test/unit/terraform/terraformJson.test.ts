import * as assert from 'assert';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { toPlain } from '../../../server/src/model/node';
import { parseFile } from '../../../server/src/model/parsedFile';
import { terraformView } from '../../../server/src/views/terraform';
import { applyEdits, check } from '../helpers';

const HOST = 'oidc.eks.eu-west-1.amazonaws.com/id/ABCDEF0123456789ABCDEF0123456789';

const TF_JSON =
  JSON.stringify(
    {
      data: {
        aws_iam_policy_document: {
          reports_trust: {
            statement: [
              {
                actions: ['sts:AssumeRoleWithWebIdentity'],
                principals: [{ type: 'Federated', identifiers: [`arn:aws:iam::111122223333:oidc-provider/${HOST}`] }],
                condition: [{ test: 'StringEquals', variable: `${HOST}:sub`, values: ['system:serviceaccount:reports:generator'] }],
              },
            ],
          },
        },
      },
      resource: {
        aws_iam_role: {
          reports: { name: 'reports', assume_role_policy: '${data.aws_iam_policy_document.reports_trust.json}' },
          payments: {
            name: 'payments-api',
            assume_role_policy: JSON.stringify({
              Version: '2012-10-17',
              Statement: [
                {
                  Effect: 'Allow',
                  Principal: { Federated: `arn:aws:iam::111122223333:oidc-provider/${HOST}` },
                  Action: 'sts:AssumeRoleWithWebIdentity',
                  Condition: { StringEquals: { [`${HOST}:sub`]: 'system:serviceaccount:payments:api' } },
                },
              ],
            }),
          },
        },
      },
    },
    null,
    2,
  ) + '\n';

const serviceAccount = (name: string, ns: string, role: string) =>
  ['apiVersion: v1', 'kind: ServiceAccount', 'metadata:', `  name: ${name}`, `  namespace: ${ns}`, '  annotations:', `    eks.amazonaws.com/role-arn: arn:aws:iam::111122223333:role/${role}`, ''].join('\n');

describe('Terraform JSON syntax (.tf.json)', () => {
  it('reads roles and policy documents as a .tf file gives them', () => {
    const fsPath = path.join('/work', 'iam.tf.json');
    const file = parseFile(pathToFileURL(fsPath).toString(), TF_JSON, { fsPath });
    assert.strictEqual(file.format, 'json');
    assert.deepStrictEqual(file.docs.map((d) => d.kind), ['terraform']);
    const view = terraformView(file, file.docs[0]);
    assert.deepStrictEqual(view.roles.map((r) => [r.address, r.name?.value]), [
      ['aws_iam_role.reports', 'reports'],
      ['aws_iam_role.payments', 'payments-api'],
    ]);
    assert.deepStrictEqual(toPlain(view.roles[0].trust!.node), {
      Version: '2012-10-17',
      Statement: [
        {
          Action: ['sts:AssumeRoleWithWebIdentity'],
          Effect: 'Allow',
          Principal: { Federated: [`arn:aws:iam::111122223333:oidc-provider/${HOST}`] },
          Condition: { StringEquals: { [`${HOST}:sub`]: ['system:serviceaccount:reports:generator'] } },
        },
      ],
    });
    // The role's JSON string is the policy, read like ccoctl's escaped role files.
    assert.deepStrictEqual((toPlain(view.roles[1].trust!.node) as { Statement: Array<{ Condition: unknown }> }).Statement[0].Condition, { StringEquals: { [`${HOST}:sub`]: 'system:serviceaccount:payments:api' } });
  });

  it('trust-sub-mismatch against a .tf.json policy document; the fix appends to its JSON values list', () => {
    const files = { 'infra/iam.tf.json': TF_JSON, 'sa.yaml': serviceAccount('generator', 'reports-prod', 'reports') };
    const result = check(files, 'sa.yaml');
    assert.deepStrictEqual(result.summary, ['6:32-6:70 trust-sub-mismatch']);
    const finding = result.findings[0];
    assert.ok(finding.message.includes("the role's trust policy (infra/iam.tf.json) admits only system:serviceaccount:reports:generator"), finding.message);
    const fix = finding.fixes[0];
    const [uri] = Object.keys(fix.edits);
    const tfPath = path.join(path.dirname(result.file.fsPath!), 'infra/iam.tf.json');
    const fixed = applyEdits(parseFile(uri, TF_JSON, { fsPath: tfPath }), fix.edits[uri]);
    assert.match(fixed, /\n( +)"system:serviceaccount:reports:generator",\n\1"system:serviceaccount:reports-prod:generator"\n/);
    assert.deepStrictEqual(check({ ...files, 'infra/iam.tf.json': fixed }, 'sa.yaml').summary, []);
  });

  it('checks the escaped JSON string of assume_role_policy on its characters', () => {
    const files = { 'iam.tf.json': TF_JSON, 'sa.yaml': serviceAccount('api', 'payments-prod', 'payments-api') };
    const result = check(files, 'sa.yaml');
    assert.deepStrictEqual(result.summary, ['6:32-6:75 trust-sub-mismatch']);
    const fixed = applyEdits(parseFile(Object.keys(result.findings[0].fixes[0].edits)[0], TF_JSON, { fsPath: path.join(path.dirname(result.file.fsPath!), 'iam.tf.json') }), Object.values(result.findings[0].fixes[0].edits)[0]);
    assert.deepStrictEqual(check({ ...files, 'iam.tf.json': fixed }, 'sa.yaml').summary, []);
  });
});
