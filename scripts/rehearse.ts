// npm run rehearse -- <generated repo dir>: the deploy rehearsal (test/rehearsal/rehearse.ts)
// on any generated repo. Development tooling: never part of the bundle.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rehearse } from '../test/rehearsal/rehearse.js';

const dir = process.argv[2];
if (!dir || process.argv.length > 3) {
  console.error('usage: npm run rehearse -- <generated repo dir>');
  process.exit(2);
}
const bin = fileURLToPath(new URL('../dist/cli.cjs', import.meta.url));
if (!existsSync(bin)) {
  console.error(`${bin} is missing: run npm run build first (the change step runs the built bin's update)`);
  process.exit(2);
}
const result = await rehearse(resolve(dir), { bin, log: (line) => console.log(`  ${line}`) });
for (const note of result.notes) console.log(`note: ${note}`);
for (const deny of result.denied) console.log(`DENIED ${deny}`);
for (const failure of result.failures) console.log(`FAILED ${failure}`);
console.log(`(${result.seconds} s)`);
console.log(result.summary);
process.exit(result.ok ? 0 : 1);
