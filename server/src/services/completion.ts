import { CompletionItem } from 'vscode-languageserver-types';
import { docAt, ParsedFile } from '../model/parsedFile';
import { installConfigCompletions, isInstallConfig } from './installConfigAssist';
import { isPolicyDoc, policyCompletions } from './policyAssist';

/** Completion at an offset, dispatched on the kind of document the cursor is in. */
export function complete(file: ParsedFile, offset: number): CompletionItem[] {
  if (file.helmTemplate) return [];
  const doc = docAt(file, offset);
  if (file.format === 'yaml' && isInstallConfig(file, doc)) return installConfigCompletions(file, doc, offset);
  if (isPolicyDoc(doc)) return policyCompletions(file, doc, offset);
  return [];
}
