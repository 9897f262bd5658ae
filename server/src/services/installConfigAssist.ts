import { CompletionItem, CompletionItemKind, Hover, InsertTextFormat, MarkupKind } from 'vscode-languageserver-types';
import { awsRegions } from '../installConfig/awsRegions';
import { KeySpec } from '../installConfig/schema';
import { specAt, typeLabel } from '../installConfig/specAt';
import { ParsedFile, SourceDoc } from '../model/parsedFile';
import { nodeAt } from './nodeAt';
import { yamlCursorAt } from './yamlCursor';

export function isInstallConfig(file: ParsedFile, doc: SourceDoc | undefined): boolean {
  if (doc?.kind === 'install-config') return true;
  return (doc === undefined || doc.kind === 'unknown') && /(^|[\\/])install-config[^\\/]*\.ya?ml$/i.test(file.fsPath ?? file.uri);
}

export function installConfigCompletions(file: ParsedFile, doc: SourceDoc | undefined, offset: number): CompletionItem[] {
  const cursor = yamlCursorAt(file.text, offset, doc?.range[0] ?? 0);
  if (!cursor) return [];
  if (cursor.position === 'value') {
    const spec = specAt([...cursor.path, cursor.key!]);
    return spec ? valueItems([...cursor.path, cursor.key!], spec) : [];
  }
  const parent = specAt(cursor.path);
  if (!parent?.properties) return [];
  const present = siblingKeys(file.text, offset, cursor.indent);
  return Object.entries(parent.properties)
    .filter(([key]) => !present.has(key))
    .map(([key, spec]) => keyItem(key, spec, cursor.indent));
}

function keyItem(key: string, spec: KeySpec, indent: number): CompletionItem {
  const types = Array.isArray(spec.type) ? spec.type : [spec.type];
  const child = ' '.repeat(indent + 2);
  let insertText = `${key}: `;
  if (types.length === 1 && types[0] === 'object') insertText = `${key}:\n${child}$0`;
  else if (types.length === 1 && types[0] === 'array') insertText = `${key}:\n${child}- $0`;
  else if (spec.enum) insertText = `${key}: \${1|${spec.enum.map(enumText).join(',')}|}`;
  return {
    label: key,
    kind: CompletionItemKind.Property,
    detail: typeLabel(spec) + (spec.required ? ' (required)' : ''),
    documentation: { kind: MarkupKind.Markdown, value: describe(key, spec) },
    insertText,
    insertTextFormat: InsertTextFormat.Snippet,
    tags: spec.deprecated ? [1] : undefined,
    sortText: (spec.required ? '0' : '1') + key,
  };
}

function valueItems(path: string[], spec: KeySpec): CompletionItem[] {
  if (path.join('.') === 'platform.aws.region' || path.join('.').endsWith('.aws.region')) {
    return awsRegions.map((r) => ({ label: r.name, kind: CompletionItemKind.Value, detail: r.description, sortText: (r.partition === 'aws' ? '0' : '1') + r.name }));
  }
  if (spec.enum) {
    return spec.enum.map((value) => ({
      label: enumText(value),
      kind: CompletionItemKind.EnumMember,
      documentation: spec.enumDescriptions?.[value] ? { kind: MarkupKind.Markdown, value: spec.enumDescriptions[value] } : undefined,
    }));
  }
  const types = Array.isArray(spec.type) ? spec.type : [spec.type];
  if (types.length === 1 && types[0] === 'boolean') return ['true', 'false'].map((label) => ({ label, kind: CompletionItemKind.Value }));
  return [];
}

export function installConfigHover(doc: SourceDoc, offset: number): Hover | undefined {
  const hit = nodeAt(doc.root, offset);
  if (!hit?.pair) return undefined;
  const spec = specAt(hit.path);
  if (!spec) return undefined;
  let value = describe(hit.path.filter((p) => p !== '[]').join('.'), spec);
  if (!hit.onKey && hit.node.type === 'scalar' && typeof hit.node.value === 'string' && spec.enumDescriptions?.[hit.node.value] && !spec.secret) {
    value += `\n\n**${enumText(hit.node.value)}**: ${spec.enumDescriptions[hit.node.value]}`;
  }
  return { contents: { kind: MarkupKind.Markdown, value }, range: undefined };
}

function describe(title: string, spec: KeySpec): string {
  const lines = [`**${title}** \`${typeLabel(spec)}\`${spec.required ? ' (required)' : ''}`, '', spec.description];
  if (spec.enum) lines.push('', `Values: ${spec.enum.map((v) => `\`${enumText(v)}\``).join(', ')}`);
  if (spec.default !== undefined) lines.push('', `Default: \`${spec.default}\``);
  if (spec.deprecated) lines.push('', `**Deprecated:** ${spec.deprecated}`);
  return lines.join('\n');
}

function enumText(value: string): string {
  return value === '' ? '""' : value;
}

/** Keys already written at the cursor's level, so completion does not offer them again. */
export function siblingKeys(text: string, offset: number, indent: number): Set<string> {
  const lines = text.split('\n');
  const cursorLine = text.slice(0, offset).split('\n').length - 1;
  const keys = new Set<string>();
  const scan = (from: number, step: number) => {
    for (let i = from; i >= 0 && i < lines.length; i += step) {
      const line = lines[i].replace(/\r$/, '');
      if (/^\s*(#.*)?$/.test(line)) continue;
      if (/^(---|\.\.\.)/.test(line)) return;
      const m = /^(\s*)((?:-\s+)*)([^\s:#][^:#]*?):(\s|$)/.exec(line);
      const col = m ? m[1].length + m[2].length : /^\s*/.exec(line)![0].length;
      if (col < indent) return;
      if (m && col === indent) {
        keys.add(m[3]);
        if (m[2].length > 0) return; // the first key of this sequence item
      }
    }
  };
  scan(cursorLine - 1, -1);
  scan(cursorLine + 1, 1);
  return keys;
}
