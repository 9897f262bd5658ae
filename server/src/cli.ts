import { runCli } from './cli/main';
import { pipeWriter } from './cli/pipe';

// `sts-lens check | head` closes stdout early: the rest of the output is
// dropped without a stack trace, and the run still ends with its own status.
const stdout = pipeWriter(process.stdout);
const stderr = pipeWriter(process.stderr);

runCli(process.argv.slice(2), { cwd: process.cwd(), stdout, stderr, color: process.stdout.isTTY === true }).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    stderr.write(`sts-lens: internal error: ${(error as Error)?.stack ?? String(error)}\n`);
    process.exitCode = 2;
  },
);
