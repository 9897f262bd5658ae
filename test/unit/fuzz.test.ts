import * as assert from 'assert';
import { runFuzz } from '../fuzz/fuzzer';

describe('mutation fuzzing of the examples (seeded, bounded; npm run fuzz runs longer)', () => {
  it('parses, analyses, fixes, completes and hovers 2,000 mutants without an exception', function () {
    this.timeout(300_000); // correctness, not speed: a loaded machine takes far longer than mocha's 2 s default
    const failures = runFuzz({ seed: 20261202, mutants: 2000 });
    assert.deepStrictEqual(failures.map((f) => `${f.file} mutant ${f.mutant} (${f.step}): ${f.error}\n${JSON.stringify(f.text)}`), []);
  });
});

describe('cases the fuzzer found', () => {
  it('a sequence as a map key whose items hold a bad merge key is read, not evaluated', () => {
    const { parseFile } = require('../../server/src/model/parsedFile') as typeof import('../../server/src/model/parsedFile');
    const file = parseFile('file:///w/d.yaml', 'spec:\n  ? - <<: x\n  : value\n  bad: [\n', { fsPath: '/w/d.yaml' });
    assert.strictEqual(file.docs[0].root?.type, 'map');
  });
});
