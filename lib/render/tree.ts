// Renders the bundle's templates, which the build turned from Handlebars into
// small data trees (lib/render/compile.ts). The semantics are Handlebars' with
// `noEscape` and `strict`, for the subset the templates use.
import type { Renderer, Templates } from './render.js';

export const Op = { print: 0, if: 1, each: 2 } as const;

/** Text, or `[print, path, line]`, `[if, path, then, else]`, `[each, path, body, else]`.
 * A path is a list of property names; `[]` is the context itself (`{{this}}`). */
export type TreeNode = string | [typeof Op.print, string[], number] | [typeof Op.if | typeof Op.each, string[], TreeNode[], TreeNode[]];
/** Template key → [emitted-path tree, body tree]. */
export type TemplateTrees = Record<string, [TreeNode[], TreeNode[]]>;

const own = Object.prototype.hasOwnProperty;
type Bag = Record<string, unknown>;

// Handlebars reads own properties only.
function get(o: unknown, k: string): unknown {
  const value = (o as Bag)[k];
  return value == null || own.call(o, k) ? value : undefined;
}

function lookup(c: unknown, path: string[], strictLine?: number): unknown {
  let value = c;
  path.forEach((k, i) => {
    // Strict mode: printing a missing field is an error, not an empty string.
    if (strictLine !== undefined && i === path.length - 1 && (!value || !(k in (value as object)))) {
      throw new Error(`"${k}" not defined (line ${strictLine})`);
    }
    value = get(value, k);
  });
  return typeof value === 'function' ? (value as () => unknown).call(c) : value;
}

// #if is false for falsy values, 0 included, and for empty arrays.
const truthy = (v: unknown) => !(!v || (Array.isArray(v) && v.length === 0));

// Pieces collect in one array and are joined once: `+=` would build a rope of thousands
// of cons strings, flattened again when the file is written.
function run(nodes: TreeNode[], c: unknown, out: unknown[]): void {
  for (const node of nodes) {
    if (typeof node === 'string') out.push(node);
    else if (node[0] === Op.print) out.push(lookup(c, node[1], node[2]) ?? '');
    else {
      const value = lookup(c, node[1]);
      if (node[0] === Op.if) run(truthy(value) ? node[2] : node[3], c, out);
      else if (value && !Array.isArray(value)) throw new Error('#each expects an array');
      else if (Array.isArray(value) && value.length > 0) for (const item of value) run(node[2], item, out);
      else run(node[3], c, out);
    }
  }
}

function renderer(key: string, tree: () => TreeNode[]): Renderer {
  return (context) => {
    try {
      const out: unknown[] = [];
      run(tree(), context, out);
      return out.join('');
    } catch (error) {
      (error as Error).message += ` in ${key}`;
      throw error;
    }
  };
}

/** Templates from trees held in memory. */
export function fromTrees(trees: TemplateTrees): Templates {
  const out: Record<string, Templates[string]> = {};
  for (const [key, [path, body]] of Object.entries(trees)) out[key] = { path: renderer(key, () => path), body: renderer(key, () => body) };
  return out;
}

/** The bundle's templates: path trees from the index, each body parsed from `json` (the text
 * of dist/templates.json) when it is rendered, and dropped after (lib/render/compile.ts templateModule). */
export function lazyTemplates(json: string, index: Record<string, [TreeNode[], number, number]>): Templates {
  const out: Record<string, Templates[string]> = {};
  for (const [key, [path, start, end]] of Object.entries(index)) {
    out[key] = { path: renderer(key, () => path), body: renderer(key, () => JSON.parse(json.slice(start, end)) as TreeNode[]) };
  }
  return out;
}
