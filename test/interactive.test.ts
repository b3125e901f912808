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

// Issue 26, item 8.
const down = '\u001b[B';

test('every choice prompt explains its choices (region, log levels); support labels follow today; customize names what applies', () => {
  const parent = tempDir();
  // directory, name, function name; net8.0 (one down); runtime, arch, package; sqs (three
  // down) and its answers; region; yes to customize; Enter for the rest.
  const keys = ['jobs\r', '\r', '\r', `${down}\r`, '\r', '\r', '\r', `${down}${down}${down}\r`, '\r', '\r', '\r', '\r', '\r', 'y\r'];
  const screen = drive(parent, keys, '--no-git');
  assert.match(screen, /EXIT 0\s*$/, screen);
  for (const text of ['US East (N. Virginia): enabled by default in every account', 'messages of normal operation', "Lambda's warnings only"]) {
    assert.ok(screen.includes(text), `no description "${text}":\n${screen}`);
  }
  // Today is past net8.0's end of support: the label says so, as the warning does.
  const today = new Date().toISOString().slice(0, 10);
  if (today > '2026-11-10') {
    assert.ok(screen.includes('.NET 8 LTS, out of support since 2026-11-10'), `net8.0 is not labelled out of support:\n${screen}`);
    assert.not.ok(screen.includes('end of support 2026-11-10'), 'the old label is still shown');
  }
  const customize = /Customize ([^?]*)\?/.exec(screen)?.[1] ?? '';
  assert.ok(customize.includes('memory'), customize);
  assert.not.ok(customize.includes('route'), `an sqs function has no route to customize: "${customize}"`);
});

test('at 60 columns the next steps wrap between words, and each command is whole once its continuations are joined', async () => {
  const parent = tempDir();
  const run = spawnSync('python3', [driver, parent, '[]', process.execPath, binPath, 'orders', '--yes', '--no-git'], {
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, TTY_COLUMNS: '60' },
  });
  const screen = run.stdout.replace(/\r\n/g, '\n');
  assert.match(screen, /EXIT 0\s*$/, screen);
  const lines = screen.slice(screen.indexOf('Created'), screen.lastIndexOf('EXIT')).trimEnd().split('\n');
  const long = lines.filter((line) => line.length >= 60);
  assert.equal(long, [], 'lines the terminal would break mid-word');
  // The same run without a terminal: each of its commands appears whole in the wrapped text.
  const plain = await runBin([join(tempDir(), 'orders'), '--yes', '--no-git']);
  const joined = lines.join('\n').replace(/ \\\n +/g, ' ');
  const commands = plain.stdout.split('\n').filter((l) => /^ {2}(gh|sh|git|dotnet|npx) /.test(l)).map((l) => l.replace(/ {3}# .*$/, '').trim());
  assert.ok(commands.length >= 4, plain.stdout);
  for (const command of commands) assert.ok(joined.includes(command), `"${command}" is not whole in:\n${joined}`);
});

test.run();
