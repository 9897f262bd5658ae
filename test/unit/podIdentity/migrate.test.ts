import * as assert from 'assert';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { workspaceAssociations } from '../../../server/src/crossFile/podIdentityAssociations';
import { parseFile } from '../../../server/src/model/parsedFile';
import { MIGRATION_NOTE, migrateToPodIdentity } from '../../../server/src/services/migratePodIdentity';
import { defaultSettings } from '../../../server/src/settings';
import { FileSource } from '../../../server/src/workspace/fileSource';
import { WorkspaceIndex } from '../../../server/src/workspace/workspaceIndex';
import { applyEdits, check, tempTree } from '../helpers';
import { ackAssociation, tfAssociation } from './fixtures';

const SA = 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: uploader\n  namespace: media\n  annotations:\n    eks.amazonaws.com/role-arn: arn:aws:iam::111122223333:role/media-uploader\n';
const IRSA_TRUST =
  JSON.stringify(
    {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Federated: 'arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC' },
          Action: 'sts:AssumeRoleWithWebIdentity',
          Condition: { StringEquals: { 'oidc.eks.eu-west-1.amazonaws.com/id/ABC:sub': 'system:serviceaccount:media:uploader' } },
        },
      ],
    },
    null,
    2,
  ) + '\n';

function setup(files: Record<string, string>) {
  const dir = tempTree(files);
  const index = new WorkspaceIndex(new FileSource());
  index.buildSync([dir]);
  const fsPath = path.join(dir, 'app/sa.yaml');
  const file = parseFile(pathToFileURL(fsPath).toString(), files['app/sa.yaml'], { fsPath });
  index.updateOpen(file);
  return { dir, index, file };
}

