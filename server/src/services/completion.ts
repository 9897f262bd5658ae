import { CompletionItem } from 'vscode-languageserver-types';
import { docAt, ParsedFile } from '../model/parsedFile';
import { installConfigCompletions, isInstallConfig } from './installConfigAssist';
import { isPolicyDoc, policyCompletions } from './policyAssist';
import { manifestCompletions } from './manifestAssist';
import { WorkspaceIndex } from '../workspace/workspaceIndex';
import { defaultSettings, Settings } from '../settings';

/** Completion at an offset, dispatched on the kind of document the cursor is in. */
export function complete(file: ParsedFile, offset: number, index?: WorkspaceIndex, settings: Settings = defaultSettings): CompletionItem[] {
  if (file.helmTemplate) return [];
  const doc = docAt(file, offset);
  if (file.format === 'yaml' && isInstallConfig(file, doc)) return installConfigCompletions(file, doc, offset);
  const manifest = manifestCompletions(file, doc, offset, index, settings);
  if (manifest.length) return manifest;
  if (isPolicyDoc(doc)) return policyCompletions(file, doc, offset, index, settings);
  return [];
}
