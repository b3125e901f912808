// No HTML escaping anywhere: what the user typed reaches the files as typed, and
// GitHub `${{ }}` expressions survive. Values with & < > " ' are pushed through
// every template that renders user values (validation is bypassed on purpose:
// this tests the renderer, not the answer model).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { fillAnswers, type Answers, type Given } from '../generators/answers/index.js';
import { compileTemplates, loadTemplateSources } from '../lib/render/compile.js';
import { shippedTemplates } from './support/render.js';
import { render } from '../lib/render/render.js';

const sources = loadTemplateSources();
const entity = /&(amp|lt|gt|quot|#x27|#39|#x3D|#x60);/g;
const tricky = (tag: string) => `${tag}&<>"'${tag}`;

function hostile(extra: Given = {}): Answers {
  const filled = fillAnswers({ dirName: 'my-func', given: extra });
  return {
    ...filled,
    functions: filled.functions.map((fn) => ({ ...fn, name: tricky('NAME'), functionName: tricky('FN') })),
    prefix: tricky('FN'),
    region: tricky('REGION'),
    artifactBucket: tricky('BUCKET'),
    existingRole: tricky('ROLE'),
  };
}

const countEntities = (text: string) => (text.match(entity) ?? []).length;
const entitiesInSources = Object.values(sources).reduce((n, s) => n + countEntities(s), 0);


for (const [label, templates] of [
  ['compiled', async () => compileTemplates(sources)],
  ['as bundled (template trees)', async () => shippedTemplates(sources)],
] as const) {
  test(`${label}: user values with & < > " ' arrive verbatim, no entities added`, async () => {
    const compiled = await templates();
    for (const extra of [{}, { trigger: 'function-url' as const }, { package: 'image' as const }, { preset: 'seed' as const }]) {
      const files = render(hostile(extra), compiled, '0.0.0-test');
      const all = [...files.values()].join('\n');
      for (const tag of ['NAME', 'FN', 'REGION']) assert.ok(all.includes(tricky(tag)), `${tag} value not found verbatim`);
      if (extra.preset === 'seed') {
        for (const tag of ['BUCKET', 'ROLE']) assert.ok(all.includes(tricky(tag)), `${tag} value not found verbatim`);
      }
      // The templates hold no entities (C# docs use <see cref="Task{TResult}"/>, not &lt;), and
      // rendering adds none: a user reads no escaped text anywhere.
      assert.is(entitiesInSources, 0, 'a template contains an HTML entity');
      assert.is(countEntities(all), 0, 'rendering introduced HTML entities');
      for (const [path, content] of files) {
        for (const tag of ['NAME', 'FN', 'REGION', 'BUCKET', 'ROLE']) {
          assert.not.ok(content.includes(`${tag}&amp;`), `${path}: ${tag} was HTML-escaped`);
        }
      }
    }
  });
}

test('GitHub ${{ }} expressions reach the workflow intact', async () => {
  const files = render(fillAnswers({ dirName: 'my-func', given: {} }), compileTemplates(sources), '0.0.0-test');
  const workflows = [...files].filter(([path]) => path.startsWith('.github/workflows/'));
  assert.ok(workflows.length > 0, 'no workflow emitted');
  for (const [path, content] of workflows) {
    assert.ok(content.includes('${{ '), `${path} has no expressions`);
    assert.not.ok(content.includes('\\{{'), `${path} kept a Handlebars escape`);
    const opened = (content.match(/\$\{\{/g) ?? []).length;
    const closed = (content.match(/\$\{\{[^}]*\}\}/g) ?? []).length;
    assert.is(closed, opened, `${path}: an expression lost its closing braces`);
  }
});

test.run();
