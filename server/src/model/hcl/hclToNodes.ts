import type { Node as TsNode } from 'web-tree-sitter';
import { MapNode, Pair, ScalarNode, SeqNode, SNode } from '../node';

/**
 * A Terraform/HCL block (`resource "aws_iam_role" "app" { ... }`) as a map of
 * its attributes and nested blocks, with its type and labels. Nested blocks
 * appear as pairs keyed by their type, repeated as often as they are written
 * (`statement`, `condition`).
 */
export class HclBlock extends MapNode {
  constructor(
    start: number,
    end: number,
    readonly blockType: string,
    readonly labels: ScalarNode[],
  ) {
    super(start, end, undefined);
  }

  label(i: number): string | undefined {
    const node = this.labels[i];
    return typeof node?.value === 'string' ? node.value : undefined;
  }

  blocks(type: string): HclBlock[] {
    return this.pairs.filter((p) => p.key === type && p.value instanceof HclBlock).map((p) => p.value as HclBlock);
  }

  attribute(name: string): Pair | undefined {
    return this.pairs.find((p) => p.key === name && !(p.value instanceof HclBlock));
  }
}

/** The top-level body of a file: its blocks, and what the module defines for interpolations. */
export interface HclBody {
  root: HclBlock;
}

/**
 * What an expression refers to, resolved where the file itself says:
 * `local.x` (a `locals` block), `var.x` (a variable's default), and the
 * `url`/`arn` of an `aws_iam_openid_connect_provider`. Anything else stays
 * unknown: written as `${<expression>}` in the value, the way Terraform
 * writes an interpolation, and the rules treat a value holding `${` as
 * unknown (checks that do not need that part still run).
 */
interface Definitions {
  locals: Map<string, Definition>;
  variables: Map<string, Definition>;
  providerUrls: Map<string, Definition>;
  /** Variables whose default is not used (see TerraformModule.overridden). */
  skipVariable?: (name: string) => boolean;
}

/** An expression and the converter of the file it is written in (another .tf file of the module, or this one). */
interface Definition {
  expr: TsNode;
  converter: Converter;
}

/** Another .tf file of the same module (folder): its tree and text, read for its definitions only. */
export interface ModuleFile {
  root: TsNode;
  text: string;
}

const MAX_DEPTH = 16;

export function hclToNodes(root: TsNode, text: string, module: ReadonlyArray<ModuleFile> = [], overridden: ReadonlyArray<string> | 'all' = []): HclBlock {
  const bodyOf = (node: TsNode) => node.namedChildren.find((c) => c?.type === 'body') ?? undefined;
  const body = bodyOf(root);
  const defs: Definitions = { locals: new Map(), variables: new Map(), providerUrls: new Map() };
  const converter = new Converter(text, defs);
  // A variable set elsewhere keeps no default: an entry with no expression is unknown.
  const skipped = overridden === 'all' ? undefined : new Set(overridden);
  defs.skipVariable = (name) => skipped === undefined || skipped.has(name);
  // The file's own definitions first: Terraform refuses a name defined twice in a module, so order only matters for broken ones.
  collectDefinitions(body, defs, converter);
  for (const other of module) collectDefinitions(bodyOf(other.root), defs, new Converter(other.text, defs));
  const file = new HclBlock(root.startIndex, root.endIndex, '', []);
  if (body) converter.fillBody(file, body, true);
  return file;
}

function children(node: TsNode | null | undefined): TsNode[] {
  return (node?.namedChildren ?? []).filter((c): c is TsNode => c !== null);
}

function blockType(node: TsNode): string {
  return children(node)[0]?.text ?? '';
}

function stringLabel(node: TsNode | undefined): string | undefined {
  if (!node) return undefined;
  if (node.type === 'identifier') return node.text;
  if (node.type === 'string_lit') return children(node).find((c) => c.type === 'template_literal')?.text ?? '';
  return undefined;
}

function attributeValue(node: TsNode): TsNode | undefined {
  return children(node).find((c) => c.type === 'expression');
}

function collectDefinitions(body: TsNode | undefined, defs: Definitions, converter: Converter): void {
  const define = (map: Map<string, Definition>, name: string, expr: TsNode) => {
    if (!map.has(name)) map.set(name, { expr, converter });
  };
  for (const block of children(body)) {
    if (block.type !== 'block' || block.hasError) continue;
    const parts = children(block);
    const type = blockType(block);
    const inner = children(parts.find((c) => c.type === 'body'));
    const attr = (name: string) => inner.find((c) => c.type === 'attribute' && children(c)[0]?.text === name);
    if (type === 'locals') {
      for (const a of inner) {
        const value = a.type === 'attribute' ? attributeValue(a) : undefined;
        if (value) define(defs.locals, children(a)[0].text, value);
      }
    } else if (type === 'variable') {
      const name = stringLabel(parts[1]);
      const value = attr('default');
      const expr = value ? attributeValue(value) : undefined;
      if (name && expr && !defs.skipVariable?.(name)) define(defs.variables, name, expr);
    } else if (type === 'resource' && stringLabel(parts[1]) === 'aws_iam_openid_connect_provider') {
      const name = stringLabel(parts[2]);
      const url = attr('url');
      const expr = url ? attributeValue(url) : undefined;
      if (name && expr) define(defs.providerUrls, name, expr);
    }
  }
}

