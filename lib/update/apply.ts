// Writing `update`'s result: files replaced atomically (executable bits kept), files deleted
// or moved away with the folders they leave empty, and the record last.
import { chmod, readdir, rm, rmdir, stat } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { recordFile } from '../render/record.js';
import type { Files } from '../render/render.js';
import type { Io } from '../write/create.js';
import { writeAtomically } from '../write/write.js';
import type { Action } from './merge.js';

async function removeEmptyParents(root: string, path: string): Promise<void> {
  let dir = dirname(join(root, path));
  while (dir !== root && dir.startsWith(root)) {
    if ((await readdir(dir)).length > 0) return;
    await rmdir(dir);
    dir = dirname(dir);
  }
}

/** Build output a .NET project leaves beside its sources (.gitignore'd): not the user's work. */
const buildOutput = new Set(['bin', 'obj']);

/** After a rename: remove the old folders that hold nothing of the user's any more (build
 * output aside); name those that still do. */
async function clearMovedFolders(dir: string, moved: Action[], io: Io): Promise<void> {
  const folders = new Set(moved.map((a) => dirname(join(dir, a.path))).filter((f) => f.startsWith(`${dir}/`) && f !== dir));
  for (const folder of [...folders].sort((a, b) => b.length - a.length)) {
    let entries: string[];
    try {
      entries = await readdir(folder);
    } catch {
      continue; // already gone with an emptied child
    }
    if (entries.every((e) => buildOutput.has(e))) {
      await rm(folder, { recursive: true, force: true });
      await removeEmptyParents(dir, relative(dir, folder));
    } else {
      io.out(`kept ${relative(dir, folder)}/: it still holds files of yours (${entries.filter((e) => !buildOutput.has(e)).join(', ')}); move them to the new folder`);
    }
  }
}

export async function apply(dir: string, root: string, actions: Action[], record: string | undefined, io: Io): Promise<void> {
  const writes: Files = new Map();
  // Keyed from the repository root: a project in a subfolder has its workflow up there.
  const fromRoot = (path: string) => relative(root, join(dir, path)).split(sep).join('/');
  for (const a of actions) if ('content' in a) writes.set(fromRoot(a.path), a.content);
  // Keep the executable bit of files being replaced (writeAtomically writes plain files).
  const modes = new Map<string, number>();
  for (const path of writes.keys()) {
    try {
      modes.set(path, (await stat(join(root, path))).mode & 0o777);
    } catch {
      // new file
    }
  }
  if (writes.size > 0) await writeAtomically(root, writes, { overwrite: true });
  for (const [path, mode] of modes) if (mode & 0o111) await chmod(join(root, path), mode);
  for (const a of actions) {
    if (a.kind !== 'deleted' && a.kind !== 'moved') continue;
    await rm(join(dir, a.path), { force: true });
    await removeEmptyParents(dir, a.path);
  }
  await clearMovedFolders(dir, actions.filter((a) => a.kind === 'moved'), io);
  // Last: only now does the project match the new record.
  if (record !== undefined) await writeAtomically(dir, new Map([[recordFile, record]]), { overwrite: true });
}
