// Renames destroy nothing (issue 23): `update --set Worker.name=Jobs` writes moved blocks for every
// address that changes, records them so they survive later updates (and a deleted moved.tf comes
// back), and drops a recorded move whose old address is declared again. The proof is Terraform's
// own: the old configuration applied to moto with a local state, then the renamed one planned
// against that state shows moves and no delete; without moved.tf the same plan deletes.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { cp, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { declaredAddresses, keptMoves, renameMoves, restoreMoved } from '../lib/update/moves.js';
import { resolveAnswers, type Answers, type Move } from '../generators/answers/index.js';
import { git, runBin, tempDir } from './support/bin.js';
import { renderAnswers } from './support/render.js';
import { unlessOptedOut } from './support/optout.js';
import { startMoto, type Moto } from './rehearsal/moto.js';
import { errorsOf, localFiles, scratchCopy, terraform, type Terraform } from './rehearsal/terraform.js';
import { substituteForMirror } from './validators/terraform.js';
import type { PlannedChange } from './rehearsal/session.js';

const mv = (from: string, to: string): Move => ({ from, to });

test('declaredAddresses: the stack\'s top-level modules and resources, not its modules\' or the bootstrap\'s', () => {
  const declared = declaredAddresses(renderAnswers({ functions: [{ name: 'Api' }, { name: 'Worker', trigger: 'sqs' }, { name: 'Files', trigger: 's3' }] }));
  for (const a of ['module.api', 'module.api_http_api', 'module.worker', 'module.worker_queue', 'module.files_bucket', 'aws_s3_bucket_notification.files', 'aws_apigatewayv2_api.http']) {
    assert.ok(declared.has(a), `${a} in ${[...declared].join(', ')}`);
  }
  assert.not.ok([...declared].some((a) => /aws_iam_role\.(plan|deploy)|aws_lambda_function/.test(a)), [...declared].join(', '));
});

test('a move in the record is printed into moved.tf only as a plain address', () => {
  assert.throws(() => resolveAnswers({ dirName: 'orders-api', given: { moves: [mv('module.a', 'module.b\n}\nresource "x" "y" {')] } }), /moves in \.dotnet-aot-lambda\.json: .* is not allowed/);
  assert.throws(() => resolveAnswers({ dirName: 'orders-api', given: { moves: [{ from: 'module.a' } as Move] } }), /is not allowed/);
  assert.equal(resolveAnswers({ dirName: 'orders-api', given: { moves: [mv('module.worker', 'module.orders_api')] } }).moves, [mv('module.worker', 'module.orders_api')]);
});

test('renameMoves: every address of the renamed function that left, to its new address; nothing of another function', () => {
  const before = new Set(['module.api', 'module.api_http_api', 'module.worker', 'module.worker_queue', 'module.worker_alarms', 'aws_s3_bucket_notification.worker', 'aws_apigatewayv2_api.http']);
  const after = new Set(['module.api', 'module.api_http_api', 'module.jobs', 'module.jobs_queue', 'module.jobs_alarms', 'aws_s3_bucket_notification.jobs', 'aws_apigatewayv2_api.http']);
  assert.equal(renameMoves(before, after, [['worker', 'jobs']]), [
    mv('aws_s3_bucket_notification.worker', 'aws_s3_bucket_notification.jobs'),
    mv('module.worker', 'module.jobs'),
    mv('module.worker_alarms', 'module.jobs_alarms'),
    mv('module.worker_queue', 'module.jobs_queue'),
  ]);
  // A new address that already existed before belongs to another function: no move onto it.
  assert.equal(renameMoves(new Set(['module.a', 'module.b']), new Set(['module.b']), [['a', 'b']]), []);
});

