import { memoizedOn } from '../model/memo';
import { EmbeddedJson, parseEmbeddedJson } from '../model/embeddedJson';
import { get, getStr, isMap, isScalar, isSeq, MapNode, Pair, pairOf, ScalarNode, SNode, toPlain } from '../model/node';
import { ParsedFile, SourceDoc } from '../model/parsedFile';
import { eksctlClusterView } from './eksctlCluster';
import { terraformView } from './terraform';

/**
 * IAM policies wherever they appear: standalone JSON, a role's
 * AssumeRolePolicyDocument (object or JSON string), a role policy's
 * PolicyDocument, CloudFormation IAM resources, an eksctl ClusterConfig's
 * attachPolicy / permissionPolicy, and CredentialsRequest statementEntries
 * (lower-case keys). Rules read statements from here and
 * never care which shape they came from.
 */
export type PolicyRole = 'trust' | 'permission';
export type StatementShape = 'iam' | 'credentials-request';

export interface PolicyDoc {
  role: PolicyRole;
  shape: StatementShape;
  /** The policy map (for a CredentialsRequest: the providerSpec). */
  node: MapNode;
  /** What holds the policy, for messages and ranges: e.g. the `AssumeRolePolicyDocument` pair. */
  holder?: Pair;
  /** Set when the policy is JSON inside a string scalar. */
  embedded?: EmbeddedJson;
  /** Text to write inside the policy's source (escaped when the policy is embedded in a string). */
  encode(text: string): string;
  /** Size quota in characters (whitespace excluded), when one applies. */
  sizeLimit?: number;
  statementPair?: Pair;
  statements: Statement[];
  /** Policy size without whitespace, as IAM counts it. */
  compactSize(): number;
  /**
   * How a `sub` subject is written in the source, when not as itself: the
   * Terraform IRSA module lists `namespace:serviceaccount`.
   */
  subjectText?: (subject: string) => string;
}

export interface ValueRef {
  value: string;
  node: ScalarNode;
}

export type PrincipalType = 'AWS' | 'Federated' | 'Service' | 'CanonicalUser' | '*';

export interface PrincipalRef extends ValueRef {
  type: PrincipalType;
}

export interface ConditionRef {
  operatorPair: Pair;
  operator: string;
  keyPair: Pair;
  key: string;
  /** String values (lists flattened); intrinsic functions and non-strings are left out. */
  values: ValueRef[];
  /** The map that holds this key (the operator's block). */
  block: MapNode;
}

export interface Statement {
  policy: PolicyDoc;
  node: MapNode;
  effect?: ValueRef;
  /** The `Action`/`NotAction` (or `action`) pair. */
  actionPair?: Pair;
  notAction: boolean;
  actions: ValueRef[];
  resourcePair?: Pair;
  resources: ValueRef[];
  principalPair?: Pair;
  principals: PrincipalRef[];
  conditionPair?: Pair;
  conditions: ConditionRef[];
}


export const POLICY_KINDS = ['trust-policy', 'permission-policy', 'iam-role', 'iam-role-policy', 'cloudformation', 'credentials-request', 'terraform', 'eksctl-cluster'] as const;

