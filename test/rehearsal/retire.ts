// The order of a remove (issue 23): the deploy that deletes a function's schedule or queue needs
// the bootstrap's permissions for them, and the schedule's role still has the bootstrap's
// scheduler boundary attached until that deploy has deleted it. So the bootstrap keeps them
// (retiring) until the push has deployed, and `update --drop-retired` drops them afterwards.
// One repo (http-api, a schedule and a queue function), one emulator, every step as printed:
//
//   1. bootstrap and first deploy (rehearse.ts's steps, one subject format)
//   2. `remove Nightly --yes`, `remove Worker --yes` through the built bin, each committed: the
//      output says to push first and run `update --drop-retired` after the deploy
//   3. seeded fault, the old order: the retiring files dropped and the bootstrap re-applied
//      BEFORE the push must fail (IAM refuses to delete the scheduler boundary still attached
//      to the schedule's role: gaps/iam_delete_conflict.py); the committed bootstrap is then
//      re-applied to put the permissions back
//   4. the push: plan and apply as the deploy role; it deletes only the removed functions'
//      resources, and every call is allowed
//   5. `update --drop-retired --yes`, committed, and the bootstrap re-apply its output asks for:
//      it succeeds and deletes only the retired permissions' resources
//   6. seeded fault, re-evaluated: step 4's recorded calls as the deploy role of step 5's
//      bootstrap must be denied scheduler:DeleteSchedule and sqs:DeleteQueue
import { readFileSync } from 'node:fs';
import { cp } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { addFunction, commitAll, createRepo, lastLines } from './repos.js';
import { bootstrapAndTrust, firstDeploy, github } from './rehearse.js';
import { Session, type RehearsalResult } from './session.js';

export interface RetireResult extends RehearsalResult {
  /** What each bin run printed, by step. */
  outputs: Record<string, string>;
  /** The record's retiring list after the removes. */
  retiring: unknown;
  /** The old order's bootstrap apply: its error, or 'succeeded'. */
  oldOrder: string;
  /** Step 4's calls re-evaluated against step 5's bootstrap: what was denied. */
  deniedAfterDrop: string[];
  /** Addresses the push and the drop's re-apply deleted. */
  deleted: { push: string[]; bootstrap: string[] };
}

