import { Node as JsonNode, ParseError, parseTree, printParseErrorCode } from 'jsonc-parser';
import { MapNode, OffsetRange, Pair, ScalarNode, SeqNode, SNode } from './node';
import { SyntaxIssue } from './parsedFile';

export interface ParsedJson {
  root: SNode | undefined;
  errors: SyntaxIssue[];
}

export function parseJson(text: string): ParsedJson {
  const parseErrors: ParseError[] = [];
  const tree = parseTree(text, parseErrors, { allowTrailingComma: false, disallowComments: false });
  const errors = parseErrors.map((e) => ({
    range: [e.offset, e.offset + Math.max(e.length, 1)] as OffsetRange,
    message: describe(printParseErrorCode(e.error)),
  }));
  return { root: tree ? convert(tree) : undefined, errors };
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