function findPolicies(file: ParsedFile, doc: SourceDoc): PolicyDoc[] {
  const root = doc.root;
  // A document with syntax errors has a partial tree: the syntax rule speaks for it.
  if (!isMap(root) || doc.errors.length > 0) return [];
  const out: PolicyDoc[] = [];
  const add = (holder: Pair | undefined, node: SNode | undefined, role: PolicyRole, sizeLimit?: number) => {
    const policy = policyAt(file, holder, node, role, sizeLimit);
    if (policy) out.push(policy);
  };
  switch (doc.kind) {
    case 'trust-policy':
      add(undefined, root, 'trust', 2048);
      break;
    case 'permission-policy':
      add(undefined, root, 'permission');
      break;
    case 'iam-role':
      add(pairOf(root, 'AssumeRolePolicyDocument'), get(root, 'AssumeRolePolicyDocument'), 'trust', 2048);
      break;
    case 'iam-role-policy':
      add(pairOf(root, 'PolicyDocument'), get(root, 'PolicyDocument'), 'permission', 10240);
      break;
    case 'cloudformation': {
      const resources = get(root, 'Resources');
      if (!isMap(resources)) break;
      for (const resource of resources.pairs) {
        const type = getStr(resource.value, 'Type');
        const props = get(resource.value, 'Properties');
        if (type === 'AWS::IAM::Role') {
          add(pairOf(props, 'AssumeRolePolicyDocument'), get(props, 'AssumeRolePolicyDocument'), 'trust', 2048);
          const inline = get(props, 'Policies');
          if (isSeq(inline)) for (const p of inline.items) add(pairOf(p, 'PolicyDocument'), get(p, 'PolicyDocument'), 'permission', 10240);
        } else if (type === 'AWS::IAM::Policy' || type === 'AWS::IAM::RolePolicy') {
          add(pairOf(props, 'PolicyDocument'), get(props, 'PolicyDocument'), 'permission', 10240);
        } else if (type === 'AWS::IAM::ManagedPolicy') {
          add(pairOf(props, 'PolicyDocument'), get(props, 'PolicyDocument'), 'permission', 6144);
        }
      }
      break;
    }
    case 'terraform':
      out.push(...terraformView(file, doc).policies);
      break;
    case 'eksctl-cluster': {
      // eksctl attaches these documents as inline policies of the roles it creates.
      const cluster = eksctlClusterView(root);
      for (const sa of cluster.serviceAccounts) add(sa.attachPolicy, sa.attachPolicy?.value, 'permission', 10240);
      for (const association of cluster.podIdentityAssociations) add(association.permissionPolicy, association.permissionPolicy?.value, 'permission', 10240);
      break;
    }
    case 'credentials-request': {
      const spec = get(root, 'spec', 'providerSpec');
      // GCP and Azure requests share files with AWS ones: only AWSProviderSpec holds IAM statements.
      if (!isMap(spec) || getStr(spec, 'kind') !== 'AWSProviderSpec') break;
      const policy: PolicyDoc = {
        role: 'permission',
        shape: 'credentials-request',
        node: spec,
        holder: pairOf(get(root, 'spec'), 'providerSpec'),
        encode: (t) => t,
        statementPair: pairOf(spec, 'statementEntries'),
        statements: [],
        compactSize: () => compact(spec),
      };
      policy.statements = statementNodes(get(spec, 'statementEntries')).map((s) => readStatement(policy, s));
      out.push(policy);
      break;
    }
  }
  return out;
}

/** Every policy in a document (of that file), read once per parse. */
export const policiesOf = memoizedOn((_file: ParsedFile, doc: SourceDoc) => doc, findPolicies);

/**
 * A CloudFormation intrinsic function in long form (`{"Fn::If": [...]}`,
 * `{"Ref": "X"}`): what it stands for is known only once the stack is
 * deployed, as with the short-form tags (`!If`, `!Ref`).
 */
export function isIntrinsic(node: SNode | undefined): boolean {
  return isMap(node) && node.pairs.length === 1 && (node.pairs[0].key === 'Ref' || node.pairs[0].key.startsWith('Fn::'));
}

export function policyAt(file: ParsedFile, holder: Pair | undefined, node: SNode | undefined, role: PolicyRole, sizeLimit?: number): PolicyDoc | undefined {
  if (isIntrinsic(node)) return undefined;
  let embedded: EmbeddedJson | undefined;
  let map: SNode | undefined = node;
  if (isScalar(node) && !node.tag) {
    embedded = parseEmbeddedJson(file.text, node);
    map = embedded?.root;
  }
  if (!isMap(map)) return undefined;
  const policyMap = map;
  const policy: PolicyDoc = {
    role,
    shape: 'iam',
    node: policyMap,
    holder,
    embedded,
    encode: embedded ? embedded.encode : (t) => t,
    sizeLimit,
    statementPair: pairOf(policyMap, 'Statement'),
    statements: [],
    compactSize: () => compact(policyMap),
  };
  // JSON errors inside the string: iam-policy-schema reports them; rules see no statements.
  if (!embedded?.errors.length) policy.statements = statementNodes(get(policyMap, 'Statement')).map((s) => readStatement(policy, s));
  return policy;
}

