import { Node as JsonNode, ParseError, parseTree, printParseErrorCode } from 'jsonc-parser';
import { MapNode, OffsetRange, SNode } from './node';
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
  const range: OffsetRange = [node.offset, node.offset + node.length];
  switch (node.type) {
    case 'object': {
      const map: MapNode = { type: 'map', range, pairs: [] };
      for (const prop of node.children ?? []) {
        const [keyNode, valueNode] = prop.children ?? [];
        if (!keyNode) continue;
        const keyRange: OffsetRange = [keyNode.offset, keyNode.offset + keyNode.length];
        const value: SNode = valueNode
          ? convert(valueNode)
          : { type: 'scalar', range: [keyRange[1], keyRange[1]], value: null, quoted: false };
        map.pairs.push({ key: String(keyNode.value), keyRange, value });
      }
      return map;
    }
    case 'array':
      return { type: 'seq', range, items: (node.children ?? []).map(convert) };
    case 'string':
      return { type: 'scalar', range, value: node.value as string, quoted: true };
    case 'number':
    case 'boolean':
    case 'null':
      return { type: 'scalar', range, value: node.value ?? null, quoted: false };
    default:
      return { type: 'scalar', range, value: null, quoted: false };
  }
}
