// Atomic output. Everything is rendered before this runs; here the files are
// staged in a temporary directory beside the target (same filesystem, so
// renames are atomic) and then moved into place. On an error or SIGINT/SIGTERM
// every completed step is undone, so nothing partial remains. Plop's own `add`
// actions write file by file and never roll back; this replaces them.
import { mkdirSync, writeFileSync } from 'node:fs';
import { mkdir, readdir, rename, rm, rmdir, stat, lstat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { Files } from './render.js';

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

export async function inspectTarget(target: string): Promise<TargetState> {
  let info;
  try {
    info = await stat(target);
  } catch {
    return { kind: 'missing' };
  }
  if (!info.isDirectory()) return { kind: 'file' };
  const entries = (await readdir(target)).filter((e) => e !== '.git');
  return entries.length === 0 ? { kind: 'empty' } : { kind: 'non-empty', entries };
}

/** Emitted paths that already exist in the target (what --force would replace). */
export async function collisions(target: string, files: Files): Promise<string[]> {
  if ((await inspectTarget(target)).kind === 'missing') return [];
  const found: string[] = [];
  for (const path of files.keys()) {
    try {
      await lstat(join(target, path));
      found.push(path);
    } catch {
      // absent: no collision
    }
  }
  return found;
}

// Test hooks: slow each file down, or fail after N files, to prove rollback.
const testDelayMs = Number(process.env.CREATE_DOTNET_AOT_LAMBDA_TEST_DELAY_MS ?? 0);
const testFailAfter = Number(process.env.CREATE_DOTNET_AOT_LAMBDA_TEST_FAIL_AFTER ?? -1);
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Write `files` into `target` all-or-nothing. Existing files are replaced only when
 * `overwrite` is set (the caller decides: --force); files the generator does not emit
 * are never touched.
 */
export async function writeAtomically(target: string, files: Files, { overwrite = false } = {}): Promise<void> {
  target = resolve(target);
  const parent = dirname(target);
  await mkdir(parent, { recursive: true });
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
  const undo: Array<() => Promise<void>> = [];
  try {
    // 1. Stage. Synchronous writes: a few milliseconds for the whole repo, where a thread-pool
    // round trip per file would cost more. A signal that arrives meanwhile is handled at the
    // next await, and check() then rolls back.
    let count = 0;
    const made = new Set<string>();
    for (const [path, content] of files) {
      check();
      const full = join(staging, path);
      const dir = dirname(full);
      if (!made.has(dir)) {
        mkdirSync(dir, { recursive: true });
        made.add(dir);
      }
      writeFileSync(full, content);
      if (testDelayMs > 0) await pause(testDelayMs);
      if (++count === testFailAfter) throw new Error(`injected fault after ${count} files`);
    }
    await pause(0);
    check();

    // 2. Move into place.
    const state = await inspectTarget(target);
    if (state.kind === 'missing') {
      await rename(staging, target); // one atomic step
      return;
    }
    if (state.kind === 'file') throw new Error(`${target} is a file`);
    for (const path of files.keys()) {
      check();
      const destination = join(target, path);
      await makeDirs(dirname(destination), target, undo);
      let replaced = false;
      try {
        await lstat(destination);
        if (!overwrite) throw new Error(`${path} already exists`);
        const saved = join(backup, path);
        await mkdir(dirname(saved), { recursive: true });
        await rename(destination, saved);
        replaced = true;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
      await rename(join(staging, path), destination);
      undo.push(async () => {
        await rm(destination, { force: true });
        if (replaced) await rename(join(backup, path), destination);
      });
      if (testDelayMs > 0) await pause(testDelayMs);
    }
    check();
  } catch (error) {
    for (const step of undo.reverse()) await step().catch(() => undefined);
    throw error;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await rm(staging, { recursive: true, force: true });
    await rm(backup, { recursive: true, force: true });
  }
}

/** mkdir -p that records each directory it creates, so rollback can remove it. */
async function makeDirs(dir: string, root: string, undo: Array<() => Promise<void>>): Promise<void> {
  if (dir === root) return;
  try {
    await lstat(dir);
    return;
  } catch {
    await makeDirs(dirname(dir), root, undo);
    await mkdir(dir);
    undo.push(() => rmdir(dir).catch(() => undefined));
  }
}
