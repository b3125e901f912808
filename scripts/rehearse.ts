// npm run rehearse -- <generated repo dir>: the deploy rehearsal (test/rehearsal/rehearse.ts)
// on any generated repo. npm run rehearse -- --lifecycle: the lifecycle rehearsal
// (test/rehearsal/lifecycle.ts) on a repo it generates and grows. npm run rehearse -- --projects:
// two projects of one repository on one emulator (test/rehearsal/projects.ts). Development
// tooling: never part of the bundle.
import { existsSync, mkdtempSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { rehearseLifecycle } from '../test/rehearsal/lifecycle.js';
import { rehearseProjects } from '../test/rehearsal/projects.js';
import { rehearse } from '../test/rehearsal/rehearse.js';

const arg = process.argv[2];
if (!arg || process.argv.length > 3) {
  console.error('usage: npm run rehearse -- <generated repo dir>\n       npm run rehearse -- --lifecycle\n       npm run rehearse -- --projects');
  process.exit(2);
}
const bin = fileURLToPath(new URL('../dist/cli.cjs', import.meta.url));
if (!existsSync(bin)) {
  console.error(`${bin} is missing: run npm run build first (the rehearsal runs the built bin)`);
  process.exit(2);
}
if (arg === '--projects') {
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
const log = (line: string): void => console.log(`  ${line}`);
let result;
if (arg === '--lifecycle') {
  const parent = await mkdtemp(join(tmpdir(), 'lifecycle-'));
  try {
    result = await rehearseLifecycle({ bin, dir: join(parent, 'orders'), log });
  } finally {
    if (process.env.KEEP_TEMP !== '1') await rm(parent, { recursive: true, force: true });
  }
  for (const [step, order] of Object.entries(result.orders)) console.log(`${step}: ${order.join(', then ')}`);
  const { rename, tagMappings, retiring } = result.seeded;
  console.log(`seeded: rename without moved.tf → ${rename.length} failures${rename[0] ? `, e.g. ${rename[0]}` : ''}`);
  console.log(`seeded: no lambda:TagResource on mappings → ${tagMappings.length} denials${tagMappings[0] ? `, e.g. ${tagMappings[0]}` : ''}`);
  console.log(`seeded: retiring permissions dropped before the push → ${typeof retiring === 'string' ? retiring : `${retiring.length} denials${retiring[0] ? `, e.g. ${retiring[0]}` : ''}`}`);
} else {
  result = await rehearse(resolve(arg), { bin, log });
}
for (const note of result.notes) console.log(`note: ${note}`);
for (const deny of result.denied) console.log(`DENIED ${deny}`);
for (const failure of result.failures) console.log(`FAILED ${failure}`);
console.log(`(${result.seconds} s)`);
console.log(result.summary);
process.exit(result.ok ? 0 : 1);