/** HCL string escapes (`\n`, `\"`, `\uNNNN`) and template escapes (`$${`, `%%{`). */
function unescapeLiteral(raw: string): string {
  return raw.replace(/\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)|\$\$\{|%%\{/g, (match, escape: string | undefined) => {
    if (match === '$${') return '${';
    if (match === '%%{') return '%{';
    switch (escape?.[0]) {
      case 'n':
        return '\n';
      case 'r':
        return '\r';
      case 't':
        return '\t';
      case 'u':
      case 'U':
        return String.fromCodePoint(parseInt(escape.slice(1), 16));
      default:
        return escape ?? match;
    }
  });
}

class Converter {
  constructor(
    private readonly text: string,
    private readonly defs: Definitions,
  ) {}

  /** Attributes and blocks of a body into a block's pairs. Blocks with syntax errors are left out. */
  fillBody(target: HclBlock, body: TsNode, topLevel = false): void {
    for (const child of children(body)) {
      if (child.hasError && topLevel) continue;
      if (child.type === 'attribute') {
        const [name] = children(child);
        const value = attributeValue(child);
        if (!name || !value) continue;
        target.pairs.push(new Pair(name.text, name.startIndex, name.endIndex, this.expression(value, 0)));
      } else if (child.type === 'block') {
        const block = this.block(child);
        if (block) target.pairs.push(new Pair(block.blockType, child.startIndex, child.startIndex + block.blockType.length, block));
      }
    }
    target.end = body.endIndex;
  }

  private block(node: TsNode): HclBlock | undefined {
    const parts = children(node);
    const type = parts[0]?.text;
    if (!type || node.hasError) return undefined;
    const labels: ScalarNode[] = [];
    for (const part of parts.slice(1)) {
      const label = stringLabel(part);
      if (label !== undefined) labels.push(new ScalarNode(part.startIndex, part.endIndex, undefined, label, part.type === 'string_lit'));
    }
    const block = new HclBlock(node.startIndex, node.endIndex, type, labels);
    const body = parts.find((c) => c.type === 'body');
    if (body) this.fillBody(block, body);
    block.end = node.endIndex;
    return block;
  }

  /** Any expression: literals, collections, templates; `jsonencode(x)` is x; the rest is unknown. */
  expression(node: TsNode, depth: number): SNode {
    const parts = children(node);
    if (node.type === 'expression') {
      if (parts.length === 1) return this.expression(parts[0], depth);
      const defined = depth < MAX_DEPTH ? this.definitionOf(parts) : undefined;
      // A local or variable default that is a collection is read where it is written.
      if (defined && children(defined)[0]?.type === 'collection_value') return this.expression(defined, depth + 1);
      const reference = this.reference(node, depth);
      if (reference !== undefined) return new ScalarNode(node.startIndex, node.endIndex, undefined, reference, false);
      return this.unknown(node);
    }
    switch (node.type) {
      case 'literal_value':
        return parts[0] ? this.expression(parts[0], depth) : this.unknown(node);
      case 'numeric_lit': {
        const value = Number(node.text);
        return new ScalarNode(node.startIndex, node.endIndex, undefined, Number.isFinite(value) ? value : node.text, false);
      }
      case 'bool_lit':
        return new ScalarNode(node.startIndex, node.endIndex, undefined, node.text === 'true', false);
      case 'null_lit':
        return new ScalarNode(node.startIndex, node.endIndex, undefined, null, false);
      case 'string_lit':
      case 'quoted_template':
      case 'heredoc_template':
        return this.template(node, depth);
      case 'template_expr':
      case 'collection_value':
        return parts[0] ? this.expression(parts[0], depth) : this.unknown(node);
      case 'tuple': {
        const seq = new SeqNode(node.startIndex, node.endIndex, undefined);
        for (const item of parts) if (item.type === 'expression') seq.items.push(this.expression(item, depth));
        return seq;
      }
      case 'object': {
        const map = new MapNode(node.startIndex, node.endIndex, undefined);
        for (const elem of parts) {
          if (elem.type !== 'object_elem') continue;
          const [key, value] = children(elem).filter((c) => c.type === 'expression');
          if (!key || !value) continue;
          map.pairs.push(new Pair(this.objectKey(key, depth), key.startIndex, key.endIndex, this.expression(value, depth)));
        }
        return map;
      }
      case 'function_call': {
        const name = parts[0]?.text;
        const args = children(parts.find((c) => c.type === 'function_arguments')).filter((c) => c.type === 'expression');
        if ((name === 'jsonencode' || name === 'tolist' || name === 'toset') && args.length === 1) return this.expression(args[0], depth);
        return this.unknown(node);
      }
      case 'variable_expr':
        return this.unknown(node);
      default:
        return this.unknown(node);
    }
  }

  private unknown(node: TsNode): ScalarNode {
    return new ScalarNode(node.startIndex, node.endIndex, undefined, `\${${node.text}}`, false);
  }

  /** An object key: a bare identifier is its name; a string its value; `(expr)` its value when known. */
  private objectKey(key: TsNode, depth: number): string {
    const inner = children(key);
    if (inner.length === 1 && inner[0].type === 'variable_expr') return inner[0].text;
    const value = this.expression(key.namedChildCount === 1 ? key : key, depth);
    if (value.type === 'scalar' && value.value !== null) return String(value.value);
    return `\${${key.text}}`;
  }

  /**
   * A quoted string or heredoc. Known interpolations are substituted; the
   * rest stay as written (`${...}`). The node's range is the whole string
   * with its quotes, except for a heredoc, whose range is its content (what a
   * JSON policy inside it is read from).
   */
  private template(node: TsNode, depth: number): SNode {
    const parts = children(node);
    const heredoc = node.type === 'heredoc_template';
    const content = parts.filter((c) => c.type === 'template_literal' || c.type === 'template_interpolation' || c.type === 'template_directive');
    if (heredoc) {
      const start = content[0]?.startIndex ?? node.endIndex;
      const end = content.length ? content[content.length - 1].endIndex : start;
      // A heredoc keeps its text as written: an embedded JSON policy maps back character by character.
      return new ScalarNode(start, end, undefined, this.text.slice(start, end), false);
    }
    let value = '';
    for (const part of content) {
      if (part.type === 'template_literal') value += unescapeLiteral(part.text);
      else if (part.type === 'template_interpolation') {
        const inner = children(part).find((c) => c.type === 'expression');
        const resolved = inner ? this.reference(inner, depth) : undefined;
        value += resolved !== undefined && !resolved.includes('${') ? resolved : part.text;
      } else value += part.text;
    }
    return new ScalarNode(node.startIndex, node.endIndex, undefined, value, true);
  }

  /**
   * The text of a reference (`local.x`, `var.x`, a provider's url/arn) when the
   * file defines it, else `${<expression>}`. Undefined for what is not a
   * reference at all.
   */
  private reference(node: TsNode, depth: number): string | undefined {
    const parts = children(node);
    if (parts.length === 1 && parts[0].type !== 'variable_expr') {
      const value = this.expression(parts[0], depth);
      return value.type === 'scalar' && typeof value.value === 'string' ? value.value : `\${${node.text}}`;
    }
    if (parts[0]?.type !== 'variable_expr') return undefined;
    const path = [parts[0].text];
    for (const part of parts.slice(1)) {
      if (part.type !== 'get_attr') return `\${${node.text}}`;
      path.push(children(part)[0]?.text ?? '');
    }
    const known = depth < MAX_DEPTH ? this.lookup(path, depth + 1) : undefined;
    return known ?? `\${${node.text}}`;
  }

  /** A local or variable default written in this file (a collection from another file has no ranges here). */
  private definitionOf(parts: TsNode[]): TsNode | undefined {
    if (parts.length !== 2 || parts[0].type !== 'variable_expr' || parts[1].type !== 'get_attr') return undefined;
    const name = children(parts[1])[0]?.text ?? '';
    const found = parts[0].text === 'local' ? this.defs.locals.get(name) : parts[0].text === 'var' ? this.defs.variables.get(name) : undefined;
    return found?.converter === this ? found.expr : undefined;
  }

  private lookup(path: string[], depth: number): string | undefined {
    const asString = (def: Definition | undefined): string | undefined => {
      if (!def) return undefined;
      const value = def.converter.expression(def.expr, depth);
      return value.type === 'scalar' && typeof value.value === 'string' && !value.value.includes('${') ? value.value : undefined;
    };
    if (path.length === 2 && path[0] === 'local') return asString(this.defs.locals.get(path[1]));
    if (path.length === 2 && path[0] === 'var') return asString(this.defs.variables.get(path[1]));
    if (path.length === 3 && path[0] === 'aws_iam_openid_connect_provider') {
      const url = asString(this.defs.providerUrls.get(path[1]));
      if (url === undefined) return undefined;
      if (path[2] === 'url') return url;
      // The partition and account are the provider's own, which the file does not say.
      if (path[2] === 'arn') return `arn:\${partition}:iam::\${account}:oidc-provider/${url.replace(/^https:\/\//i, '')}`;
    }
    return undefined;
  }
}