function compact(node: SNode): number {
  try {
    return JSON.stringify(toPlain(node)).length;
  } catch {
    return 0;
  }
}

/** `Statement` may be one object or a list of them; a statement that an intrinsic function chooses is unknown. */
function statementNodes(node: SNode | undefined): MapNode[] {
  if (isIntrinsic(node)) return [];
  if (isMap(node)) return [node];
  if (isSeq(node)) return node.items.filter((item): item is MapNode => isMap(item) && !isIntrinsic(item));
  return [];
}

const KEYS = {
  iam: { effect: 'Effect', action: 'Action', notAction: 'NotAction', resource: 'Resource', notResource: 'NotResource', condition: 'Condition' },
  'credentials-request': { effect: 'effect', action: 'action', notAction: undefined, resource: 'resource', notResource: undefined, condition: 'policyCondition' },
} as const;

function readStatement(policy: PolicyDoc, node: MapNode): Statement {
  const keys = KEYS[policy.shape];
  const effectNode = get(node, keys.effect);
  const actionPair = pairOf(node, keys.action) ?? (keys.notAction ? pairOf(node, keys.notAction) : undefined);
  const resourcePair = pairOf(node, keys.resource) ?? (keys.notResource ? pairOf(node, keys.notResource) : undefined);
  const principalPair = policy.shape === 'iam' ? pairOf(node, 'Principal') ?? pairOf(node, 'NotPrincipal') : undefined;
  const conditionPair = pairOf(node, keys.condition);
  return {
    policy,
    node,
    effect: valueRef(effectNode),
    actionPair,
    notAction: actionPair?.key === 'NotAction',
    actions: stringValues(actionPair?.value),
    resourcePair,
    resources: stringValues(resourcePair?.value),
    principalPair,
    principals: principalsOf(principalPair?.value),
    conditionPair,
    conditions: conditionsOf(conditionPair?.value),
  };
}

/** A plain string scalar; YAML intrinsic tags (`!Sub`, `!Ref`) are opaque. */
export function valueRef(node: SNode | undefined): ValueRef | undefined {
  if (!isScalar(node) || node.tag || typeof node.value !== 'string') return undefined;
  return { value: node.value, node };
}

function stringValues(node: SNode | undefined): ValueRef[] {
  if (isSeq(node)) return node.items.map(valueRef).filter((v): v is ValueRef => v !== undefined);
  const one = valueRef(node);
  return one ? [one] : [];
}

function principalsOf(node: SNode | undefined): PrincipalRef[] {
  const star = valueRef(node);
  // Fields written out, not spread: a spread and a field give each object a hidden class of its own in V8.
  if (star) return [{ value: star.value, node: star.node, type: '*' }];
  if (!isMap(node) || isIntrinsic(node)) return [];
  return node.pairs.flatMap((p) => stringValues(p.value).map((v) => ({ value: v.value, node: v.node, type: p.key as PrincipalType })));
}

function conditionsOf(node: SNode | undefined): ConditionRef[] {
  if (!isMap(node) || isIntrinsic(node)) return [];
  const out: ConditionRef[] = [];
  for (const operatorPair of node.pairs) {
    const block = operatorPair.value;
    if (!isMap(block) || isIntrinsic(block)) continue;
    for (const keyPair of block.pairs) {
      out.push({ operatorPair, operator: operatorPair.key, keyPair, key: keyPair.key, values: stringValues(keyPair.value), block });
    }
  }
  return out;
}

/** Lower-case claim of a condition key: `oidc.eks.../id/X:sub` -> `sub`. */
export function claimOf(key: string): string {
  return key.slice(key.lastIndexOf(':') + 1).toLowerCase();
}

export function isAllow(statement: Statement): boolean {
  return (statement.effect?.value ?? 'Allow').toLowerCase() === 'allow';
}

/** EKS Pod Identity: the pods.eks.amazonaws.com service principal (sts:AssumeRole + sts:TagSession). */
export function isPodIdentity(statement: Statement): boolean {
  return statement.principals.some((p) => p.type === 'Service' && p.value === 'pods.eks.amazonaws.com');
}
