// Bundles the extension client, the language server and the CLI with esbuild.
// One bundle each, for Node, so the .vsix needs no node_modules.
import * as esbuild from 'esbuild';
import * as fs from 'fs';
import { createRequire } from 'module';
import * as path from 'path';

const production = process.argv.includes('--production');
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  // jsonc-parser ships a UMD build that esbuild cannot follow; the ESM build bundles cleanly.
  mainFields: ['module', 'main'],
};

// The IAM catalog (~2 MB) is its own file, loaded by the server and the CLI
// alike, so the .vsix carries it once.
const sharedCatalog = {
  name: 'shared-iam-catalog',
  setup(build) {
    build.onResolve({ filter: /[\\/]catalogData$|^\.\/catalogData$/ }, () => ({ path: './iam-catalog.js', external: true }));
  },
};

// web-tree-sitter's ESM build reads import.meta.url, which a CommonJS bundle does not have: bundle its CommonJS build.
const requireHere = createRequire(import.meta.url);
const treeSitterCjs = {
  name: 'web-tree-sitter-cjs',
  setup(build) {
    build.onResolve({ filter: /^web-tree-sitter$/ }, () => ({ path: requireHere.resolve('web-tree-sitter') }));
  },
};

// js-yaml's ES module build spreads its options into the parser state ({ ...defaults, ...options, input, ... }),
// which V8 gives a new hidden class on every call: the parser's property accesses then go megamorphic and a
// manifest parses about three times slower than with its CommonJS build (the same code, spread by a helper).
const jsYamlCjs = {
  name: 'js-yaml-cjs',
  setup(build) {
    build.onResolve({ filter: /^js-yaml$/ }, () => ({ path: requireHere.resolve('js-yaml') }));
  },
};

await Promise.all([
  esbuild.build({ ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] }),
  esbuild.build({ ...common, entryPoints: ['server/src/server.ts'], outfile: 'dist/server.js', plugins: [sharedCatalog, treeSitterCjs, jsYamlCjs] }),
  esbuild.build({ ...common, entryPoints: ['server/src/cli.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' }, plugins: [sharedCatalog, treeSitterCjs, jsYamlCjs] }),
  esbuild.build({ ...common, sourcemap: false, entryPoints: ['server/src/iam/catalogData.ts'], outfile: 'dist/iam-catalog.js' }),
]);

// The Terraform parser (web-tree-sitter and the tree-sitter HCL grammar) is WebAssembly, loaded at run time
// from beside the bundles: the .vsix and the CLI carry both files.
for (const wasm of ['web-tree-sitter/tree-sitter.wasm', '@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-terraform.wasm']) {
  fs.copyFileSync(requireHere.resolve(wasm), path.join('dist', path.basename(wasm)));
}
