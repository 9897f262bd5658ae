import { HclBlock } from '../model/hcl/hclToNodes';
import { memoizedOn } from '../model/memo';
import { isMap, isScalar, isSeq, MapNode, Pair, ScalarNode, SeqNode, SNode } from '../model/node';
import { ParsedFile, SourceDoc } from '../model/parsedFile';
import { isTrustPolicy } from '../model/kinds';
import { PolicyDoc, policyAt, PolicyRole, ValueRef, valueRef } from './policy';

/**
 * What a Terraform file says about IAM and OIDC: roles and their trust
 * policies (`jsonencode`, heredoc JSON or a `data.aws_iam_policy_document`),
 * permission policies, OIDC providers, and roles made by the
 * terraform-aws-modules IRSA module. Policies become the same PolicyDoc as
 * JSON and YAML ones, with ranges in the .tf file, so every IAM and trust rule
 * applies to them.
 */
export interface TerraformRole {
  /** `aws_iam_role.app`, or `module.irsa` for the IRSA module. */
  address: string;
  block: HclBlock;
  /** The role name when the file writes it (not a `name_prefix`, not unknown). */
  name?: ValueRef;
  trust?: PolicyDoc;
}

export interface TerraformProvider {
  block: HclBlock;
  /** The issuer (host[/path]) when the url is known. */
  issuer?: string;
  url?: ScalarNode;
  clientIdList?: Pair;
  clientIds: ValueRef[];
}

export interface TerraformView {
  roles: TerraformRole[];
  providers: TerraformProvider[];
  /** Every policy of the file, trust and permission. */
  policies: PolicyDoc[];
  /** `aws_eks_pod_identity_association` resources (read by views/podIdentity). */
  associationBlocks: HclBlock[];
}

export const IRSA_MODULE = /(^|\/)iam-role-for-service-accounts-eks(\/|\?|$)/;
/** `data.aws_iam_policy_document.<name>.json`, of one instance of a `for_each` or `count` document too (`...<name>[each.key].json`). */
const DATA_JSON = /^\$\{data\.aws_iam_policy_document\.([\w-]+)(?:\[[^\]\n]*\])?\.json\}$/;

