// In-process rendering for tests: the same answer model and templates the bin uses.
import { resolveAnswers, type Answers, type FunctionAnswers, type Given, type RepoAnswers } from '../../generators/answers/index.js';
import { render, type Files } from '../../lib/render/render.js';
import { compileTemplates, loadTemplateSources, templatesFile } from '../../lib/render/compile.js';
import { lazyTemplates } from '../../lib/render/tree.js';
import type { Templates } from '../../lib/render/render.js';

const templates = compileTemplates(loadTemplateSources());

/** The templates as the bundle renders them: each body parsed from dist/templates.json's exact
 * text at the offsets the bundle's index gives. */
export function shippedTemplates(sources: Readonly<Record<string, string>> = loadTemplateSources()): Templates {
  const { json, index } = templatesFile(sources);
  return lazyTemplates(json, index);
}

export function answersFor(given: Given = {}, dirName = 'my-func'): Answers {
  return resolveAnswers({ dirName, given });
}

export function renderAnswers(given: Given = {}, dirName = 'my-func'): Files {
  return render(answersFor(given, dirName), templates, '0.0.0-test');
}

/** A one-function repo's answers flat, as 0.2.0 had them: the repo's and its function's. */
export function flat(a: Answers): RepoAnswers & FunctionAnswers {
  const { functions, ...repo } = a;
  if (functions.length !== 1) throw new Error(`flat() needs one function; this repo has ${functions.length}`);
  return { ...repo, ...functions[0]! };
}
