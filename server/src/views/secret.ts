import { memoized } from '../model/memo';
import { getStr, MapNode, OffsetRange, SNode } from '../model/node';
import { IniEntry, parseAwsIni, secretCredentials } from './awsCredentialsFile';

/** The line ccoctl writes in dry-run mode where the role ARN is still to be filled in. */
export const ARN_PLACEHOLDER_LINE = 'POPULATE ROLE ARN AND DELETE THIS LINE';

export interface SecretView {
  name: string;
  namespace: string | undefined;
  root: MapNode;
  /** The `credentials` key's value node (stringData or base64 data). */
  credentialsNode: SNode | undefined;
  encoded: boolean;
  text: string | undefined;
  entries: IniEntry[];
  /** Zero-based INI lines holding ccoctl's dry-run placeholder. */
  placeholderLines: number[];
}

function readSecret(root: MapNode): SecretView {
  const credentials = secretCredentials(root);
  const text = credentials?.text;
  const placeholderLines: number[] = [];
  text?.split(/\r?\n/).forEach((line, i) => {
    if (line.includes(ARN_PLACEHOLDER_LINE)) placeholderLines.push(i);
  });
  return {
    name: getStr(root, 'metadata', 'name') ?? '',
    namespace: getStr(root, 'metadata', 'namespace'),
    root,
    credentialsNode: credentials?.node,
    encoded: credentials?.encoded ?? false,
    text,
    entries: text !== undefined ? parseAwsIni(text) : [],
    placeholderLines,
  };
}

export const secretView = memoized(readSecret);

/** The entry of the default profile (what the SDK reads without AWS_PROFILE), else the first one. */
export function credentialEntry(view: SecretView, key: string): IniEntry | undefined {
  return view.entries.find((e) => e.key === key && e.profile === 'default') ?? view.entries.find((e) => e.key === key);
}

/**
 * Where a span of an INI line sits in the manifest. Lines of a literal block
 * scalar (`credentials: |`) map one to one onto source lines, indented; for
 * base64 `data`, or any other style, the whole value is the best place.
 */
export function iniRange(fileText: string, view: SecretView, line: number, startColumn: number, endColumn: number): OffsetRange {
  const node = view.credentialsNode;
  if (!node) return [0, 0];
  if (view.encoded) return node.range;
  const source = fileText.slice(node.range[0], node.range[1]);
  const header = /^\|[1-9]?[+-]?[1-9]?[ \t]*(#[^\r\n]*)?\r?\n/.exec(source);
  if (!header) return singleLine(source, node.range, line, startColumn, endColumn);
  let offset = node.range[0] + header[0].length;
  const lines = source.slice(header[0].length).split('\n');
  const indicator = /[1-9]/.exec(header[0])?.[0];
  const firstContent = lines.find((l) => l.replace(/\r$/, '').trim() !== '') ?? '';
  const indent = indicator ? Number(indicator) : firstContent.length - firstContent.trimStart().length;
  for (let i = 0; i < line && i < lines.length; i++) offset += lines[i].length + 1;
  if (line >= lines.length) return node.range;
  const lineText = lines[line].replace(/\r$/, '');
  const start = Math.min(offset + indent + startColumn, offset + lineText.length);
  const end = Math.min(offset + indent + endColumn, offset + lineText.length);
  return [start, Math.max(start, end)];
}

function singleLine(source: string, range: OffsetRange, line: number, startColumn: number, endColumn: number): OffsetRange {
  if (line !== 0 || source.includes('\n') || /^["']/.test(source)) return range;
  return [range[0] + startColumn, range[0] + endColumn];
}

/** The range of an entry's value (or its key when the value is empty). */
export function entryValueRange(fileText: string, view: SecretView, entry: IniEntry): OffsetRange {
  if (entry.value === '') return iniRange(fileText, view, entry.line, entry.keyColumn, entry.keyColumn + entry.key.length);
  return iniRange(fileText, view, entry.line, entry.valueColumn, entry.valueColumn + entry.value.length);
}
