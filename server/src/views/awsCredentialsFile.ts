import { get, str } from '../model/node';
import { SNode } from '../model/node';

/** A `key = value` line of an AWS shared config/credentials file. */
export interface IniEntry {
  profile: string;
  key: string;
  value: string;
  /** Zero-based line within the INI text. */
  line: number;
  /** Columns of the key and of the value within that line, so diagnostics can point inside it. */
  keyColumn: number;
  valueColumn: number;
}

/**
 * Reads the INI dialect of ~/.aws/config and credentials. Written here rather
 * than taken from the `ini` package because rules need each entry's line to
 * place diagnostics inside the Secret, and the AWS dialect is tiny.
 */
export function parseAwsIni(text: string): IniEntry[] {
  const entries: IniEntry[] = [];
  let profile = 'default';
  text.split(/\r?\n/).forEach((raw, line) => {
    const text = raw.trim();
    if (text === '' || text.startsWith('#') || text.startsWith(';')) return;
    const section = /^\[\s*(?:profile\s+)?([^\]]+?)\s*\]$/.exec(text);
    if (section) {
      profile = section[1];
      return;
    }
    const eq = text.indexOf('=');
    if (eq <= 0) return;
    const lead = raw.length - raw.trimStart().length;
    const afterEq = text.slice(eq + 1);
    const valueColumn = lead + eq + 1 + (afterEq.length - afterEq.trimStart().length);
    entries.push({ profile, key: text.slice(0, eq).trim(), value: afterEq.trim(), line, keyColumn: lead, valueColumn });
  });
  return entries;
}

/** The `credentials` file a Secret carries, from `stringData` or base64 `data`, and the node holding it. */
export function secretCredentials(root: SNode | undefined): { text: string; node: SNode; encoded: boolean } | undefined {
  const plain = get(root, 'stringData', 'credentials');
  const plainText = str(plain);
  if (plain && plainText !== undefined) return { text: plainText, node: plain, encoded: false };
  const encoded = get(root, 'data', 'credentials');
  const encodedText = str(encoded);
  if (encoded && encodedText !== undefined) {
    return { text: Buffer.from(encodedText.replace(/\s+/g, ''), 'base64').toString('utf8'), node: encoded, encoded: true };
  }
  return undefined;
}
