// Rendering is a pure function: answers + compiled templates in, path → content
// out. Writing, git and merging are separate steps, which is what makes dry-run,
// snapshots, atomic writes and `update` simple.
import type { Answers } from '../../generators/answers/index.js';
import { partsFor, templateContext } from '../../generators/context.js';
import { bootstrapContext } from '../../generators/retiring.js';

export type Renderer = (context: object) => string;
/** One template: its emitted path (may use `{{name}}`) and its body, both compiled. */
export interface Template {
  path: Renderer;
  body: Renderer;
}
/** Compiled templates keyed by their path under templates/, e.g. `base/README.md.hbs`. */
export type Templates = Readonly<Record<string, Template>>;
/** Emitted files keyed by repo-relative POSIX path, sorted. */
export type Files = Map<string, string>;

export function render(answers: Answers, templates: Templates, generatorVersion: string): Files {
  const context = templateContext(answers, generatorVersion);
  const parts = partsFor(answers);
  // Templates by part (the key's first folder), in key order.
  const byPart = new Map<string, Array<[string, Template]>>();
  for (const [key, template] of Object.entries(templates)) {
    const part = key.slice(0, key.indexOf('/'));
    if (!byPart.has(part)) byPart.set(part, []);
    byPart.get(part)!.push([key, template]);
  }
  const out: Array<[string, string]> = [];
  // The bootstrap's files still grant what the record lists as retiring (generators/retiring.ts).
  const inBootstrap = (part: string, key: string) => key.startsWith(`${part}/infra/bootstrap/`);
  const kept = bootstrapContext(context, answers);
  const emit = (part: string, partContext: object, only?: (key: string) => boolean) => {
    for (const [key, template] of byPart.get(part) ?? []) {
      if (only && !only(key)) continue;
      const content = template.body(inBootstrap(part, key) && partContext === context ? kept : partContext);
      // Which files an answer set gets is partsFor's to say, not a template's: an empty one is a bug.
      if (!/\S/.test(content)) throw new Error(`${key} rendered nothing; a file some answer sets lack belongs in a part of its own (partsFor, generators/context.ts)`);
      out.push([template.path(partContext), content]);
    }
  };
  for (const part of parts.repo) emit(part, context);
  for (const part of parts.bootstrapOnly) emit(part, context, (key) => inBootstrap(part, key));
  // A function part sees the repo's values with its function's on top.
  context.functions.forEach((fn, i) => {
    for (const part of parts.function(answers.functions[i]!)) emit(part, fn);
  });
  out.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const files: Files = new Map();
  for (const [path, content] of out) {
    if (files.has(path)) throw new Error(`two templates emit ${path}`);
    files.set(path, content);
  }
  return files;
}
