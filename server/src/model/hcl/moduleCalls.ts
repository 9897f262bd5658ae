import * as path from 'path';
import { isScalar } from '../node';
import { ParsedFile } from '../parsedFile';
import { HclBlock } from './hclToNodes';

/** A folder of the workspace that a `module` block calls, and the variables the call sets. */
export interface ModuleCall {
  dir: string;
  passes: string[];
}

/** Arguments of a `module` block that Terraform itself reads: not the module's variables. */
const META_ARGUMENTS = new Set(['source', 'version', 'providers', 'count', 'for_each', 'depends_on']);

/**
 * The folders a Terraform file calls as modules by a local path
 * (`module "irsa" { source = "../modules/irsa" }`): Terraform takes a source
 * that starts with `./` or `../` as a folder of the same repository. The
 * variables such a call sets take the caller's values, not their defaults.
 * Registry and Git sources are not in the workspace; a source that is not a
 * literal string (which Terraform refuses) is not followed.
 */
export function localModuleCalls(file: ParsedFile): ModuleCall[] {
  if (!file.fsPath || file.format === 'yaml') return [];
  const root = file.docs[0]?.root;
  if (!(root instanceof HclBlock)) return [];
  const calls: ModuleCall[] = [];
  for (const block of root.blocks('module')) {
    const source = block.attribute('source')?.value;
    // Terraform takes only a literal string here: a value resolved from elsewhere (`var.x`) is no source.
    if (!isScalar(source) || typeof source.value !== 'string' || file.text.slice(source.start, source.end) !== `"${source.value}"`) continue;
    if (!/^\.\.?[\\/]/.test(source.value)) continue;
    const passes = block.pairs.filter((p) => !(p.value instanceof HclBlock) && !META_ARGUMENTS.has(p.key)).map((p) => p.key);
    calls.push({ dir: path.resolve(path.dirname(file.fsPath), source.value), passes });
  }
  return calls;
}
