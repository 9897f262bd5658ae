/**
 * Where the cursor is in a block-style YAML document, read from the text
 * around it (the parse tree has no node for a line still being typed).
 * Paths use '[]' for "an item of a sequence".
 */
export interface YamlCursor {
  /** Keys from the document root to the map the cursor is in. */
  path: string[];
  /** 'key': typing a key; 'value': typing the value of `key`. */
  position: 'key' | 'value';
  key?: string;
  /** What is typed so far of the key or value. */
  prefix: string;
  /** Column where the key starts (for snippet indentation). */
  indent: number;
}

const KEY_LINE = /^(\s*)((?:-\s+)*)([^\s:#'"][^:#]*?)?$/;
const VALUE_LINE = /^(\s*)((?:-\s+)*)([^\s:#'"][^:#]*?):\s+(\S*)$/;

export function yamlCursorAt(text: string, offset: number, docStart = 0): YamlCursor | undefined {
  // YAML breaks lines at LF, CRLF and a lone CR alike.
  const lineStart = Math.max(text.lastIndexOf('\n', offset - 1), text.lastIndexOf('\r', offset - 1)) + 1;
  const before = text.slice(lineStart, offset).replace(/\r$/, '');
  let position: 'key' | 'value';
  let key: string | undefined;
  let prefix: string;
  let indent: number;
  const value = VALUE_LINE.exec(before);
  const keyMatch = value ? null : KEY_LINE.exec(before);
  if (value) {
    position = 'value';
    indent = value[1].length + value[2].length;
    key = value[3].trim();
    prefix = value[4];
  } else if (keyMatch) {
    position = 'key';
    indent = keyMatch[1].length + keyMatch[2].length;
    prefix = keyMatch[3] ?? '';
  } else {
    return undefined;
  }
  const path = parentPath(text.slice(docStart, lineStart), indent, (value ?? keyMatch)![2].length);
  return { path, position, key, prefix, indent };
}

interface Line {
  indent: number;
  dashes: number;
  key: string | undefined;
  hasValue: boolean;
}

function parseLine(raw: string): Line | undefined {
  const line = raw.replace(/\r$/, '');
  if (/^\s*(#.*)?$/.test(line) || /^(---|\.\.\.)/.test(line)) return undefined;
  const m = /^(\s*)((?:-\s+)*)([^]*)$/.exec(line)!;
  const rest = m[3];
  const kv = /^([^\s:#'"][^:#]*?|"[^"]*"|'[^']*'):(\s+(.*))?$/.exec(rest);
  const key = kv ? kv[1].replace(/^["']|["']$/g, '') : undefined;
  const hasValue = kv ? (kv[3] ?? '').replace(/#.*$/, '').trim() !== '' : rest.trim() !== '';
  return { indent: m[1].length, dashes: m[2].length, key, hasValue };
}

function parentPath(textBefore: string, cursorIndent: number, cursorDashes: number): string[] {
  const lines = textBefore.split(/\r\n|\r|\n/);
  const path: string[] = [];
  // Either the map whose keys start at `col`, or the sequence whose dashes stand at `col`.
  let target: { kind: 'map' | 'seq'; col: number } =
    cursorDashes > 0 ? { kind: 'seq', col: cursorIndent - cursorDashes } : { kind: 'map', col: cursorIndent };
  if (cursorDashes > 0) path.unshift('[]');
  for (let i = lines.length - 1; i >= 0; i--) {
    if (target.kind === 'map' && target.col === 0) break;
    const line = parseLine(lines[i]);
    if (!line) continue;
    const keyIndent = line.indent + line.dashes;
    if (target.kind === 'seq') {
      if (line.dashes === 0 && line.key !== undefined && line.indent <= target.col && !line.hasValue) {
        path.unshift(line.key);
        target = { kind: 'map', col: line.indent };
      }
      continue;
    }
    if (line.dashes > 0) {
      if (keyIndent > target.col) continue;
      if (keyIndent < target.col && line.key !== undefined && !line.hasValue) path.unshift(line.key);
      if (keyIndent < target.col || keyIndent === target.col || line.indent < target.col) {
        path.unshift('[]');
        target = { kind: 'seq', col: line.indent };
      }
      continue;
    }
    if (line.indent < target.col && line.key !== undefined) {
      path.unshift(line.key);
      target = { kind: 'map', col: line.indent };
    }
  }
  return path;
}
