import { isMap, isSeq, MapNode, Pair, ScalarNode, SNode } from '../node';
import { HclBlock } from './hclToNodes';

/**
 * Terraform's JSON syntax (`.tf.json`) as the same blocks a `.tf` file
 * gives, with the JSON's ranges: `{"resource": {"aws_iam_role": {"app":
 * {...}}}}` becomes `resource "aws_iam_role" "app" {...}`. JSON has no block
 * syntax, so which keys of a body are nested blocks is Terraform's schema:
 * the ones the Terraform view reads are listed here. String values keep
 * their `${...}` interpolations, which the rules treat as unknown.
 */
const LABELS: Record<string, number> = { resource: 2, data: 2, module: 1, variable: 1, output: 1, provider: 1, locals: 0, terraform: 0 };

/** Nested block types of the bodies the Terraform view reads (policy documents, roles). */
const NESTED_BLOCKS = new Set(['statement', 'principals', 'not_principals', 'condition', 'inline_policy', 'dynamic']);

const MAX_DEPTH = 64;

export function terraformJsonToBlocks(root: SNode | undefined): HclBlock | undefined {
  if (!isMap(root)) return undefined;
  const file = new HclBlock(root.start, root.end, '', []);
  for (const pair of root.pairs) {
    const labels = LABELS[pair.key];
    if (labels === undefined) continue;
    for (const body of objects(pair.value)) addLabelled(file, pair, body, labels, []);
  }
  return file;
}

/** A key's value as a list of objects (Terraform JSON allows one object or an array of them). */
function objects(node: SNode): MapNode[] {
  if (isMap(node)) return [node];
  if (isSeq(node)) return node.items.filter(isMap);
  return [];
}

/** `{"<label>": {"<label>": body}}`, as deep as the block type has labels. */
function addLabelled(target: HclBlock, typePair: Pair, node: MapNode, remaining: number, labels: ScalarNode[]): void {
  if (remaining === 0) {
    const block = body(typePair.key, node, labels, 0);
    target.pairs.push(new Pair(typePair.key, typePair.keyStart, typePair.keyEnd, block));
    return;
  }
  for (const pair of node.pairs) {
    const label = new ScalarNode(pair.keyStart, pair.keyEnd, undefined, pair.key, true);
    for (const inner of objects(pair.value)) addLabelled(target, typePair, inner, remaining - 1, [...labels, label]);
  }
}

function body(type: string, node: MapNode, labels: ScalarNode[], depth: number): HclBlock {
  const block = new HclBlock(node.start, node.end, type, labels);
  for (const pair of node.pairs) {
    if (pair.key === '//') continue; // a comment
    if (NESTED_BLOCKS.has(pair.key) && depth < MAX_DEPTH) {
      for (const inner of objects(pair.value)) block.pairs.push(new Pair(pair.key, pair.keyStart, pair.keyEnd, body(pair.key, inner, [], depth + 1)));
    } else block.pairs.push(pair);
  }
  return block;
}
