import * as vscode from 'vscode';

/** The `{}` item in the status bar for YAML/JSON files: what the server is doing. */
export function createStatusItem(): vscode.LanguageStatusItem {
  const item = vscode.languages.createLanguageStatusItem('stsLens.status', [{ language: 'yaml' }, { language: 'json' }, { language: 'jsonc' }]);
  item.name = 'STS Lens';
  item.text = 'Starting';
  item.command = { title: 'Show Output', command: 'stsLens.showOutput' };
  return item;
}
