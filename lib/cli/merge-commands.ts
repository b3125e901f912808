// The commands that merge into an existing repo (`update`, `add`, `remove`) and the hidden
// `__render` that a newer release calls to render this one's base. The bundle ships them in
// dist/update.cjs, loaded only when one of them runs: a create never compiles the merge, the
// diff libraries or the base fetching (about a third of the code).
import type { UpdateArgs } from './args.js';
import { renderCommand } from '../update/base.js';
import type { Io } from '../write/create.js';
import { failureCode } from './outcome.js';
import { update } from '../update/update.js';

export async function runUpdate(args: UpdateArgs, io: Io): Promise<number> {
  try {
    return await update(args, io);
  } catch (error) {
    return failureCode(error, io);
  }
}

export async function runRender(io: Io): Promise<number> {
  try {
    return await renderCommand(io);
  } catch (error) {
    return failureCode(error, io);
  }
}
