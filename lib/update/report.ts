// What `update`, `add` and `remove` print about what they do: the answers that change, the
// answers a newer release adds, the summary of file actions, and the bootstrap notice.
import { functionOptions, givenFunctions, overrideOptions, repoOptions, type Answers, type FunctionAnswers, type Given } from '../../generators/answers/index.js';
import type { Io } from '../write/create.js';
import type { Action } from './merge.js';
import type { Request } from './request.js';

export const show = (value: unknown) => (value === '' ? '(blank)' : value === undefined ? '(derived)' : String(value));

/** "Changed answers": repo answers by flag, a function's by `<Name>.flag` (the plain flag while
 * the repo has one function), and functions added or removed. */
export function answerChanges(before: Answers, after: Answers, r: Request): string[] {
  const out: string[] = [];
  for (const spec of repoOptions) {
    const [was, now] = [(before as unknown as Record<string, unknown>)[spec.key], (after as unknown as Record<string, unknown>)[spec.key]];
    if (was !== now) out.push(`${spec.flag} ${show(was)} → ${show(now)}`);
  }
  const single = before.functions.length === 1 && after.functions.length === 1;
  const kept = before.functions.filter((fn) => fn.name !== r.remove);
  kept.forEach((was, i) => {
    const now = after.functions[i]!;
    for (const spec of functionOptions) {
      const [a, b] = [was[spec.key as keyof FunctionAnswers], now[spec.key as keyof FunctionAnswers]];
      if (a !== b) out.push(`${single ? '' : `${was.name}.`}${spec.flag} ${show(a)} → ${show(b)}`);
    }
    // A function's own value of a repo answer (`--set Worker.alarms=false`): listed by the
    // value it takes effect with, and named by its function even in a repo of one, where the
    // plain flag is the repo's answer.
    for (const spec of overrideOptions) {
      const key = spec.key as keyof FunctionAnswers & keyof Answers;
      if (was[key] === now[key]) continue;
      const [a, b] = [was[key] ?? before[key], now[key] ?? after[key]];
      if (a !== b) out.push(`${was.name}.${spec.flag} ${show(a)} → ${show(b)}`);
    }
  });
  for (const fn of after.functions.slice(kept.length)) out.push(`added function ${fn.name} (${fn.functionName}, trigger ${fn.trigger})`);
  if (r.remove !== undefined) out.push(`removed function ${r.remove}`);
  return out;
}

/** "New answers": the ones a newer release added, which the record therefore lacks and which
 * take this release's defaults unless set now (a 0.2.0 repo gains JSON logs and alarms, for
 * instance). Hidden answers, a function's overrides of repo answers (absent means "follow the
 * repo") and the answers of a function added now are not listed. */
export function newAnswers(recorded: Given, after: Answers, r: Request): string[] {
  const out: string[] = [];
  const has = (answers: object | undefined, key: string) => answers !== undefined && Object.hasOwn(answers, key);
  for (const spec of repoOptions) {
    if (!spec.hidden && !has(recorded, spec.key) && !has(r.changes, spec.key)) out.push(`${spec.flag} ${show(after[spec.key as keyof Answers])}`);
  }
  const single = after.functions.length === 1;
  givenFunctions(recorded)
    .filter((fn) => fn.name !== r.remove)
    .forEach((was, i) => {
      const now = after.functions[i]!;
      for (const spec of functionOptions) {
        const value = now[spec.key as keyof FunctionAnswers];
        if (spec.hidden || value === undefined || has(was, spec.key)) continue;
        if (has(r.byFunction[was.name ?? ''], spec.key) || (single && has(r.changes, spec.key))) continue;
        out.push(`${single ? '' : `${now.name}.`}${spec.flag} ${show(value)}`);
      }
    });
  return out;
}


const headings: Record<Action['kind'], string> = {
  updated: 'updated',
  merged: 'merged (your changes kept)',
  added: 'added',
  deleted: 'deleted (removed from the template)',
  conflict: 'conflicts',
  kept: 'kept: removed from the template, but you changed it',
  'deleted-by-you-but-changed': 'deleted by you, but changed in the template (left deleted)',
  moved: 'renamed (the old file, your edits carried to the new name)',
};
const order: Array<Action['kind']> = ['updated', 'merged', 'added', 'moved', 'deleted', 'kept', 'deleted-by-you-but-changed', 'conflict'];

