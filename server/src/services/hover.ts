import { Hover, MarkupContent, MarkupKind } from 'vscode-languageserver-types';
import { docAt, ParsedFile } from '../model/parsedFile';
import { installConfigHover, isInstallConfig } from './installConfigAssist';
import { isPolicyDoc, policyHover } from './policyAssist';
import { manifestHover } from './manifestAssist';
import { templatedHover } from './templatedHover';

export function hover(file: ParsedFile, offset: number): Hover | undefined {
  const doc = docAt(file, offset);
  if (!doc || file.helmTemplate) return undefined;
  const own = isInstallConfig(file, doc) ? installConfigHover(doc, offset) : manifestHover(file, doc, offset) ?? (isPolicyDoc(doc) ? policyHover(file, doc, offset) : undefined);
  const templated = templatedHover(file, doc, offset);
  if (!templated || !own) return own ?? templated;
  // On a templated value of a documented field: the placeholder first, then the field.
  const text = (h: Hover) => (MarkupContent.is(h.contents) ? h.contents.value : '');
  return { contents: { kind: MarkupKind.Markdown, value: `${text(templated)}\n\n---\n\n${text(own)}` }, range: templated.range };
}
