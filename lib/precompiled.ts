// Replaced at bundle time by the precompiled templates (scripts/build.js).
// Development runs see `undefined` and compile templates/ instead.
import type { Templates } from './render.js';

const precompiled: Templates | undefined = undefined;
export default precompiled;
