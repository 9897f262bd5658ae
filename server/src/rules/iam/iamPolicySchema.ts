import { allOperators, parseOperator } from '../../iam/conditions';
import { isMap, isSeq, MapNode, Pair, SNode, toPlain } from '../../model/node';
import { isTemplated } from '../../model/templated';
import { nearest } from '../../util/nearest';
import { isIntrinsic, POLICY_KINDS, PolicyDoc, policiesOf, Statement } from '../../views/policy';
import { DocContext, DocRule, Fix } from '../rule';
import { insertPair, renameKey, replaceString } from './policyEdits';

const POLICY_KEYS = ['Version', 'Id', 'Statement'];
const STATEMENT_KEYS = ['Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition'];
const PRINCIPAL_TYPES = ['AWS', 'Federated', 'Service', 'CanonicalUser'];

function renameFix(ctx: DocContext, policy: PolicyDoc, pair: Pair, to: string): Fix[] {
  return [{ title: `Change to "${to}"`, isPreferred: true, edits: { [ctx.file.uri]: [renameKey(ctx, policy, pair.keyRange, pair.key, to)] } }];
}

function unknownKeys(ctx: DocContext, policy: PolicyDoc, map: MapNode, known: string[], where: string): void {
  for (const pair of map.pairs) {
    if (known.includes(pair.key)) continue;
    const suggestion = nearest(pair.key, known);
    ctx.report({
      range: pair.keyRange,
      message: `"${pair.key}" is not a key of ${where}${suggestion ? ` (did you mean "${suggestion}"?)` : ''}: IAM rejects the document as MalformedPolicyDocument. Keys: ${known.join(', ')}.`,
      fixes: suggestion ? renameFix(ctx, policy, pair, suggestion) : undefined,
    });
  }
}

export const iamPolicySchema: DocRule = {
  id: 'iam-policy-schema',
  description: 'IAM policy structure: Version, Statement, Effect, Action/NotAction, Resource/NotResource, known keys and condition operators.',
  defaultSeverity: 'error',
  kinds: POLICY_KINDS,
  check(ctx) {
    for (const policy of policiesOf(ctx.file, ctx.doc)) {
      if (policy.shape !== 'iam') continue;
      const syntax = policy.embedded?.errors[0];
      if (syntax) {
        ctx.report({ range: syntax.range, message: `The policy in ${policy.holder?.key ?? 'this string'} is not valid JSON: ${syntax.message}. IAM rejects it as MalformedPolicyDocument.` });
        continue;
      }
      checkPolicy(ctx, policy);
      for (const statement of policy.statements) checkStatement(ctx, policy, statement);
    }
  },
};

/** Whether a policy holds a policy variable (`${aws:username}`, `${aws:PrincipalTag/team}`), whose meaning needs Version 2012-10-17. */
function usesVariables(map: SNode): boolean {
  try {
    return /\$\{[^}]+\}/.test(JSON.stringify(toPlain(map)));
  } catch {
    return true;
  }
}

function checkPolicy(ctx: DocContext, policy: PolicyDoc): void {
  const map = policy.node;
  const anchor = policy.holder?.keyRange ?? policy.statementPair?.keyRange ?? [map.range[0], map.range[0] + 1];
  unknownKeys(ctx, policy, map, POLICY_KEYS, 'a policy document');
  const version = map.pairs.find((p) => p.key === 'Version');
  const versionValue = version?.value.type === 'scalar' ? String(version.value.value) : undefined;
  if (!version) {
    ctx.report({
      range: anchor,
      // IAM accepts a policy without Version; only its policy variables change meaning (AWS's default VPC endpoint policy has none).
      severity: usesVariables(map) ? undefined : 'information',
      message: 'The policy has no "Version": IAM then applies the 2008-10-17 language, where policy variables such as ${aws:username} are plain text. Add "Version": "2012-10-17".',
      fixes: [{ title: 'Add "Version": "2012-10-17"', isPreferred: true, edits: { [ctx.file.uri]: [insertPair(ctx, policy, map, 'Version', '2012-10-17')] } }],
    });
  } else if (versionValue !== '2012-10-17' && versionValue !== '2008-10-17' && !isTemplated(versionValue)) {
    ctx.report({
      range: version.value.range,
      message: `Version "${versionValue ?? ''}" is not a policy language version: use "2012-10-17" (it is a fixed date, not today's date).`,
      fixes: [{ title: 'Set "Version": "2012-10-17"', isPreferred: true, edits: { [ctx.file.uri]: [replaceString(ctx, policy, version.value.range, versionValue ?? '', '2012-10-17')] } }],
    });
  }
  const statement = policy.statementPair?.value;
  if (isIntrinsic(statement)) return;
  if (!policy.statementPair) ctx.report({ range: anchor, message: 'The policy has no "Statement": add one statement object or a list of them.' });
  else if (!isMap(statement) && !isSeq(statement)) ctx.report({ range: policy.statementPair.value.range, message: '"Statement" must be a statement object or a list of them.' });
}