test('keptMoves: a move from an address declared again is dropped (renamed back; a new function with the old name); chains stay; dead ends go', () => {
  const recorded = [mv('module.worker', 'module.jobs'), mv('module.worker_queue', 'module.jobs_queue')];
  // Renamed back: the reverse moves replace the recorded ones.
  const back = [mv('module.jobs', 'module.worker'), mv('module.jobs_queue', 'module.worker_queue')];
  assert.equal(keptMoves(recorded, back, new Set(['module.worker', 'module.worker_queue'])), back);
  // A new function named Worker next to Jobs: module.worker is declared again.
  assert.equal(keptMoves(recorded, [], new Set(['module.jobs', 'module.jobs_queue', 'module.worker', 'module.worker_queue'])), []);
  // Worker → Jobs → Tasks: a chain Terraform follows.
  const chain = keptMoves(recorded.slice(0, 1), [mv('module.jobs', 'module.tasks')], new Set(['module.tasks']));
  assert.equal(chain, [mv('module.worker', 'module.jobs'), mv('module.jobs', 'module.tasks')]);
  // Jobs removed: its moves lead nowhere.
  assert.equal(keptMoves(recorded, [], new Set(['module.api'])), []);
});

test('restoreMoved: a deleted moved.tf is written again while the record has moves, and only then', () => {
  const theirs = new Map([['infra/moved.tf', 'moved {}\n']]);
  const withMoves = { moves: [mv('module.a', 'module.b')] } as Answers;
  assert.equal(restoreMoved([{ kind: 'deleted-by-you-but-changed', path: 'infra/moved.tf' }], withMoves, theirs, new Map()), [{ kind: 'added', path: 'infra/moved.tf', content: 'moved {}\n' }]);
  assert.equal(restoreMoved([], withMoves, theirs, new Map()), [{ kind: 'added', path: 'infra/moved.tf', content: 'moved {}\n' }]);
  assert.equal(restoreMoved([], {} as Answers, theirs, new Map()), [], 'only the 0.2.0 blocks: deleting them is the documented way to retire them');
  assert.equal(restoreMoved([], withMoves, theirs, new Map([['infra/moved.tf', 'x']])), [], 'on disk: the merge decides');
});

// ---------------------------------------------------------------------------
// The CLI, on a real repo in git

const record = (dir: string) => JSON.parse(readFileSync(join(dir, '.dotnet-aot-lambda.json'), 'utf8')) as { answers: Answers };
const commit = (dir: string, message: string) => {
  git(dir, 'add', '-A');
  git(dir, 'commit', '-qm', message);
};
async function cli(dir: string, args: string[]): Promise<string> {
  const r = await runBin(args, { cwd: dir });
  assert.is(r.exitCode, 0, `${args.join(' ')}: ${r.stderr}${r.stdout}`);
  return r.stdout;
}

/** orders-api (an http-api function) with a Worker on a queue, committed; local state, so the
 * Terraform checks below can apply it with a state file of their own. */
async function twoFunctionRepo(): Promise<string> {
  const parent = tempDir('cdal-moves-');
  const created = await runBin(['orders-api', '--yes', '--state', 'local'], { cwd: parent });
  assert.is(created.exitCode, 0, created.stderr);
  const dir = join(parent, 'orders-api');
  await cli(dir, ['add', 'Worker', '--trigger', 'sqs', '--yes']);
  commit(dir, 'add Worker');
  return dir;
}

/** A copy of `dir` at its current commit, so one repo can be planned at several steps. */
async function snapshot(dir: string): Promise<string> {
  const to = tempDir('cdal-moves-at-');
  await cp(dir, to, { recursive: true, filter: (src) => !src.includes('/.git/') && !src.endsWith('/.git') });
  return to;
}

