// Where templates come from: the bundle imports them precompiled (scripts/build.js
// swaps lib/precompiled.ts for a generated module); development runs compile the
// templates/ folder on first use.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import precompiled from './precompiled.js';
import type { Templates } from './render.js';

export const templatesDir = fileURLToPath(new URL('../templates/', import.meta.url));

/** Template sources keyed by their path under `dir`, e.g. `base/README.md.hbs`. */
export function loadTemplateSources(dir: string = templatesDir): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (current: string): void => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const full = join(current, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.hbs')) out[relative(dir, full).split(sep).join('/')] = readFileSync(full, 'utf8');
    }
  };
  walk(dir);
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : 1)));
}

let loaded: Templates | undefined;
export async function bundledTemplates(): Promise<Templates> {
  if (!loaded) {
    if (precompiled) loaded = precompiled;
    else {
      const { compileTemplates } = await import('./compile.js');
      loaded = compileTemplates(loadTemplateSources());
    }
  }
  return loaded;
}
