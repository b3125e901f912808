// Maintainer aid: render one answer set into a directory without the CLI.
// npx tsx scripts/render-to.ts <outdir> '{"trigger":"function-url"}' [dirName]
import { mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { resolveAnswers } from '../generators/answers.js';
import { render } from '../lib/render.js';
import { compileTemplates } from '../lib/compile.js';
import { loadTemplateSources } from '../lib/templates.js';

const [outDir, json = '{}', dirName = 'my-func'] = process.argv.slice(2);
if (!outDir) throw new Error('usage: render-to.ts <outdir> [answers-json] [dirName]');
const answers = resolveAnswers({ dirName, given: JSON.parse(json) });
const files = render(answers, compileTemplates(loadTemplateSources()), '0.0.0-dev');
rmSync(outDir, { recursive: true, force: true });
for (const [path, content] of files) {
  mkdirSync(dirname(join(outDir, path)), { recursive: true });
  writeFileSync(join(outDir, path), content);
}
console.log(`${files.size} files → ${outDir}`);