function checkStatement(ctx: DocContext, policy: PolicyDoc, s: Statement): void {
  const anchor = [s.node.range[0], s.node.range[0] + 1] as const;
  unknownKeys(ctx, policy, s.node, STATEMENT_KEYS, 'a policy statement');
  const effectPair = s.node.pairs.find((p) => p.key === 'Effect');
  if (!effectPair) ctx.report({ range: anchor, message: 'The statement has no "Effect": add "Effect": "Allow" or "Deny".' });
  else if (isIntrinsic(effectPair.value)) {
    // CloudFormation chooses the value when the stack is deployed.
  } else if (!s.effect || (s.effect.value !== 'Allow' && s.effect.value !== 'Deny' && !isTemplated(s.effect.value))) {
    const value = s.effect?.value ?? '';
    const to = /^deny$/i.test(value) ? 'Deny' : /^allow$/i.test(value) ? 'Allow' : undefined;
    ctx.report({
      range: effectPair.value.range,
      message: `"Effect" must be "Allow" or "Deny" (case-sensitive), not "${value}".`,
      fixes: to && s.effect ? [{ title: `Change to "${to}"`, isPreferred: true, edits: { [ctx.file.uri]: [replaceString(ctx, policy, s.effect.node.range, value, to)] } }] : undefined,
    });
  }
  const has = (k: string) => s.node.pairs.some((p) => p.key === k);
  if (has('Action') && has('NotAction')) ctx.report({ range: s.node.pairs.find((p) => p.key === 'NotAction')!.keyRange, message: 'A statement has "Action" or "NotAction", not both.' });
  else if (!s.actionPair) ctx.report({ range: anchor, message: 'The statement has no "Action" (or "NotAction"): add the actions it allows or denies.' });
  if (has('Resource') && has('NotResource')) ctx.report({ range: s.node.pairs.find((p) => p.key === 'NotResource')!.keyRange, message: 'A statement has "Resource" or "NotResource", not both.' });
  if (policy.role === 'trust' && s.resourcePair) {
    ctx.report({ range: s.resourcePair.keyRange, message: `A trust policy must not have "${s.resourcePair.key}" (the role itself is the resource): IAM rejects it with "Has prohibited field Resource". Remove it.` });
  }
  if (policy.role === 'trust' && !s.principalPair) ctx.report({ range: anchor, message: 'A trust policy statement needs a "Principal": who may assume the role.' });
  // A resource-based policy may leave its resource implicit (an ECR repository policy: the repository).
  if (policy.role === 'permission' && !s.resourcePair && !s.principalPair) ctx.report({ range: anchor, message: 'The statement has no "Resource" (or "NotResource"): add "Resource": "*" or the ARNs it applies to.' });
  const principal = s.principalPair?.value;
  if (isMap(principal) && !isIntrinsic(principal)) unknownKeys(ctx, policy, principal, PRINCIPAL_TYPES, 'a Principal');
  const condition = s.conditionPair?.value;
  if (isMap(condition) && !isIntrinsic(condition)) {
    for (const op of condition.pairs) {
      // An operator a tool fills in later (Terraform's `test = var.x`) is unknown, not wrong.
      if (isTemplated(op.key)) continue;
      if (parseOperator(op.key)) {
        if (!isMap(op.value)) ctx.report({ range: op.value.range, message: `The value of ${op.key} must be a map of condition keys to values.` });
        continue;
      }
      const suggestion = nearest(op.key, allOperators());
      ctx.report({
        range: op.keyRange,
        message: `"${op.key}" is not a condition operator${suggestion ? ` (did you mean "${suggestion}"?)` : ''}: IAM rejects the policy.`,
        fixes: suggestion ? renameFix(ctx, policy, op, suggestion) : undefined,
      });
    }
  }
}
