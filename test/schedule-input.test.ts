// The schedule's input as Scheduler receives and keeps it, with the real Terraform and AWS
// provider against the moto emulator (the deploy rehearsal's parts, on infra/modules/schedule
// alone, so it takes seconds rather than a whole deploy):
//
//   1. the module of releases before 0.4.0 (its input jsonencode()d) is applied: the
//      rehearsal's input check must fail on its CreateSchedule, naming the escaped keyword;
//   2. the current module replaces it, as `update` does in an existing repo: the plan updates the
//      schedule in place (no replacement, nothing destroyed), its UpdateSchedule passes the
//      check, and Scheduler then holds the literal keyword;
//   3. a second plan shows no change: the input Scheduler gives back is what was sent.
//
// Needs terraform and the suite's Python venv (moto); SKIP_REHEARSAL=1 skips it, counted as skipped.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { admin } from './rehearsal/admin.js';
import { startMoto, type Moto } from './rehearsal/moto.js';
import { scheduledTimeKeyword, scheduleInputProblem } from './rehearsal/schedule.js';
import { errorsOf, providerOverride, terraform, type Run } from './rehearsal/terraform.js';
import { missing, unlessOptedOut } from './support/optout.js';
import { renderAnswers } from './support/render.js';
import { currentScheduleInput, oldScheduleInput } from './support/schedule.js';
import { terraformAvailable } from './validators/terraform.js';

const Schedule = suite('schedule input against the emulator');
const test = unlessOptedOut(Schedule, 'SKIP_REHEARSAL');

const region = 'eu-west-1';
const rendered = renderAnswers({ trigger: 'schedule', region }, 'nightly');
const moduleText = rendered.get('infra/modules/schedule/main.tf')!;
// The module's other files (variables, outputs, versions), which the input change leaves alone.
const moduleFiles = [...rendered].filter(([path]) => path.startsWith('infra/modules/schedule/') && path !== 'infra/modules/schedule/main.tf');
const oldModuleText = moduleText.replace(currentScheduleInput, oldScheduleInput);

// The module's caller, as infra/nightly_schedule.tf is, plus the bootstrap's boundary policy the
// module's role names; the alias is only an ARN to Scheduler.
const root = `terraform {
  required_providers {
    aws = {
      source = "hashicorp/aws"
    }
  }
}

provider "aws" {
  region = "${region}"
}

resource "aws_iam_policy" "boundary" {
  name   = "nightly-scheduler-boundary"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "lambda:InvokeFunction", Resource = "*" }] })
}

module "nightly_schedule" {
  source = "./modules/schedule"

  prefix              = "nightly"
  function_name       = "nightly"
  alias_arn           = "arn:aws:lambda:${region}:123456789012:function:nightly:production"
  schedule_expression = "cron(0 2 * * ? *)"
  job                 = "nightly"

  depends_on = [aws_iam_policy.boundary]
}
`;

interface Outcome {
  oldCreate: { problem?: string; calls: number };
  updatePlan: { actions: Record<string, string[]> };
  update: { problem?: string; calls: number };
  stored?: string;
  secondPlanExit: number;
  secondPlan: string;
}

let moto: Moto | undefined;
let work: string | undefined;
let outcome: Promise<Outcome> | undefined;

const scheduleCalls = (r: Run, operation: string) => r.calls.filter((c) => c.service === 'Scheduler' && c.operation === operation);

