import * as vscode from 'vscode';

const LANGUAGES = ['yaml', 'json', 'jsonc'];

/**
 * What the server is doing, shown in two places: the `{}` language status of
 * YAML/JSON editors, and, while no such editor is active (just after opening a
 * workspace, say), a status bar item, so that STS Lens is visibly running
 * before any manifest is opened.
 */
export class Status implements vscode.Disposable {
  readonly language = vscode.languages.createLanguageStatusItem('stsLens.status', LANGUAGES.map((language) => ({ language })));
  private readonly bar = vscode.window.createStatusBarItem('stsLens.status', vscode.StatusBarAlignment.Left, 0);
  private readonly listener: vscode.Disposable;
  private state = { text: 'Starting', busy: true, detail: undefined as string | undefined };

  constructor() {
    this.language.name = 'STS Lens';
    this.language.command = { title: 'Show Output', command: 'stsLens.showOutput' };
    this.bar.name = 'STS Lens';
    this.bar.command = 'stsLens.showOutput';
    this.listener = vscode.window.onDidChangeActiveTextEditor(() => this.render());
    this.render();
  }

  set(text: string, busy: boolean, detail?: string): void {
    this.state = { text, busy, detail };
    this.render();
  }

  /** What is shown, for the real-editor tests. */
  snapshot(): { text: string; busy: boolean; detail?: string; barVisible: boolean } {
    return { ...this.state, barVisible: this.barVisible() };
  }

  private barVisible(): boolean {
    const editor = vscode.window.activeTextEditor;
    return !editor || !LANGUAGES.includes(editor.document.languageId);
  }

  private render(): void {
    const { text, busy, detail } = this.state;
    this.language.text = text;
    this.language.busy = busy;
    this.language.detail = detail;
    this.bar.text = `${busy ? '$(sync~spin)' : '$(check)'} STS Lens: ${text}`;
    this.bar.tooltip = detail ? `${text} (${detail}). Click for the STS Lens log.` : `${text}. Click for the STS Lens log.`;
    if (this.barVisible()) this.bar.show();
    else this.bar.hide();
  }

  dispose(): void {
    this.listener.dispose();
    this.language.dispose();
    this.bar.dispose();
  }
}
