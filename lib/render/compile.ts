// Build-time and development side of the templates: reading templates/,
// compiling with Handlebars (development runs and tests), and turning the
// templates into the data trees the bundle ships (scripts/build.js). Users
// never load Handlebars.
import Handlebars from 'handlebars';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Templates } from './render.js';
import { Op, type TemplateTrees, type TreeNode } from './tree.js';

/** Template sources keyed by their path under `dir`, e.g. `base/README.md.hbs`. */
export function loadTemplateSources(dir: string = fileURLToPath(new URL('../../templates/', import.meta.url))): Record<string, string> {
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

// The bundle's templates: Handlebars parses each one (its own parser and
// whitespace rules) and this turns the syntax tree into the small data tree
// lib/render/tree.ts renders. It understands exactly what the templates use:
// `{{path}}`, `{{this}}`, `#if`, `#unless`, `#each` over arrays, `else` and
// comments; anything else stops the build. Shipped as a JSON file, the templates
// cost little to load; Handlebars' precompiled functions (170 kB) and runtime
// were most of a generation's start-up time. Tests render answer sets both
// ways and require identical bytes (test/tree.test.ts, test/property.test.ts).

type Node = hbs.AST.Node;

function unsupported(node: Node, key: string, what: string): never {
  throw new Error(`${key}:${node.loc?.start.line ?? '?'}: ${what} is not supported in bundled templates (see lib/render/compile.ts)`);
}

function pathOf(node: Node, key: string): string[] {
  if (node.type !== 'PathExpression') return unsupported(node, key, `a ${node.type} argument`);
  const path = node as hbs.AST.PathExpression;
  if (path.data || path.depth > 0) return unsupported(node, key, `"${path.original}"`);
  return path.parts;
}

function treeOf(program: hbs.AST.Program | undefined, key: string): TreeNode[] {
  const nodes: TreeNode[] = [];
  for (const node of program?.body ?? []) {
    if (node.type === 'ContentStatement') {
      const { value } = node as hbs.AST.ContentStatement;
      if (value !== '') nodes.push(value);
    } else if (node.type === 'CommentStatement') {
      continue;
    } else if (node.type === 'MustacheStatement') {
      const m = node as hbs.AST.MustacheStatement;
      if (m.params.length > 0 || m.hash) unsupported(node, key, 'a helper call');
      nodes.push([Op.print, pathOf(m.path, key), node.loc.start.line]);
    } else if (node.type === 'BlockStatement') {
      const block = node as hbs.AST.BlockStatement;
      const helper = (block.path as hbs.AST.PathExpression).original;
      if (block.params.length !== 1 || block.hash) unsupported(block, key, `#${helper} without exactly one argument`);
      const value = pathOf(block.params[0]!, key);
      const fn = treeOf(block.program, key);
      const inverse = treeOf(block.inverse, key);
      if (helper === 'if') nodes.push([Op.if, value, fn, inverse]);
      else if (helper === 'unless') nodes.push([Op.if, value, inverse, fn]);
      else if (helper === 'each') nodes.push([Op.each, value, fn, inverse]);
      else unsupported(block, key, `#${helper}`);
    } else {
      unsupported(node, key, `a ${node.type}`);
    }
  }
  return nodes;
}

/** Every template as a tree: `{ key: [pathTree, bodyTree] }`. */
export function templateTrees(sources: Readonly<Record<string, string>>): TemplateTrees {
  return Object.fromEntries(
    Object.entries(sources).map(([key, source]) => [key, [treeOf(Handlebars.parse(pathTemplateOf(key)), key), treeOf(Handlebars.parse(source), key)]]),
  );
}

/** Template key → its path tree and where its body tree sits in dist/templates.json's text. */
export type TemplateIndex = Record<string, [path: TreeNode[], bodyStart: number, bodyEnd: number]>;

// A handful of non-ASCII characters (… →) would otherwise make the whole file, and every
// string parsed from it, two bytes per character; escaped, it is read as latin1 and stays
// one byte per character. Escaping is per character, so pieces escape alone.
const ascii = (json: string) => json.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/** dist/templates.json, `{ key: [pathTree, bodyTree] }` as ASCII-only JSON, and the index the
 * bundle keeps: each body tree's offsets in that text, so a run parses only the bodies it
 * renders. The text is built piece by piece to know the offsets; it is exactly
 * JSON.stringify's output (a test checks). */
export function templatesFile(sources: Readonly<Record<string, string>>): { json: string; index: TemplateIndex } {
  const index: TemplateIndex = {};
  let json = '{';
  for (const [key, [path, body]] of Object.entries(templateTrees(sources))) {
    json += `${json === '{' ? '' : ','}${ascii(JSON.stringify(key))}:[${ascii(JSON.stringify(path))},`;
    const bodyJson = ascii(JSON.stringify(body));
    index[key] = [path, json.length, json.length + bodyJson.length];
    json += `${bodyJson}]`;
  }
  return { json: `${json}}`, index };
}

/** Source of the module the bundle uses in place of lib/render/templates.ts: it reads
 * `templates.json` beside the bundle and parses a template's body when it is rendered
 * (lib/render/tree.ts). A file read and JSON.parse cost less than compiling the same text as a
 * JavaScript string, whose escapes are slow to scan; parsing only what a run renders skips
 * the other triggers' templates, and the trees die young instead of being copied by every
 * garbage collection of the run. */
export function templateModule(index: TemplateIndex): string {
  return [
    "import { readFileSync } from 'node:fs';",
    "import { join } from 'node:path';",
    "import { lazyTemplates } from './tree.js';",
    `const index = ${JSON.stringify(index)};`,
    "export default lazyTemplates(readFileSync(join(__dirname, 'templates.json'), 'latin1'), index);",
    '',
  ].join('\n');
}
