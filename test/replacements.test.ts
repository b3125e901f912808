// The replacement table (lib/update/replacements.ts): each row fires for a change of its answer,
// and for nothing else (an unrelated change like memory fires none); `update` prints what it says
// before writing, `--dry-run` included. test/moves.test.ts ties the function-name row to a real
// plan (every replaced resource named) and the rename to one (nothing replaced).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Given } from '../generators/answers/index.js';
import { announcements, replacements, type Change } from '../lib/update/replacements.js';
import type { Action } from '../lib/update/merge.js';
import { bootstrapNotice } from '../lib/update/report.js';
import { git, runBin, tempDir } from './support/bin.js';
import { answersFor } from './support/render.js';

const api = { name: 'Api', functionName: 'orders-api', trigger: 'http-api' as const };
const worker = { name: 'Worker', functionName: 'orders-api-worker', trigger: 'sqs' as const };
const files = { name: 'Files', functionName: 'orders-api-files', trigger: 's3' as const };
const nightly = { name: 'Nightly', functionName: 'orders-api-nightly', trigger: 'schedule' as const, schedule: 'rate(1 hour)' };
const base: Given = { prefix: 'orders-api', functions: [api, worker, files, nightly] };

const change = (after: Given, removed?: string, before: Given = base): Change => ({ before: answersFor(before, 'orders-api'), after: answersFor(after, 'orders-api'), ...(removed ? { removed } : {}) });
const withFn = (index: number, fn: object): Given => ({ ...base, functions: base.functions!.map((f, i) => (i === index ? { ...f, ...fn } : f)) });
const without = (name: string): Given => ({ ...base, functions: base.functions!.filter((f) => f.name !== name) });

/** One change per row of the table: the row's answer changed, nothing else. */
const cases: Record<string, Change> = {
  // (the prefix case also fires function-name: see below)
  'function-name': change(withFn(1, { functionName: 'orders-api-jobs' })),
  trigger: change(withFn(1, { trigger: 'none' })),
  'source-bucket': change(withFn(2, { sourceBucket: 'shared-uploads', manageBucketNotifications: true })),
  package: change({ ...base, package: 'image' }),
  region: change({ ...base, region: 'eu-west-1' }),
  // Every function name starts with the prefix, so a new prefix renames the functions too.
  prefix: change({ ...base, prefix: 'shop', functions: base.functions!.map((f) => ({ ...f, functionName: f.functionName!.replace('orders-api', 'shop') })) }),
  state: change({ ...base, state: 'local' }),
  'existing-role': change({ ...base, existingRole: 'team-lambda' }),
  remove: change(without('Worker'), 'Worker'),
};

test('the table has one case per row, and each row fires for its own change and for no other row\'s', () => {
  assert.equal(Object.keys(cases).sort(), replacements.map((r) => r.answer).sort());
  for (const row of replacements) {
    assert.ok(row.says(cases[row.answer]!).length > 0, `${row.answer}: no announcement for its own change`);
    for (const [other, c] of Object.entries(cases)) {
      if (other === row.answer || (other === 'prefix' && row.answer === 'function-name')) continue;
      // A trigger's own answers go with it: none of these changes touches another row's answer.
      assert.equal(row.says(c), [], `${row.answer} fired for a change of ${other}`);
    }
  }
});

test('an unrelated change (memory, a schedule, a name) announces nothing', () => {
  assert.equal(announcements(change(withFn(1, { memory: 512 }))), []);
  assert.equal(announcements(change(withFn(3, { schedule: 'rate(2 hours)' }))), []);
  assert.equal(announcements(change(withFn(1, { name: 'Jobs' }))), [], 'a rename moves (infra/moved.tf), it replaces nothing');
  assert.equal(announcements(change({ ...base, existingRole: '' }, undefined, { ...base, existingRole: 'team-lambda' })), [], 'own roles are created, none deleted');
});