export async function rehearseRetire(dir: string, options: { bin: string; log?: (line: string) => void }): Promise<RetireResult> {
  const bin = async (step: string, args: string[], cwd = dir): Promise<string> => {
    const r = await execa('node', [options.bin, ...args], { cwd, reject: false, all: true, stdin: 'ignore' });
    if (r.exitCode !== 0) throw new Error(`${step}: ${args.join(' ')} failed (exit ${r.exitCode}): ${lastLines(r.all)}`);
    return r.all ?? '';
  };
  await createRepo(options.bin, dir, []);
  await addFunction(options.bin, dir, { name: 'Nightly', args: ['--trigger', 'schedule'] });
  await addFunction(options.bin, dir, { name: 'Worker', args: ['--trigger', 'sqs'] });

  const s = await Session.open(dir, options.log ? { log: options.log } : {});
  const outputs: Record<string, string> = {};
  let retiring: unknown;
  let oldOrder = 'not reached';
  let deniedAfterDrop: string[] = [];
  const deleted = { push: [] as string[], bootstrap: [] as string[] };
  try {
    // 1.
    await bootstrapAndTrust(s, { bothSubjectFormats: false });
    await firstDeploy(s);

    // 2. The removes, as a user runs them.
    outputs['remove Nightly'] = await bin('remove Nightly', ['remove', 'Nightly', '--yes']);
    await commitAll(dir, 'Remove Nightly');
    outputs['remove Worker'] = await bin('remove Worker', ['remove', 'Worker', '--yes']);
    await commitAll(dir, 'Remove Worker');
    retiring = JSON.parse(readFileSync(join(dir, '.dotnet-aot-lambda.json'), 'utf8')).answers.retiring;
    for (const step of ['remove Nightly', 'remove Worker']) {
      // What the printed order says, followed literally below: nothing to re-apply before the push.
      if (/Before you push, re-apply it/.test(outputs[step]!)) s.failures.push(`${step}: the output asks for a bootstrap re-apply before the push`);
      if (!/After that push has deployed, run npx create-dotnet-aot-lambda@latest update --drop-retired/.test(outputs[step]!)) {
        s.failures.push(`${step}: the output does not say to run update --drop-retired after the push has deployed`);
      }
    }

    // 3. Seeded fault: the old order, on the same emulator. A copy of the repo with the retiring
    // files dropped (as releases up to 0.4.0 wrote them) is re-applied before the push.
    const old = join(s.work, 'old-order');
    await cp(dir, old, { recursive: true });
    outputs['old order: update --drop-retired'] = await bin('old order', ['update', '--drop-retired', '--yes'], old);
    await s.sync(old);
    try {
      await s.reapplyBootstrap('old order (seeded fault)', github, { mayDelete: true });
      oldOrder = 'succeeded';
    } catch (error) {
      oldOrder = (error as Error).message;
    }
    s.log(`old order: ${oldOrder.slice(0, 200)}`);
    // The bootstrap as committed puts back what the failed apply took away.
    await s.sync(dir);
    await s.reapplyBootstrap('restore', github);

    // 4. The push.
    await s.build('build-2');
    const { deploy } = s.roles();
    const planned = await s.plan(deploy, 'remove', { mayDelete: true });
    deleted.push = planned.filter((c) => c.actions.includes('delete')).map((c) => c.address);
    const apply = s.must(await s.infra(deploy, 'remove apply', ['apply', '-input=false', 'tfplan']), 'remove apply (deploy role)');
    s.log(`push deployed: ${apply.calls.length} calls, ${deleted.push.length} deleted`);

    // 5. After the deploy: drop, commit, re-apply as printed.
    outputs['update --drop-retired'] = await bin('update --drop-retired', ['update', '--drop-retired', '--yes']);
    await commitAll(dir, 'Drop retired permissions');
    await s.sync(dir);
    if (/re-apply/.test(outputs['update --drop-retired']!)) {
      const changes = await s.reapplyBootstrap('drop-retired', github, { mayDelete: true });
      deleted.bootstrap = changes.filter((c) => c.actions.includes('delete')).map((c) => c.address);
    } else {
      s.failures.push('update --drop-retired: the output does not ask for the bootstrap re-apply');
    }
    outputs['update --drop-retired (again)'] = await bin('update --drop-retired again', ['update', '--drop-retired', '--yes']);

    // 6. Seeded fault, re-evaluated: the push's calls against the bootstrap without the retired permissions.
    // (The session reads each role's managed inline policies from their aws_iam_role_policy
    // resources, not from the role's stale inline_policy read-back: session.ts, stateAsShowJson.)
    const before = s.denied.length;
    await s.evaluate(s.roles().deploy, 'remove apply after the drop (seeded fault)', apply.calls);
    deniedAfterDrop = s.denied.splice(before);
  } catch (error) {
    s.failures.push((error as Error).message);
  } finally {
    await s.close();
  }
  return { ...s.result('removed, retired permissions dropped'), outputs, retiring, oldOrder, deniedAfterDrop, deleted };
}

/** What must hold of a retire rehearsal; each problem names its step. */
export function retireProblems(r: RetireResult): string[] {
  const out: string[] = [...r.failures, ...r.denied.map((d) => `denied: ${d}`)];
  if (JSON.stringify(r.retiring) !== JSON.stringify(['sqs', 'schedule', 'on-failure'])) out.push(`remove: the record's retiring list is ${JSON.stringify(r.retiring)}, expected ["sqs","schedule","on-failure"]`);
  if (!/DeleteConflict/.test(r.oldOrder)) out.push(`old order (seeded fault): the bootstrap re-apply before the push should fail with DeleteConflict, but: ${r.oldOrder.slice(0, 300)}`);
  for (const action of ['scheduler:DeleteSchedule', 'sqs:DeleteQueue']) {
    if (!r.deniedAfterDrop.some((d) => d.includes(`denied ${action} `))) out.push(`seeded fault: the push's calls without the retired permissions should be denied ${action}: ${r.deniedAfterDrop.join('; ') || 'none denied'}`);
  }
  const others = r.deleted.push.filter((a) => !/^module\.(nightly|worker)(_[a-z_]+)?\./.test(a));
  if (r.deleted.push.length === 0 || others.length > 0) out.push(`remove: the push should delete the removed functions' resources only: ${r.deleted.push.join(', ')}`);
  if (JSON.stringify(r.deleted.bootstrap) !== JSON.stringify(['aws_iam_policy.scheduler_boundary'])) out.push(`drop-retired: the bootstrap re-apply should delete only the scheduler boundary: ${r.deleted.bootstrap.join(', ')}`);
  if (!/Nothing is retiring/.test(r.outputs['update --drop-retired (again)'] ?? '')) out.push('update --drop-retired with nothing retiring does not say so');
  return out;
}
