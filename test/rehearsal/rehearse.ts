// The deploy rehearsal: a generated repo's first deploy, a change and a destroy, run with the
// real Terraform and AWS provider against the moto emulator, every AWS call checked against
// the policies of the role that would make it. See README.md (Developing) for the emulator gaps
// worked around here.
//
//   1. bootstrap, as an administrator (calls not evaluated)
//   2. trust of both roles for each workflow event, both subject formats; the README's
//      environment branch policy (with local state: that no role trusts GitHub at all)
//   3. init + plan as the plan role (a pull request's run), on the S3 backend
//   4. init + plan + apply as the deploy role (the first push to main); with local state both
//      as a person holding the bootstrap's output deploy_policy
//   4b. the HTTP API stage read back: each http-api route carries its function's throttling
//   5. `update --set memory=…` (and throttle-rate for an http-api function: UpdateStage) and a new
//      package, plan + apply: in place, new version, alias moved, the stage holds the new rate,
//      and no schedule drifts (every CreateSchedule/UpdateSchedule input is checked: schedule.ts)
//   6. destroy as the deploy role, then nothing of the functions may be left
// Works on repos with any number of functions: each gets its package (or image), the change
// is made to the first one (`--set <Name>.memory=…` when there are several).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { cp } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { deployEnvironment } from '../../generators/context.js';
import { ourRepo, subjectPrefix } from '../support/iam.js';
import { createBucket, createRole } from './admin.js';
import { destroyEnding, Session, Stop, type RehearsalResult } from './session.js';
import { errorsOf, localFiles } from './terraform.js';
import { stageRouteSettings, throttleProblems } from './stage.js';
import { environmentPolicyProblems, githubTrustProblems, trustProblems } from './trust.js';

export type { RehearsalResult } from './session.js';

export interface RehearsalOptions {
  /** The built bin that runs `update` (dist/cli.cjs). */
  bin: string;
  /** Progress lines. */
  log?: (line: string) => void;
  /** Also re-apply the bootstrap for immutable subjects and check their trust (about 20 s more). Default true. */
  bothSubjectFormats?: boolean;
  /** Stop after the first deploy (no change, no destroy): for checks that only need its calls. */
  stopAfterFirstDeploy?: boolean;
  /** Skip step 5 (the change through `update`): first deploy, then destroy. */
  skipChange?: boolean;
  /** Checks of what the first deploy made, run right after it (their failures fail the rehearsal). */
  afterFirstDeploy?: (s: Session) => Promise<void>;
}

export const github = `${ourRepo.owner}/${ourRepo.repo}`;