test('an S3 or schedule function\'s on-failure queue is announced wherever it goes, and not where it stays', () => {
  const loss = (fn: string) => `deletes on-failure queue ${fn}-on-failure and the failed events' records in it (and its alarm)`;
  assert.ok(announcements(change(withFn(3, { trigger: 'none', schedule: undefined }))).includes(loss('orders-api-nightly')), 'schedule → none');
  assert.ok(announcements(change(without('Files'), 'Files')).includes(loss('orders-api-files')), 'remove Files');
  assert.ok(announcements(change(withFn(3, { functionName: 'orders-api-jobs' }))).includes('replaces on-failure queue orders-api-nightly-on-failure with orders-api-jobs-on-failure (the records in the old one are lost)'));
  // s3 → schedule keeps the queue (same module, same name); the queue worker never had one.
  assert.not.ok(announcements(change(withFn(2, { trigger: 'schedule', schedule: 'rate(1 hour)' }))).some((a) => a.includes('on-failure')), 's3 → schedule');
  assert.not.ok(announcements(cases.trigger!).some((a) => a.includes('on-failure')), 'sqs → none');
  assert.not.ok(announcements(cases.remove!).some((a) => a.includes('on-failure')), 'remove Worker');
});

test('the messages name the resources: function-name, remove, trigger, source bucket', () => {
  assert.equal(announcements(cases['function-name']!), [
    'replaces Lambda function orders-api-worker with orders-api-jobs, its execution role orders-api-worker-execution with orders-api-jobs-execution, ' +
      'and log group /aws/lambda/orders-api-worker (its logs stay behind) with /aws/lambda/orders-api-jobs',
    'replaces alarms orders-api-worker-* with orders-api-jobs-* (their history stays behind)',
    'deletes queue orders-api-worker and the messages in it (and orders-api-worker-dlq); creates orders-api-jobs',
  ]);
  assert.equal(announcements(cases.remove!), [
    'deletes Lambda function orders-api-worker, its execution role orders-api-worker-execution, its alarms orders-api-worker-*, and log group /aws/lambda/orders-api-worker with its logs',
    'deletes queue orders-api-worker and the messages in it, and its dead-letter queue orders-api-worker-dlq (and their alarms)',
  ]);
  assert.equal(announcements(cases.trigger!), ['deletes queue orders-api-worker and the messages in it, and its dead-letter queue orders-api-worker-dlq (and their alarms)']);
  assert.equal(announcements(change({ ...base, alarms: false, functions: [api, { ...worker, functionName: 'orders-api-jobs' }, files, nightly] }, undefined, { ...base, alarms: false })).length, 2, 'no alarms, none replaced');
  assert.equal(announcements(cases['source-bucket']!), ['deletes bucket orders-api-files-<account id> (the apply fails while it holds objects: empty it first)']);
  assert.equal(announcements(change(withFn(3, { functionName: 'orders-api-night' })))[2], 'replaces schedule orders-api-nightly with orders-api-night, and its role orders-api-nightly-scheduler');
});

test('local state keeps no roles (issue 24): s3 → local announces their deletion; a new prefix with local state names only the boundary', () => {
  assert.equal(announcements(cases.state!), [
    'moves the state from s3 to local: migrate it (terraform init -migrate-state) before the next apply, or the plan starts empty and creates every resource again',
    "deletes the bootstrap's roles orders-api-deploy and orders-api-plan and their GitHub OIDC trust (and the account's GitHub OIDC provider, if the bootstrap created it) at its re-apply",
  ]);
  assert.equal(announcements(change({ ...base, state: 's3' }, undefined, { ...base, state: 'local' })).length, 1, 'local → s3 creates the roles, deletes none');
  const local = { ...base, state: 'local' as const };
  const renamed = announcements(change({ ...local, prefix: 'shop', functions: base.functions!.map((f) => ({ ...f, functionName: f.functionName!.replace('orders-api', 'shop') })) }, undefined, local));
  assert.ok(renamed.includes("replaces the bootstrap's execution boundary orders-api-execution-boundary with shop-execution-boundary (re-apply infra/bootstrap/ and re-run setup.sh)"), renamed.join('\n'));
  assert.not.ok(renamed.some((line) => line.includes('-deploy')), 'no deploy role to replace');
});

