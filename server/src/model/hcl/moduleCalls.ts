import * as path from 'path';
import { isScalar } from '../node';
import { ParsedFile } from '../parsedFile';
import { HclBlock } from './hclToNodes';

/**
 * The folders a Terraform file calls as modules by a local path
 * (`module "irsa" { source = "../modules/irsa" }`): Terraform takes a source
 * that starts with `./` or `../` as a folder of the same repository. Such a
 * folder is a module whose caller passes its variables, so its variable
 * defaults are not what runs. Registry and Git sources are not in the
 * workspace; an interpolated source is not followed.
 */
export function localModuleDirs(file: ParsedFile): string[] {
  if (!file.fsPath || file.format === 'yaml') return [];
  const root = file.docs[0]?.root;
  if (!(root instanceof HclBlock)) return [];
  const dirs: string[] = [];
  for (const block of root.blocks('module')) {
    const source = block.attribute('source')?.value;
    if (!isScalar(source) || typeof source.value !== 'string' || source.value.includes('${')) continue;
    if (!/^\.\.?[\\/]/.test(source.value)) continue;
    dirs.push(path.resolve(path.dirname(file.fsPath), source.value));
  }
  return dirs;
}
