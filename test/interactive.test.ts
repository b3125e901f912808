// The interactive path, end to end on a pseudo-terminal: the bundle loads its prompt
// UI (dist/ask.cjs), asks, and writes the same repo `--yes` writes for the defaults.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
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
  assert.match(run.stdout, /Created my-app: \d+ files for MyApp/);

  const viaFlags = tempDir();
  const yes = await runBin([join(viaFlags, 'my-app'), '--yes', '--no-git']);
  assert.is(yes.exitCode, 0, yes.stderr);
  assert.equal(readTree(join(parent, 'my-app')), readTree(join(viaFlags, 'my-app')));
});

function drive(cwd: string, keys: string[], ...args: string[]) {
  const run = spawnSync('python3', [driver, cwd, JSON.stringify(keys), process.execPath, binPath, ...args], { encoding: 'utf8', timeout: 60_000 });
  assert.ok(!run.error, `python3 with its pty module runs this test: ${run.error?.message}`);
  return run.stdout;
}

test('Ctrl-C at a prompt: one clean line, exit 130, nothing on disk', () => {
  for (const keys of [['\u0003'], ['orders\r', '\r', '\u0003']]) {
    const parent = tempDir();
    const screen = drive(parent, keys);
    assert.match(screen, /EXIT 130\s*$/, screen);
    assert.match(screen, /interrupted by SIGINT; nothing was written/);
    assert.not.match(screen, /User force closed|ExitPromptError|at .*\.cjs/, 'a raw error escaped');
    assert.equal(readdirSync(parent), [], 'something was written');
  }
});

test('choices say what they mean; end of support is said when chosen; the region is asked up front', () => {
  const parent = tempDir();
  // directory, name, function name, then the framework: one down (net8.0)
  const screen = drive(parent, ['orders\r', '\r', '\r', '\u001b[B\r'], '--no-git');
  assert.match(screen, /EXIT 0\s*$/, screen);
  for (const text of ['.NET 10 LTS', 'AWS-managed .NET 8 runtime', 'AWS Graviton', 'API Gateway HTTP API']) {
    assert.ok(screen.includes(text), `no description "${text}":\n${screen}`);
  }
  const warning = screen.indexOf('warning: net8.0 reached end of support');
  assert.ok(warning > 0, 'no end-of-support warning');
  assert.ok(warning < screen.indexOf('Lambda runtime'), 'the warning came after later questions, not when net8.0 was chosen');
  assert.is(screen.split('warning: net8.0 reached end of support').length - 1, 1, 'said twice');
  const region = screen.indexOf('AWS region');
  assert.ok(region > 0 && region < screen.indexOf('Customize'), 'the region is hidden behind "Customize"');
});

test.run();
