import * as assert from 'assert';
import { MarkupContent } from 'vscode-languageserver-types';
import { parseFile } from '../../../server/src/model/parsedFile';
import { complete } from '../../../server/src/services/completion';
import { hover } from '../../../server/src/services/hover';
import { FileSource } from '../../../server/src/workspace/fileSource';
import { WorkspaceIndex } from '../../../server/src/workspace/workspaceIndex';
import { tempTree } from '../helpers';

/** `|` marks the cursor. */
function at(marked: string, uri: string) {
  const offset = marked.indexOf('|');
  const file = parseFile(uri, marked.slice(0, offset) + marked.slice(offset + 1));
  return { file, offset };
}

const TRUST_YAML = (conditionLines: string[]) =>
  [
    'AWSTemplateFormatVersion: "2010-09-09"',
    'Resources:',
    '  AppRole:',
    '    Type: AWS::IAM::Role',
    '    Properties:',
    '      AssumeRolePolicyDocument:',
    '        Version: "2012-10-17"',
    '        Statement:',
    '          - Effect: Allow',
    '            Principal:',
    '              Service: pods.eks.amazonaws.com',
    '            Action: [sts:AssumeRole, sts:TagSession]',
    '            Condition:',
    '              StringEquals:',
    ...conditionLines,
    '',
  ].join('\n');

describe('Pod Identity editing help', () => {
  it('completes the session-tag condition keys in a statement that trusts pods.eks.amazonaws.com', () => {
    const { file, offset } = at(TRUST_YAML(['                aws:Req|']), 'file:///stack.yaml');
    const labels = complete(file, offset).map((i) => i.label);
    assert.deepStrictEqual(labels.filter((l) => l.startsWith('aws:RequestTag/')).slice(0, 6), [
      'aws:RequestTag/eks-cluster-arn',
      'aws:RequestTag/eks-cluster-name',
      'aws:RequestTag/kubernetes-namespace',
      'aws:RequestTag/kubernetes-service-account',
      'aws:RequestTag/kubernetes-pod-name',
      'aws:RequestTag/kubernetes-pod-uid',
    ]);
  });

  it('completes namespaces and service account names of the workspace as session-tag values', () => {
    const dir = tempTree({ 'sa.yaml': 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: web\n  namespace: shop\n' });
    const index = new WorkspaceIndex(new FileSource());
    index.buildSync([dir]);
    const ns = at(TRUST_YAML(['                aws:RequestTag/kubernetes-namespace: |']), `file://${dir}/stack.yaml`);
    assert.deepStrictEqual(complete(ns.file, ns.offset, index).map((i) => i.label), ['shop']);
    const sa = at(TRUST_YAML(['                aws:RequestTag/kubernetes-service-account: |']), `file://${dir}/stack.yaml`);
    assert.deepStrictEqual(complete(sa.file, sa.offset, index).map((i) => i.label), ['web']);
  });

  it('hovers a session-tag key and the pods.eks.amazonaws.com principal', () => {
    const { file, offset } = at(TRUST_YAML(['                aws:RequestTag/kubernetes-name|space: shop']), 'file:///stack.yaml');
    const tagHover = (hover(file, offset)!.contents as MarkupContent).value;
    assert.strictEqual(
      tagHover,
      '**aws:RequestTag/kubernetes-namespace**\n\nEKS Pod Identity session tag `kubernetes-namespace`: The namespace of the pod (and of the association). Attached when EKS Pod Identity assumes the role, unless the association disables session tags.',
    );
    const principal = file.text.indexOf('pods.eks') + 3;
    assert.ok((hover(file, principal)!.contents as MarkupContent).value.startsWith('**EKS Pod Identity** (the EKS Auth service)'));
  });

  it('completes and hovers the spec fields of an ACK PodIdentityAssociation', () => {
    const head = 'apiVersion: eks.services.k8s.aws/v1alpha1\nkind: PodIdentityAssociation\nmetadata:\n  name: web\nspec:\n  clusterName: prod\n';
    const { file, offset } = at(head + '  ro|\n', 'file:///association.yaml');
    assert.ok(complete(file, offset).some((i) => i.label === 'roleARN'));
    const h = at(head + '  disableSession|Tags: true\n', 'file:///association.yaml');
    assert.ok((hover(h.file, h.offset)!.contents as MarkupContent).value.includes('EKS Pod Identity attaches none of its session tags'));
  });
});
