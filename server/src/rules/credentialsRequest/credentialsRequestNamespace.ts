import { pairOf, str } from '../../model/node';
import { CCO_NAMESPACE, credentialsRequestView } from '../../views/credentialsRequest';
import { replaceScalar } from '../edits';
import { DocRule, Fix } from '../rule';
import { appendMapKey } from '../manifests/yamlInsert';
import { isMap } from '../../model/node';

export const credentialsRequestNamespace: DocRule = {
  id: 'credentials-request-namespace',
  description: 'A CredentialsRequest outside openshift-cloud-credential-operator, where the operator does not look.',
  defaultSeverity: 'information',
  kinds: ['credentials-request'],
  check(ctx) {
    const view = credentialsRequestView(ctx.root);
    const pair = view.namespacePair;
    const value = str(pair?.value);
    if (value === CCO_NAMESPACE) return;
    const metadata = pairOf(ctx.root, 'metadata');
    let fix: Fix | undefined;
    if (pair && value) fix = { title: `Set namespace: ${CCO_NAMESPACE}`, isPreferred: true, edits: { [ctx.file.uri]: [replaceScalar(ctx, pair.value as Parameters<typeof replaceScalar>[1], CCO_NAMESPACE)] } };
    else if (!pair && metadata && isMap(metadata.value)) fix = { title: `Set namespace: ${CCO_NAMESPACE}`, isPreferred: true, edits: { [ctx.file.uri]: [appendMapKey(ctx, metadata.value, 'namespace', [], CCO_NAMESPACE)] } };
    const range = pair ? (pair.value.range[1] > pair.value.range[0] ? pair.value.range : pair.keyRange) : (metadata?.keyRange ?? ctx.root.pairs[0].keyRange);
    ctx.report({
      range,
      message: `CredentialsRequest ${view.name} is ${value ? `in namespace "${value}"` : 'in no namespace'}: the Cloud Credential Operator only reconciles requests in ${CCO_NAMESPACE} (ccoctl reads any). Set metadata.namespace: ${CCO_NAMESPACE}.`,
      fixes: fix ? [fix] : [],
    });
  },
};
