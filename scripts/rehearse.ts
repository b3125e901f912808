// npm run rehearse -- <generated repo dir>: the deploy rehearsal (test/rehearsal/rehearse.ts)
// on any generated repo. npm run rehearse -- --projects: two projects of one repository on one
// emulator (test/rehearsal/projects.ts). Development tooling: never part of the bundle.
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { rehearseProjects } from '../test/rehearsal/projects.js';
import { rehearse } from '../test/rehearsal/rehearse.js';

const dir = process.argv[2];
if (!dir || process.argv.length > 3) {
  console.error('usage: npm run rehearse -- <generated repo dir>\n       npm run rehearse -- --projects');
  process.exit(2);
}
const bin = fileURLToPath(new URL('../dist/cli.cjs', import.meta.url));
if (!existsSync(bin)) {
  console.error(`${bin} is missing: run npm run build first (the change step runs the built bin's update)`);
  process.exit(2);
}
if (dir === '--projects') {
  // `create services/orders` and `create services/billing` in a new repository, as a user would.
  const root = mkdtempSync(join(tmpdir(), 'rehearse-projects-'));
  await execa('git', ['init', '-q', '-b', 'main'], { cwd: root });
  for (const path of ['services/orders', 'services/billing']) await execa('node', [bin, path, '--yes'], { cwd: root, stdin: 'ignore' });
  const result = await rehearseProjects(root, ['services/orders', 'services/billing'], { log: (line) => console.log(`  ${line}`) });
  for (const note of result.notes) console.log(`note: ${note}`);
  for (const deny of result.denied) console.log(`DENIED ${deny}`);
  for (const failure of result.failures) console.log(`FAILED ${failure}`);
  for (const seeded of result.seeded) console.log(`seeded fault (the second setup.sh with the first one's names): ${seeded}`);
  console.log(`(${result.seconds} s)`);
  console.log(result.summary);
  process.exit(result.ok && result.seeded.length > 0 ? 0 : 1);
}
const result = await rehearse(resolve(dir), { bin, log: (line) => console.log(`  ${line}`) });
for (const note of result.notes) console.log(`note: ${note}`);
for (const deny of result.denied) console.log(`DENIED ${deny}`);
for (const failure of result.failures) console.log(`FAILED ${failure}`);
console.log(`(${result.seconds} s)`);
console.log(result.summary);
process.exit(result.ok ? 0 : 1);
