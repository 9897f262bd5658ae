import { Hover, MarkupContent, MarkupKind } from 'vscode-languageserver-types';
import { Settings } from '../settings';
import { WorkspaceIndex } from '../workspace/workspaceIndex';
import { roleHover } from './roleHover';
import { docAt, ParsedFile } from '../model/parsedFile';
import { installConfigHover, isInstallConfig } from './installConfigAssist';
import { isPolicyDoc, policyHover } from './policyAssist';
import { manifestHover } from './manifestAssist';
import { templatedHover } from './templatedHover';

export function hover(file: ParsedFile, offset: number, index?: WorkspaceIndex, settings?: Settings): Hover | undefined {
  const doc = docAt(file, offset);
  if (!doc || file.helmTemplate) return undefined;
  const own = isInstallConfig(file, doc) ? installConfigHover(doc, offset) : manifestHover(file, doc, offset) ?? (isPolicyDoc(doc) ? policyHover(file, doc, offset) : undefined);
  // On a role reference: what the role resolves to first, then what the field is.
  const role = index && settings && !isInstallConfig(file, doc) ? roleHover(index, settings, file, doc, offset) : undefined;
  const field = role && own ? { contents: { kind: MarkupKind.Markdown, value: `${markdownOf(role)}\n\n---\n\n${markdownOf(own)}` }, range: role.range } : (role ?? own);
  const templated = templatedHover(file, doc, offset);
  if (!templated || !field) return field ?? templated;
  // On a templated value of a documented field: the placeholder first, then the field.
  return { contents: { kind: MarkupKind.Markdown, value: `${markdownOf(templated)}\n\n---\n\n${markdownOf(field)}` }, range: templated.range };
}

function markdownOf(h: Hover): string {
  return MarkupContent.is(h.contents) ? h.contents.value : typeof h.contents === 'string' ? h.contents : Array.isArray(h.contents) ? h.contents.map((c) => (typeof c === 'string' ? c : c.value)).join('\n\n') : h.contents.value;
}
