// Handlebars compilation, shared by development runs (tsx), the build's
// precompiler and tests. The bundle ships precompiled templates instead, so
// users never pay for the compiler.
import Handlebars from 'handlebars';
import type { Templates } from './render.js';

/** No HTML escaping (what the user typed reaches the file as typed) and strict
 * lookups (a misspelt field fails the render, not the deploy). */
export const compileOptions = { noEscape: true, strict: true, knownHelpersOnly: true } as const;

/** `base/src/{{name}}/X.cs.hbs` → the emitted-path template `src/{{name}}/X.cs`. */
export function pathTemplateOf(key: string): string {
  return key.slice(key.indexOf('/') + 1, -'.hbs'.length);
}

export function compileTemplates(sources: Readonly<Record<string, string>>): Templates {
  const hbs = Handlebars.create();
  const out: Record<string, Templates[string]> = {};
  for (const [key, source] of Object.entries(sources)) {
    out[key] = { path: hbs.compile(pathTemplateOf(key), compileOptions), body: hbs.compile(source, compileOptions) };
  }
  return out;
}

/** JavaScript source of a module exporting the templates precompiled (for the bundle). */
export function precompiledModule(sources: Readonly<Record<string, string>>): string {
  const entries = Object.entries(sources).map(([key, source]) => {
    const path = Handlebars.precompile(pathTemplateOf(key), compileOptions);
    const body = Handlebars.precompile(source, compileOptions);
    return `  ${JSON.stringify(key)}: { path: hbs.template(${path}), body: hbs.template(${body}) },`;
  });
  return [
    "import Handlebars from 'handlebars/runtime';",
    'const hbs = Handlebars.create();',
    'export default {',
    ...entries,
    '};',
    '',
  ].join('\n');
}
