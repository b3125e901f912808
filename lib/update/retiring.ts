// Retiring bootstrap permissions in `update`, `add` and `remove` (generators/retiring.ts says
// why they stay): deciding the record's list, saying when to drop it, and offering to.
import type { Answers, Retiring } from '../../generators/answers/index.js';
import { templateContext } from '../../generators/context.js';
import { retiringAfter } from '../../generators/retiring.js';
import { packageName, version } from '../render/meta.js';
import type { Io } from '../write/create.js';

/** `after` with the retiring list the change leaves: what `before`'s bootstrap granted (or kept)
 * and `after`'s does not need; `drop` forgets what `before` recorded as retiring. */
export function retire(before: Answers, after: Answers, drop: boolean): Answers {
  const list = retiringAfter(templateContext(before, version), templateContext(after, version), drop ? [] : before.retiring ?? []);
  const { retiring: _old, ...rest } = after;
  return list.length > 0 ? { ...rest, retiring: list } : rest;
}

/** The order that keeps every permission the pipeline needs: the deploy that deletes the
 * resources runs while the bootstrap still grants their permissions; the permissions go after.
 * Printed after the bootstrap notice ("Before you push, re-apply it"), which covers additions. */
export function retiringNotice(retiring: readonly Retiring[], shown: string, io: Io): void {
  if (retiring.length === 0) return;
  const command = `npx ${packageName}@latest update${shown === '.' ? '' : ` ${shown}`} --drop-retired`;
  io.out('');
  io.out(`infra/bootstrap/ keeps permissions no function needs any more (retiring: ${retiring.join(', ')}; listed in`);
  io.out('.dotnet-aot-lambda.json): the deploy that deletes what used them still needs them. Push first.');
  io.out(`After that push has deployed, run ${command}`);
  io.out('and commit: it takes them out of infra/bootstrap/ and says to re-apply it, which deletes them.');
}

/** Interactive `update` of a record with retiring permissions: drop them now? No by default:
 * only the person who saw the deploy succeed knows it did. */
export async function offerDrop(retiring: readonly Retiring[], io: Io): Promise<boolean> {
  // The same prompt runner as update's other questions, loaded only for interactive runs.
  const { ask } = await import('../write/ask.js');
  io.out(`infra/bootstrap/ keeps permissions no function needs any more (retiring: ${retiring.join(', ')}).`);
  const message = 'Drop them now? Only once the deploy that removed their resources has succeeded (then re-apply infra/bootstrap/).';
  const { customize } = await ask([{ name: 'customize', kind: 'confirm', message, when: () => true, default: () => false }], io.err);
  return customize === true;
}
