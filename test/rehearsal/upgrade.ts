// The upgrade rehearsal: a repo an earlier release generated, deployed, then brought to this
// release with `update` and grown with `add`, on the same emulator and state. Every plan after
// the first deploy, the bootstrap's included, may destroy or replace only what the output of the
// command before it announced (test/rehearsal/announced.ts): the live function, its alias, API
// and role survive the move of their Terraform addresses (infra/moved.tf); an image repo's ECR
// lifecycle policy, which the provider can only replace, is replaced as update said.
//
//   1. bootstrap and first deploy of the old repo, as rehearse.ts does them (0.2.0's own roles)
//   2. `update --base-from <old release> --yes` in a git checkout of the repo
//   3. the documented bootstrap re-apply (permissions move to the name-prefix scope): its plan
//      destroys only what update announced, the roles' trust still holds
//   4. init (the new local modules), plan, apply as the deploy role: 0 to destroy or replace
//   5. `add <Name> …` (e.g. --trigger none), with the bootstrap re-apply before the push when its
//      output asks for one (an image repo's new tag rule; a zip repo already has every kind of
//      resource a function without a trigger needs): plan, apply, nothing unannounced destroyed
//   6. destroy as the deploy role, then nothing of either function may be left
import { existsSync, readFileSync } from 'node:fs';
import { cp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { deployEnvironment } from '../../generators/context.js';
import { unannounced, withoutAnnouncements } from './announced.js';
import { addFunction, commitAll, git, lastLines, type Added } from './repos.js';
import { bootstrapAndTrust, firstDeploy, github } from './rehearse.js';
import { destroyEnding, Session, type RehearsalResult } from './session.js';
import { localFiles } from './terraform.js';
import { trustProblems } from './trust.js';

export interface UpgradeOptions {
  /** This version's built bin (dist/cli.cjs): runs `update` and `add`. */
  bin: string;
  /** The old release's package directory, for `update --base-from`. */
  baseFrom: string;
  /** The function `add` adds after the upgrade; none when absent. */
  add?: Added;
  /** Before the real upgrade plan, plan once without infra/moved.tf and report what that would
   * destroy (RehearsalResult.seededDestroys): proof that the zero-destroy check can fail. */
  seedFault?: boolean;
  log?: (line: string) => void;
}

export async function rehearseUpgrade(oldRepoDir: string, options: UpgradeOptions): Promise<RehearsalResult> {
  const s = await Session.open(oldRepoDir, options.log ? { log: options.log } : {});
  let end: { destroyed: boolean; left: string[] } | undefined;
  try {
    // 1. The old release's repo, deployed as its own workflow would.
    await bootstrapAndTrust(s, { bothSubjectFormats: false });
    await firstDeploy(s);
    const first = s.answers.functions[0]!;
    const before = await s.functionState(first.functionName);

    // 2. `update` in a checkout of the repo (update refuses a dirty tree; the scratch copy's
    // mirror substitution would read as a local edit).
    const repo = join(s.work, 'checkout');
    await cp(oldRepoDir, repo, { recursive: true, filter: (src) => !localFiles(src) });
    await git(repo, ['init', '-q', '-b', 'main']);
    await commitAll(repo, 'Scaffold with the old release');
    const update = await execa('node', [options.bin, 'update', repo, '--base-from', options.baseFrom, '--yes'], { reject: false, all: true });
    if (update.exitCode !== 0) throw new Error(`update --base-from ${options.baseFrom} failed (exit ${update.exitCode}): ${lastLines(update.all)}`);
    // The bootstrap changes (prefix scope), and only a person can apply it: update must say so.
    if (!/infra\/bootstrap\/ changed/.test(update.all ?? '')) s.failures.push(`upgrade: update did not say that infra/bootstrap/ changed and must be re-applied: ${lastLines(update.all)}`);
    await commitAll(repo, 'Update to this release');
    await s.sync(repo);
    s.log(`updated to this release: ${lastLines(update.all, 1)}`);

    // 3. The bootstrap re-apply the upgrade documents, then the same trust as before.
    const bootstrapChanges = await s.reapplyBootstrap('upgrade', github, { mayDelete: true });
    s.failures.push(...unannounced('upgrade bootstrap', bootstrapChanges, update.all ?? ''));
    // The seeded fault, from the saved plan: the same output without its announcements.
    s.seededUnannounced = unannounced('upgrade bootstrap', bootstrapChanges, withoutAnnouncements(update.all ?? ''));
    s.failures.push(...trustProblems(s.roles(), 'classic', s.oidcProvider, deployEnvironment({ repoPath: s.answers.repoPath ?? '', prefix: s.answers.prefix }), s.answers.deployGate).map((p) => `after the bootstrap re-apply: ${p}`));
    s.log(`bootstrap re-applied: ${JSON.stringify(s.plans['upgrade bootstrap'])}`);

    // 4. The deploy after the upgrade: same packages, so only the move and the template's changes.
    const { deploy } = s.roles();
    await s.build('build-1');
    s.must(await s.infra(deploy, 'upgrade init', s.initArgs()), 'init after update (deploy role)');
    const moved = join(s.scratch, 'infra', 'moved.tf');
    if (!existsSync(moved)) s.failures.push('upgrade: the updated repo has no infra/moved.tf to move the 0.2.0 addresses into modules');
    else if (options.seedFault) {
      const text = readFileSync(moved, 'utf8');
      await rm(moved);
      s.seededDestroys = await s.planDestroys('seeded fault: upgrade without moved.tf');
      await writeFile(moved, text);
      s.log(`seeded fault: without moved.tf the plan would destroy ${s.seededDestroys.length}`);
    }
    s.failures.push(...unannounced('upgrade', await s.plan(deploy, 'upgrade', { mayDelete: true }), update.all ?? ''));
    s.resources += await s.applyPlan(deploy, 'upgrade');
    const after = await s.functionState(first.functionName);
    if (after.version === undefined) s.failures.push(`upgrade: ${first.functionName} is not in the state after the upgrade's apply`);
    else if (Number(after.version) < Number(before.version)) s.failures.push(`upgrade: ${first.functionName}'s version went from ${before.version} to ${after.version}`);
    s.log(`upgraded: ${JSON.stringify(s.plans.upgrade)}`);

    // 5. A function added to the deployed, upgraded repo.
    if (options.add) {
      let output = '';
      const note = await addFunction(options.bin, repo, options.add, (o) => (output = o));
      if (note) s.notes.push(note);
      await s.sync(repo);
      // The order add prints: a changed bootstrap is re-applied before the push.
      if (/infra\/bootstrap\/ changed/.test(output)) {
        s.failures.push(...unannounced('add bootstrap', await s.reapplyBootstrap('add', github, { mayDelete: true }), output));
        s.log(`bootstrap re-applied after add: ${JSON.stringify(s.plans['add bootstrap'])}`);
      }
      await s.build('build-1');
      s.must(await s.infra(deploy, 'add init', s.initArgs()), 'init after add (deploy role)');
      const changes = await s.plan(deploy, 'add', { mayDelete: true });
      s.failures.push(...unannounced('add', changes, output));
      if (!changes.some((c) => c.actions.includes('create'))) s.failures.push(`add: the plan creates nothing for ${options.add.name}`);
      s.resources += await s.applyPlan(deploy, 'add');
      const added = s.answers.functions.find((f) => f.name === options.add!.name);
      if (!added) s.failures.push(`add: the record lists no function ${options.add.name}`);
      else if ((await s.functionState(added.functionName)).version === undefined) s.failures.push(`add: ${added.functionName} is not in the state after apply`);
      s.log(`added ${options.add.name}: ${JSON.stringify(s.plans.add)}`);
    }

    // 6. Destroy everything the function stack holds.
    end = await s.destroy(deploy);
  } catch (error) {
    s.failures.push((error as Error).message);
  } finally {
    await s.close();
  }
  return s.result(destroyEnding(end), end?.left);
}
