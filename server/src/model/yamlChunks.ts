import { ParsedYamlDoc, parseYaml, shiftDoc } from './parseYaml';

/**
 * A multi-document YAML file is parsed per document chunk (the text from one
 * `---` line to the next), and a re-parse after an edit reuses every chunk
 * whose text did not change: typing in one manifest of a 3,000-line file
 * costs the parse of that manifest, not of the file. A `---` at column 0 is
 * always a document marker in YAML (even inside block scalars), so the split
 * is exact.
 */
export interface YamlChunk {
  text: string;
  start: number;
  docs: ParsedYamlDoc[];
}

const MARKER = /^---(?=[ \t]|\r?$)/gm;

export function parseYamlChunked(text: string, previous: ReadonlyArray<YamlChunk> = []): YamlChunk[] {
  const starts = [0];
  for (const match of text.matchAll(MARKER)) if (match.index! > 0) starts.push(match.index!);
  const reusable = new Map<string, YamlChunk>();
  for (const chunk of previous) if (!reusable.has(chunk.text)) reusable.set(chunk.text, chunk);
  return starts.map((start, i) => {
    const chunkText = text.slice(start, starts[i + 1] ?? text.length);
    const old = reusable.get(chunkText);
    if (old) return old.start === start ? old : { text: chunkText, start, docs: old.docs.map((d) => shiftDoc(d, start - old.start)) };
    return { text: chunkText, start, docs: parseYaml(chunkText, start) };
  });
}
