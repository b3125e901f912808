// The deploy rehearsal (test/rehearsal/) on each variant that changes what Terraform creates or
// which calls it makes, and proof that it fails, naming the call, when the deploy role lacks a
// permission. Each rehearsal has its own moto server and scratch copy, so they run side by
// side (3 at a time: each is mostly waiting on Terraform and the emulator).
//
// Needs terraform, Python and the moto venv: missing ones fail saying why, unless
// SKIP_REHEARSAL=1 (then the checks are counted as skipped).
import { readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { binPath, runBin, tempDir } from './support/bin.js';
import { missing, unlessOptedOut } from './support/optout.js';
import { pool } from './support/pool.js';
import { pythonTools } from './support/python.js';
import { rehearse, type RehearsalResult } from './rehearsal/rehearse.js';
import { terraformAvailable } from './validators/terraform.js';

const test = suite('deploy rehearsal');
const check = unlessOptedOut(test, 'SKIP_REHEARSAL');

// `full`: change and destroy too. The last two differ from variants above only in the
// runtime and handler Terraform passes (the emulator accepts any), so their first deploy is
// rehearsed, which keeps npm test's time down.
const variants: Record<string, { args: string[]; full: boolean }> = {
  default: { args: [], full: true },
  'function URL': { args: ['--trigger', 'function-url'], full: true },
  'container image': { args: ['--package', 'image'], full: true },
  'existing role and artifact bucket': { args: ['--existing-role', 'my-existing-role', '--artifact-bucket', 'my-artifacts'], full: true },
  'local state': { args: ['--state', 'local'], full: true },
  'net8.0 on provided.al2023': { args: ['--framework', 'net8.0', '--runtime', 'provided.al2023'], full: false },
  'seed preset': { args: ['--preset', 'seed', '--existing-role', 'my-existing-role', '--artifact-bucket', 'my-artifacts'], full: false },
};

let ready: Promise<void> | undefined;
function tools(): Promise<void> {
  ready ??= (async () => {
    if (!(await terraformAvailable())) throw new Error(missing('terraform', 'terraform is not on PATH', 'SKIP_REHEARSAL'));
    await pythonTools().catch((error: Error) => {
      throw new Error(missing('The moto emulator', error.message, 'SKIP_REHEARSAL'));
    });
  })();
  return ready;
}

async function generate(name: string, args: string[]): Promise<string> {
  const dir = join(tempDir('rehearsal-repo-'), name.replace(/\W+/g, '-'));
  const r = await runBin([dir, '--yes', '--no-git', ...args]);
  if (r.exitCode !== 0) throw new Error(`generating ${name} failed: ${r.stderr}`);
  return dir;
}

const run = pool(3);
const results = new Map<string, Promise<RehearsalResult>>();
function rehearsed(name: string): Promise<RehearsalResult> {
  let result = results.get(name);
  if (!result) {
    const { args, full } = variants[name]!;
    result = tools().then(() =>
      run(async () => {
        const dir = await generate(name, args);
        try {
          return await rehearse(dir, { bin: binPath, bothSubjectFormats: name === 'default', stopAfterFirstDeploy: !full });
        } finally {
          await rm(dirname(dir), { recursive: true, force: true });
        }
      }),
    );
    results.set(name, result);
  }
  return result;
}

const report = (r: RehearsalResult): string =>
  [r.summary, ...r.denied.map((d) => `DENIED ${d}`), ...r.failures.map((f) => `FAILED ${f}`)].join('\n  ');

// A repo whose deploy policy lacks lambda:CreateAlias: the first deploy must be denied, naming the call.
async function withoutCreateAlias(): Promise<RehearsalResult> {
  const dir = await generate('mutant', []);
  const file = join(dir, 'infra/bootstrap/permissions.tf');
  const text = await readFile(file, 'utf8');
  const cut = text.replace(/\n\s*"lambda:CreateAlias",/, '');
  if (cut === text) throw new Error('the deploy policy no longer lists "lambda:CreateAlias": update this test');
  await writeFile(file, cut);
  try {
    return await run(() => rehearse(dir, { bin: binPath, bothSubjectFormats: false, stopAfterFirstDeploy: true }));
  } finally {
    await rm(dirname(dir), { recursive: true, force: true });
  }
}

check('fails, naming the call, when the deploy role lacks a permission it uses', async () => {
  await tools();
  const [mutant, original] = await Promise.all([withoutCreateAlias(), rehearsed('default')]);
  const deny = mutant.denied.find((d) => d.includes('denied lambda:CreateAlias') && d.includes('Lambda CreateAlias'));
  assert.ok(deny, `expected a deny of lambda:CreateAlias naming the Lambda CreateAlias call:\n  ${report(mutant)}`);
  assert.ok(deny!.startsWith('first deploy apply:'), deny);
  assert.not.ok(mutant.ok);
  assert.not.ok(original.denied.some((d) => d.includes('lambda:CreateAlias')), `the unchanged repo must not be denied CreateAlias:\n  ${report(original)}`);
});

for (const [name, { full }] of Object.entries(variants)) {
  check(`${name}: ${full ? 'first deploy, change and destroy' : 'first deploy'} with every call allowed`, async () => {
    await tools();
    const r = await rehearsed(name);
    console.log(`  ${name}: ${r.summary} (${r.seconds} s)${r.notes.length ? `\n    ${r.notes.join('\n    ')}` : ''}`);
    assert.ok(r.resources > 0, `nothing was applied:\n  ${report(r)}`);
    assert.ok(r.ok, report(r));
    if (full) assert.match(r.summary, /destroy clean$/);
  });
}

// Start every rehearsal at once (the pool limits them), so the tests above mostly wait.
test.before(() => {
  if (process.env.SKIP_REHEARSAL === '1') return;
  for (const name of Object.keys(variants)) rehearsed(name).catch(() => undefined);
});

test.run();