test('update renames write moved.tf from the record; it survives, comes back when deleted, and drops moves from re-declared addresses', async () => {
  const dir = await twoFunctionRepo();
  await cli(dir, ['update', '.', '--set', 'Worker.name=Jobs', '--yes']);
  const moves = [mv('module.worker', 'module.jobs'), mv('module.worker_alarms', 'module.jobs_alarms'), mv('module.worker_queue', 'module.jobs_queue')];
  assert.equal(record(dir).answers.moves, moves);
  const moved = readFileSync(join(dir, 'infra/moved.tf'), 'utf8');
  for (const m of moves) assert.match(moved, `moved {\n  from = ${m.from}\n  to   = ${m.to}\n}`);
  commit(dir, 'rename');

  // Deleted by the user: an unrelated update writes it again, with the recorded moves.
  rmSync(join(dir, 'infra/moved.tf'));
  commit(dir, 'delete moved.tf');
  await cli(dir, ['update', '.', '--set', 'Jobs.memory=512', '--yes']);
  assert.is(readFileSync(join(dir, 'infra/moved.tf'), 'utf8'), moved, 'moved.tf is back as it was');
  commit(dir, 'memory');

  // A new function given the old name: module.worker is declared again, so the moves from it go.
  const added = await snapshot(dir);
  git(added, 'init', '-q');
  commit(added, 'copy');
  await cli(added, ['add', 'Worker', '--trigger', 'sqs', '--function-name', 'orders-api-worker-v2', '--yes']);
  assert.is(record(added).answers.moves, undefined, 'no move from a declared address is left');
  assert.not.ok(existsSync(join(added, 'infra/moved.tf')), 'moved.tf goes with its last move');

  // Renamed back: the reverse moves replace the recorded ones.
  await cli(dir, ['update', '.', '--set', 'Jobs.name=Worker', '--yes']);
  assert.equal(record(dir).answers.moves, moves.map((m) => mv(m.to, m.from)));
});

// ---------------------------------------------------------------------------
// Terraform's word: apply the old configuration to moto, plan the renamed one against its state.

/** Failures for a plan that deletes or replaces anything: each names the step and the address. */
export function unannouncedDeletes(step: string, changes: PlannedChange[], announced: readonly string[] = []): string[] {
  return changes
    .filter((c) => c.actions.includes('delete') && !announced.includes(c.address))
    .map((c) => `${step}: the plan would ${c.actions.includes('create') ? 'replace' : 'destroy'} ${c.address}, and nothing announced it`);
}

/** Whether update's output names the resource at `address`: the phrase its kind is announced
 * with (Lambda function, execution role, log group, queue, ...). The alias, permissions, policies
 * and event source mapping of a replaced function or queue go with it, and are named by it. */