export function summarize(actions: Action[], io: Io, dryRun: boolean, unresolved = 0): void {
  const counts: string[] = [];
  for (const kind of order) {
    const group = actions.filter((a) => a.kind === kind);
    if (group.length === 0) continue;
    counts.push(`${group.length} ${kind}`);
    io.out(`${dryRun ? 'would be ' : ''}${headings[kind]}:`);
    for (const a of group) {
      const detail = a.kind === 'conflict' && a.conflicts ? ` (${a.conflicts} conflict${a.conflicts === 1 ? '' : 's'})` : a.kind === 'moved' ? ` → ${a.to}` : '';
      io.out(`  ${a.path}${detail}`);
    }
  }
  const none = unresolved > 0 ? `Summary: nothing to change, but ${unresolved} file${unresolved === 1 ? '' : 's'} still hold${unresolved === 1 ? 's' : ''} conflict blocks.` : 'Summary: nothing to change; already up to date.';
  io.out(counts.length > 0 ? `Summary: ${counts.join(', ')}.` : none);
}


/** How to review what was written: `git diff` shows changes to tracked files only, so new
 * files (an added function's, a release's new ones, a renamed folder's) need `git status`. */
export function review(actions: Action[]): string {
  return actions.some((a) => a.kind === 'added' || a.kind === 'moved') ? '`git status` (new files) and `git diff`' : '`git diff`';
}

/** The pipeline never applies infra/bootstrap/ (it holds the roles the pipeline runs as), so a
 * change there (a renamed function, another region, a new release's permissions) reaches AWS
 * only when a person re-applies it: say so, with the command, before the user pushes. With
 * local state (0.5.0 on) the bootstrap has no roles and setup.sh takes no repository; a repo
 * that had them loses them at that re-apply, which is said too. */
export function bootstrapNotice(actions: Action[], io: Io, answers: Pick<Answers, 'state' | 'prefix'>): void {
  const changed = actions.filter((a) => a.path.startsWith('infra/bootstrap/') && a.kind !== 'kept' && a.kind !== 'deleted-by-you-but-changed');
  if (changed.length === 0) return;
  const ci = answers.state === 's3';
  io.out('');
  io.out(ci ? 'infra/bootstrap/ changed, and the pipeline never applies it. Before you push, re-apply it with' : 'infra/bootstrap/ changed, and only you apply it. Before you deploy, re-apply it with');
  io.out(`administrator credentials: sh infra/bootstrap/setup.sh${ci ? ' OWNER/REPO' : ''} (its state stays in`);
  io.out('infra/bootstrap/terraform.tfstate, so only the changes are applied).');
  const trust = actions.find((a) => a.path === oidcFile);
  if (ci || trust === undefined) return;
  if (trust.kind === 'kept') {
    io.out(`${oidcFile} is kept because you changed it, but with local state the bootstrap no longer declares the`);
    io.out('GitHub variables it reads: delete it (the re-apply then deletes the roles below), or the re-apply fails.');
    return;
  }
  io.out(`With local state no workflow assumes a role, so that re-apply deletes the roles ${answers.prefix}-deploy and`);
  io.out(`${answers.prefix}-plan, their policies and their GitHub OIDC trust, and the account's GitHub OIDC provider if this`);
  io.out("stack created it. If another project's roles use that provider, keep it first:");
  io.out("  terraform -chdir=infra/bootstrap state rm 'aws_iam_openid_connect_provider.github[0]'");
}

/** The bootstrap's GitHub trust and roles: only repos whose CI deploys (S3 state) have it. */
const oidcFile = 'infra/bootstrap/oidc.tf';


/** What the change replaces or deletes at the next apply (lib/update/replacements.ts), said
 * before anything is written, so the plan holds no surprise. */
export function destructionNotice(lines: string[], io: Io, heading = 'The next apply replaces or deletes deployed resources:'): void {
  if (lines.length === 0) return;
  io.out(heading);
  for (const line of lines) io.out(`  ${line}`);
}
