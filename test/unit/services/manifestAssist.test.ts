import * as assert from 'assert';
import * as path from 'path';
import { CompletionItem, MarkupContent, TextEdit } from 'vscode-languageserver-types';
import { parseFile } from '../../../server/src/model/parsedFile';
import { complete } from '../../../server/src/services/completion';
import { hover } from '../../../server/src/services/hover';
import { FileSource } from '../../../server/src/workspace/fileSource';
import { WorkspaceIndex } from '../../../server/src/workspace/workspaceIndex';
import { tempTree } from '../helpers';

/** `|` in the text marks the cursor; it is removed before parsing. */
function at(marked: string, fsPath = '/work/app/manifest.yaml') {
  const offset = marked.indexOf('|');
  assert.ok(offset >= 0 && marked.indexOf('|', offset + 1) < 0, 'exactly one | cursor marker');
  const text = marked.slice(0, offset) + marked.slice(offset + 1);
  return { file: parseFile(`file://${fsPath}`, text, { fsPath }), offset };
}

function labels(items: CompletionItem[]): string[] {
  return items.map((i) => i.label);
}

function hoverText(marked: string): string | undefined {
  const { file, offset } = at(marked);
  const h = hover(file, offset);
  return h ? (h.contents as MarkupContent).value : undefined;
}

const SA_HEAD = `apiVersion: v1
kind: ServiceAccount
metadata:
  name: uploader
  namespace: media
  annotations:
`;

