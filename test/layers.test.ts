// The house reads top-down (issue 27): lib/cli → lib/update → lib/write → lib/render →
// generators/, and inside generators/ the answer model (generators/answers/) imports nothing
// of the rest but the pinned versions. No import, type-only ones included, runs back up, and no
// module of lib/ or generators/ grows past 400 lines.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Lower rank = lower layer; a module may import its own layer or any lower one. */
const layers: Array<[prefix: string, rank: number]> = [
  ['lib/cli/', 5],
  ['lib/update/', 4],
  ['lib/write/', 3],
  ['lib/render/', 2],
  ['generators/answers/', 0],
  ['generators/versions.ts', 0],
  ['generators/', 1],
];
const rankOf = (path: string): number | undefined => layers.find(([prefix]) => path === prefix || path.startsWith(prefix))?.[1];

function sources(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

/** Every relative module a file imports (static, dynamic, type-only), repo-relative, as .ts. */
export function importsOf(file: string, text: string): string[] {
  const specs = [...text.matchAll(/(?:from\s+|import\s*\(\s*)['"](\.{1,2}\/[^'"]+)['"]/g)].map((m) => m[1]!);
  return specs.map((spec) => relative(root, resolve(root, dirname(file), spec)).replace(/\.js$/, '.ts'));
}

/** Each import that runs up a layer, as "file → module". */
export function upwardImports(files: Record<string, string>): string[] {
  const out: string[] = [];
  for (const [file, text] of Object.entries(files)) {
    const rank = rankOf(file);
    if (rank === undefined) continue;
    for (const target of importsOf(file, text)) {
      const to = rankOf(target);
      if (to === undefined || to > rank) out.push(`${file} → ${target}`);
    }
  }
  return out;
}

const files = Object.fromEntries([...sources('lib'), ...sources('generators')].map((f) => [f, readFileSync(join(root, f), 'utf8')]));

test('imports run one way: cli → update → write → render → generators, the answer model at the bottom', () => {
  assert.ok(Object.keys(files).length > 30, 'the sources were not found');
  for (const file of Object.keys(files)) assert.ok(rankOf(file) !== undefined, `${file} is in no layer: add its folder to the list`);
  assert.equal(upwardImports(files), []);
});

test('the layer check catches an import back up (seeded)', () => {
  const seeded = { ...files, 'generators/answers/names.ts': `${files['generators/answers/names.ts']}\nimport type { Io } from '../../lib/write/create.js';\n` };
  assert.equal(upwardImports(seeded), ['generators/answers/names.ts → lib/write/create.ts']);
  const dynamic = { 'lib/render/render.ts': "const m = await import('../cli/cli.js');" };
  assert.equal(upwardImports(dynamic), ['lib/render/render.ts → lib/cli/cli.ts']);
});

test('no module in lib/ or generators/ is over 400 lines', () => {
  const long = Object.entries(files)
    .map(([file, text]) => [file, text.split('\n').length - (text.endsWith('\n') ? 1 : 0)] as const)
    .filter(([, lines]) => lines > 400);
  assert.equal(long, []);
});

test.run();