/** Steps 1 and 2: what a person prepares, the bootstrap as an administrator, and the roles' trust. */
export async function bootstrapAndTrust(s: Session, options: { bothSubjectFormats?: boolean }): Promise<void> {
  const answers = s.answers;
  if (answers.existingRole) {
    await createRole(s.a, answers.existingRole);
    s.keep('role', answers.existingRole);
  }
  if (answers.artifactBucket) {
    await createBucket(s.a, answers.artifactBucket);
    s.keep('bucket', answers.artifactBucket);
  }
  await s.applyBootstrap(github);
  s.log(`bootstrap applied: ${s.model.resources.filter((r) => r.mode === 'managed').length} resources`);

  const environment = deployEnvironment({ repoPath: answers.repoPath ?? '', prefix: answers.prefix });
  if (answers.state === 'local') {
    // CI never deploys with local state, so no role may trust GitHub (issue 24): none to check.
    s.failures.push(...githubTrustProblems(s.model, environment));
    s.notes.push(`trust: local state, no role trusting GitHub's OIDC provider (${s.model.roles.length} roles in the bootstrap)`);
    s.log('trust checked');
    return;
  }
  s.failures.push(...trustProblems(s.roles(), 'classic', s.oidcProvider, environment, answers.deployGate));
  const bootstrapVariables = readFileSync(join(s.scratch, 'infra/bootstrap/variables.tf'), 'utf8');
  if (options.bothSubjectFormats === false) {
    s.notes.push('trust: immutable subjects not rehearsed (bothSubjectFormats: false)');
  } else if (/variable "github_subject_prefix"/.test(bootstrapVariables)) {
    await s.applyBootstrap(github, [`-var=github_subject_prefix=${subjectPrefix(ourRepo, 'immutable')}`]);
    // Given the IDs (as setup.sh gives them), the roles take both forms GitHub may send.
    s.failures.push(...trustProblems(s.roles(), 'immutable', s.oidcProvider, environment, answers.deployGate));
    s.failures.push(...trustProblems(s.roles(), 'classic', s.oidcProvider, environment, answers.deployGate));
  } else {
    s.failures.push('trust: the bootstrap has no github_subject_prefix variable, so immutable subjects (repo:OWNER@ID/REPO@ID) cannot be trusted');
  }
  // The documented one-time setup (the README, and the script it may hand the steps to) must
  // restrict the environment the workflow deploys from; a workflow that never deploys has none.
  const workflows = join(s.scratch, '.github', 'workflows');
  const deploysFromEnvironment = existsSync(workflows) && readdirSync(workflows).some((f) => /^\s*environment:/m.test(readFileSync(join(workflows, f), 'utf8')));
  if (deploysFromEnvironment) {
    const setup = ['README.md', 'infra/bootstrap/setup.sh'].map((f) => join(s.scratch, f)).filter((f) => existsSync(f));
    s.failures.push(...environmentPolicyProblems(setup.map((f) => readFileSync(f, 'utf8')).join('\n'), environment));
  } else {
    s.notes.push('the workflow deploys from no GitHub environment: no environment branch policy to check');
  }
  s.log('trust checked');
}

/** Steps 3 and 4: a pull request's init and plan as the plan role, then the first push's apply as the deploy role. */
export async function firstDeploy(s: Session): Promise<void> {
  await s.build('build-1');
  // With local state the person deploying plans and applies with the deploy_policy output.
  const { plan: planRole, deploy: deployRole } = s.answers.state === 'local' ? { plan: s.localDeployer(), deploy: s.localDeployer() } : s.roles();
  s.log('package ready');
  const init = s.initArgs();
  s.must(await s.infra(planRole, 'plan role init', init), 'init (plan role)');
  const plan = await s.infra(planRole, 'plan role plan', ['plan', '-input=false', '-lock=false']);
  if (plan.exitCode !== 0) s.failures.push(`plan as the plan role failed: ${errorsOf(plan.output)}`);
  s.log(`plan role: ${plan.calls.length} calls`);
  // The workflow plans to a file and applies it; one `apply` makes the same calls (the plan's
  // refresh and the changes) in one run.
  const apply = s.must(await s.infra(deployRole, 'first deploy apply', ['apply', '-auto-approve', '-input=false']), 'first apply (deploy role)');
  s.resources += Number(/Resources: (\d+) added/.exec(apply.output)?.[1] ?? 0);
  s.types = [...new Set((await s.state()).filter((r) => r.mode === 'managed').map((r) => r.type))].sort();
  // Each schedule's input was checked on its CreateSchedule (Session.evaluate, schedule.ts).
  const schedules = s.answers.functions.filter((f) => f.trigger === 'schedule').length;
  if (s.scheduleInputs < schedules) s.failures.push(`first deploy: ${schedules} scheduled functions but ${s.scheduleInputs} CreateSchedule inputs checked`);
  s.log(`first deploy: ${s.resources} resources, ${apply.calls.length} calls`);
}

