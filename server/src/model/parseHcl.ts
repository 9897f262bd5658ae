import type { Tree } from 'web-tree-sitter';
import { HclBlock, hclToNodes } from './hcl/hclToNodes';
import { hclParser } from './hcl/treeSitter';

/**
 * Parses Terraform/HCL text into the node tree. A block that does not parse
 * is left out (Terraform's own tools report the error); the others are read.
 * `module` holds the texts of the other .tf files of the same folder (one
 * Terraform module): the locals, variable defaults and OIDC provider URLs
 * they define resolve in this file too, except the defaults of `overridden`
 * variables (set elsewhere). Undefined when the parser is not loaded.
 */
export function parseHcl(text: string, module: ReadonlyArray<string> = [], overridden: ReadonlyArray<string> | 'all' = []): HclBlock | undefined {
  const parser = hclParser();
  if (!parser) return undefined;
  const tree = parser.parse(text);
  if (!tree) return undefined;
  const others: Array<{ tree: Tree; text: string }> = [];
  try {
    for (const other of module) {
      const parsed = parser.parse(other);
      if (parsed) others.push({ tree: parsed, text: other });
    }
    return hclToNodes(tree.rootNode, text, others.map((o) => ({ root: o.tree.rootNode, text: o.text })), overridden);
  } finally {
    // Trees live in WebAssembly memory until deleted.
    tree.delete();
    for (const o of others) o.tree.delete();
  }
}

/** The variables a `.tfvars` file sets (its top-level attributes); none when the parser is not loaded. */
export function tfvarsNames(text: string): string[] {
  const root = parseHcl(text);
  return root ? root.pairs.map((p) => p.key) : [];
}
