// Retiring bootstrap permissions (issue 23, generators/retiring.ts): what a change makes
// unneeded stays in infra/bootstrap/ byte for byte, listed in the record, until
// `update --drop-retired`; everything else renders as without it. The deploy-order proof on the
// emulator is the retire rehearsal (test/rehearsal/retire.ts, run in test/rehearsal.test.ts).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveAnswers, type Answers, type Given } from '../generators/answers/index.js';
import { compileTemplates, loadTemplateSources } from '../lib/render/compile.js';
import { render, type Files } from '../lib/render/render.js';
import { retire } from '../lib/update/retiring.js';
import { binPath, git, runBin, tempDir, writeTree } from './support/bin.js';
import { checkTerraform } from './validators/terraform.js';

const templates = compileTemplates(loadTemplateSources());
const answers = (given: Given): Answers => resolveAnswers({ dirName: 'orders', given });
const draw = (a: Answers): Files => render(a, templates, '0.0.0-test');
const api = { name: 'Api' };
const nightly = { name: 'Nightly', trigger: 'schedule' as const };
const worker = { name: 'Worker', trigger: 'sqs' as const };

/** Paths under infra/bootstrap/ (or elsewhere, `inside: false`) whose content differs. */
function differing(a: Files, b: Files, inside: boolean): string[] {
  const paths = new Set([...a.keys(), ...b.keys()].filter((p) => p.startsWith('infra/bootstrap/') === inside));
  return [...paths].filter((p) => a.get(p) !== b.get(p)).sort();
}

test('remove of the last schedule and queue functions: the bootstrap stays byte for byte, the rest renders as without them, the record lists them', () => {
  const before = answers({ functions: [api, nightly, worker] });
  const without = answers({ functions: [api] });
  const removed = retire(before, without, false);
  assert.equal(removed.retiring, ['sqs', 'schedule', 'on-failure']);
  assert.equal(differing(draw(before), draw(removed), true), [], 'the bootstrap keeps every file and line');
  assert.ok(draw(removed).has('infra/bootstrap/triggers_schedule.tf') && draw(removed).has('infra/bootstrap/triggers_sqs.tf'));
  assert.equal(differing(draw(without), draw(removed), false), [], 'only the bootstrap keeps anything');
  assert.not.ok(draw(removed).has('infra/modules/schedule/main.tf'), 'the function stack loses the schedule module');
  // Seeded fault: the record's list ignored, the bootstrap loses them in the same write (0.4.0's order).
  assert.equal(differing(draw(before), draw(without), true), ['infra/bootstrap/on_failure.tf', 'infra/bootstrap/permissions.tf', 'infra/bootstrap/triggers_schedule.tf', 'infra/bootstrap/triggers_sqs.tf']);

  // A later unrelated change keeps them; --drop-retired drops them; nothing else moves.
  const later = retire(removed, answers({ ...removed, functions: [{ ...api, memory: 512 }] }), false);
  assert.equal(later.retiring, ['sqs', 'schedule', 'on-failure']);
  const dropped = retire(removed, removed, true);
  assert.is(dropped.retiring, undefined, 'no key once nothing is retiring');
  assert.equal([...draw(dropped)], [...draw(without)]);
});

test('add of a retiring kind takes it off the list; a trigger change retires the old kind and adds the new', () => {
  const removed = retire(answers({ functions: [api, nightly, worker] }), answers({ functions: [api] }), false);
  const readded = retire(removed, answers({ ...removed, functions: [api, { name: 'Jobs', trigger: 'schedule' }] }), false);
  assert.equal(readded.retiring, ['sqs']);
  const switched = retire(answers({ functions: [api, worker] }), answers({ functions: [api, { ...worker, trigger: 'schedule' }] }), false);
  assert.equal(switched.retiring, ['sqs']);
  assert.ok(draw(switched).has('infra/bootstrap/triggers_sqs.tf') && draw(switched).has('infra/bootstrap/triggers_schedule.tf'));
});

test('options retire too: alarms, the alarm topic, tracing, the last HTTP API; ops.tf keeps rendering', () => {
  const on = answers({ alarmEmail: 'oncall@example.com', tracing: true, functions: [api, { name: 'Jobs', trigger: 'none' }] });
  const off = retire(on, answers({ ...on, alarms: false, alarmEmail: '', tracing: false, functions: [{ name: 'Jobs', trigger: 'none' }] }), false);
  assert.equal(off.retiring, ['http-api', 'alarms', 'alarm-topic', 'tracing']);
  assert.equal(differing(draw(on), draw(off), true), []);
  assert.equal(differing(draw(off), draw(retire(off, off, true)), true), ['infra/bootstrap/main.tf', 'infra/bootstrap/ops.tf', 'infra/bootstrap/permissions.tf']);
});

