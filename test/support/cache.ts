// Per-machine caches of built tools (the Python venv, old releases): each is built in a scratch
// directory and published with one rename once a `.complete` marker is written, so a crashed or
// concurrent build never leaves a half-built directory that later runs would trust.
import { existsSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Mark `scratch` complete and move it to `dir`; if another process published first, keep
 * theirs. The scratch directory is removed either way. */
export function publishBuilt(scratch: string, dir: string): void {
  try {
    writeFileSync(join(scratch, '.complete'), '');
    try {
      renameSync(scratch, dir);
    } catch (error) {
      if (!existsSync(join(dir, '.complete'))) throw error;
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
