import { Node as JsonNode, ParseError, ParseOptions, parseTree, printParseErrorCode, visit } from 'jsonc-parser';
import { MapNode, OffsetRange, Pair, ScalarNode, SeqNode, settle, SNode } from './node';
import { SyntaxIssue } from './parsedFile';
import { DepthLimitError, limitIssue, MAX_DEPTH } from './yamlTree';

export interface ParsedJson {
  root: SNode | undefined;
  errors: SyntaxIssue[];
}

const OPTIONS: ParseOptions = { allowTrailingComma: false, disallowComments: false };

export function parseJson(text: string): ParsedJson {
  const tooDeep = depthPastLimit(text);
  if (tooDeep !== undefined) return { root: undefined, errors: [limitIssue(new DepthLimitError([tooDeep, tooDeep + 1]))] };
  const valid = readValidJson(text);
  if (valid) return { root: valid.root, errors: [] };
  return readJsonTree(text);
}

/** jsonc-parser's tree, errors and all, converted: what parseJson gives for text with a syntax error. */
export function readJsonTree(text: string): ParsedJson {
  const parseErrors: ParseError[] = [];
  const tree = parseTree(text, parseErrors, OPTIONS);
  const errors = parseErrors.map((e) => ({
    range: [e.offset, e.offset + Math.max(e.length, 1)] as OffsetRange,
    message: describe(printParseErrorCode(e.error)),
  }));
  return { root: tree ? convert(tree) : undefined, errors };
}

/**
 * The fast reader: our nodes straight from jsonc-parser's scanner events,
 * without the intermediate tree parseTree builds and convert() walks, for
 * text that reads without an error (nearly every file). Undefined at the
 * first error: readJsonTree then reads the text, with parseTree's recovery.
 * Its tree is the one readJsonTree gives, ranges included (a test compares them).
 */
export function readValidJson(text: string): { root: SNode | undefined } | undefined {
  let failed = false;
  let root: SNode | undefined;
  const open: Array<MapNode | SeqNode> = [];
  let key = '';
  let keyStart = 0;
  let keyEnd = 0;
  const add = (node: SNode) => {
    const parent = open[open.length - 1];
    if (!parent) root = node;
    else if (parent.type === 'map') parent.pairs.push(new Pair(key, keyStart, keyEnd, node));
    else parent.items.push(node);
  };
  const close = (offset: number, length: number) => {
    const node = open.pop()!;
    node.end = offset + length;
    settle(node);
  };
  visit(
    text,
    {
      onObjectBegin: (offset) => {
        const map = new MapNode(offset, offset, undefined);
        add(map);
        open.push(map);
      },
      onObjectProperty: (property, offset, length) => {
        key = property;
        keyStart = offset;
        keyEnd = offset + length;
      },
      onObjectEnd: close,
      onArrayBegin: (offset) => {
        const seq = new SeqNode(offset, offset, undefined);
        add(seq);
        open.push(seq);
      },
      onArrayEnd: close,
      onLiteralValue: (value, offset, length) => add(new ScalarNode(offset, offset + length, undefined, value ?? null, typeof value === 'string')),
      onError: () => {
        failed = true;
      },
    },
    OPTIONS,
  );
  return failed ? undefined : { root };
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
