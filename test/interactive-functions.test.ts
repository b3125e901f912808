// add and update on a terminal (issue 15): add asks only the new function's answers, and only
// those of its trigger; update of a repo with several functions asks the repo's answers, then
// which function to change.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { binPath, runBin, tempDir } from './support/bin.js';

const driver = fileURLToPath(new URL('./support/drive-tty.py', import.meta.url));
const env = { ...process.env, GIT_AUTHOR_NAME: 'Test', GIT_AUTHOR_EMAIL: 'test@example.invalid', GIT_COMMITTER_NAME: 'Test', GIT_COMMITTER_EMAIL: 'test@example.invalid' };
const down = '\u001b[B';

function drive(cwd: string, keys: string[], ...args: string[]) {
  const run = spawnSync('python3', [driver, cwd, JSON.stringify(keys), process.execPath, binPath, ...args], { encoding: 'utf8', timeout: 60_000, env });
  assert.ok(!run.error, `python3 with its pty module runs this test: ${run.error?.message}`);
  return run.stdout;
}
const functions = (dir: string) =>
  (JSON.parse(readFileSync(join(dir, '.dotnet-aot-lambda.json'), 'utf8')) as { answers: { functions: Array<Record<string, unknown>> } }).answers.functions;

test('add on a terminal asks the trigger, then only that trigger\'s answers; update asks which function to change', async () => {
  const dir = join(tempDir('cdal-tty-'), 'orders-api');
  const made = await runBin([dir, '--yes']);
  assert.is(made.exitCode, 0, made.stderr);

  // The trigger: three down from http-api is sqs; Enter takes every default after it.
  const screen = drive(dir, [`${down}${down}${down}\r`], 'add', 'Worker');
  assert.match(screen, /EXIT 0\s*$/, screen);
  for (const asked of ['Trigger', 'Batch size', 'Lambda function name', 'Memory (MB)']) assert.ok(screen.includes(asked), `"${asked}" was not asked:\n${screen}`);
  for (const notAsked of ['Schedule expression', 'HTTP API route', 'AWS region', 'Target framework']) assert.not.ok(screen.includes(notAsked), `"${notAsked}" was asked:\n${screen}`);
  const worker = functions(dir)[1]!;
  assert.is(worker.trigger, 'sqs');
  assert.is(worker.functionName, 'orders-api-worker');
  assert.is(worker.batchSize, 10);
  spawnSync('git', ['add', '-A'], { cwd: dir, env });
  spawnSync('git', ['commit', '-qm', 'add Worker'], { cwd: dir, env });

  // No repo change; pick Worker (second after "(none)"); change its answers: name, function
  // name, trigger and the sqs answers by default, memory typed.
  const keys = ['\r', `${down}${down}\r`, 'y\r', '\r', '\r', '\r', '2048\r'];
  const update = drive(dir, keys, 'update');
  assert.match(update, /EXIT 0\s*$/, update);
  assert.ok(update.includes("Change one function's answers?"), update);
  assert.match(update, /Changed answers: Worker\.memory 256 → 2048/);
  assert.equal(functions(dir).map((fn) => fn.memory), [256, 2048]);
});

test.run();
