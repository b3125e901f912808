// git, run by every command that needs it: `git init` and the first commit, a thin, optional
// step after writing, and the clean-tree check before `update` writes. The first commit never touches a
// repository that was already there: inside an existing work tree nothing is staged or
// committed, and a new repository's first commit names only the files the generator wrote.
import { spawnSync } from 'node:child_process';
import type { RepoOutcome } from './next-steps.js';

/** One git command in `cwd`; never throws (a missing git shows as `error`). */
export function git(cwd: string, args: string[]) {
  // Literal pathspecs: a generated path is a file name, never a glob.
  return spawnSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, GIT_LITERAL_PATHSPECS: '1' } });
}

export function gitAvailable(): boolean {
  return git(process.cwd(), ['--version']).status === 0;
}

/** Init and commit `paths` (relative to `dir`) when `dir` is in no work tree yet; never throws. */
export function commitNewRepository(dir: string, version: string, paths: string[]): RepoOutcome {
  if (!gitAvailable()) return { kind: 'failed', warning: 'git was not found: skipped `git init` (run it yourself, or pass --no-git to silence this)' };
  const root = git(dir, ['rev-parse', '--show-toplevel']);
  if (root.status === 0) {
    const branch = git(dir, ['symbolic-ref', '--quiet', '--short', 'HEAD']);
    const hasOrigin = git(dir, ['remote', 'get-url', 'origin']).status === 0;
    return { kind: 'inside', root: root.stdout.trim(), branch: branch.status === 0 ? branch.stdout.trim() : undefined, hasOrigin };
  }
  if (git(dir, ['init', '-q', '-b', 'main']).status !== 0) {
    return { kind: 'failed', warning: 'git init failed: the files are written, but the directory is not a repository' };
  }
  // Only what was generated: --force may have added the files to a directory holding others.
  const own = paths.filter((path) => !path.startsWith('../'));
  if (git(dir, ['add', '--', ...own]).status !== 0) return { kind: 'failed', warning: 'git add failed: the files are written but not committed' };
  const commit = git(dir, ['commit', '-q', '-m', `Scaffold with create-dotnet-aot-lambda ${version}`, '--', ...own]);
  if (commit.status !== 0) {
    return { kind: 'failed', warning: `git commit failed (${commit.stderr.trim().split('\n')[0] ?? 'unknown reason'}): the files are staged; commit them yourself` };
  }
  return { kind: 'created', branch: 'main' };
}

/** 'not-repo' when git is missing or dir is not in a work tree; otherwise the project's own status
 * (what `update` checks before it writes). */
export function gitState(dir: string): 'clean' | 'dirty' | 'not-repo' {
  const inside = git(dir, ['rev-parse', '--is-inside-work-tree']);
  if (inside.error || inside.status !== 0 || inside.stdout.trim() !== 'true') return 'not-repo';
  const status = git(dir, ['status', '--porcelain', '--untracked-files=all', '--', '.']);
  if (status.status !== 0) return 'not-repo';
  return status.stdout.trim() === '' ? 'clean' : 'dirty';
}
