import { HclBlock } from '../model/hcl/hclToNodes';
import { hclParser } from '../model/hcl/treeSitter';
import { ParsedFile } from '../model/parsedFile';
import { Fix } from '../rules/rule';

/**
 * The rules write their fixes for JSON and YAML; in a Terraform file a fix is
 * offered only when its edits leave the file parsing as well as before, and
 * never inside a module call (whose policy the module writes, not the file).
 * The add-subject fix of the IRSA module is written for it (trustSubFix).
 */
export function hclFixIsSafe(file: ParsedFile, fix: Fix): boolean {
  const edits = fix.edits[file.uri];
  if (!edits?.length) return true;
  const root = file.docs[0]?.root;
  const modules = root instanceof HclBlock ? root.blocks('module') : [];
  const spans = edits.map((e) => ({ start: file.offsetAt(e.range.start), end: file.offsetAt(e.range.end), text: e.newText }));
  if (spans.some((s) => modules.some((m) => s.start < m.end && s.end > m.start))) return false;
  const parser = hclParser();
  if (!parser) return false;
  let text = file.text;
  for (const s of [...spans].sort((a, b) => b.start - a.start)) text = text.slice(0, s.start) + s.text + text.slice(s.end);
  const before = parser.parse(file.text);
  const after = parser.parse(text);
  try {
    return after !== null && (!after.rootNode.hasError || before?.rootNode.hasError === true);
  } finally {
    before?.delete();
    after?.delete();
  }
}