export async function rehearse(repoDir: string, options: RehearsalOptions): Promise<RehearsalResult> {
  const s = await Session.open(repoDir, options.log ? { log: options.log } : {});
  let end: { destroyed: boolean; left: string[] } | undefined;
  try {
    await bootstrapAndTrust(s, options);
    await firstDeploy(s);
    if (options.afterFirstDeploy) await options.afterFirstDeploy(s);
    const first = s.answers.functions[0]!;
    const before = await s.functionState(first.functionName);
    const httpApi = s.answers.functions.some((f) => f.trigger === 'http-api');
    if (httpApi) s.failures.push(...throttleProblems('first deploy', await stageRouteSettings(s.a), s.answers.prefix, s.answers.functions));
    if (options.stopAfterFirstDeploy) throw new Stop();
    const deployRole = s.answers.state === 'local' ? s.localDeployer() : s.roles().deploy;
    if (options.skipChange) {
      s.notes.push('change step skipped (skipChange)');
      end = await s.destroy(deployRole);
      throw new Stop();
    }

    // 5. A change: an answer of the first function through `update`, and a new build.
    const memory = first.memory + 128;
    const set = s.answers.functions.length > 1 ? `${first.name}.memory=${memory}` : `memory=${memory}`;
    // An http-api function's rate too: the provider changes the deployed stage with
    // DeleteRouteSettings and UpdateStage, which the suite models (gaps/).
    const rate = first.trigger === 'http-api' ? first.throttleRate! + 10 : undefined;
    const sets = ['--set', set, ...(rate !== undefined ? ['--set', `${first.name}.throttle-rate=${rate}`] : [])];
    // `update` runs on an untouched copy of the repo (the scratch copy's mirror substitution
    // would read as a local edit and conflict); the scratch copy then takes its files.
    const pristine = join(s.work, 'pristine');
    await cp(repoDir, pristine, { recursive: true, filter: (src) => !localFiles(src) });
    const update = await execa('node', [options.bin, 'update', pristine, ...sets, '--yes', '--allow-dirty'], { reject: false, all: true });
    if (update.exitCode !== 0) throw new Error(`update ${sets.join(' ')} failed: ${update.all?.trim().split('\n').slice(-3).join(' / ')}`);
    await s.sync(pristine);
    await s.build('build-2');
    const changes = await s.plan(deployRole, 'change');
    if (!changes.some((c) => c.actions.includes('update'))) s.failures.push('change: the plan updates nothing in place');
    // Nothing about a schedule changes here (its target is the alias, whose ARN stays), so a
    // change to one is drift: the provider read back something other than what was sent.
    for (const c of changes.filter((x) => /(^|\.)aws_scheduler_schedule\./.test(x.address) && x.actions.join() !== 'no-op')) {
      s.failures.push(`change: the plan would ${c.actions.join('+')} ${c.address}, which the change does not touch: the schedule drifted (its input as Scheduler returns it differs from the configuration)`);
    }
    s.log('change planned');
    await s.applyPlan(deployRole, 'change');
    const after = await s.functionState(first.functionName);
    if (after.memory !== memory) s.failures.push(`change: the function's memory is ${after.memory} after the update, expected ${memory}`);
    if (!(Number(after.version) > Number(before.version))) s.failures.push(`change: no new version was published (version ${before.version} → ${after.version})`);
    if (after.alias !== after.version) s.failures.push(`change: the alias points at version ${after.alias}, not the new version ${after.version}`);
    s.log(`change: version ${before.version} → ${after.version}, alias at ${after.alias}`);
    if (rate !== undefined) {
      const changed = s.answers.functions.map((f, i) => (i === 0 ? { ...f, throttleRate: rate } : f));
      s.failures.push(...throttleProblems('change', await stageRouteSettings(s.a), s.answers.prefix, changed));
    }

    // 6. Destroy, as the deploy role, and look for anything left.
    end = await s.destroy(deployRole);
  } catch (error) {
    if (!(error instanceof Stop)) s.failures.push((error as Error).message);
  } finally {
    await s.close();
  }
  return s.result(options.stopAfterFirstDeploy ? 'stopped after the first deploy' : destroyEnding(end), end?.left);
}
