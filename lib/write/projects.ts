// The other projects of a repository, found by their records (.dotnet-aot-lambda.json), which
// are only ever read here. A project whose prefix collides with one of theirs is refused before
// anything is written (generators/answers/projects.ts says what collides and why).
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join, relative, resolve, sep } from 'node:path';
import { functionNameFrom, InputError, overlapProblem } from '../../generators/answers/index.js';
import { recordFile } from '../render/record-file.js';

/** Folders no project sits in, and that can be large: dependencies, build output, tool state. */
const skipped = new Set(['node_modules', 'bin', 'obj', 'artifacts']);

/** Every project recorded under `root` except the one at `self`: its folder (relative to
 * `root`, POSIX) and its prefix. Hidden folders (`.git`, `.terraform`, …) and the ones above are
 * not searched; symbolic links are not followed; a record that cannot be read is passed over. */
export function otherProjects(root: string, self: string): Array<{ path: string; prefix: string }> {
  const found: Array<{ path: string; prefix: string }> = [];
  const own = resolve(self);
  const walk = (dir: string): void => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (entry.isFile() && entry.name === recordFile && resolve(dir) !== own) {
        const prefix = recordedPrefix(join(dir, entry.name), dir);
        if (prefix !== undefined) found.push({ path: relative(root, dir).split(sep).join('/'), prefix });
      } else if (entry.isDirectory() && !entry.name.startsWith('.') && !skipped.has(entry.name)) {
        walk(join(dir, entry.name));
      }
    }
  };
  walk(resolve(root));
  return found;
}

/** The prefix a record holds: releases since 0.3.0 record it; earlier ones named the one
 * function (`functionName`), whose name was the prefix, or took it from the folder's name. */
function recordedPrefix(file: string, dir: string): string | undefined {
  try {
    const answers = (JSON.parse(readFileSync(file, 'utf8')) as { answers?: { prefix?: unknown; functionName?: unknown } }).answers ?? {};
    const prefix = answers.prefix ?? answers.functionName ?? functionNameFrom(basename(dir));
    return typeof prefix === 'string' && prefix !== '' ? prefix : undefined;
  } catch {
    return undefined;
  }
}

/** Refuses (exit 2, nothing written) a project at `project` whose prefix collides with another
 * project's in the repository at `root`. */
export function refuseOverlappingPrefix(root: string, project: string, prefix: string): void {
  const problem = overlapProblem(prefix, otherProjects(root, project));
  if (problem) throw new InputError([problem]);
}
