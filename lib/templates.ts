// Where templates come from. The bundle loads dist/templates.json: scripts/build.js
// swaps lib/precompiled.ts for a module that reads it, and defines __BUNDLED__,
// which drops the compiler path below. Development runs compile templates/ on
// first use.
import precompiled from './precompiled.js';
import type { Templates } from './render.js';

declare const __BUNDLED__: boolean | undefined;

let loaded: Templates | undefined;
export async function bundledTemplates(): Promise<Templates> {
  if (!loaded) {
    if (typeof __BUNDLED__ === 'boolean') loaded = precompiled!;
    else {
      const { compileTemplates, loadTemplateSources } = await import('./compile.js');
      loaded = compileTemplates(loadTemplateSources());
    }
  }
  return loaded;
}
