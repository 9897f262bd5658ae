import { Hover } from 'vscode-languageserver-types';
import { docAt, ParsedFile } from '../model/parsedFile';
import { installConfigHover, isInstallConfig } from './installConfigAssist';
import { isPolicyDoc, policyHover } from './policyAssist';
import { manifestHover } from './manifestAssist';

export function hover(file: ParsedFile, offset: number): Hover | undefined {
  const doc = docAt(file, offset);
  if (!doc || file.helmTemplate) return undefined;
  if (isInstallConfig(file, doc)) return installConfigHover(doc, offset);
  const manifest = manifestHover(file, doc, offset);
  if (manifest) return manifest;
  if (isPolicyDoc(doc)) return policyHover(file, doc, offset);
  return undefined;
}
