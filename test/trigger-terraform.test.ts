// The sqs, s3 and schedule wiring under real Terraform: every trigger module, its emitted
// `terraform test` file (mock provider, plan only) and the bootstrap's trigger documents pass
// `fmt`, `validate` and `test`, and each test file fails, naming the broken promise, when a
// seeded fault breaks the module (the mapping off the alias, the permission without its
// account, …). The trigger modules are checked in a stack of their own (infra/versions.tf, the
// modules, their tests, and infra/bootstrap), so these checks do not depend on the function
// module; matrix.test.ts runs the whole rendered infra/ on its trigger entries.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Given } from '../generators/answers/index.js';
import type { Files } from '../lib/render/render.js';
import { writeTree } from './support/bin.js';
import { unlessOptedOut } from './support/optout.js';
import { pool } from './support/pool.js';
import { renderAnswers } from './support/render.js';
import { currentScheduleInput, oldScheduleInput } from './support/schedule.js';
import { checkTerraform, type TerraformResult } from './validators/terraform.js';

const dirName = 'orders-api';
/** One function per trigger with non-default answers, next to an HTTP API (the bootstrap's
 * trigger documents render once per repo). */
const repo: Given = {
  framework: 'net8.0',
  functions: [
    { name: 'OrdersApi' },
    { name: 'Worker', trigger: 'sqs', batchSize: 50, batchingWindow: 5, maxReceiveCount: 3, timeout: 60 },
    { name: 'Receipts', trigger: 's3', keyPrefix: 'in/receipts ü/', keySuffix: '.pdf' },
    { name: 'Imports', trigger: 's3', sourceBucket: 'acme-imports', manageBucketNotifications: true },
    { name: 'Nightly', trigger: 'schedule', schedule: 'cron(0 2 ? * MON-FRI *)', scheduleTimezone: 'Europe/Berlin' },
  ],
};
/** The same triggers on an existing execution role: the modules grant nothing then. */
const existingRole: Given = {
  framework: 'net8.0',
  existingRole: 'my-lambda-role',
  functions: [
    { name: 'Worker', trigger: 'sqs', visibilityTimeout: 43200 },
    { name: 'Imports', trigger: 's3', sourceBucket: 'acme-imports', manageBucketNotifications: true, keyPrefix: 'a/' },
  ],
};

/** The trigger stack: what these checks need from a rendered repo (the bootstrap stack only
 * when asked: its own tests take most of a check's time). */
function triggerStack(files: Files, bootstrap: boolean): Files {
  const keep = (path: string) =>
    path === 'infra/versions.tf' ||
    path.startsWith('infra/modules/sqs/') ||
    path.startsWith('infra/modules/s3/') ||
    path.startsWith('infra/modules/schedule/') ||
    /^infra\/tests\/\w+_(queue|bucket|schedule)\.tftest\.hcl$/.test(path) ||
    (bootstrap && path.startsWith('infra/bootstrap/'));
  return new Map([...files].filter(([path]) => keep(path)));
}

const scratch: string[] = [];
const run = pool(2);
async function check(given: Given, options: { bootstrap?: boolean; edit?: (dir: string) => Promise<void> } = {}): Promise<TerraformResult> {
  const { bootstrap = false, edit } = options;
  return run(async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tf-triggers-'));
    scratch.push(dir);
    writeTree(dir, triggerStack(renderAnswers(given, dirName), bootstrap));
    await edit?.(dir);
    return checkTerraform(dir);
  });
}

async function replaceIn(file: string, from: string | RegExp, to: string): Promise<void> {
  const text = await readFile(file, 'utf8');
  assert.match(text, from, `${file} no longer contains ${String(from)}: update this test`);
  await writeFile(file, text.replace(from, to));
}

const report = (r: TerraformResult): string => `${r.status} in ${r.seconds}s\n  ${r.problems.join('\n  ')}\n  ${r.notes.join('\n  ')}`;

