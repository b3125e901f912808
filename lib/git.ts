// `git init` and the first commit: a thin, optional step after writing.
import { spawnSync } from 'node:child_process';

function git(cwd: string, args: string[]) {
  return spawnSync('git', args, { cwd, encoding: 'utf8' });
}

export function gitAvailable(): boolean {
  return git(process.cwd(), ['--version']).status === 0;
}

/** Returns a warning when something could not be done; never throws. */
export function initRepository(dir: string, version: string): string | undefined {
  if (!gitAvailable()) return 'git was not found: skipped `git init` (run it yourself, or pass --no-git to silence this)';
  const inside = git(dir, ['rev-parse', '--is-inside-work-tree']);
  if (inside.status !== 0 && git(dir, ['init', '-q', '-b', 'main']).status !== 0) {
    return 'git init failed: the files are written, but the directory is not a repository';
  }
  if (git(dir, ['add', '-A']).status !== 0) return 'git add failed: the files are written but not committed';
  const commit = git(dir, ['commit', '-q', '-m', `Scaffold with create-dotnet-aot-lambda ${version}`]);
  if (commit.status !== 0) {
    return `git commit failed (${commit.stderr.trim().split('\n')[0] ?? 'unknown reason'}): the files are staged; commit them yourself`;
  }
  return undefined;
}

export function isDirty(dir: string): boolean | undefined {
  const status = git(dir, ['status', '--porcelain']);
  if (status.status !== 0) return undefined;
  return status.stdout.trim() !== '';
}
