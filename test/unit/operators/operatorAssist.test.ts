import * as assert from 'assert';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { CompletionItem, MarkupContent } from 'vscode-languageserver-types';
import { parseFile } from '../../../server/src/model/parsedFile';
import { complete } from '../../../server/src/services/completion';
import { hover } from '../../../server/src/services/hover';
import { FileSource } from '../../../server/src/workspace/fileSource';
import { WorkspaceIndex } from '../../../server/src/workspace/workspaceIndex';
import { tempTree } from '../helpers';
import { credentialsRequest, ROLE, trustPolicy } from './fixtures';

function at(marked: string, fsPath = '/work/operator/subscription.yaml') {
  const offset = marked.indexOf('|');
  const text = marked.slice(0, offset) + marked.slice(offset + 1);
  return { file: parseFile(pathToFileURL(fsPath).toString(), text, { fsPath }), offset };
}

const labels = (items: CompletionItem[]) => items.map((i) => i.label);

const SUB_HEAD = `apiVersion: operators.coreos.com/v1alpha1
kind: Subscription
metadata:
  name: log-forwarder
  namespace: log-forwarding
spec:
`;

describe('Subscription and ClusterServiceVersion editing help', () => {
  it('completes the Subscription spec keys, config and its env', () => {
    const spec = at(`${SUB_HEAD}  name: log-forwarder\n  |\n`);
    assert.deepStrictEqual(labels(complete(spec.file, spec.offset)), ['channel', 'source', 'sourceNamespace', 'installPlanApproval', 'startingCSV', 'config']);
    const config = at(`${SUB_HEAD}  config:\n    |\n`);
    const [env] = complete(config.file, config.offset);
    assert.strictEqual(env.label, 'env');
    assert.strictEqual(env.insertText, 'env:\n      - ');
  });

  it('completes the cloud variables OpenShift\'s console sets, ROLEARN first, with documentation', () => {
    const { file, offset } = at(`${SUB_HEAD}  config:\n    env:\n    - name: RO|\n`);
    const items = complete(file, offset);
    assert.deepStrictEqual(labels(items), ['ROLEARN', 'CLIENTID', 'TENANTID', 'SUBSCRIPTIONID', 'AUDIENCE', 'PROJECT_NUMBER', 'POOL_ID', 'PROVIDER_ID', 'SERVICE_ACCOUNT_EMAIL']);
    assert.match((items[0].documentation as MarkupContent).value, /stsIAMRoleARN/);
  });

  it('offers the role ARNs of the workspace for ROLEARN, those that admit the operator\'s service account first', () => {
    const dir = tempTree({
      'credentialsrequest.yaml': credentialsRequest(),
      [`${ROLE}-trust.json`]: trustPolicy(['system:serviceaccount:log-forwarding:log-forwarder-controller']),
      'other-trust.json': trustPolicy(['system:serviceaccount:apps:web']),
    });
    const index = new WorkspaceIndex(new FileSource());
    index.buildSync([dir]);
    const { file, offset } = at(`${SUB_HEAD}  config:\n    env:\n    - name: ROLEARN\n      value: |\n`, path.join(dir, 'subscription.yaml'));
    index.updateOpen(file);
    const items = complete(file, offset, index);
    assert.deepStrictEqual(labels(items), [`arn:aws:iam::123456789012:role/${ROLE}`, 'arn:aws:iam::123456789012:role/other']);
    assert.strictEqual(items[0].detail, 'its trust policy admits this ServiceAccount');
  });

  it('completes installPlanApproval values and hovers them', () => {
    const { file, offset } = at(`${SUB_HEAD}  installPlanApproval: |\n`);
    assert.deepStrictEqual(labels(complete(file, offset)), ['Manual', 'Automatic']);
    const h = at(`${SUB_HEAD}  installPlanApproval: Autom|atic\n`);
    const text = (hover(h.file, h.offset)!.contents as MarkupContent).value;
    assert.match(text, /^\*\*installPlanApproval\*\*/);
    assert.match(text, /`Automatic`: Updates install as soon as the channel has them\./);
  });

  it('hovers ROLEARN in the env list', () => {
    const { file, offset } = at(`${SUB_HEAD}  config:\n    env:\n    - name: ROLE|ARN\n      value: arn:aws:iam::123456789012:role/x\n`);
    assert.match((hover(file, offset)!.contents as MarkupContent).value, /^\*\*ROLEARN\*\*: AWS STS: the IAM role the operator assumes/);
  });

  it('completes and hovers the CSV token-auth annotations', () => {
    const head = 'apiVersion: operators.coreos.com/v1alpha1\nkind: ClusterServiceVersion\nmetadata:\n  name: log-forwarder.v1.4.0\n  annotations:\n';
    const keys = at(`${head}    features.|\n`, '/work/operator/csv.yaml');
    assert.deepStrictEqual(labels(complete(keys.file, keys.offset)), [
      'features.operators.openshift.io/token-auth-aws', 'features.operators.openshift.io/token-auth-azure', 'features.operators.openshift.io/token-auth-gcp',
    ]);
    const values = at(`${head}    features.operators.openshift.io/token-auth-aws: |\n`, '/work/operator/csv.yaml');
    assert.deepStrictEqual(labels(complete(values.file, values.offset)), ['"true"', '"false"']);
    const h = at(`${head}    features.operators.openshift.io/token-auth-a|ws: "true"\n`, '/work/operator/csv.yaml');
    assert.match((hover(h.file, h.offset)!.contents as MarkupContent).value, /sets it in the Subscription as `ROLEARN`/);
  });
});
