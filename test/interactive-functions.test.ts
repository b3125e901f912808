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

// Issue 26, item 3: a rule over two answers is answerable at the prompts.
test('add on a terminal: a batch size above 10 is taken, and the window after it must be 1 s or more', async () => {
  const dir = join(tempDir('cdal-tty-'), 'orders-api');
  const made = await runBin([dir, '--yes']);
  assert.is(made.exitCode, 0, made.stderr);
  // sqs; batch size 20; Enter takes the window's default 0, which is refused; then 5.
  const screen = drive(dir, [`${down}${down}${down}\r`, '20\r', '\r', '5\r'], 'add', 'Worker');
  assert.match(screen, /EXIT 0\s*$/, screen);
  assert.ok(screen.includes('0 is too short for a batch size of 20'), `the window was not refused for the batch size:\n${screen}`);
  const worker = functions(dir)[1]!;
  assert.is(worker.batchSize, 20);
  assert.is(worker.batchingWindow, 5);
});

test('add on a terminal: an existing bucket asks whether the repo may own its notifications; no goes back to the bucket', async () => {
  const dir = join(tempDir('cdal-tty-'), 'orders-api');
  const made = await runBin([dir, '--yes']);
  assert.is(made.exitCode, 0, made.stderr);
  // s3 (four down); an existing bucket; no prefix or suffix; "no" to owning its notifications;
  // then the bucket again, blank this time: a new bucket; defaults after.
  const s3 = `${down}${down}${down}${down}\r`;
  const screen = drive(dir, [s3, 'acme-uploads\r', '\r', '\r', 'n\r', '\r'], 'add', 'Uploads');
  assert.match(screen, /EXIT 0\s*$/, screen);
  assert.ok(screen.includes("Let Terraform own the existing bucket's notifications?"), `not asked:\n${screen}`);
  assert.ok(screen.includes('S3 keeps one notification configuration per bucket'), `the refusal was not said:\n${screen}`);
  assert.not.ok(screen.includes('Uploads.manage-bucket-notifications'), `a flag form add does not take:\n${screen}`);
  assert.is(screen.split('Existing source bucket').length - 1 >= 2, true, `the bucket was not asked again:\n${screen}`);
  const uploads = functions(dir)[1]!;
  assert.is(uploads.sourceBucket, '', 'blank at the second asking: a new bucket');

  // Yes takes the existing bucket.
  const again = join(tempDir('cdal-tty-'), 'orders-api');
  assert.is((await runBin([again, '--yes'])).exitCode, 0);
  const yes = drive(again, [s3, 'acme-uploads\r', '\r', '\r', 'y\r'], 'add', 'Uploads');
  assert.match(yes, /EXIT 0\s*$/, yes);
  assert.is(functions(again)[1]!.sourceBucket, 'acme-uploads');
  assert.is(functions(again)[1]!.manageBucketNotifications, true);
});

test('add on a terminal: an answer that breaks a rule across functions (a route taken) is refused at its prompt', async () => {
  const dir = join(tempDir('cdal-tty-'), 'orders-api');
  assert.is((await runBin([dir, '--yes'])).exitCode, 0);
  // http-api; the first function's route, refused; cleared, Enter: the default route.
  const screen = drive(dir, ['\r', '$default\r', `${'\u007f'.repeat(8)}\r`], 'add', 'Api');
  assert.match(screen, /EXIT 0\s*$/, screen);
  assert.ok(screen.includes('functions OrdersApi and Api have the same HTTP API route'), `not refused at the prompt:\n${screen}`);
  assert.is(functions(dir)[1]!.route, 'ANY /api/{proxy+}');
});

test('update on a terminal: a batch size above 10, then its window, as add asks them', async () => {
  const dir = join(tempDir('cdal-tty-'), 'q');
  assert.is((await runBin([dir, '--yes', '--trigger', 'sqs'])).exitCode, 0);
  // Change answers; Enter for name, function name, prefix, framework, runtime, arch, package,
  // trigger, memory, timeout, reserved concurrency (blank: none); batch size 20; the window's 0 refused; 3.
  const keys = ['y\r', ...Array.from({ length: 11 }, () => '\r'), '20\r', '\r', '3\r'];
  const screen = drive(dir, keys, 'update');
  assert.match(screen, /EXIT 0\s*$/, screen);
  assert.match(screen, /Changed answers: batch-size 10 → 20, batching-window 0 → 3/);
});

test('create on a terminal: an sqs batch above 10 and its window, as add asks them', () => {
  const parent = tempDir('cdal-tty-');
  // directory, name, function name, framework, runtime, arch, package: defaults; trigger sqs;
  // batch size 50; the window's default 0 is refused; 2.
  const keys = ['jobs\r', '\r', '\r', '\r', '\r', '\r', '\r', `${down}${down}${down}\r`, '50\r', '\r', '2\r'];
  const screen = drive(parent, keys, '--no-git');
  assert.match(screen, /EXIT 0\s*$/, screen);
  const fn = functions(join(parent, 'jobs'))[0]!;
  assert.is(fn.batchSize, 50);
  assert.is(fn.batchingWindow, 2);
});

test.run();
