import * as fs from 'fs';
import { parseArgs } from 'util';
import { runFuzz } from './fuzzer';

/**
 * `npm run fuzz [-- --mutants N --seed S]`: the mutation fuzzer for longer
 * than npm test runs it (default 50,000 mutants, a new seed each run). The
 * seed is printed first; failures go to fuzz-failures.json with the mutated
 * text, and the same seed replays them.
 */
const { values } = parseArgs({ options: { mutants: { type: 'string', default: '50000' }, seed: { type: 'string' }, 'max-failures': { type: 'string', default: '10' } } });
const seed = values.seed !== undefined ? Number(values.seed) : Math.floor(Math.random() * 2 ** 31);
const mutants = Number(values.mutants);
console.log(`fuzz: seed ${seed}, ${mutants} mutants`);
const started = Date.now();
const failures = runFuzz({
  seed,
  mutants,
  maxFailures: Number(values['max-failures']),
  onMutant: (i) => {
    if ((i + 1) % 5000 === 0) console.log(`  ${i + 1} mutants, ${Math.round((Date.now() - started) / 1000)} s`);
  },
});
if (failures.length > 0) {
  fs.writeFileSync('fuzz-failures.json', JSON.stringify(failures, null, 2));
  for (const f of failures) console.log(`FAIL ${f.file} mutant ${f.mutant} (${f.step}): ${f.error.split('\n')[0]}`);
  console.log(`${failures.length} failures written to fuzz-failures.json; replay with --seed ${seed}`);
  process.exitCode = 1;
} else {
  console.log(`fuzz: no exception in ${mutants} mutants (${Math.round((Date.now() - started) / 1000)} s)`);
}