function read(file: ParsedFile, doc: SourceDoc): TerraformView {
  const view: TerraformView = { roles: [], providers: [], policies: [], associationBlocks: [] };
  const root = doc.root;
  if (doc.kind !== 'terraform' || !(root instanceof HclBlock)) return view;
  const documents = new Map<string, { block: HclBlock; node: MapNode }>();
  for (const block of root.blocks('data')) {
    const name = block.label(1);
    if (block.label(0) !== 'aws_iam_policy_document' || !name) continue;
    const node = policyDocumentNode(block);
    if (node) documents.set(name, { block, node });
  }
  const usedAsTrust = new Map<string, PolicyDoc>();
  const policyOf = (holder: Pair, role: PolicyRole, sizeLimit: number): PolicyDoc | undefined => {
    const value = holder.value;
    const data = isScalar(value) && typeof value.value === 'string' ? DATA_JSON.exec(value.value) : null;
    if (data) {
      const found = documents.get(data[1]);
      if (!found) return undefined;
      if (role === 'trust') {
        const existing = usedAsTrust.get(data[1]);
        if (existing) return existing;
        const policy = policyAt(file, pairOfBlock(found.block), found.node, 'trust', sizeLimit);
        if (policy) usedAsTrust.set(data[1], policy);
        return policy;
      }
      return undefined;
    }
    const policy = policyAt(file, holder, value, role, sizeLimit);
    // A heredoc or string with interpolations outside JSON strings is not JSON until Terraform renders it.
    if (policy?.embedded?.errors.length && /[$%]\{/.test(policy.embedded.text)) return undefined;
    return policy;
  };

  for (const block of root.blocks('resource')) {
    const type = block.label(0);
    const name = block.label(1);
    if (!type || !name) continue;
    if (type === 'aws_iam_role') {
      const assume = block.attribute('assume_role_policy');
      const trust = assume ? policyOf(assume, 'trust', 2048) : undefined;
      view.roles.push({ address: `${type}.${name}`, block, name: knownString(block.attribute('name')?.value), trust });
      for (const inline of block.blocks('inline_policy')) {
        const policy = inline.attribute('policy');
        const p = policy ? policyOf(policy, 'permission', 10240) : undefined;
        if (p) view.policies.push(p);
      }
    } else if (type === 'aws_iam_role_policy' || type === 'aws_iam_policy') {
      const policy = block.attribute('policy');
      const p = policy ? policyOf(policy, 'permission', type === 'aws_iam_policy' ? 6144 : 10240) : undefined;
      if (p) view.policies.push(p);
    } else if (type === 'aws_iam_openid_connect_provider') {
      view.providers.push(providerOf(block));
    } else if (type === 'aws_eks_pod_identity_association') {
      view.associationBlocks.push(block);
    }
  }
  for (const block of root.blocks('module')) {
    const source = knownString(block.attribute('source')?.value);
    if (!source || !IRSA_MODULE.test(source.value)) continue;
    view.roles.push({ address: `module.${block.label(0) ?? ''}`, block, name: knownString(block.attribute('role_name')?.value), trust: irsaModuleTrust(file, block) });
  }
  for (const role of view.roles) if (role.trust) view.policies.push(role.trust);
  // Policy documents no role uses as its trust policy: trust or permission by their content.
  for (const [name, { block, node }] of documents) {
    if (usedAsTrust.has(name)) continue;
    const trust = isTrustPolicy(node);
    const policy = policyAt(file, pairOfBlock(block), node, trust ? 'trust' : 'permission', trust ? 2048 : 10240);
    if (policy) view.policies.push(policy);
  }
  return view;
}

function isStarPrincipal(block: HclBlock): boolean {
  const kind = block.attribute('type')?.value;
  const identifiers = block.attribute('identifiers')?.value;
  const ids = isSeq(identifiers) ? identifiers.items : identifiers ? [identifiers] : [];
  return isScalar(kind) && kind.value === '*' && ids.length === 1 && isScalar(ids[0]) && ids[0].value === '*';
}

/** The Terraform facts of a document, read once per parse. */
export const terraformView = memoizedOn((_file: ParsedFile, doc: SourceDoc) => doc, read);

function knownString(node: SNode | undefined): ValueRef | undefined {
  const ref = valueRef(node);
  return ref && !ref.value.includes('${') ? ref : undefined;
}

/** A block as the holder of a policy: messages and "go to definition" point at its type. */
function pairOfBlock(block: HclBlock): Pair {
  return new Pair(block.blockType, block.start, block.start + block.blockType.length, block);
}

function providerOf(block: HclBlock): TerraformProvider {
  const url = block.attribute('url')?.value;
  const urlRef = knownString(url);
  const clientIdList = block.attribute('client_id_list');
  const ids = clientIdList?.value;
  const clientIds = (isSeq(ids) ? ids.items : []).map(valueRef).filter((v): v is ValueRef => v !== undefined);
  return {
    block,
    issuer: urlRef ? urlRef.value.trim().replace(/^https?:\/\//i, '').replace(/\/+$/, '') : undefined,
    url: isScalar(url) ? url : undefined,
    clientIdList,
    clientIds,
  };
}

// --- data "aws_iam_policy_document" -> the IAM JSON shape, ranges in the HCL -----------------

const STATEMENT_ATTRIBUTES: Record<string, string> = {
  sid: 'Sid',
  effect: 'Effect',
  actions: 'Action',
  not_actions: 'NotAction',
  resources: 'Resource',
  not_resources: 'NotResource',
};

/**
 * The IAM policy a `data "aws_iam_policy_document"` renders. Documents
 * merged from others (`source_policy_documents`, `override_policy_documents`)
 * or built with `dynamic` blocks are not known here and are left out.
 */
function policyDocumentNode(block: HclBlock): MapNode | undefined {
  if (block.pairs.some((p) => p.key === 'source_policy_documents' || p.key === 'override_policy_documents' || p.key === 'source_json' || p.key === 'override_json' || p.key === 'dynamic')) {
    return undefined;
  }
  const map = new MapNode(block.start, block.end, undefined);
  // The data source writes Version 2012-10-17 and Effect Allow unless told otherwise.
  const version = block.attribute('version');
  if (version) map.pairs.push(new Pair('Version', version.keyStart, version.keyEnd, version.value));
  else map.pairs.push(new Pair('Version', block.start, block.start, new ScalarNode(block.start, block.start, undefined, '2012-10-17', true)));
  const statementBlocks = block.blocks('statement');
  const statements = new SeqNode(statementBlocks[0]?.start ?? block.start, statementBlocks[statementBlocks.length - 1]?.end ?? block.end, undefined);
  for (const statement of statementBlocks) {
    if (statement.pairs.some((p) => p.key === 'dynamic')) return undefined;
    statements.items.push(statementNode(statement));
  }
  const first = statementBlocks[0];
  map.pairs.push(new Pair('Statement', first?.start ?? block.start, (first?.start ?? block.start) + 'statement'.length, statements));
  return map;
}

function statementNode(block: HclBlock): MapNode {
  const map = new MapNode(block.start, block.end, undefined);
  for (const pair of block.pairs) {
    const key = STATEMENT_ATTRIBUTES[pair.key];
    if (key && !(pair.value instanceof HclBlock)) map.pairs.push(new Pair(key, pair.keyStart, pair.keyEnd, pair.value));
  }
  if (!block.attribute('effect')) map.pairs.push(new Pair('Effect', block.start, block.start, new ScalarNode(block.start, block.start, undefined, 'Allow', true)));
  for (const [type, key] of [
    ['principals', 'Principal'],
    ['not_principals', 'NotPrincipal'],
  ] as const) {
    const blocks = block.blocks(type);
    if (!blocks.length) continue;
    // `type = "*"` with `identifiers = ["*"]` is how the provider writes `"Principal": "*"`.
    const star = blocks.length === 1 && isStarPrincipal(blocks[0]);
    if (star) {
      const kind = blocks[0].attribute('type')!.value as ScalarNode;
      map.pairs.push(new Pair(key, blocks[0].start, blocks[0].start + type.length, new ScalarNode(kind.start, kind.end, undefined, '*', true)));
      continue;
    }
    const principal = new MapNode(blocks[0].start, blocks[blocks.length - 1].end, undefined);
    for (const b of blocks) {
      const kind = b.attribute('type')?.value;
      const identifiers = b.attribute('identifiers');
      if (!isScalar(kind) || typeof kind.value !== 'string' || !identifiers) continue;
      principal.pairs.push(new Pair(kind.value, kind.start, kind.end, identifiers.value));
    }
    map.pairs.push(new Pair(key, blocks[0].start, blocks[0].start + type.length, principal));
  }
  const conditions = block.blocks('condition');
  if (conditions.length) {
    const condition = new MapNode(conditions[0].start, conditions[conditions.length - 1].end, undefined);
    for (const c of conditions) {
      const test = c.attribute('test')?.value;
      const variable = c.attribute('variable')?.value;
      const values = c.attribute('values');
      if (!isScalar(test) || typeof test.value !== 'string' || !isScalar(variable) || typeof variable.value !== 'string' || !values) continue;
      // One operator block per condition block: the rules read every pair, so repeated operators need no merging.
      const operator = new MapNode(c.start, c.end, undefined);
      operator.pairs.push(new Pair(variable.value, variable.start, variable.end, values.value));
      condition.pairs.push(new Pair(test.value, test.start, test.end, operator));
    }
    map.pairs.push(new Pair('Condition', conditions[0].start, conditions[0].start + 'condition'.length, condition));
  }
  return map;
}

// --- terraform-aws-modules iam-role-for-service-accounts-eks ---------------------------------

/**
 * The trust policy the IRSA module writes (v5): per entry of `oidc_providers`,
 * Federated = provider_arn, `<issuer>:sub` = system:serviceaccount:<ns>:<sa> for
 * each `namespace_service_accounts` entry, `<issuer>:aud` = sts.amazonaws.com,
 * under `assume_role_condition_test` (default StringEquals). Values sit on the
 * "ns:sa" strings of the module call.
 */
function irsaModuleTrust(file: ParsedFile, block: HclBlock): PolicyDoc | undefined {
  const providers = block.attribute('oidc_providers')?.value;
  if (!isMap(providers)) return undefined;
  const testPair = block.attribute('assume_role_condition_test');
  const test = testPair && isScalar(testPair.value) && typeof testPair.value.value === 'string' ? testPair.value : undefined;
  const operator = test?.value as string | undefined;
  if (testPair && (!operator || operator.includes('${'))) return undefined;
  const map = new MapNode(block.start, block.end, undefined);
  const statements = new SeqNode(providers.start, providers.end, undefined);
  for (const entry of providers.pairs) {
    const arn = pairIn(entry.value, 'provider_arn');
    const accounts = pairIn(entry.value, 'namespace_service_accounts');
    if (!arn || !accounts || !isSeq(accounts.value) || !isScalar(arn.value) || typeof arn.value.value !== 'string') continue;
    const synthetic = (value: string) => new ScalarNode(entry.keyStart, entry.keyEnd, undefined, value, true);
    const issuer = issuerOfArn(arn.value.value);
    const subs = new SeqNode(accounts.value.start, accounts.value.end, undefined);
    for (const item of accounts.value.items) {
      if (!isScalar(item) || typeof item.value !== 'string') continue;
      subs.items.push(new ScalarNode(item.start, item.end, undefined, `system:serviceaccount:${item.value}`, true));
    }
    const statement = new MapNode(entry.value.start, entry.value.end, undefined);
    statement.pairs.push(new Pair('Effect', entry.keyStart, entry.keyEnd, synthetic('Allow')));
    statement.pairs.push(new Pair('Action', entry.keyStart, entry.keyEnd, synthetic('sts:AssumeRoleWithWebIdentity')));
    const principal = new MapNode(arn.value.start, arn.value.end, undefined);
    principal.pairs.push(new Pair('Federated', arn.keyStart, arn.keyEnd, arn.value));
    statement.pairs.push(new Pair('Principal', arn.keyStart, arn.keyEnd, principal));
    const operatorMap = new MapNode(accounts.value.start, accounts.value.end, undefined);
    operatorMap.pairs.push(new Pair(`${issuer}:sub`, accounts.keyStart, accounts.keyEnd, subs));
    const aud = new SeqNode(accounts.keyStart, accounts.keyEnd, undefined);
    aud.items.push(synthetic('sts.amazonaws.com'));
    operatorMap.pairs.push(new Pair(`${issuer}:aud`, accounts.keyStart, accounts.keyEnd, aud));
    const condition = new MapNode(accounts.value.start, accounts.value.end, undefined);
    condition.pairs.push(new Pair(operator ?? 'StringEquals', test?.start ?? accounts.keyStart, test?.end ?? accounts.keyEnd, operatorMap));
    statement.pairs.push(new Pair('Condition', accounts.keyStart, accounts.keyEnd, condition));
    statements.items.push(statement);
  }
  if (!statements.items.length) return undefined;
  map.pairs.push(new Pair('Version', block.start, block.start + block.blockType.length, new ScalarNode(block.start, block.start, undefined, '2012-10-17', true)));
  map.pairs.push(new Pair('Statement', providers.start, providers.end, statements));
  const policy = policyAt(file, block.attribute('oidc_providers'), map, 'trust', 2048);
  if (policy) policy.subjectText = (subject) => subject.replace(/^system:serviceaccount:/, '');
  return policy;
}

function pairIn(node: SNode, key: string): Pair | undefined {
  return isMap(node) ? node.pairs.find((p) => p.key === key) : undefined;
}

/** The issuer part of a provider ARN, or the module's own expression for it when the ARN is not known. */
function issuerOfArn(arn: string): string {
  const m = /^arn:[^:]+:iam::[^:]+:oidc-provider\/(.+)$/.exec(arn);
  if (m) return m[1];
  return `\${replace(${arn.replace(/^\$\{|\}$/g, '')}, "/^(.*provider/)/", "")}`;
}
