import { Node as JsonNode, ParseError, parseTree, printParseErrorCode } from 'jsonc-parser';
import { MapNode, OffsetRange, Pair, ScalarNode, SeqNode, SNode } from './node';
import { SyntaxIssue } from './parsedFile';
import { DepthLimitError, limitIssue, MAX_DEPTH } from './yamlTree';

export interface ParsedJson {
  root: SNode | undefined;
  errors: SyntaxIssue[];
}

export function parseJson(text: string): ParsedJson {
  const tooDeep = depthPastLimit(text);
  if (tooDeep !== undefined) return { root: undefined, errors: [limitIssue(new DepthLimitError([tooDeep, tooDeep + 1]))] };
  const parseErrors: ParseError[] = [];
  const tree = parseTree(text, parseErrors, { allowTrailingComma: false, disallowComments: false });
  const errors = parseErrors.map((e) => ({
    range: [e.offset, e.offset + Math.max(e.length, 1)] as OffsetRange,
    message: describe(printParseErrorCode(e.error)),
  }));
  return { root: tree ? convert(tree) : undefined, errors };
}

/**
 * The offset of the bracket that nests past MAX_DEPTH, found in one pass over
 * the text (strings and comments skipped) before any recursive reader sees it.
 */
function depthPastLimit(text: string): number | undefined {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      for (i++; i < text.length && text.charCodeAt(i) !== 34; i++) if (text.charCodeAt(i) === 92 /* \ */) i++;
    } else if (c === 47 /* / */ && text.charCodeAt(i + 1) === 47) {
      const lf = text.indexOf('\n', i);
      i = lf < 0 ? text.length : lf;
    } else if (c === 47 && text.charCodeAt(i + 1) === 42 /* * */) {
      const close = text.indexOf('*/', i + 2);
      i = close < 0 ? text.length : close + 1;
    } else if (c === 91 /* [ */ || c === 123 /* { */) {
      if (++depth > MAX_DEPTH) return i;
    } else if (c === 93 /* ] */ || c === 125 /* } */) {
      if (depth > 0) depth--;
    }
  }
  return undefined;
}

function describe(code: string): string {
  // printParseErrorCode gives names like "CommaExpected"; make them read as words.
  return code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase().replace(/^./, (c) => c.toUpperCase());
}

function convert(node: JsonNode): SNode {
  const start = node.offset;
  const end = node.offset + node.length;
  switch (node.type) {
    case 'object': {
      const map = new MapNode(start, end, undefined);
      for (const prop of node.children ?? []) {
        const [keyNode, valueNode] = prop.children ?? [];
        if (!keyNode) continue;
        const keyEnd = keyNode.offset + keyNode.length;
        const value: SNode = valueNode ? convert(valueNode) : new ScalarNode(keyEnd, keyEnd, undefined, null, false);
        map.pairs.push(new Pair(String(keyNode.value), keyNode.offset, keyEnd, value));
      }
      return map;
    }
    case 'array': {
      const seq = new SeqNode(start, end, undefined);
      for (const child of node.children ?? []) seq.items.push(convert(child));
      return seq;
    }
    case 'string':
      return new ScalarNode(start, end, undefined, node.value as string, true);
    case 'number':
    case 'boolean':
    case 'null':
      return new ScalarNode(start, end, undefined, node.value ?? null, false);
    default:
      return new ScalarNode(start, end, undefined, null, false);
  }
}
