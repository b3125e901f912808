// Snapshot tests: the answer sets from the generator-core issue and one per package type and
// trigger, rendered by the built bin, compared file by file with test/snapshots/<set>.snap.
// UPDATE_SNAPSHOTS=1 rewrites them; review the diff before committing.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createTwoFilesPatch } from 'diff';
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readTree, runBin, tempDir } from './support/bin.js';
import { resolveAnswers } from '../generators/answers/index.js';
import { parseCommandLine } from '../lib/cli/args.js';
import { compileTemplates } from '../lib/render/compile.js';
import { version } from '../lib/render/meta.js';
import { withRecord } from '../lib/render/record.js';
import { render } from '../lib/render/render.js';
import { loadTemplateSources } from '../lib/render/compile.js';
import { snapshotSets } from './snapshot-sets.js';

const snapshotDir = fileURLToPath(new URL('./snapshots/', import.meta.url));
const update = process.env.UPDATE_SNAPSHOTS === '1';

/** One text file per set: `@@@@ path @@@@` headers, then the file as emitted. */
function serialize(files: Map<string, string>): string {
  return [...files].map(([path, content]) => `@@@@ ${path} @@@@\n${content}${content.endsWith('\n') ? '' : '\n<no newline at end>\n'}`).join('\n');
}

function parse(text: string): Map<string, string> {
  const files = new Map<string, string>();
  const parts = text.split(/^@@@@ (.+) @@@@\n/m);
  for (let i = 1; i < parts.length; i += 2) {
    let content = parts[i + 1]!;
    if (i + 2 < parts.length) content = content.slice(0, -1); // the separating newline
    if (content.endsWith('\n<no newline at end>\n')) content = content.slice(0, -'\n<no newline at end>\n'.length);
    files.set(parts[i]!, content);
  }
  return files;
}

for (const [name, flags] of Object.entries(snapshotSets)) {
  test(`snapshot: ${name}`, async () => {
    const dir = join(tempDir(), 'my-func');
    const result = await runBin([dir, '--yes', '--no-git', ...flags]);
    assert.is(result.exitCode, 0, result.stderr);
    const actual = readTree(dir);
    const file = join(snapshotDir, `${name}.snap`);
    if (update || !existsSync(file)) {
      mkdirSync(snapshotDir, { recursive: true });
      writeFileSync(file, serialize(actual));
      if (!update) assert.unreachable(`wrote missing snapshot ${file}; review it and run again`);
      return;
    }
    const expected = parse(readFileSync(file, 'utf8'));
    const problems: string[] = [];
    for (const path of new Set([...expected.keys(), ...actual.keys()])) {
      const want = expected.get(path);
      const got = actual.get(path);
      if (want === got) continue;
      if (want === undefined) problems.push(`+ new file ${path}`);
      else if (got === undefined) problems.push(`- missing file ${path}`);
      else problems.push(createTwoFilesPatch(`snapshot/${path}`, `actual/${path}`, want, got, '', '', { context: 2 }));
    }
    if (problems.length > 0) {
      assert.unreachable(`output of "${name}" differs from ${file} (UPDATE_SNAPSHOTS=1 to accept):\n${problems.join('\n')}`);
    }
  });
}

// The bundle renders template trees from dist/templates.json; development runs compile the
// templates with Handlebars. Both must produce the committed snapshots byte for byte.
const sourceTemplates = compileTemplates(loadTemplateSources());
for (const [name, flags] of Object.entries(snapshotSets)) {
  test(`snapshot: ${name} rendered in-process (unbundled) matches too`, () => {
    const file = join(snapshotDir, `${name}.snap`);
    if (!existsSync(file)) return; // the bin test above reports the missing snapshot
    const args = parseCommandLine(['my-func', '--yes', ...flags]);
    const answers = resolveAnswers({ dirName: 'my-func', given: args.given });
    const files = withRecord(render(answers, sourceTemplates, version), answers, version);
    assert.equal([...files.keys()], [...parse(readFileSync(file, 'utf8')).keys()]);
    assert.ok(serialize(files) === readFileSync(file, 'utf8'), `in-process render of "${name}" differs from ${file}`);
  });
}

test('snapshot files round-trip', () => {
  const files = new Map([['a.txt', 'one\n'], ['b.txt', 'no newline'], ['c/d.txt', '\n\nblank lines around\n\n']]);
  assert.equal(parse(serialize(files)), files);
});

test.run();
