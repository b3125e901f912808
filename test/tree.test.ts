// The bundle renders templates from data trees (lib/render/compile.ts builds them from
// Handlebars' own parse, lib/render/tree.ts renders them). Handlebars itself is the
// reference: every case here renders both ways and must agree byte for byte.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import Handlebars from 'handlebars';
import { resolveAnswers } from '../generators/answers/index.js';
import { compileOptions, compileTemplates, loadTemplateSources, templatesFile, templateTrees } from '../lib/render/compile.js';
import { render } from '../lib/render/render.js';
import { matrix } from './matrix.js';
import { shippedTemplates } from './support/render.js';

/** Render `source` with Handlebars and with a tree; both results, or the errors. */
function both(source: string, context: object): { handlebars: string; tree: string } {
  const run = (f: () => string) => {
    try {
      return f();
    } catch {
      return '<threw>';
    }
  };
  return {
    handlebars: run(() => Handlebars.compile(source, compileOptions)(context)),
    tree: run(() => shippedTemplates({ 'part/x.hbs': source })['part/x.hbs']!.body(context)),
  };
}

const values: Record<string, unknown> = {
  zero: 0,
  one: 1,
  empty: '',
  text: 'a & <b> "c"',
  emptyList: [],
  list: ['x', 'y'],
  object: {},
  nil: null,
  no: false,
  yes: true,
  missing: undefined,
};

test('tree: #if and #unless decide as Handlebars does for every kind of value', () => {
  for (const name of Object.keys(values)) {
    for (const source of [
      `{{#if ${name}}}T{{else}}F{{/if}}`,
      `{{#unless ${name}}}U{{else}}N{{/unless}}`,
      `{{#if ${name}}}T{{/if}}|{{#if absent}}A{{else if ${name}}}B{{else}}C{{/if}}`,
    ]) {
      const { handlebars, tree } = both(source, values);
      assert.is(tree, handlebars, `${source} with ${name}`);
    }
  }
});

test('tree: printing values, nested paths, and strict failures match Handlebars', () => {
  const context = { ...values, deep: { inner: { leaf: 'L' } } };
  for (const source of ['[{{zero}}][{{one}}][{{empty}}][{{text}}][{{no}}][{{yes}}][{{list}}]', '{{deep.inner.leaf}}', '{{{text}}}', '{{nothere}}', '{{deep.nothere}}', '{{nil}}']) {
    const { handlebars, tree } = both(source, context);
    assert.is(tree, handlebars, source);
  }
  assert.is(both('{{nothere}}', {}).tree, '<threw>', 'strict: a missing field must fail');
  // The one deliberate difference: Handlebars' generated code adds two numbers that open a
  // template (0 + 1 gives "1"); the trees concatenate. No template opens that way, which the
  // real-template comparison below would show.
  assert.equal(both('{{zero}}{{one}}', values), { handlebars: '1', tree: '01' });
});

test('tree: #each over arrays, with else, and whitespace control, match Handlebars', () => {
  const context = { items: ['a', 'b', 'c'], none: [], rows: [{ k: 1 }, { k: 2 }] };
  for (const source of [
    '{{#each items}}[{{this}}]{{/each}}',
    '{{#each none}}x{{else}}empty{{/each}}',
    '{{#each rows}}{{k}},{{/each}}',
    'list:\n{{#each items}}\n  - {{this}}\n{{/each}}\nend\n',
    'a\n  {{#if one}}\n  b\n  {{else}}\n  c\n  {{/if}}\nd\n',
    '{{~#if one~}}  x  {{~/if~}} y',
    '{{! a comment }}kept\n{{!-- another --}}\n',
    'non-ASCII survives the ASCII-only JSON: … → é 😀 {{#each items}}{{this}}…{{/each}}',
    'GitHub: $\\{{ github.sha }} and \\{{literal}}',
  ]) {
    const { handlebars, tree } = both(source, context);
    assert.is(tree, handlebars, JSON.stringify(source));
  }
});

test('tree: constructs outside the supported subset stop the build with the template and line', () => {
  for (const source of ['{{> partial}}', '{{#with one}}x{{/with}}', '{{#each items}}{{../one}}{{/each}}', '{{#each items}}{{@index}}{{/each}}', 'x\n{{lookup list 0}}', '{{#if one two}}x{{/if}}']) {
    assert.throws(() => templateTrees({ 'part/x.hbs': source }), /part\/x\.hbs:\d+: .* not supported/, source);
  }
});

test('tree: every matrix answer set renders the real templates identically both ways', () => {
  const sources = loadTemplateSources();
  const viaHandlebars = compileTemplates(sources);
  const viaTrees = shippedTemplates(sources);
  for (const entry of matrix) {
    const answers = resolveAnswers({ dirName: entry.dirName ?? 'my-func', given: entry.given });
    const expected = render(answers, viaHandlebars, '0.0.0-test');
    const actual = render(answers, viaTrees, '0.0.0-test');
    assert.equal([...actual.keys()], [...expected.keys()], entry.name);
    for (const [path, content] of expected) assert.ok(actual.get(path) === content, `${entry.name}: ${path} differs`);
  }
});

test('tree: dist/templates.json is the trees as JSON, and each index entry points at its body tree', () => {
  const sources = loadTemplateSources();
  const { json, index } = templatesFile(sources);
  const trees = templateTrees(sources);
  // The same document as JSON.stringify's, ASCII only.
  assert.equal(JSON.parse(json), trees);
  assert.ok(/^[\x00-\x7f]*$/.test(json), 'templates.json has a non-ASCII character');
  assert.equal(Object.keys(index), Object.keys(trees));
  for (const [key, [path, start, end]] of Object.entries(index)) {
    assert.equal(path, trees[key]![0], `${key}: path tree`);
    assert.equal(JSON.parse(json.slice(start, end)), trees[key]![1], `${key}: body offsets`);
  }
});

test.run();
