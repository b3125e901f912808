// In-process rendering for tests: the same answer model and templates the bin uses.
import { resolveAnswers, type Answers } from '../../generators/answers.js';
import { render, type Files } from '../../lib/render.js';
import { compileTemplates } from '../../lib/compile.js';
import { loadTemplateSources } from '../../lib/compile.js';

const templates = compileTemplates(loadTemplateSources());

export function answersFor(given: Partial<Answers> = {}, dirName = 'my-func'): Answers {
  return resolveAnswers({ dirName, given });
}

export function renderAnswers(given: Partial<Answers> = {}, dirName = 'my-func'): Files {
  return render(answersFor(given, dirName), templates, '0.0.0-test');
}
