// Atomic output. Everything is rendered before this runs; here the files are
// staged in a temporary directory beside the target (same filesystem, so
// renames are atomic) and then moved into place. On an error or SIGINT/SIGTERM
// every completed step is undone, so nothing partial remains. Plop's own `add`
// actions write file by file and never roll back; this replaces them.
// File operations are synchronous: a repo is a few dozen small files, and a
// thread-pool round trip per call costs more than the call (fs/promises also
// loads the stream modules at start-up). Signals are checked between steps.
import { existsSync, lstatSync, mkdirSync, readdirSync, renameSync, rmdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import type { Files } from '../render/render.js';

export class Interrupted extends Error {
  constructor(public readonly signal: NodeJS.Signals) {
    super(`interrupted by ${signal}; nothing was written`);
  }
}

export type TargetState =
  | { kind: 'missing' }
  | { kind: 'file' }
  | { kind: 'empty' } // empty, or only .git
  | { kind: 'non-empty'; entries: string[] };

export function inspectTarget(target: string): TargetState {
  const info = statSync(target, { throwIfNoEntry: false });
  if (!info) return { kind: 'missing' };
  if (!info.isDirectory()) return { kind: 'file' };
  const entries = readdirSync(target).filter((e) => e !== '.git');
  return entries.length === 0 ? { kind: 'empty' } : { kind: 'non-empty', entries };
}

/** The root of the git work tree that holds `target` (which need not exist yet): the nearest
 * directory, from `target` up, with a `.git` entry (a directory, or a file in a linked
 * worktree or submodule). Read from the file system: spawning git costs every run time. */
export function workTreeRoot(target: string): string | undefined {
  for (let dir = resolve(target); ; dir = dirname(dir)) {
    if (existsSync(join(dir, '.git'))) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}

/** Where `target` sits in the git work tree around it (POSIX, '' at its root), with that root;
 * undefined outside any work tree. The recorded `repoPath` of a new project. */
export function detectRepoPath(target: string): { root: string; repoPath: string } | undefined {
  const root = workTreeRoot(target);
  return root === undefined ? undefined : { root, repoPath: relative(root, target).split(sep).join('/') };
}

/** The repository root of a project recorded at `repoPath` inside it ('' is the root itself):
 * where a subfolder project's workflow is written. */
export function repositoryRoot(project: string, repoPath: string): string {
  return repoPath === '' ? project : resolve(project, ...repoPath.split('/').map(() => '..'));
}

/** Emitted paths that already exist in the target (what --force would replace). */
export function collisions(target: string, files: Files): string[] {
  if (inspectTarget(target).kind === 'missing') return [];
  return [...files.keys()].filter((path) => lstatSync(join(target, path), { throwIfNoEntry: false }) !== undefined);
}

// Test hooks: slow each file down, or fail after N files, to prove rollback.
const testDelayMs = Number(process.env.CREATE_DOTNET_AOT_LAMBDA_TEST_DELAY_MS ?? 0);
const testFailAfter = Number(process.env.CREATE_DOTNET_AOT_LAMBDA_TEST_FAIL_AFTER ?? -1);
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
// One event-loop turn, in which a pending signal is delivered (setTimeout(0) waits 1 ms).
const turn = () => new Promise((r) => setImmediate(r));

/**
 * Write `files` into `target` all-or-nothing. Existing files are replaced only when
 * `overwrite` is set (the caller decides: --force); files the generator does not emit
 * are never touched.
 */
export async function writeAtomically(target: string, files: Files, { overwrite = false } = {}): Promise<void> {
  target = resolve(target);
  const parent = dirname(target);
  mkdirSync(parent, { recursive: true });
  const stamp = `${process.pid}-${Date.now().toString(36)}`;
  const staging = join(parent, `.${basename(target)}.staging-${stamp}`);
  const backup = join(parent, `.${basename(target)}.backup-${stamp}`);

  let signal: NodeJS.Signals | undefined;
  const onSignal = (s: NodeJS.Signals) => {
    signal = s;
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const check = () => {
    if (signal) throw new Interrupted(signal);
  };

  // Every undoable step, newest last.
  const undo: Array<() => void> = [];
  try {
    // 1. Stage. A signal that arrives meanwhile is handled at the next await, and check()
    // then rolls back.
    let count = 0;
    const made = new Set<string>();
    for (const [path, content] of files) {
      check();
      // Emitted paths are relative, normalized and use `/`, which every platform's file calls
      // accept: path.join would only normalize each of them again.
      const full = `${staging}/${path}`;
      const dir = dirname(full);
      if (!made.has(dir)) {
        mkdirSync(dir, { recursive: true });
        made.add(dir);
      }
      writeFileSync(full, content);
      if (testDelayMs > 0) await pause(testDelayMs);
      if (++count === testFailAfter) throw new Error(`injected fault after ${count} files`);
    }
    await turn();
    check();

    // 2. Move into place.
    const state = inspectTarget(target);
    if (state.kind === 'missing') {
      renameSync(staging, target); // one atomic step
      return;
    }
    if (state.kind === 'file') throw new Error(`${target} is a file`);
    for (const path of files.keys()) {
      check();
      const destination = join(target, path);
      makeDirs(dirname(destination), target, undo);
      const replaced = lstatSync(destination, { throwIfNoEntry: false }) !== undefined;
      if (replaced) {
        if (!overwrite) throw new Error(`${path} already exists`);
        const saved = join(backup, path);
        mkdirSync(dirname(saved), { recursive: true });
        renameSync(destination, saved);
      }
      renameSync(join(staging, path), destination);
      undo.push(() => {
        rmSync(destination, { force: true });
        if (replaced) renameSync(join(backup, path), destination);
      });
      if (testDelayMs > 0) await pause(testDelayMs);
    }
    check();
  } catch (error) {
    for (const step of undo.reverse()) {
      try {
        step();
      } catch {
        // keep undoing the rest
      }
    }
    throw error;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    // Checked first: a recursive rm loads its implementation even for a missing path.
    for (const dir of [staging, backup]) if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
  }
}

/** mkdir -p that records each directory it creates, so rollback can remove it. */
function makeDirs(dir: string, root: string, undo: Array<() => void>): void {
  if (dir === root || lstatSync(dir, { throwIfNoEntry: false })) return;
  makeDirs(dirname(dir), root, undo);
  mkdirSync(dir);
  undo.push(() => rmdirSync(dir));
}