test('the bootstrap notice: a local-state repo whose oidc.tf the update deletes is told its re-apply deletes the roles; an S3 one is not', () => {
  const said = (actions: Action[], state: 's3' | 'local') => {
    const lines: string[] = [];
    bootstrapNotice(actions, { out: (l) => lines.push(l), err: () => undefined, interactive: false }, { state, prefix: 'orders-api' });
    return lines.join('\n');
  };
  const deleted = [{ kind: 'deleted', path: 'infra/bootstrap/oidc.tf' }, { kind: 'updated', path: 'infra/bootstrap/outputs.tf', content: '' }] as Action[];
  const local = said(deleted, 'local');
  assert.match(local, /only you apply it\. Before you deploy, re-apply it with\nadministrator credentials: sh infra\/bootstrap\/setup\.sh \(its state/);
  assert.match(local, /that re-apply deletes the roles orders-api-deploy and\norders-api-plan, their policies and their GitHub OIDC trust, and the account's GitHub OIDC provider if this\nstack created it/);
  assert.match(local, /state rm 'aws_iam_openid_connect_provider\.github\[0\]'/);
  const kept = said([{ kind: 'kept', path: 'infra/bootstrap/oidc.tf' }, deleted[1]!] as Action[], 'local');
  assert.match(kept, /oidc\.tf is kept because you changed it.*\n.*delete it/);
  const s3 = said([deleted[1]!] as Action[], 's3');
  assert.match(s3, /sh infra\/bootstrap\/setup\.sh OWNER\/REPO/);
  assert.not.match(s3, /deletes the roles/);
});

test('update prints the announcement before writing, --dry-run included; a rename prints none', async () => {
  const parent = tempDir('cdal-replace-');
  assert.is((await runBin(['orders-api', '--yes', '--state', 'local'], { cwd: parent })).exitCode, 0);
  const dir = join(parent, 'orders-api');
  const add = await runBin(['add', 'Worker', '--trigger', 'sqs', '--yes'], { cwd: dir });
  assert.is(add.exitCode, 0, add.stderr);
  git(dir, 'add', '-A');
  git(dir, 'commit', '-qm', 'add');
  const recordBefore = readFileSync(join(dir, '.dotnet-aot-lambda.json'), 'utf8');

  const dry = await runBin(['update', '.', '--set', 'Worker.function-name=orders-api-jobs', '--dry-run'], { cwd: dir });
  assert.is(dry.exitCode, 0, dry.stderr);
  const notice = dry.stdout.indexOf('The next apply replaces or deletes deployed resources:');
  assert.ok(notice > 0, dry.stdout);
  assert.ok(notice < dry.stdout.indexOf('Dry run: nothing is written'), 'said before the changes');
  assert.match(dry.stdout, '  replaces Lambda function orders-api-worker with orders-api-jobs');
  assert.match(dry.stdout, '  deletes queue orders-api-worker and the messages in it');
  assert.is(readFileSync(join(dir, '.dotnet-aot-lambda.json'), 'utf8'), recordBefore, 'a dry run writes nothing');

  const removed = await runBin(['remove', 'Worker', '--yes'], { cwd: dir });
  assert.is(removed.exitCode, 0, removed.stderr);
  assert.ok(removed.stdout.indexOf('deletes Lambda function orders-api-worker') < removed.stdout.indexOf('deleted (removed from the template)'), removed.stdout);
  git(dir, 'checkout', '-q', '.');
  git(dir, 'clean', '-qfd');

  const renamed = await runBin(['update', '.', '--set', 'Worker.name=Jobs', '--yes'], { cwd: dir });
  assert.is(renamed.exitCode, 0, renamed.stderr);
  assert.not.match(renamed.stdout, 'replaces or deletes', 'a rename moves; nothing to announce');
});

test.run();
