// Which files an answer set gets is decided in one place, partsFor (generators/context.ts):
// no template gates its whole body behind an {{#if}} (or an {{#each}}) that may render nothing,
// and render refuses a template that renders nothing instead of dropping the file.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import Handlebars from 'handlebars';
import { partsFor } from '../generators/context.js';
import { compileTemplates, loadTemplateSources } from '../lib/render/compile.js';
import { render } from '../lib/render/render.js';
import { answersFor } from './support/render.js';

/** The templates whose whole body is {{#if}}/{{#unless}}/{{#each}} blocks without an {{else}}
 * (one, or several in a row, like bootstrap's ops.tf once was: alarms, then tracing): for some
 * context each renders nothing. Two are kept on purpose, each because its part exists only when
 * one of its blocks renders: the moves (`moved/`: while a function owns the 0.2.0 addresses or
 * the record holds renames' moves, and the blocks pick which) and the bootstrap's ops.tf (`ops/`: while alarms or tracing are on,
 * its two blocks). */
const partGuarantees = new Set(['moved/infra/moved.tf.hbs', 'ops/infra/bootstrap/ops.tf.hbs']);
export function wholeFileGates(sources: Record<string, string>): string[] {
  return Object.entries(sources)
    .filter(([key, text]) => {
      const body = Handlebars.parse(text).body.filter((n) => !(n.type === 'ContentStatement' && !/\S/.test((n as hbs.AST.ContentStatement).value)) && n.type !== 'CommentStatement');
      return !partGuarantees.has(key) && body.length > 0 && body.every((n) => n.type === 'BlockStatement' && !(n as hbs.AST.BlockStatement).inverse);
    })
    .map(([key]) => key);
}

const sources = loadTemplateSources();

test('no template decides by itself whether its file exists', () => {
  assert.ok(Object.keys(sources).length > 70, 'the templates were not found');
  assert.equal(wholeFileGates(sources), []);
  // Seeded: the gate the s3 part replaced, put back, is found.
  const seeded = { ...sources, 's3/infra/s3_notifications.tf.hbs': `{{#if anyS3}}\n${sources['s3/infra/s3_notifications.tf.hbs']}{{/if}}\n` };
  assert.equal(wholeFileGates(seeded), ['s3/infra/s3_notifications.tf.hbs']);
  // Seeded: two gates in a row, neither with an else, render nothing when both are off.
  const twoGates = { ...sources, 'bootstrap/infra/bootstrap/ops.tf.hbs': `{{#if anyAlarms}}\nalarms\n{{/if}}\n{{#if anyTracing}}\ntracing\n{{/if}}\n` };
  assert.equal(wholeFileGates(twoGates), ['bootstrap/infra/bootstrap/ops.tf.hbs']);
});

test('every part partsFor names has templates, and every template folder is a part some answer set can get', () => {
  const folders = new Set(Object.keys(sources).map((key) => key.slice(0, key.indexOf('/'))));
  const named = new Set<string>();
  const sets = [
    answersFor({}),
    answersFor({ package: 'image', state: 'local', existingRole: 'r', alarms: false, tests: false }),
    answersFor({ artifactBucket: 'my-artifacts', functions: [{ name: 'Api' }, { name: 'Hook', trigger: 'function-url' }, { name: 'Jobs', trigger: 'schedule' }] }),
    answersFor({ functions: [{ name: 'Queue', trigger: 'sqs' }, { name: 'Files', trigger: 's3' }, { name: 'Plain', trigger: 'none' }] }),
    answersFor({ rootAddresses: 'MyFunc' }),
  ];
  for (const a of sets) {
    const parts = partsFor(a);
    for (const part of [...parts.repo, ...a.functions.flatMap((fn) => parts.function(fn))]) named.add(part);
  }
  assert.equal([...named].filter((p) => !folders.has(p)).sort(), [], 'parts without templates');
  assert.equal([...folders].filter((f) => !named.has(f)).sort(), [], 'template folders no answer set gets');
});

test('render refuses a template that renders nothing, naming it', () => {
  const templates = { ...compileTemplates(sources), ...compileTemplates({ 'base/EMPTY.hbs': '{{#if image}}x{{/if}}\n' }) };
  assert.throws(() => render(answersFor({}), templates, '0.0.0-test'), /base\/EMPTY\.hbs rendered nothing; .*partsFor/);
  assert.not.throws(() => render(answersFor({ package: 'image' }), templates, '0.0.0-test'));
});

test.run();
