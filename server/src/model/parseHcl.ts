import { HclBlock, hclToNodes } from './hcl/hclToNodes';
import { hclParser } from './hcl/treeSitter';

/**
 * Parses Terraform/HCL text into the node tree. A block that does not parse
 * is left out (Terraform's own tools report the error); the others are read.
 * Undefined when the parser is not loaded.
 */
export function parseHcl(text: string): HclBlock | undefined {
  const parser = hclParser();
  if (!parser) return undefined;
  const tree = parser.parse(text);
  if (!tree) return undefined;
  try {
    return hclToNodes(tree.rootNode, text);
  } finally {
    // Trees live in WebAssembly memory until deleted.
    tree.delete();
  }
}