/** A fault in a module, the test file that must catch it, and the words its failure must say. */
const faults: Array<{ name: string; module: string; from: string | RegExp; to: string; test: string; says: RegExp }> = [
  {
    name: 'the mapping invokes the unqualified function',
    module: 'sqs',
    from: 'function_name                      = var.alias_arn',
    to: 'function_name                      = replace(var.alias_arn, ":production", "")',
    test: 'worker_queue',
    says: /must invoke the production alias/,
  },
  {
    // A qualified ARN as function_name reads back unqualified (terraform-provider-aws#38558), so
    // the permission names the function and the alias as its qualifier.
    name: 'S3 may invoke the unqualified function',
    module: 's3',
    from: '  qualifier      = var.alias_name\n',
    to: '',
    test: 'receipts_bucket',
    says: /S3 may invoke the production alias/,
  },
  {
    name: 'the mapping does not report item failures',
    module: 'sqs',
    from: 'function_response_types = ["ReportBatchItemFailures"]',
    to: 'function_response_types = []',
    test: 'worker_queue',
    says: /ReportBatchItemFailures/,
  },
  {
    name: 'the queue keeps the default visibility timeout',
    module: 'sqs',
    from: 'visibility_timeout_seconds = var.visibility_timeout',
    to: 'visibility_timeout_seconds = 30',
    test: 'worker_queue',
    says: /at least 6 x the 60 s function timeout/,
  },
  {
    name: 'the redrive policy ignores max_receive_count',
    module: 'sqs',
    from: 'maxReceiveCount     = var.max_receive_count',
    to: 'maxReceiveCount     = 10',
    test: 'worker_queue',
    says: /dead-letter queue after 3 receives/,
  },
  {
    name: 'the execution role may consume every queue',
    module: 'sqs',
    from: 'resources = [aws_sqs_queue.queue.arn]',
    to: 'resources = ["*"]',
    test: 'worker_queue',
    says: /its own queue only/,
  },
  {
    name: 'the invoke permission has no source account',
    module: 's3',
    from: /\n  source_account = data\.aws_caller_identity\.current\.account_id\n/,
    to: '\n',
    test: 'receipts_bucket',
    says: /source_account/,
  },
  {
    name: 'the execution role reads the whole bucket',
    module: 's3',
    from: 'resources = ["${local.bucket_arn}/${var.key_prefix}*${var.key_suffix}"]',
    to: 'resources = ["${local.bucket_arn}/*"]',
    test: 'receipts_bucket',
    says: /subscribed objects only/,
  },
  {
    name: 'the new bucket allows plain HTTP',
    module: 's3',
    from: 'variable = "aws:SecureTransport"',
    to: 'variable = "aws:SecureTransportz"',
    test: 'receipts_bucket',
    says: /refuse requests without TLS/,
  },
  {
    name: 'the schedule invokes the unqualified function',
    module: 'schedule',
    from: 'arn      = var.alias_arn',
    to: 'arn      = replace(var.alias_arn, ":production", "")',
    test: 'nightly_schedule',
    says: /must invoke the production alias/,
  },
  {
    // The input of releases before 0.4.0: jsonencode() writes the keyword as \u003c…\u003e,
    // which the jsondecode() assertion alone accepts.
    name: 'the input is jsonencode()d, escaping the Scheduler keyword',
    module: 'schedule',
    from: currentScheduleInput,
    to: oldScheduleInput,
    test: 'nightly_schedule',
    says: /literal keyword <aws\.scheduler\.scheduled-time>, not an escaped/,
  },
  {
    name: 'the scheduler role may invoke anything',
    module: 'schedule',
    from: 'resources = [var.alias_arn]',
    to: 'resources = ["*"]',
    test: 'nightly_schedule',
    says: /invoke this function's alias and nothing else/,
  },
];

const Terraform = suite('trigger wiring under terraform');
const test = unlessOptedOut(Terraform, 'SKIP_TERRAFORM');
const results = new Map<string, Promise<TerraformResult>>();

Terraform.before(() => {
  if (test !== Terraform) return;
  results.set('repo', check(repo, { bootstrap: true }));
  results.set('existing role', check(existingRole));
  // Every fault in one copy: terraform test reports each failed assertion of every run, and
  // each fault is named by an assertion of its own, so one plan per test file proves them all.
  results.set(
    'faults',
    check(repo, {
      edit: async (dir) => {
        for (const fault of faults) await replaceIn(join(dir, `infra/modules/${fault.module}/main.tf`), fault.from, fault.to);
      },
    }),
  );
  // Settled here so that a rejected check does not go unhandled before its test awaits it.
  for (const result of results.values()) result.catch(() => undefined);
});

Terraform.after(async () => {
  for (const dir of scratch) await rm(dir, { recursive: true, force: true });
});

test('every trigger module, its tests and the bootstrap (with its trigger documents) pass fmt, validate and test', async () => {
  const result = await results.get('repo')!;
  assert.is(result.status, 'passed', report(result));
});

test('with an existing execution role the modules grant nothing and still pass', async () => {
  const result = await results.get('existing role')!;
  assert.is(result.status, 'passed', report(result));
});

for (const fault of faults) {
  test(`a seeded fault fails its test: ${fault.name}`, async () => {
    const result = await results.get('faults')!;
    assert.is(result.status, 'failed', report(result));
    const line = new RegExp(`^infra/tests/${fault.test}\\.tftest\\.hcl:\\d+: terraform test \\(run "\\w+"\\): Test assertion failed: `);
    assert.ok(result.problems.some((p) => line.test(p) && fault.says.test(p)), report(result));
  });
}

Terraform.run();
