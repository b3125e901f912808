// The lifecycle rehearsal (test/rehearsal/lifecycle.ts): one repo grown by create, add, update
// and remove, every commit deployed on moto in the order its output prints, every call checked,
// every delete announced; then its seeded faults, each of which must fail naming its step. The
// rehearsal starts when this file is loaded, in the pool the other rehearsals share
// (test/support/pool.ts), so it runs beside them rather than before them.
import { rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { binPath, tempDir } from './support/bin.js';
import { missing, optedOut, unlessOptedOut } from './support/optout.js';
import { rehearsals } from './support/pool.js';
import { pythonTools } from './support/python.js';
import { AFTER_PUSH, announcedLines, announcedNames, checkAnnounced, rehearseLifecycle, type LifecycleResult } from './rehearsal/lifecycle.js';
import type { PlannedChange } from './rehearsal/session.js';
import { terraformAvailable } from './validators/terraform.js';

// ---------------------------------------------------------------------------
// The announcement check, on plans made up here (no Terraform)

const Check = suite('lifecycle: announced deletes');

const removeOutput = [
  'Changed answers: removed function Nightly',
  'The next apply replaces or deletes deployed resources:',
  '  deletes Lambda function orders-nightly, its execution role orders-nightly-execution, its alarms orders-nightly-*, and log group /aws/lambda/orders-nightly with its logs',
  '  deletes schedule orders-nightly and its role orders-nightly-scheduler',
  'Base: v0.5.0 from this version (0.5.0); three-way merge.',
  '  not an announcement',
].join('\n');

const del = (address: string, before: Record<string, unknown>, actions = ['delete']): PlannedChange => ({ address, actions, before });

Check('the announced lines are those under the heading, and their names start with the prefix', () => {
  const lines = announcedLines(removeOutput);
  assert.is(lines.length, 2);
  assert.equal(announcedNames(lines, 'orders').sort(), ['/aws/lambda/orders-nightly', 'orders-nightly', 'orders-nightly-*', 'orders-nightly-execution', 'orders-nightly-scheduler']);
  assert.equal(announcedLines('Summary: 4 updated.\nReview with `git diff` and commit.'), []);
});

Check('a remove\'s plan: the removed function\'s resources pass; another function\'s delete fails, naming the step', () => {
  const names = announcedNames(announcedLines(removeOutput), 'orders');
  const plan = [
    del('module.nightly.aws_lambda_function.function', { function_name: 'orders-nightly', arn: 'arn:aws:lambda:us-east-1:1:function:orders-nightly' }),
    del('module.nightly.aws_lambda_alias.live', { name: 'production', function_name: 'orders-nightly' }),
    del('module.nightly.aws_cloudwatch_log_group.function', { name: '/aws/lambda/orders-nightly' }),
    del('module.nightly_alarms.aws_cloudwatch_metric_alarm.errors', { alarm_name: 'orders-nightly-errors' }),
    del('module.nightly_schedule.aws_iam_role.scheduler', { name: 'orders-nightly-scheduler' }),
    del('module.nightly.aws_iam_role.execution', { name: 'orders-nightly-execution' }),
    { address: 'module.api.aws_lambda_function.function', actions: ['update'], before: { function_name: 'orders' } },
  ];
  assert.equal(checkAnnounced('step 6 (remove Nightly)', plan, names), { unannounced: [], missing: [] });
  // Seeded: the worker's queue replaced, and a function of a longer name, are not announced.
  const more = [...plan, del('module.jobs_queue.aws_sqs_queue.queue', { name: 'orders-worker', arn: 'arn:aws:sqs:us-east-1:1:orders-worker' }, ['delete', 'create']), del('module.nightly2.aws_lambda_function.function', { function_name: 'orders-nightly2' })];
  assert.equal(checkAnnounced('step 6 (remove Nightly)', more, names).unannounced, [
    'step 6 (remove Nightly): unannounced replace of module.jobs_queue.aws_sqs_queue.queue',
    'step 6 (remove Nightly): unannounced delete of module.nightly2.aws_lambda_function.function',
  ]);
  // Seeded: an announced name the plan does not delete.
  assert.equal(checkAnnounced('step 6 (remove Nightly)', plan.filter((c) => !c.address.includes('log_group')), names).missing, ['step 6 (remove Nightly): announced /aws/lambda/orders-nightly, but the plan deletes and replaces nothing of that name']);
});

Check('a rename announces nothing: any delete is unannounced, with its old address', () => {
  const plan: PlannedChange[] = [
    { address: 'module.jobs.aws_lambda_function.function', previousAddress: 'module.worker.aws_lambda_function.function', actions: ['no-op'], before: { function_name: 'orders-worker' } },
  ];
  assert.equal(checkAnnounced('step 5 (rename Worker → Jobs)', plan, []), { unannounced: [], missing: [] });
  assert.equal(checkAnnounced('step 5 (rename Worker → Jobs)', [del('module.worker.aws_sqs_queue.queue', { name: 'orders-worker' })], []).unannounced, ['step 5 (rename Worker → Jobs): unannounced delete of module.worker.aws_sqs_queue.queue']);
});

Check.run();

// ---------------------------------------------------------------------------
// The rehearsal itself, and its seeded faults

const Lifecycle = suite('lifecycle rehearsal');
const check = unlessOptedOut(Lifecycle, 'SKIP_REHEARSAL');

let started: Promise<LifecycleResult> | undefined;
function lifecycle(): Promise<LifecycleResult> {
  started ??= (async () => {
    if (!(await terraformAvailable())) throw new Error(missing('terraform', 'terraform is not on PATH', 'SKIP_REHEARSAL'));
    await pythonTools().catch((error: Error) => {
      throw new Error(missing('The moto emulator', error.message, 'SKIP_REHEARSAL'));
    });
    const dir = join(tempDir('lifecycle-'), 'orders');
    try {
      return await rehearsals(() => rehearseLifecycle({ bin: binPath, dir }));
    } finally {
      await rm(dirname(dir), { recursive: true, force: true });
    }
  })();
  return started;
}
// Loaded with the other files, before any suite runs: start now, in the shared pool.
if (!optedOut('SKIP_REHEARSAL')) lifecycle().catch(() => undefined);

const report = (r: LifecycleResult): string =>
  [r.summary, `plans: ${JSON.stringify(r.plans)}`, `orders: ${JSON.stringify(r.orders)}`, ...r.denied.map((d) => `DENIED ${d}`), ...r.failures.map((f) => `FAILED ${f}`)].join('\n  ');

check('seven steps, each in the printed order: every call allowed, every delete announced, destroy clean', async () => {
  const r = await lifecycle();
  console.log(`  ${r.summary} (${r.seconds} s)\n    plans: ${JSON.stringify(r.plans)}\n    orders: ${JSON.stringify(r.orders)}${r.notes.length ? `\n    ${r.notes.join('\n    ')}` : ''}`);
  assert.ok(r.ok, report(r));
  assert.match(r.summary, /^lifecycle: 7 steps, [1-9]\d* calls allowed, 0 denied, 0 unannounced deletes, destroy clean$/);
  // Not vacuous: the rename moved, the remove deleted, and each step planned something.
  assert.ok((r.plans['step 5 (rename Worker → Jobs)']?.moved ?? 0) > 0, JSON.stringify(r.plans));
  assert.ok((r.plans['step 6 (remove Nightly)']?.delete ?? 0) > 0, JSON.stringify(r.plans));
  assert.not.ok(r.plans['step 5 (rename Worker → Jobs)']?.delete || r.plans['step 5 (rename Worker → Jobs)']?.replace, JSON.stringify(r.plans));
  for (const step of Object.keys(r.orders).slice(1)) assert.ok(r.plans[step], `no plan recorded for ${step}`);
  // The first queue, schedule and bucket need the bootstrap first (their permissions are additions).
  for (const step of ['step 2 (add Worker --trigger sqs)', 'step 3 (add Nightly --trigger schedule, add Intake --trigger s3)']) {
    assert.equal(r.orders[step]!.slice(0, 2), ['bootstrap re-applied before the push', 'deployed'], step);
  }
});

check('seeded fault: the rename planned without its moved blocks deletes, named by step', async () => {
  const r = await lifecycle();
  console.log(`  lifecycle: rename without moved.tf → ${r.seeded.rename.length} failures, e.g. ${r.seeded.rename[0]}`);
  assert.ok(r.seeded.rename.includes('step 5 (rename Worker → Jobs): unannounced delete of module.worker.aws_lambda_function.function'), r.seeded.rename.join('\n'));
  assert.ok(r.seeded.rename.some((f) => /^step 5 \(rename Worker → Jobs\): unannounced delete of module\.worker_queue\.aws_sqs_queue\./.test(f)), r.seeded.rename.join('\n'));
});

check('seeded fault: step 2\'s calls without lambda:TagResource on event source mappings are denied, named by step', async () => {
  const r = await lifecycle();
  console.log(`  lifecycle: no mapping tag grant → ${r.seeded.tagMappings.join('; ')}`);
  assert.is(r.seeded.tagMappings.length, 1, r.seeded.tagMappings.join('\n'));
  assert.match(r.seeded.tagMappings[0]!, /^seeded: step 2 \(add Worker --trigger sqs\) without lambda:TagResource on event source mappings: \S+ denied lambda:TagResource on arn:aws:lambda:[^:]+:\d+:event-source-mapping:[0-9a-f-]{36}.*, for Lambda CreateEventSourceMapping/);
});

check('seeded fault: step 6\'s deploy under a bootstrap without its retiring permissions is denied, named by step', async () => {
  const r = await lifecycle();
  if (typeof r.seeded.retiring === 'string') {
    // This build's remove prints no "After that push has deployed, run" paragraph: nothing retires.
    console.log(`  lifecycle: retiring-permissions fault ${r.seeded.retiring}`);
    assert.not.ok(r.orders['step 6 (remove Nightly)']?.includes('update --drop-retired committed'), `${AFTER_PUSH} was followed, yet the fault did not run: ${r.seeded.retiring}`);
    return;
  }
  console.log(`  lifecycle: retiring permissions dropped before the push → ${r.seeded.retiring.length} denials:\n    ${r.seeded.retiring.join('\n    ')}`);
  assert.ok(r.seeded.retiring.length > 0, 'the deploy that removed Nightly needs nothing the drop took away: the retiring order proves nothing');
  for (const d of r.seeded.retiring) assert.match(d, /^seeded: step 6 \(remove Nightly\) with the retiring permissions dropped before the push: /);
  assert.ok(r.seeded.retiring.some((d) => /denied (scheduler:DeleteSchedule|iam:DeleteRole)/.test(d)), r.seeded.retiring.join('\n'));
});

Lifecycle.run();