describe('Migrate to EKS Pod Identity', () => {
  it('adds the association (ACK, same cluster), a pods.eks.amazonaws.com statement to the trust policy, and removes the annotation', () => {
    const files = { 'app/sa.yaml': SA, 'iam/media-uploader-trust.json': IRSA_TRUST, 'other/association.yaml': ackAssociation('app', 'web') };
    const { dir, index, file } = setup(files);
    const fix = migrateToPodIdentity(file, file.text.indexOf('uploader'), index, defaultSettings)!;
    assert.strictEqual(fix.title, 'Migrate to EKS Pod Identity (keep the IRSA trust for the cut-over)');
    const saText = applyEdits(file, fix.edits[file.uri]);
    assert.strictEqual(saText, 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: uploader\n  namespace: media\n');
    const trustUri = pathToFileURL(path.join(dir, 'iam/media-uploader-trust.json')).toString();
    const trust = JSON.parse(applyEdits(parseFile(trustUri, IRSA_TRUST), fix.edits[trustUri]));
    assert.strictEqual(trust.Statement.length, 2);
    assert.deepStrictEqual(trust.Statement[1].Principal, { Service: 'pods.eks.amazonaws.com' });
    assert.strictEqual(trust.Statement[0].Action, 'sts:AssumeRoleWithWebIdentity');
    assert.deepStrictEqual(fix.create!.map((c) => [path.basename(new URL(c.uri).pathname), c.text.includes('  clusterName: prod\n  namespace: media\n  serviceAccount: uploader\n  roleARN: arn:aws:iam::111122223333:role/media-uploader\n')]), [['uploader-pod-identity-association.yaml', true]]);
    // After the migration, the workspace checks clean for the Pod Identity rules.
    const after = { ...files, 'app/sa.yaml': saText, 'iam/media-uploader-trust.json': JSON.stringify(trust, null, 2), 'app/uploader-pod-identity-association.yaml': fix.create![0].text };
    const codes = check(after, 'app/uploader-pod-identity-association.yaml').findings.map((f) => f.code);
    assert.deepStrictEqual(codes.filter((c) => c.startsWith('pod-identity') || c === 'static-credentials-shadow'), []);
  });

  it('with "replace the IRSA trust", the Pod Identity statement takes the place of the web identity statement', () => {
    const files = { 'app/sa.yaml': SA, 'iam/media-uploader-trust.json': IRSA_TRUST, 'other/association.yaml': ackAssociation('app', 'web') };
    const { dir, index, file } = setup(files);
    const fix = migrateToPodIdentity(file, 10, index, defaultSettings, 'replace')!;
    assert.strictEqual(fix.title, 'Migrate to EKS Pod Identity (replace the IRSA trust)');
    assert.strictEqual(applyEdits(file, fix.edits[file.uri]), 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: uploader\n  namespace: media\n');
    const trustUri = pathToFileURL(path.join(dir, 'iam/media-uploader-trust.json')).toString();
    assert.strictEqual(
      applyEdits(parseFile(trustUri, IRSA_TRUST), fix.edits[trustUri]),
      [
        '{',
        '  "Version": "2012-10-17",',
        '  "Statement": [',
        '    {',
        '      "Effect": "Allow",',
        '      "Principal": {',
        '        "Service": "pods.eks.amazonaws.com"',
        '      },',
        '      "Action": [',
        '        "sts:AssumeRole",',
        '        "sts:TagSession"',
        '      ],',
        '      "Condition": {',
        '        "StringEquals": {',
        '          "aws:RequestTag/kubernetes-namespace": "media",',
        '          "aws:RequestTag/kubernetes-service-account": "uploader"',
        '        }',
        '      }',
        '    }',
        '  ]',
        '}',
        '',
      ].join('\n'),
    );
    assert.strictEqual(fix.create?.length, 1);
    assert.ok(fix.create![0].text.startsWith('# Migrated from IRSA. EKS Pod Identity credentials reach a pod only when:\n'), fix.create![0].text);
    assert.ok(fix.create![0].text.includes('https://docs.aws.amazon.com/eks/latest/userguide/pod-id-minimum-sdk.html'));
  });

  it('does not offer "replace the IRSA trust" when the trust policy admits another ServiceAccount or has other statements', () => {
    const shared = IRSA_TRUST.replace('"system:serviceaccount:media:uploader"', '["system:serviceaccount:media:uploader", "system:serviceaccount:media:resizer"]');
    const a = setup({ 'app/sa.yaml': SA, 'iam/media-uploader-trust.json': shared, 'other/association.yaml': ackAssociation('app', 'web') });
    assert.strictEqual(migrateToPodIdentity(a.file, 10, a.index, defaultSettings, 'replace'), undefined);
    assert.ok(migrateToPodIdentity(a.file, 10, a.index, defaultSettings, 'keep'));
    const trust = JSON.parse(IRSA_TRUST);
    trust.Statement.push({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:role/admin' }, Action: 'sts:AssumeRole' });
    const b = setup({ 'app/sa.yaml': SA, 'iam/media-uploader-trust.json': JSON.stringify(trust, null, 2), 'other/association.yaml': ackAssociation('app', 'web') });
    assert.strictEqual(migrateToPodIdentity(b.file, 10, b.index, defaultSettings, 'replace'), undefined);
    const wildcard = IRSA_TRUST.replace('"StringEquals"', '"StringLike"').replace('media:uploader"', 'media:*"');
    const c = setup({ 'app/sa.yaml': SA, 'iam/media-uploader-trust.json': wildcard, 'other/association.yaml': ackAssociation('app', 'web') });
    assert.strictEqual(migrateToPodIdentity(c.file, 10, c.index, defaultSettings, 'replace'), undefined);
  });

  it('is not offered without Pod Identity in the workspace, without the role trust policy, or on a ServiceAccount without the annotation', () => {
    const none = setup({ 'app/sa.yaml': SA, 'iam/media-uploader-trust.json': IRSA_TRUST });
    assert.strictEqual(migrateToPodIdentity(none.file, 10, none.index, defaultSettings), undefined);
    const noTrust = setup({ 'app/sa.yaml': SA, 'other/association.yaml': ackAssociation('app', 'web') });
    assert.strictEqual(migrateToPodIdentity(noTrust.file, 10, noTrust.index, defaultSettings), undefined);
    const plain = 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: uploader\n  namespace: media\n';
    const bare = setup({ 'app/sa.yaml': plain, 'iam/media-uploader-trust.json': IRSA_TRUST, 'other/association.yaml': ackAssociation('app', 'web') });
    assert.strictEqual(migrateToPodIdentity(bare.file, 10, bare.index, defaultSettings), undefined);
  });

  it('appends the association to the Terraform file that holds the workspace\'s associations', () => {
    const tf = tfAssociation('["sts:AssumeRole", "sts:TagSession"]');
    const files = { 'app/sa.yaml': SA, 'iam/media-uploader-trust.json': IRSA_TRUST, 'infra/main.tf': tf };
    const { dir, index, file } = setup(files);
    const fix = migrateToPodIdentity(file, 10, index, defaultSettings)!;
    const tfUri = pathToFileURL(path.join(dir, 'infra/main.tf')).toString();
    assert.strictEqual(fix.create, undefined);
    const migrated = applyEdits(parseFile(tfUri, tf), fix.edits[tfUri]);
    // The comment leaves the file's associations readable: the new one is found beside the old.
    const after = setup({ ...files, 'infra/main.tf': migrated });
    assert.deepStrictEqual(workspaceAssociations(after.index).map((a) => a.association.serviceAccount).sort(), ['app', 'uploader']);
    assert.strictEqual(
      migrated,
      tf + '\n' + MIGRATION_NOTE + 'resource "aws_eks_pod_identity_association" "media_uploader" {\n  cluster_name    = "prod"\n  namespace       = "media"\n  service_account = "uploader"\n  role_arn        = "arn:aws:iam::111122223333:role/media-uploader"\n}\n',
    );
  });
});
