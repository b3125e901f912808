// Replaced in the bundle by a module that loads dist/templates.json (scripts/build.js).
// Development runs see `undefined` and compile templates/ instead.
import type { Templates } from './render.js';

const precompiled: Templates | undefined = undefined;
export default precompiled;