test('an existing bucket a removed function subscribed to stays named in the bootstrap until dropped, with or without other s3 functions', () => {
  const files = { name: 'Files', trigger: 's3' as const, sourceBucket: 'uploads-in', manageBucketNotifications: true };
  const fresh = { name: 'Fresh', trigger: 's3' as const };
  const before = answers({ functions: [api, files, fresh] });
  const one = retire(before, answers({ functions: [api, fresh] }), false);
  assert.equal(one.retiring, ['bucket:uploads-in']);
  assert.equal(differing(draw(before), draw(one), true), []);
  const all = retire(before, answers({ functions: [api] }), false);
  assert.equal(all.retiring, ['s3', 'on-failure', 'bucket:uploads-in']);
  assert.equal(differing(draw(before), draw(all), true), []);
  // Seeded: without the bucket's entry, the notification permission for it goes in the same write.
  assert.equal(differing(draw(before), draw({ ...all, retiring: ['s3', 'on-failure'] }), true), ['infra/bootstrap/triggers_s3.tf']);
  for (const dropped of [retire(all, all, true), retire(one, one, true)]) {
    assert.equal([...draw(dropped)].filter(([path, text]) => path.startsWith('infra/bootstrap/') && text.includes('uploads-in')).map(([path]) => path), []);
  }
  assert.ok(draw(retire(one, one, true)).has('infra/bootstrap/triggers_s3.tf'), 'Fresh still needs the s3 permissions');
  assert.throws(() => answers({ functions: [api], retiring: ['bucket:Bad_Name' as never] }), /retiring in \.dotnet-aot-lambda\.json: .* is not allowed/);
});

test('a record whose retiring list names something unknown is refused, saying what is allowed', () => {
  assert.throws(() => answers({ functions: [api], retiring: ['queues' as never] }), /retiring in \.dotnet-aot-lambda\.json: \["queues"\] is not allowed; it lists names among http-api, function-url, sqs, s3, schedule, on-failure, alarms, alarm-topic, tracing and bucket:<existing bucket>/);
});

test('every kind retiring at once, with no function of any of them left: the bootstrap passes fmt, validate and its tests', async () => {
  const all = answers({ alarmEmail: 'oncall@example.com', tracing: true, functions: [api, nightly, worker, { name: 'Files', trigger: 's3' }, { name: 'Hook', trigger: 'function-url' }] });
  const none = retire(all, answers({ ...all, alarms: false, alarmEmail: '', tracing: false, functions: [{ name: 'Jobs', trigger: 'none' }] }), false);
  assert.equal(none.retiring, ['http-api', 'function-url', 'sqs', 's3', 'schedule', 'on-failure', 'alarms', 'alarm-topic', 'tracing']);
  const dir = await mkdtemp(join(tmpdir(), 'cdal-retiring-'));
  try {
    writeTree(dir, draw(none));
    const r = await checkTerraform(dir);
    assert.equal(r.problems, [], r.problems.join('\n'));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

const driver = fileURLToPath(new URL('./support/drive-tty.py', import.meta.url));
const recorded = (dir: string) => JSON.parse(readFileSync(join(dir, '.dotnet-aot-lambda.json'), 'utf8')).answers as Answers;

test('interactive update offers to drop retiring permissions, saying the deploy must have succeeded; no by default', async () => {
  const dir = join(tempDir('cdal-retiring-'), 'orders');
  const ok = async (args: string[]) => {
    const r = await runBin(args, { cwd: dir });
    assert.is(r.exitCode, 0, `${args.join(' ')}: ${r.stderr}${r.stdout}`);
    git(dir, 'add', '-A');
    git(dir, 'commit', '-qm', args.join(' '));
  };
  const created = await runBin([dir, '--yes']);
  assert.is(created.exitCode, 0, created.stderr);
  await ok(['add', 'Nightly', '--trigger', 'schedule', '--yes']);
  await ok(['remove', 'Nightly', '--yes']);
  const drive = (keys: string[]) => spawnSync('python3', [driver, dir, JSON.stringify(keys), process.execPath, binPath, 'update'], { encoding: 'utf8', timeout: 60_000 }).stdout;

  // Enter: no. Nothing is dropped, and the notice says again what to run after the deploy.
  const no = drive(['\r']);
  assert.match(no, /EXIT 0\s*$/, no);
  assert.match(no, /Drop them now\? Only once the deploy that removed their resources has succeeded/);
  assert.match(no, /After that push has deployed, run npx create-dotnet-aot-lambda@latest update --drop-retired/);
  assert.equal(recorded(dir).retiring, ['schedule', 'on-failure']);
  assert.ok(existsSync(join(dir, 'infra/bootstrap/triggers_schedule.tf')));

  const yes = drive(['y\r']);
  assert.match(yes, /EXIT 0\s*$/, yes);
  assert.match(yes, /Dropping the retiring bootstrap permissions: schedule, on-failure\./);
  assert.match(yes, /Before you push, re-apply it/);
  assert.not.ok(existsSync(join(dir, 'infra/bootstrap/triggers_schedule.tf')), 'the schedule permissions stayed');
  assert.is(recorded(dir).retiring, undefined);
});

test.run();
