// In-process rendering for tests: the same answer model and templates the bin uses.
import { resolveAnswers, type Answers } from '../../generators/answers.js';
import { render, type Files } from '../../lib/render.js';
import { compileTemplates, loadTemplateSources, templatesJson } from '../../lib/compile.js';
import { fromTrees } from '../../lib/tree.js';
import type { Templates } from '../../lib/render.js';

const templates = compileTemplates(loadTemplateSources());

/** The templates as the bundle renders them: through dist/templates.json's exact text. */
export function shippedTemplates(sources: Readonly<Record<string, string>> = loadTemplateSources()): Templates {
  return fromTrees(JSON.parse(templatesJson(sources)));
}

export function answersFor(given: Partial<Answers> = {}, dirName = 'my-func'): Answers {
  return resolveAnswers({ dirName, given });
}

export function renderAnswers(given: Partial<Answers> = {}, dirName = 'my-func'): Files {
  return render(answersFor(given, dirName), templates, '0.0.0-test');
}
