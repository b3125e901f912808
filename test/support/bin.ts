// Run the built bin (dist/cli.cjs): the bundle is what users get, so it is what
// the behaviour and snapshot tests exercise. `npm test` builds it first.
import { execa, type Options } from 'execa';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const binPath = fileURLToPath(new URL('../../dist/cli.cjs', import.meta.url));

// Every scratch directory goes when the test process exits: a full run makes about a
// thousand, and they used to stay in the temp folder (gigabytes after a few runs).
// KEEP_TEMP=1 keeps them for a look after a failure.
const scratch: string[] = [];
process.on('exit', () => {
  if (process.env.KEEP_TEMP) return;
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true, maxRetries: 2 });
});

/** A new empty directory under the temp folder, removed when the test process exits. */
export function tempDir(prefix = 'cdal-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  scratch.push(dir);
  return dir;
}

/** A git command in `dir` as the test user; throws with git's message when it fails. */
export function git(dir: string, ...args: string[]): string {
  const run = spawnSync('git', args, {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, GIT_AUTHOR_NAME: 'Test', GIT_AUTHOR_EMAIL: 'test@example.invalid', GIT_COMMITTER_NAME: 'Test', GIT_COMMITTER_EMAIL: 'test@example.invalid' },
  });
  if (run.status !== 0) throw new Error(`git ${args.join(' ')}: ${run.stderr}`);
  return run.stdout;
}

/** Run the bin with no TTY; never throws on a non-zero exit. */
export function runBin(args: string[], options: Options = {}) {
  return execa('node', [binPath, ...args], {
    reject: false,
    stdin: 'ignore',
    env: {
      GIT_AUTHOR_NAME: 'Test', GIT_AUTHOR_EMAIL: 'test@example.invalid',
      GIT_COMMITTER_NAME: 'Test', GIT_COMMITTER_EMAIL: 'test@example.invalid',
      ...options.env,
    },
    ...options,
  } as Options & { reject: false }) as unknown as Promise<{ exitCode: number; stdout: string; stderr: string }>;
}

/** Write rendered files under `dir` (the inverse of readTree), for tools that read a tree. */
export function writeTree(dir: string, files: Iterable<[string, string]>): void {
  for (const [path, content] of files) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
}

/** Every file under `dir` (excluding .git) as path → content. */
export function readTree(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (current: string) => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      if (entry.name === '.git') continue;
      const full = join(current, entry.name);
      if (entry.isDirectory()) walk(full);
      else out.set(relative(dir, full).split(sep).join('/'), readFileSync(full, 'utf8'));
    }
  };
  walk(dir);
  return new Map([...out].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

export function listTree(dir: string): string[] {
  try {
    statSync(dir);
  } catch {
    return [];
  }
  return [...readTree(dir).keys()];
}
