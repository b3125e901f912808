import { renderAnswers } from '/work/wt/h-onfailure/test/support/render.js';
import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
const given = JSON.parse(process.argv[3]!);
const out = process.argv[2]!;
for (const [p, c] of renderAnswers(given)) { mkdirSync(dirname(join(out, p)), { recursive: true }); writeFileSync(join(out, p), c); }