describe('manifest editing help', () => {
  describe('ServiceAccount annotations', () => {
    it('completes the pod identity webhook annotation keys, with documentation and a textEdit over what is typed', () => {
      const { file, offset } = at(`${SA_HEAD}    eks.amazonaws.com/au|\n`);
      const items = complete(file, offset);
      assert.deepStrictEqual(labels(items), ['eks.amazonaws.com/role-arn', 'eks.amazonaws.com/audience', 'eks.amazonaws.com/sts-regional-endpoints', 'eks.amazonaws.com/token-expiration']);
      const audience = items[1];
      assert.strictEqual(audience.insertText, 'eks.amazonaws.com/audience: ');
      const edit = audience.textEdit as TextEdit;
      assert.deepStrictEqual(edit.range, { start: { line: 6, character: 4 }, end: { line: 6, character: 24 } });
      assert.match((audience.documentation as MarkupContent).value, /InvalidIdentityToken: Incorrect token audience/);
    });

    it('does not offer an annotation already written', () => {
      const { file, offset } = at(`${SA_HEAD}    eks.amazonaws.com/role-arn: arn:aws:iam::111122223333:role/uploader\n    |\n`);
      assert.deepStrictEqual(labels(complete(file, offset)), ['eks.amazonaws.com/audience', 'eks.amazonaws.com/sts-regional-endpoints', 'eks.amazonaws.com/token-expiration']);
    });

    it('offers nothing in the ServiceAccount\'s labels', () => {
      const { file, offset } = at(`apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  labels:\n    |\n`);
      assert.deepStrictEqual(complete(file, offset), []);
    });

    it('completes audience values', () => {
      const { file, offset } = at(`${SA_HEAD}    eks.amazonaws.com/audience: |\n`);
      assert.deepStrictEqual(labels(complete(file, offset)), ['sts.amazonaws.com', 'openshift']);
    });

    it('completes sts-regional-endpoints as quoted strings (annotation values must be strings)', () => {
      const { file, offset } = at(`${SA_HEAD}    eks.amazonaws.com/sts-regional-endpoints: |\n`);
      const items = complete(file, offset);
      assert.deepStrictEqual(labels(items), ['"true"', '"false"']);
      assert.strictEqual((items[0].textEdit as TextEdit).newText, '"true"');
    });

    it('hovers role-arn with the error a pod sees when the trust policy does not match', () => {
      const text = hoverText(`${SA_HEAD}    eks.amazonaws.com/ro|le-arn: arn:aws:iam::111122223333:role/uploader\n`);
      assert.ok(text, 'no hover');
      assert.match(text, /^\*\*eks\.amazonaws\.com\/role-arn\*\*: IAM role for pods of this ServiceAccount \(IRSA\)/);
      assert.match(text, /\*\*If it is wrong:\*\* .*AccessDenied: Not authorized to perform sts:AssumeRoleWithWebIdentity/);
    });

    it('hovers a known value with what it means', () => {
      const text = hoverText(`${SA_HEAD}    eks.amazonaws.com/audience: open|shift\n`);
      assert.match(text ?? '', /`openshift`: The audience ccoctl registers/);
    });
  });

  describe('workloads', () => {
    const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: uploader
  namespace: media
spec:
  template:
    metadata:
      annotations:
        ANNOTATION
      labels:
        LABEL
    spec:
      containers:
        - name: app
          image: example/app
          env:
            - name: ENV
        - name: sidecar
          image: example/sidecar
      volumes:
        - name: token
          projected:
            sources:
              - serviceAccountToken:
                  TOKEN
`;
    const deployment = (replace: Record<string, string>) => {
      let text = DEPLOYMENT;
      for (const [from, to] of Object.entries(replace)) text = text.replace(from, to);
      return text.replace(/^\s*(ANNOTATION|LABEL|TOKEN)\n/gm, '').replace(/ENV/, 'AWS_REGION');
    };

    it('completes pod template annotations (webhook and kube2iam)', () => {
      const { file, offset } = at(deployment({ ANNOTATION: '|' }));
      assert.deepStrictEqual(labels(complete(file, offset)), ['eks.amazonaws.com/skip-containers', 'eks.amazonaws.com/token-expiration', 'iam.amazonaws.com/role']);
    });

    it('completes the skip label in the pod template labels', () => {
      const { file, offset } = at(deployment({ LABEL: 'eks|' }));
      const items = complete(file, offset);
      assert.deepStrictEqual(labels(items), ['eks.amazonaws.com/skip-pod-identity-webhook']);
      assert.match((items[0].documentation as MarkupContent).value, /NoCredentialProviders/);
    });

    it('completes skip-containers with the names of the pod\'s containers', () => {
      const { file, offset } = at(deployment({ ANNOTATION: 'eks.amazonaws.com/skip-containers: |' }));
      assert.deepStrictEqual(labels(complete(file, offset)), ['app', 'sidecar']);
    });

    it('completes projected token keys, and audience values', () => {
      const keys = at(deployment({ TOKEN: '|' }));
      assert.deepStrictEqual(labels(complete(keys.file, keys.offset)), ['audience', 'expirationSeconds', 'path']);
      const values = at(deployment({ TOKEN: 'audience: |' }));
      assert.deepStrictEqual(labels(complete(values.file, values.offset)), ['sts.amazonaws.com', 'openshift']);
    });

    it('completes AWS_* variable names in env, with what goes wrong', () => {
      const { file, offset } = at(DEPLOYMENT.replace(/^\s*(ANNOTATION|LABEL|TOKEN)\n/gm, '').replace('name: ENV', 'name: AWS_|'));
      const items = complete(file, offset);
      assert.deepStrictEqual(labels(items), ['AWS_ROLE_ARN', 'AWS_WEB_IDENTITY_TOKEN_FILE', 'AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE', 'AWS_REGION', 'AWS_STS_REGIONAL_ENDPOINTS']);
      const edit = items[0].textEdit as TextEdit;
      assert.strictEqual(edit.newText, 'AWS_ROLE_ARN');
      assert.strictEqual(edit.range.end.character - edit.range.start.character, 'AWS_'.length);
    });

    it('hovers expirationSeconds with the API server\'s rejection', () => {
      const text = hoverText(deployment({ TOKEN: 'expiration|Seconds: 300' }));
      assert.match(text ?? '', /may not specify a duration less than 10 minutes/);
    });

    it('hovers an env name with its consequence', () => {
      const text = hoverText(deployment({}).replace('name: AWS_REGION', 'name: AWS_WEB_IDENTITY|_TOKEN_FILE'));
      assert.match(text ?? '', /^\*\*AWS_WEB_IDENTITY_TOKEN_FILE\*\*/);
      assert.match(text ?? '', /WebIdentityErr: failed fetching WebIdentity token/);
    });

    it('says a kube2iam annotation on the Deployment itself is never seen', () => {
      const text = hoverText(deployment({}).replace('  namespace: media\n', '  namespace: media\n  annotations:\n    iam.amazonaws.com/ro|le: app-role\n'));
      assert.match(text ?? '', /move this into `spec\.template\.metadata\.annotations`/);
    });

    it('offers nothing for a workload key sts-lens does not document', () => {
      const { file, offset } = at(deployment({}).replace('image: example/app', 'image: |'));
      assert.deepStrictEqual(complete(file, offset), []);
    });
  });

  describe('ServiceAccount names from the workspace', () => {
    const SAS = `apiVersion: v1
kind: ServiceAccount
metadata:
  name: uploader
  namespace: media
  annotations:
    eks.amazonaws.com/role-arn: arn:aws:iam::111122223333:role/uploader
---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: indexer
  namespace: media
---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: billing
  namespace: finance
`;

    function indexOf(files: Record<string, string>): { index: WorkspaceIndex; dir: string } {
      const dir = tempTree(files);
      const index = new WorkspaceIndex(new FileSource());
      index.buildSync([dir]);
      return { index, dir };
    }

    it('completes serviceAccountName with the accounts of the workload\'s namespace', () => {
      const { index, dir } = indexOf({ 'sa.yaml': SAS });
      const { file, offset } = at(`apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app\n  namespace: media\nspec:\n  template:\n    spec:\n      serviceAccountName: |\n      containers: []\n`, path.join(dir, 'deploy.yaml'));
      const items = complete(file, offset, index);
      assert.deepStrictEqual(labels(items), ['uploader', 'indexer']);
      assert.strictEqual(items[0].detail, 'ServiceAccount (namespace media)');
      assert.match((items[0].documentation as MarkupContent).value, /arn:aws:iam::111122223333:role\/uploader/);
    });

    it('completes serviceAccountNames items of a CredentialsRequest in the secret\'s namespace, including accounts of the same file', () => {
      const { index, dir } = indexOf({ 'sa.yaml': SAS });
      const request = `apiVersion: cloudcredential.openshift.io/v1
kind: CredentialsRequest
metadata:
  name: billing-operator
  namespace: openshift-cloud-credential-operator
spec:
  secretRef:
    name: billing-aws
    namespace: finance
  serviceAccountNames:
    - |
---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: billing-operator
  namespace: finance
`;
      const { file, offset } = at(request, path.join(dir, 'request.yaml'));
      assert.deepStrictEqual(labels(complete(file, offset, index)), ['billing-operator', 'billing']);
      // Without the index (a bare call), the same file still helps.
      assert.deepStrictEqual(labels(complete(file, offset)), ['billing-operator']);
    });
  });

  describe('CredentialsRequest', () => {
    const REQUEST = `apiVersion: cloudcredential.openshift.io/v1
kind: CredentialsRequest
metadata:
  name: uploader
  namespace: openshift-cloud-credential-operator
spec:
  secretRef:
    name: uploader-aws
    namespace: media
  providerSpec:
    apiVersion: cloudcredential.openshift.io/v1
    kind: AWSProviderSpec
    statementEntries:
      - effect: Allow
        action:
          - s3:GetObject
        resource: "*"
`;

    it('completes the spec keys not yet written, with block snippets at the right indentation', () => {
      const { file, offset } = at(`${REQUEST}  |\n`);
      const items = complete(file, offset);
      assert.deepStrictEqual(labels(items), ['serviceAccountNames', 'cloudTokenPath']);
      assert.strictEqual(items[0].insertText, 'serviceAccountNames:\n    - ');
    });

    it('completes providerSpec keys and the provider kind', () => {
      const keys = at(REQUEST.replace('    kind: AWSProviderSpec\n', '    |\n'));
      assert.deepStrictEqual(labels(complete(keys.file, keys.offset)), ['kind', 'stsIAMRoleARN']);
      const kind = at(REQUEST.replace('kind: AWSProviderSpec', 'kind: AWS|'));
      assert.deepStrictEqual(labels(complete(kind.file, kind.offset)), ['AWSProviderSpec']);
    });

    it('completes statement entry effect values', () => {
      const { file, offset } = at(REQUEST.replace('effect: Allow', 'effect: |'));
      assert.deepStrictEqual(labels(complete(file, offset)), ['Allow', 'Deny']);
    });

    it('hovers serviceAccountNames with the AccessDenied a pod sees', () => {
      const text = hoverText(REQUEST.replace('spec:\n  secretRef:', 'spec:\n  serviceAccount|Names:\n    - uploader\n  secretRef:'));
      assert.match(text ?? '', /^\*\*serviceAccountNames\*\*: ServiceAccounts allowed to assume the role/);
      assert.match(text ?? '', /AccessDenied: Not authorized to perform sts:AssumeRoleWithWebIdentity/);
    });
  });

  it('stays out of Helm templates', () => {
    const { file, offset } = at(`${SA_HEAD}    {{ .Values.x }}: y\n    |\n`);
    assert.deepStrictEqual(complete(file, offset), []);
  });
});
