// add, remove and update in a project in a subfolder that does not own the repository root's
// .github/dependabot.yml (the user's, or another project's: lib/write/dependabot.ts): that file
// is never edited, so when the project's entries change, the changes are printed. A project
// that owns it renders it like its workflow, and the three-way merge keeps it in step.
import type { Answers } from '../../generators/answers/index.js';
import { dependabotEntries } from '../../generators/supply-chain.js';
import type { Io } from '../write/create.js';
import { entriesYaml } from '../write/dependabot.js';

/** The edits the root's file needs, by ecosystem: whole entries added or removed, or the
 * directories of an entry. Empty when the project owns the file or nothing changed. */
export function dependabotEdits(before: Answers, after: Answers): string[] {
  if (after.repoPath === '' || after.ownsRootDependabot) return [];
  const was = new Map(dependabotEntries(before).map((e) => [e.ecosystem, e]));
  const now = new Map(dependabotEntries(after).map((e) => [e.ecosystem, e]));
  const quoted = (dirs: string[]) => dirs.map((d) => `"${d}"`).join(', ');
  const out: string[] = [];
  for (const [eco, entry] of now) {
    const old = was.get(eco);
    if (old === undefined) {
      out.push(`  add a ${eco} entry (or these directories to the one it has):`, ...entriesYaml([entry]).map((l) => `  ${l}`));
      continue;
    }
    const added = entry.directories.filter((d) => !old.directories.includes(d));
    const removed = old.directories.filter((d) => !entry.directories.includes(d));
    if (added.length > 0) out.push(`  ${eco}: add ${quoted(added)}`);
    if (removed.length > 0) out.push(`  ${eco}: remove ${quoted(removed)}`);
  }
  for (const [eco, entry] of was) {
    // github-actions' "/" is the whole repository's, never this project's to remove.
    if (!now.has(eco)) out.push(`  ${eco}: remove ${quoted(entry.directories.filter((d) => d !== '/'))} (this project has no ${eco} manifest any more)`);
  }
  return out;
}

/** Say what the root's file needs, when anything: printed, never written. */
export function dependabotEditsNotice(before: Answers, after: Answers, io: Io): void {
  const edits = dependabotEdits(before, after);
  if (edits.length === 0) return;
  io.out('');
  io.out("Dependabot: the repository's .github/dependabot.yml is not this project's (its record does not own it), so it was not edited. Make these changes to it:");
  for (const line of edits) io.out(line);
}
