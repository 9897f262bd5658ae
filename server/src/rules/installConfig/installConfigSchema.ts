import { isMap, isScalar, isSeq, MapNode, OffsetRange, pairOf, SNode } from '../../model/node';
import { humanPlaceholder, isTemplated } from '../../model/templated';
import { installConfigSchema, KeySpec, SchemaType } from '../../installConfig/schema';
import { nearest, quoteList } from '../../util/nearest';
import { replaceScalar } from '../edits';
import { DocContext, DocRule } from '../rule';

/** Checked by their own rules, with their own messages and fixes. */
const OWNED_BY_OTHER_RULES = new Set(['platform.aws.region']);

export const installConfigSchemaRule: DocRule = {
  id: 'install-config-schema',
  description: 'Unknown key, wrong type, or a value the installer does not accept in install-config.yaml.',
  defaultSeverity: 'error',
  kinds: ['install-config'],
  check(ctx) {
    validate(ctx, ctx.root, installConfigSchema, '', ctx.root.pairs[0]?.keyRange ?? ctx.root.range);
    const aws = pairOf(pairOf(ctx.root, 'platform')?.value, 'aws')?.value;
    const legacy = pairOf(aws, 'subnets');
    if (legacy && pairOf(pairOf(aws, 'vpc')?.value, 'subnets')) {
      ctx.report({
        range: legacy.keyRange,
        message: 'platform.aws.subnets cannot be used together with platform.aws.vpc.subnets: move the ids to vpc.subnets and delete this key.',
      });
    }
  },
};

/**
 * Walks the document against the schema. A small walker over our own node
 * tree rather than a JSON Schema validator: every finding needs the exact key
 * or value range and a nearest-key suggestion, which a generic validator's
 * instance paths would have to be mapped back to.
 */
function validate(ctx: DocContext, node: SNode, spec: KeySpec, path: string, keyRange: OffsetRange): void {
  if (isScalar(node) && node.value === null) return; // `key:` with no value is the zero value to the installer
  // A templated value (`replicas: ${WORKER_REPLICAS}`) has no type or value until it is filled in.
  if (isScalar(node) && typeof node.value === 'string' && isTemplated(node.value)) return;
  const actual = typeOf(node);
  const allowed = Array.isArray(spec.type) ? spec.type : [spec.type];
  if (!allowed.some((t) => t === actual || (t === 'number' && actual === 'integer'))) {
    ctx.report({ range: spec.secret ? keyRange : node.range, message: typeMessage(path, allowed, actual, spec) });
    return;
  }
  // Still accepted (converted) by the installer, and the only spelling older releases know: information, not a warning.
  if (spec.deprecated) ctx.report({ range: keyRange, severity: 'information', message: `${path} is deprecated, though the installer still accepts it: ${spec.deprecated}` });
  if (isMap(node)) validateMap(ctx, node, spec, path, keyRange);
  else if (isSeq(node) && spec.items) node.items.forEach((item, i) => validate(ctx, item, spec.items!, `${path}[${i}]`, item.range));
  else if (isScalar(node) && typeof node.value === 'string' && (!spec.secret || node.value === '')) validateString(ctx, node.value, node, spec, path);
}

function validateMap(ctx: DocContext, node: MapNode, spec: KeySpec, path: string, keyRange: OffsetRange): void {
  const known = spec.properties ?? {};
  for (const pair of node.pairs) {
    const child = known[pair.key] ?? spec.additionalProperties;
    const childPath = path ? `${path}.${pair.key}` : pair.key;
    if (child) {
      validate(ctx, pair.value, child, childPath, pair.keyRange);
      continue;
    }
    if (!spec.properties || pair.merged) continue;
    const unused = Object.keys(known).filter((k) => !node.pairs.some((p) => p.key === k));
    const suggestion = nearest(pair.key, unused);
    const where = path ? ` in ${path}` : '';
    ctx.report({
      range: pair.keyRange,
      message: `Unknown key "${pair.key}"${where}${suggestion ? ` (did you mean "${suggestion}"?)` : ''}: the installer rejects the file.`,
      fixes: suggestion ? [{ title: `Replace with ${suggestion}`, isPreferred: true, edits: { [ctx.file.uri]: [ctx.edit(pair.keyRange, suggestion)] } }] : [],
    });
  }
  for (const [key, child] of Object.entries(known)) {
    if (child.required && !node.pairs.some((p) => p.key === key) && !OWNED_BY_OTHER_RULES.has(path ? `${path}.${key}` : key)) {
      ctx.report({ range: keyRange, message: `Missing required key "${key}"${path ? ` in ${path}` : ''}.` });
    }
  }
}

function validateString(ctx: DocContext, value: string, node: SNode & { type: 'scalar' }, spec: KeySpec, path: string): void {
  if (value === '' && spec.nonEmpty) {
    ctx.report({ range: node.range, message: `${path} is empty: ${spec.nonEmpty}. Paste the pull secret from console.redhat.com, in single quotes.` });
    return;
  }
  // The installer checks an optional string only when it is set: sshKey: '' means no key.
  if (value === '' && !spec.required && !spec.enum) return;
  const invalid = (spec.enum && !spec.enum.includes(value)) || (spec.pattern && !new RegExp(spec.pattern).test(value));
  const placeholder = invalid ? humanPlaceholder(value) : undefined;
  if (placeholder) {
    ctx.report({ range: node.range, message: `A placeholder was left in ${path}: "${placeholder}" is not filled in by anything, and the installer takes the value as written. Replace it with ${spec.enum ? quoteList(spec.enum) : spec.patternHint ?? `a value matching ${spec.pattern}`}.` });
    return;
  }
  if (spec.enum && !spec.enum.includes(value)) {
    const suggestion = nearest(value, spec.enum.filter((v) => v !== ''));
    ctx.report({
      range: node.range,
      message: `"${value}" is not a valid ${path}: expected ${quoteList(spec.enum)}${suggestion ? ` (did you mean "${suggestion}"?)` : ''}.`,
      fixes: suggestion ? [{ title: `Replace with ${suggestion}`, isPreferred: true, edits: { [ctx.file.uri]: [replaceScalar(ctx, node, suggestion)] } }] : [],
    });
    return;
  }
  if (spec.pattern && !new RegExp(spec.pattern).test(value)) {
    ctx.report({ range: node.range, message: `"${value}" is not valid for ${path}: expected ${spec.patternHint ?? `a value matching ${spec.pattern}`}.` });
  }
}

type ActualType = SchemaType | 'null';

function typeOf(node: SNode): ActualType {
  if (isMap(node)) return 'object';
  if (isSeq(node)) return 'array';
  const value = node.value;
  if (value === null) return 'null';
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'number' || typeof value === 'bigint') return Number.isInteger(Number(value)) ? 'integer' : 'number';
  return 'string';
}

const ARTICLE: Record<ActualType, string> = {
  object: 'a mapping',
  array: 'a list',
  string: 'a string',
  integer: 'an integer',
  number: 'a number',
  boolean: 'true or false',
  null: 'empty',
};

function typeMessage(path: string, allowed: SchemaType[], actual: ActualType, spec: KeySpec): string {
  const expected = allowed.map((t) => ARTICLE[t]).join(' or ');
  if (spec.secret && actual === 'object') {
    return `${path} must be a string: quote the JSON in single quotes ('{"auths": ...}'), otherwise YAML reads it as a mapping.`;
  }
  return `${path} must be ${expected}, not ${ARTICLE[actual]}.`;
}