async function rehearse(): Promise<Outcome> {
  if (!(await terraformAvailable())) throw new Error(missing('terraform', 'it is not on PATH', 'SKIP_REHEARSAL'));
  moto = await startMoto();
  work = await mkdtemp(join(tmpdir(), 'schedule-input-'));
  const stack = join(work, 'stack');
  const tf = terraform(work, work);
  const must = (r: Run, what: string): Run => {
    if (r.exitCode !== 0) throw new Error(`${what} failed: ${errorsOf(r.output)}`);
    return r;
  };
  const { mkdir } = await import('node:fs/promises');
  await mkdir(join(stack, 'modules', 'schedule'), { recursive: true });
  await writeFile(join(stack, 'main.tf'), root);
  await writeFile(join(stack, 'rehearsal_override.tf'), providerOverride(moto.endpoint));

  // 1. The module as releases before 0.4.0 emitted it.
  for (const [path, text] of moduleFiles) await writeFile(join(stack, 'modules', 'schedule', path.slice('infra/modules/schedule/'.length)), text);
  await writeFile(join(stack, 'modules', 'schedule', 'main.tf'), oldModuleText);
  must(await tf.run('stack', ['init', '-input=false']), 'init');
  const first = must(await tf.run('stack', ['apply', '-auto-approve', '-input=false']), 'apply of the old module');
  const creates = scheduleCalls(first, 'CreateSchedule');
  const oldCreate = { calls: creates.length, ...(creates[0] ? { problem: scheduleInputProblem(creates[0]) } : {}) };

  // 2. The current module, as `update` writes it into an existing repo.
  await writeFile(join(stack, 'modules', 'schedule', 'main.tf'), moduleText);
  must(await tf.run('stack', ['plan', '-input=false', '-out=tfplan']), 'plan of the current module');
  const show = must(await tf.run('stack', ['show', '-json', 'tfplan']), 'show');
  const json = JSON.parse(show.output.split('\n').find((l) => l.startsWith('{')) ?? '{}');
  const actions: Record<string, string[]> = {};
  for (const c of (json.resource_changes ?? []) as Array<{ address: string; mode: string; change: { actions: string[] } }>) {
    if (c.mode === 'managed') actions[c.address] = c.change.actions;
  }
  const applied = must(await tf.run('stack', ['apply', '-input=false', 'tfplan']), 'apply of the current module');
  const updates = scheduleCalls(applied, 'UpdateSchedule');
  const update = { calls: updates.length, ...(updates[0] ? { problem: scheduleInputProblem(updates[0]) } : {}) };
  const get = await admin(moto.endpoint, region).call('scheduler', { method: 'GET', path: '/schedules/nightly' });
  const stored = (JSON.parse(get.text || '{}') as { Target?: { Input?: string } }).Target?.Input;

  // 3. Nothing to do on a second plan: what Scheduler gives back is what was sent.
  const second = await tf.run('stack', ['plan', '-input=false', '-detailed-exitcode']);
  return { oldCreate, updatePlan: { actions }, update, ...(stored !== undefined ? { stored } : {}), secondPlanExit: second.exitCode, secondPlan: errorsOf(second.output) };
}

Schedule.before(() => {
  if (test === Schedule) {
    outcome = rehearse();
    outcome.catch(() => undefined);
  }
});

Schedule.after(async () => {
  await moto?.stop();
  if (work && process.env.KEEP_TEMP !== '1') await rm(work, { recursive: true, force: true });
});

test('the seeded fault: the jsonencode()d input of earlier releases fails the rehearsal check on CreateSchedule, by name', async () => {
  const { oldCreate } = await outcome!;
  assert.is(oldCreate.calls, 1, 'the old module creates its schedule once');
  assert.match(oldCreate.problem ?? '(no problem reported)', /^Scheduler CreateSchedule \(POST \/schedules\/nightly\): the schedule's Target\.Input carries the keyword escaped \(.*\\\\u003caws\.scheduler\.scheduled-time\\\\u003e.*\): Scheduler replaces only the literal <aws\.scheduler\.scheduled-time>/);
});

test('the current module updates the schedule in place: no replacement, nothing destroyed', async () => {
  const { actions } = (await outcome!).updatePlan;
  assert.equal(actions['module.nightly_schedule.aws_scheduler_schedule.schedule'], ['update'], JSON.stringify(actions));
  for (const [address, a] of Object.entries(actions)) assert.not.ok(a.includes('delete'), `${address}: ${a.join('+')}`);
});

test("the update sends the literal keyword, and Scheduler keeps it", async () => {
  const { update, stored } = await outcome!;
  assert.is(update.calls, 1, 'one UpdateSchedule');
  assert.is(update.problem, undefined);
  assert.ok(stored?.includes(`"${scheduledTimeKeyword}"`), `GetSchedule returns ${stored}`);
  assert.equal(JSON.parse(stored!), { job: 'nightly', scheduledTime: scheduledTimeKeyword });
});

test('a second plan shows no change: no drift from the input Scheduler reads back', async () => {
  const { secondPlanExit, secondPlan } = await outcome!;
  assert.is(secondPlanExit, 0, `terraform plan -detailed-exitcode: 0 is no change, 2 is a change, 1 an error (${secondPlan})`);
});

Schedule.run();
