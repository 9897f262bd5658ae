import * as fs from 'fs';
import * as path from 'path';
import { Language, Parser } from 'web-tree-sitter';

/**
 * The HCL parser: the tree-sitter Terraform grammar (tree-sitter-grammars/
 * tree-sitter-hcl) run by web-tree-sitter. Both are WebAssembly, so loading is
 * asynchronous; parsing is synchronous once loaded. The server and the CLI
 * load it before they read the workspace; until then (or if the .wasm files
 * are missing) Terraform files parse to no documents, never to an error.
 */
let parser: Parser | undefined;
let loading: Promise<boolean> | undefined;

const RUNTIME_WASM = 'tree-sitter.wasm';
const TERRAFORM_WASM = 'tree-sitter-terraform.wasm';

/** The bundles ship both .wasm files beside them in dist/; compiled tests find them in node_modules. */
function wasmPath(name: string, packagePath: string): string {
  const beside = path.join(__dirname, name);
  if (fs.existsSync(beside)) return beside;
  try {
    return require.resolve(packagePath);
  } catch {
    return beside;
  }
}

export function loadHcl(): Promise<boolean> {
  loading ??= (async () => {
    try {
      const runtime = wasmPath(RUNTIME_WASM, `web-tree-sitter/${RUNTIME_WASM}`);
      await Parser.init({ locateFile: () => runtime });
      const language = await Language.load(fs.readFileSync(wasmPath(TERRAFORM_WASM, `@tree-sitter-grammars/tree-sitter-hcl/${TERRAFORM_WASM}`)));
      const p = new Parser();
      p.setLanguage(language);
      parser = p;
      return true;
    } catch (error) {
      if (process.env.STS_LENS_DEBUG) console.error(error);
      return false;
    }
  })();
  return loading;
}

/** The loaded parser, or undefined before loadHcl() has finished. */
export function hclParser(): Parser | undefined {
  return parser;
}
