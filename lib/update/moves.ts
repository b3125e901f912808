// Renames without destruction: when `update` renames a function, its Terraform modules (and a
// new bucket's notification) change address, and without a `moved` block the next apply would
// destroy what is deployed at the old address and create it again at the new one. This module
// decides the moves (from the two renders, so they follow the templates, not a list of names),
// keeps the recorded ones that Terraform still accepts, and brings back a deleted moved.tf.
import { snakeCase, type Answers, type Move } from '../../generators/answers/index.js';
import type { Files } from '../render/render.js';
import type { Action } from './merge.js';

export const movedFile = 'infra/moved.tf';

/** The top-level addresses a render declares in infra/ (not in its modules, not the bootstrap):
 * `module.<name>` and `<type>.<name>` of each resource block. */
export function declaredAddresses(files: Files): Set<string> {
  const out = new Set<string>();
  for (const [path, text] of files) {
    if (!/^infra\/[^/]+\.tf$/.test(path)) continue;
    for (const m of text.matchAll(/^module\s+"([^"]+)"/gm)) out.add(`module.${m[1]}`);
    for (const m of text.matchAll(/^resource\s+"([^"]+)"\s+"([^"]+)"/gm)) out.add(`${m[1]}.${m[2]}`);
  }
  return out;
}

/** The Terraform keys of the functions renamed from `before` to `after` (the functions kept,
 * in order: `remove` takes one out of the list). */
export function renamedKeys(before: Answers, after: Answers, removed: string | undefined): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  before.functions
    .filter((fn) => fn.name !== removed)
    .forEach((was, i) => {
      const now = after.functions[i];
      if (now && snakeCase(was.name) !== snakeCase(now.name)) out.push([snakeCase(was.name), snakeCase(now.name)]);
    });
  return out;
}

/** The address `address` has after the renames: its name is a renamed key, or starts with one
 * and `_` (`worker_queue`); a longer key wins (`worker_queue` renamed itself beats `worker`). */
function renamedAddress(address: string, keys: Array<[string, string]>): string | undefined {
  const dot = address.lastIndexOf('.');
  const [kind, name] = [address.slice(0, dot), address.slice(dot + 1)];
  const match = [...keys].sort(([a], [b]) => b.length - a.length).find(([from]) => name === from || name.startsWith(`${from}_`));
  return match ? `${kind}.${match[1]}${name.slice(match[0].length)}` : undefined;
}

/** The moves a rename needs: every address declared before and gone after whose renamed
 * address is declared after (and was not before: then it is another function's). */
export function renameMoves(beforeDeclared: ReadonlySet<string>, afterDeclared: ReadonlySet<string>, keys: Array<[string, string]>): Move[] {
  const out: Move[] = [];
  for (const from of [...beforeDeclared].sort()) {
    if (afterDeclared.has(from)) continue;
    const to = renamedAddress(from, keys);
    if (to !== undefined && afterDeclared.has(to) && !beforeDeclared.has(to)) out.push({ from, to });
  }
  return out;
}

/** The recorded moves plus the new ones, without those Terraform would refuse or that no longer
 * lead anywhere: a move from an address the configuration declares again (a function renamed
 * back, or a new function given an old name: Terraform refuses a moved block from a declared
 * address), a move repeated, and a move whose target is neither declared nor moved on (its
 * function was removed; the plan then deletes it at its own address, as `remove` announces). */
export function keptMoves(recorded: readonly Move[], added: readonly Move[], declared: ReadonlySet<string>): Move[] {
  let moves: Move[] = [];
  for (const move of [...recorded, ...added]) {
    if (move.from === move.to || declared.has(move.from)) continue;
    if (!moves.some((m) => m.from === move.from && m.to === move.to)) moves.push(move);
  }
  // A move whose target leads nowhere goes; then the moves into its source may lead nowhere too.
  for (let changed = true; changed; ) {
    const leads = (m: Move) => declared.has(m.to) || moves.some((next) => next.from === m.to);
    const next = moves.filter(leads);
    changed = next.length !== moves.length;
    moves = next;
  }
  // Terraform refuses two moves from one address: the later (newer) one stands.
  return moves.filter((m, i) => !moves.slice(i + 1).some((later) => later.from === m.from));
}

/** The answers with their moves decided: recorded ones kept, the rename's added. */
export function withMoves(answers: Answers, added: readonly Move[], declared: ReadonlySet<string>): Answers {
  const { moves: recorded = [], ...rest } = answers;
  const moves = keptMoves(recorded, added, declared);
  return moves.length > 0 ? { ...rest, moves } : rest;
}

/** moved.tf is the record's moves written out: while there are any, a deleted moved.tf is written
 * again (the merge would leave it deleted), so the next apply still moves instead of destroying. */
export function restoreMoved(actions: Action[], answers: Answers, theirs: Files, mine: ReadonlyMap<string, string>): Action[] {
  const content = theirs.get(movedFile);
  if ((answers.moves ?? []).length === 0 || content === undefined || mine.has(movedFile)) return actions;
  return [...actions.filter((a) => a.path !== movedFile), { kind: 'added', path: movedFile, content }];
}