function announcedBy(address: string, said: string): boolean {
  const phrases: Array<[RegExp, RegExp]> = [
    [/\.aws_sqs_queue\.|module\.\w+_queue\./, /deletes queue \S+ and the messages in it/],
    [/\.aws_cloudwatch_log_group\./, /log group \/aws\/lambda\//],
    [/\.aws_iam_role\.execution|\.aws_iam_role_policy\./, /execution role \S+-execution/],
    [/\.aws_cloudwatch_metric_alarm\./, /alarms? /],
    [/^module\.\w+\.aws_lambda_/, /replaces Lambda function /],
  ];
  const match = phrases.find(([kind]) => kind.test(address));
  return match !== undefined && match[1].test(said);
}

const tfVars = { TF_VAR_region: 'us-east-1' };

/** A scratch copy of `repo` on moto, initialised, with a package for every function name used. */
async function stage(repo: string, moto: Moto): Promise<{ scratch: string; tf: Terraform }> {
  const scratch = tempDir('cdal-moves-tf-');
  await scratchCopy(repo, scratch, moto.endpoint);
  const tf = terraform(scratch, tempDir('cdal-moves-log-'));
  // Every function's package, under the names old and new (a rename moves the folder too).
  for (const name of ['orders-api', 'worker', 'jobs']) {
    await mkdir(join(scratch, 'artifacts', name), { recursive: true });
    await execa('python3', ['-c', 'import sys,zipfile\nz=zipfile.ZipFile(sys.argv[1],"w")\nz.writestr("bootstrap","#!/bin/sh\\n")\nz.close()', join(scratch, 'artifacts', name, 'bootstrap.zip')]);
  }
  const init = await tf.run('infra', ['init', '-input=false']);
  assert.is(init.exitCode, 0, `init: ${errorsOf(init.output)}`);
  return { scratch, tf };
}

/** The same scratch (its providers, its state) with the infra/ of `repo` instead: the files swapped,
 * the mirror substitution made again, and `terraform get` for the modules the new files name
 * (cheaper than another init, which copies the provider again). */
async function reconfigure(staged: { scratch: string; tf: Terraform }, repo: string): Promise<{ scratch: string; tf: Terraform }> {
  const infra = join(staged.scratch, 'infra');
  const keep = new Set(['.terraform', '.terraform.lock.hcl', 'terraform.tfstate', 'rehearsal_override.tf', 'bootstrap']);
  for (const entry of await readdir(infra)) if (!keep.has(entry)) await rm(join(infra, entry), { recursive: true, force: true });
  await cp(join(repo, 'infra'), infra, { recursive: true, filter: (src) => !localFiles(src) && !src.endsWith('.terraform.lock.hcl') });
  await substituteForMirror(infra);
  const get = await staged.tf.run('infra', ['get']);
  assert.is(get.exitCode, 0, `get: ${errorsOf(get.output)}`);
  return staged;
}

async function planChanges(scratch: string, tf: Terraform, step: string): Promise<PlannedChange[]> {
  // Nothing changed on moto since the apply: the recorded state is what a refresh would read.
  const plan = await tf.run('infra', ['plan', '-input=false', '-lock=false', '-refresh=false', '-out=tfplan'], tfVars);
  assert.is(plan.exitCode, 0, `${step}: plan failed: ${errorsOf(plan.output)}`);
  const show = await tf.run('infra', ['show', '-json', 'tfplan'], tfVars);
  const json = JSON.parse(show.output.split('\n').find((l) => l.startsWith('{')) ?? '{}');
  await writeFile(join(scratch, 'infra', 'tfplan'), '');
  return ((json.resource_changes ?? []) as Array<{ address: string; previous_address?: string; mode: string; change: { actions: string[] } }>)
    .filter((c) => c.mode === 'managed')
    .map((c) => ({ address: c.address, actions: c.change.actions, ...(c.previous_address ? { previousAddress: c.previous_address } : {}) }));
}

unlessOptedOut(test, 'SKIP_REHEARSAL')('terraform: the renamed configuration planned against the applied old one only moves; without moved.tf it destroys (seeded)', async () => {
  const started = Date.now();
  const dir = await twoFunctionRepo();
  const old = await snapshot(dir);
  // The other kind of change: a new Lambda function name really replaces, and update says what.
  const renamedFunction = await snapshot(dir);
  git(renamedFunction, 'init', '-q');
  commit(renamedFunction, 'copy');
  const said = await cli(renamedFunction, ['update', '.', '--set', 'Worker.function-name=orders-api-jobs', '--yes']);
  await cli(dir, ['update', '.', '--set', 'Worker.name=Jobs', '--yes']);
  commit(dir, 'rename');
  const renamed = await snapshot(dir);
  const added = await snapshot(dir);
  git(added, 'init', '-q');
  commit(added, 'copy');
  await cli(added, ['add', 'Worker', '--trigger', 'sqs', '--function-name', 'orders-api-worker-v2', '--yes']);
  await cli(dir, ['update', '.', '--set', 'Jobs.name=Worker', '--yes']);
  const back = await snapshot(dir);

  const moto = await startMoto();
  try {
    const first = await stage(old, moto);
    const apply = await first.tf.run('infra', ['apply', '-auto-approve', '-input=false'], tfVars);
    assert.is(apply.exitCode, 0, `apply of the old configuration: ${errorsOf(apply.output)}`);

    // The rename: moves, no delete, no create.
    const next = await reconfigure(first, renamed);
    const changes = await planChanges(next.scratch, next.tf, 'rename Worker → Jobs');
    assert.equal(unannouncedDeletes('rename Worker → Jobs', changes), []);
    const moved = changes.filter((c) => c.previousAddress && c.previousAddress !== c.address);
    assert.ok(moved.some((c) => c.address === 'module.jobs.aws_lambda_function.function' && c.previousAddress === 'module.worker.aws_lambda_function.function'), 'the function moves');
    assert.ok(moved.some((c) => c.address.startsWith('module.jobs_queue.aws_sqs_queue.')), 'the queue moves');
    assert.equal(changes.filter((c) => c.actions.includes('create')).map((c) => c.address), [], 'nothing is created');

    // Seeded fault: the same rename without its moved blocks destroys, and says so by name.
    rmSync(join(next.scratch, 'infra', 'moved.tf'));
    const seeded = unannouncedDeletes('rename Worker → Jobs without moved.tf', await planChanges(next.scratch, next.tf, 'seeded'));
    assert.ok(seeded.some((f) => f === 'rename Worker → Jobs without moved.tf: the plan would destroy module.worker.aws_lambda_function.function, and nothing announced it'), seeded.join('\n'));
    assert.ok(seeded.some((f) => /destroy module\.worker_queue\.aws_sqs_queue\./.test(f)), seeded.join('\n'));

    // A new function-name: the plan replaces, and every replaced resource is one update named.
    const replaced = await reconfigure(first, renamedFunction);
    const replacedChanges = (await planChanges(replaced.scratch, replaced.tf, 'function-name')).filter((c) => c.actions.includes('delete'));
    const unnamed = replacedChanges.filter((c) => !announcedBy(c.address, said));
    assert.equal(unnamed.map((c) => c.address), [], `replaced but not announced; update said:\n${said}`);
    for (const kind of ['aws_lambda_function', 'aws_iam_role', 'aws_cloudwatch_log_group', 'aws_sqs_queue']) {
      assert.ok(replacedChanges.some((c) => c.address.includes(`.${kind}.`)), `the plan replaces no ${kind}: ${replacedChanges.map((c) => c.address).join(', ')}`);
    }
    // Seeded: an announcement without the queue leaves the queue's replacement unnamed.
    assert.ok(replacedChanges.some((c) => !announcedBy(c.address, said.replace(/deletes queue[^\n]*/, ''))), 'dropping the queue line went unnoticed');

    // Renamed back, against the state that never saw Jobs: the reverse moves are no-ops, and the
    // dropped move (module.worker → module.jobs, from a declared address) would not even plan.
    const again = await reconfigure(first, back);
    const backChanges = await planChanges(again.scratch, again.tf, 'rename Jobs → Worker');
    assert.equal(unannouncedDeletes('rename Jobs → Worker', backChanges), []);
    await writeFile(join(again.scratch, 'infra', 'stale_moved.tf'), 'moved {\n  from = module.worker\n  to   = module.jobs\n}\n');
    const stale = await again.tf.run('infra', ['plan', '-input=false', '-lock=false', '-refresh=false'], tfVars);
    assert.is.not(stale.exitCode, 0, 'Terraform accepted a moved block from a declared address; keptMoves would not need to drop it');
    assert.match(stale.output, /Moved object still exists|still declared|Invalid "moved" block|Cross-package move/i, errorsOf(stale.output));

    // A new function given the old name (Jobs and Worker both declared, no moves left): it plans,
    // and the dropped move would not.
    const both = await reconfigure(first, added);
    assert.not.ok(existsSync(join(both.scratch, 'infra', 'moved.tf')));
    await planChanges(both.scratch, both.tf, 'add Worker after the rename');
    await writeFile(join(both.scratch, 'infra', 'stale_moved.tf'), 'moved {\n  from = module.worker\n  to   = module.jobs\n}\n');
    const staleAdded = await both.tf.run('infra', ['plan', '-input=false', '-lock=false', '-refresh=false'], tfVars);
    assert.is.not(staleAdded.exitCode, 0, 'Terraform accepted a moved block from a declared address (new function, old name)');
    console.log(`moves: one apply and 7 plans (2 of them seeded faults) on moto in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  } finally {
    await moto.stop();
  }
});

test.run();
