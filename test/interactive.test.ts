// The interactive path, end to end on a pseudo-terminal: the bundle loads its prompt
// UI (dist/ask.cjs), asks, and writes the same repo `--yes` writes for the defaults.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { binPath, readTree, runBin, tempDir } from './support/bin.js';

const driver = fileURLToPath(new URL('./support/drive-tty.py', import.meta.url));

test('prompts on a terminal: typed directory, defaults elsewhere, same repo as --yes', async () => {
  const parent = tempDir();
  const run = spawnSync('python3', [driver, parent, 'my-app', process.execPath, binPath, '--no-git'], { encoding: 'utf8', timeout: 60_000 });
  assert.ok(!run.error, `python3 with its pty module runs this test: ${run.error?.message}`);
  assert.match(run.stdout, /EXIT 0\s*$/, run.stdout);
  for (const question of ['Project directory', 'Target framework', 'Package type', 'Trigger', 'Customize memory']) {
    assert.ok(run.stdout.includes(question), `"${question}" was not asked:\n${run.stdout}`);
  }
  assert.match(run.stdout, /Created my-app: 33 files for MyApp/);

  const viaFlags = tempDir();
  const yes = await runBin([join(viaFlags, 'my-app'), '--yes', '--no-git']);
  assert.is(yes.exitCode, 0, yes.stderr);
  assert.equal(readTree(join(parent, 'my-app')), readTree(join(viaFlags, 'my-app')));
});

test.run();
