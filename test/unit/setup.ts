import { loadHcl } from '../../server/src/model/hcl/treeSitter';

/** Root hook: the Terraform parser (WebAssembly) is loaded once before any test reads a .tf file. */
export const mochaHooks = {
  async beforeAll(): Promise<void> {
    if (!(await loadHcl())) throw new Error('the tree-sitter HCL parser did not load');
  },
};
