import { get, isMap, isScalar, isSeq, MapNode, OffsetRange, pairOf, str } from '../../model/node';
import { dns1123LabelProblem, dns1123SubdomainProblem, shownName } from '../../util/k8sNames';
import { isTemplated } from '../../model/templated';
import { nearest, quoteList } from '../../util/nearest';
import { CREDENTIALS_REQUEST_API, PROVIDER_KINDS } from '../../views/credentialsRequest';
import { replaceScalar } from '../edits';
import { DocContext, DocRule } from '../rule';

const SPEC_KEYS = ['secretRef', 'providerSpec', 'serviceAccountNames', 'cloudTokenPath'];
const SECRET_REF_KEYS = ['name', 'namespace'];
const AWS_KEYS = ['apiVersion', 'kind', 'statementEntries', 'stsIAMRoleARN'];
const ENTRY_KEYS = ['effect', 'action', 'resource', 'policyCondition'];

export const credentialsRequestSchema: DocRule = {
  id: 'credentials-request-schema',
  description: 'A CredentialsRequest the Cloud Credential Operator or ccoctl cannot use: missing secretRef/providerSpec, wrong apiVersion/kind, bad statementEntries, unknown keys.',
  defaultSeverity: 'error',
  kinds: ['credentials-request'],
  check(ctx) {
    const apiVersion = pairOf(ctx.root, 'apiVersion');
    if (apiVersion && str(apiVersion.value) !== CREDENTIALS_REQUEST_API) {
      ctx.report({ range: apiVersion.value.range, message: `A CredentialsRequest's apiVersion is ${CREDENTIALS_REQUEST_API}, not "${str(apiVersion.value) ?? ''}": the API server rejects the manifest.`, fixes: [replaceFix(ctx, apiVersion.value, CREDENTIALS_REQUEST_API)] });
    }
    checkName(ctx, get(ctx.root, 'metadata'), 'name', 'metadata.name', 'object name', dns1123SubdomainProblem);
    checkName(ctx, get(ctx.root, 'metadata'), 'namespace', 'metadata.namespace', 'namespace name', dns1123LabelProblem);
    const specPair = pairOf(ctx.root, 'spec');
    if (!specPair || !isMap(specPair.value)) {
      ctx.report({ range: specPair?.keyRange ?? pairOf(ctx.root, 'kind')!.keyRange, message: 'This CredentialsRequest has no spec: add spec.secretRef (name, namespace) and spec.providerSpec.' });
      return;
    }
    const spec = specPair.value;
    unknownKeys(ctx, spec, SPEC_KEYS, 'spec');
    const secretRef = pairOf(spec, 'secretRef');
    if (!secretRef) ctx.report({ range: specPair.keyRange, message: 'spec.secretRef is missing: the operator (and ccoctl) need the name and namespace of the Secret to write.' });
    else if (!isMap(secretRef.value)) ctx.report({ range: secretRef.keyRange, message: 'spec.secretRef must be a mapping with name and namespace.' });
    else {
      unknownKeys(ctx, secretRef.value, SECRET_REF_KEYS, 'spec.secretRef');
      checkName(ctx, secretRef.value, 'name', 'spec.secretRef.name', 'Secret name', dns1123SubdomainProblem);
      checkName(ctx, secretRef.value, 'namespace', 'spec.secretRef.namespace', 'namespace name', dns1123LabelProblem);
      const missing = SECRET_REF_KEYS.filter((k) => !str(get(secretRef.value, k)));
      if (missing.length) ctx.report({ range: secretRef.keyRange, message: `spec.secretRef has no ${missing.join(' and ')}: ccoctl cannot name the role or write the Secret.` });
    }
    const providerPair = pairOf(spec, 'providerSpec');
    if (!providerPair || !isMap(providerPair.value)) {
      ctx.report({ range: providerPair?.keyRange ?? specPair.keyRange, message: 'spec.providerSpec is missing: add apiVersion: cloudcredential.openshift.io/v1, kind: AWSProviderSpec and statementEntries.' });
      return;
    }
    checkProvider(ctx, providerPair.value, providerPair.keyRange);
  },
};

function checkProvider(ctx: DocContext, provider: MapNode, keyRange: OffsetRange): void {
  const apiVersion = pairOf(provider, 'apiVersion');
  if (!apiVersion) ctx.report({ range: keyRange, message: `spec.providerSpec has no apiVersion: set ${CREDENTIALS_REQUEST_API}.` });
  else if (str(apiVersion.value) !== CREDENTIALS_REQUEST_API) ctx.report({ range: apiVersion.value.range, message: `spec.providerSpec.apiVersion must be ${CREDENTIALS_REQUEST_API}, not "${str(apiVersion.value) ?? ''}".`, fixes: [replaceFix(ctx, apiVersion.value, CREDENTIALS_REQUEST_API)] });
  const kindPair = pairOf(provider, 'kind');
  const kind = str(kindPair?.value);
  if (!kindPair) {
    ctx.report({ range: keyRange, message: 'spec.providerSpec has no kind: set AWSProviderSpec.' });
    return;
  }
  if (!kind || !PROVIDER_KINDS.includes(kind)) {
    const suggestion = kind ? nearest(kind, PROVIDER_KINDS) : undefined;
    ctx.report({ range: kindPair.value.range, message: `"${kind ?? ''}" is not a provider spec kind${suggestion ? ` (did you mean "${suggestion}"?)` : ''}: the operator ignores the request.`, fixes: suggestion ? [replaceFix(ctx, kindPair.value, suggestion)] : [] });
    return;
  }
  if (kind !== 'AWSProviderSpec') return; // other clouds' specs are recognised and left alone
  unknownKeys(ctx, provider, AWS_KEYS, 'spec.providerSpec');
  const entries = pairOf(provider, 'statementEntries');
  if (!entries) {
    ctx.report({ range: kindPair.keyRange, message: 'AWSProviderSpec has no statementEntries: the role would get no permissions.' });
    return;
  }
  if (!isSeq(entries.value)) {
    ctx.report({ range: entries.keyRange, message: 'statementEntries must be a list of {effect, action, resource}.' });
    return;
  }
  entries.value.items.forEach((entry, i) => checkEntry(ctx, entry, i));
}

