// How a failed run ends: its message and exit code (0 ok, 1 failure, 2 bad input,
// 130/143 interrupted). Shared by the create path (lib/cli/cli.ts) and the merge commands
// (lib/cli/merge-commands.ts), which the bundle ships apart: each bundle checks the error
// classes it was built with.
import { InputError } from '../../generators/answers/index.js';
import type { Io } from '../write/create.js';
import { Interrupted } from '../write/write.js';

export function failureCode(error: unknown, io: Pick<Io, 'err'>): number {
  if (error instanceof InputError) {
    for (const problem of error.problems) io.err(`error: ${problem}`);
    return 2;
  }
  if (error instanceof Interrupted) {
    io.err(error.message);
    return error.signal === 'SIGTERM' ? 143 : 130;
  }
  // Ctrl-C at a prompt (lib/write/ask.ts): nothing has been written yet.
  if ((error as Error)?.name === 'ExitPromptError') {
    io.err(new Interrupted('SIGINT').message);
    return 130;
  }
  io.err(`error: ${(error as Error).message}`);
  return 1;
}