function checkEntry(ctx: DocContext, entry: Parameters<typeof isMap>[0], i: number): void {
  if (!isMap(entry)) {
    ctx.report({ range: entry!.range, message: `statementEntries[${i}] must be a mapping with effect, action and resource.` });
    return;
  }
  const where = `statementEntries[${i}]`;
  unknownKeys(ctx, entry, ENTRY_KEYS, where);
  const effect = pairOf(entry, 'effect');
  const effectText = str(effect?.value);
  if (!effect) ctx.report({ range: entry.pairs[0]?.keyRange ?? entry.range, message: `${where} has no effect: set Allow or Deny.` });
  else if (effectText !== 'Allow' && effectText !== 'Deny' && !isTemplated(effectText)) {
    const suggestion = effectText ? nearest(effectText, ['Allow', 'Deny']) : undefined;
    ctx.report({ range: effect.value.range, message: `${where}.effect is "${effectText ?? ''}": IAM accepts only ${quoteList(['Allow', 'Deny'])} (case-sensitive).`, fixes: suggestion ? [replaceFix(ctx, effect.value, suggestion)] : [] });
  }
  const action = pairOf(entry, 'action');
  if (!action) ctx.report({ range: entry.pairs[0]?.keyRange ?? entry.range, message: `${where} has no action list.` });
  else if (!isSeq(action.value)) ctx.report({ range: action.value.range[1] > action.value.range[0] ? action.value.range : action.keyRange, message: `${where}.action must be a list (- s3:GetObject), not ${isMap(action.value) ? 'a mapping' : 'a single value'}: the operator fails to decode the request.` });
  else if (action.value.items.length === 0) ctx.report({ range: action.keyRange, message: `${where}.action is empty: the statement grants nothing.` });
  const resource = pairOf(entry, 'resource');
  if (!resource) ctx.report({ range: entry.pairs[0]?.keyRange ?? entry.range, message: `${where} has no resource: set "*" or the ARNs the actions apply to.` });
  else if (!isScalar(resource.value) || str(resource.value) === undefined) ctx.report({ range: resource.keyRange, message: `${where}.resource must be one string ("*" or an ARN); write one statement entry per resource.` });
  const condition = pairOf(entry, 'policyCondition');
  if (condition && !isMap(condition.value)) ctx.report({ range: condition.keyRange, message: `${where}.policyCondition must be a mapping of operator to {key: value}.` });
}

/** A substitution a tool fills in later (`${X}`, `$(X)`, `%{x}`, `{{ .x }}`): not a name yet, so not judged. */
const TEMPLATED = /\$\{|\$\(|%\{|\{\{/;

/**
 * Kubernetes' name rules: the API server rejects an invalid metadata name,
 * and the operator and ccoctl cannot create a Secret whose secretRef breaks
 * them (ccoctl-equivalent commands refuse to write anything for it).
 */
function checkName(ctx: DocContext, map: ReturnType<typeof get>, key: string, where: string, what: string, problemOf: (value: string) => string | undefined): void {
  if (!isMap(map)) return;
  const pair = pairOf(map, key);
  const value = str(pair?.value);
  if (!pair || !value || TEMPLATED.test(value)) return;
  const problem = problemOf(value);
  if (problem) ctx.report({ range: pair.value.range, message: `${where} ${shownName(value)} is not a valid Kubernetes ${what}: ${problem}.` });
}

function unknownKeys(ctx: DocContext, map: MapNode, known: string[], where: string): void {
  for (const pair of map.pairs) {
    if (known.includes(pair.key) || pair.merged) continue;
    const suggestion = nearest(pair.key, known.filter((k) => !map.pairs.some((p) => p.key === k)));
    ctx.report({
      range: pair.keyRange,
      message: `Unknown key "${pair.key}" in ${where}${suggestion ? ` (did you mean "${suggestion}"?)` : ''}: the operator drops it.`,
      fixes: suggestion ? [{ title: `Replace with ${suggestion}`, isPreferred: true, edits: { [ctx.file.uri]: [ctx.edit(pair.keyRange, suggestion)] } }] : [],
    });
  }
}

function replaceFix(ctx: DocContext, node: Parameters<typeof replaceScalar>[1], value: string) {
  return { title: `Replace with ${value}`, isPreferred: true, edits: { [ctx.file.uri]: [replaceScalar(ctx, node, value)] } };
}
