// The on-failure queues (issue 24) under the IAM harness (test/support/iam.ts): each S3 or
// schedule function's execution role may send to its own on-failure queue and to no other
// queue, within the bootstrap's execution boundary. The rehearsal cannot show this: it sees
// Terraform's calls, never the function's (Lambda sends the failure record as the execution
// role). Policies come from offline plans of infra/ (the execution roles) and infra/bootstrap/
// (the boundary); a seeded fault, a wider queue ARN in the module, must fail by name.
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { Given } from '../generators/answers/index.js';
import { ACCOUNT, OTHER_ACCOUNT, bootstrapIam, copyOfRepo, decide, planCopy, withBoundary, type IamModel } from './support/iam.js';
import { unlessOptedOut } from './support/optout.js';

const given: Given = {
  prefix: 'orders-api',
  functions: [
    // No sqs function: its consume policy names the queue's ARN, known only after apply. Its
    // queue names are still among those every role must not send to.
    { name: 'OrdersApi' },
    { name: 'Receipts', trigger: 's3', keyPrefix: 'in/' },
    { name: 'Nightly', trigger: 'schedule' },
  ],
};
const region = 'us-east-1';
const queue = (name: string, account = ACCOUNT) => `arn:aws:sqs:${region}:${account}:${name}`;
/** Each execution role and the one queue it may send to ('' for none). */
const senders: Array<[string, string]> = [
  ['orders-api-receipts-execution', queue('orders-api-receipts-on-failure')],
  ['orders-api-nightly-execution', queue('orders-api-nightly-on-failure')],
  ['orders-api-execution', ''],
];
/** The repo's on-failure queues, the queues an sqs function would have, and one of the same name in another account. */
const queues = [
  queue('orders-api-receipts-on-failure'),
  queue('orders-api-nightly-on-failure'),
  queue('orders-api-worker'),
  queue('orders-api-worker-dlq'),
  queue('orders-api-receipts-on-failure', OTHER_ACCOUNT),
];

/** What is wrong with the execution roles' rights to send: each problem names the role, the queue and what it got. */
async function sendProblems(functions: IamModel, bootstrap: IamModel): Promise<string[]> {
  const problems: string[] = [];
  for (const [name, own] of senders) {
    const found = functions.roles.find((r) => r.name === name);
    if (!found) {
      problems.push(`${name}: not in the plan`);
      continue;
    }
    const role = withBoundary(found, bootstrap);
    // What the role's own policies name, before the boundary narrows anything.
    for (const policy of role.inline) {
      for (const statement of [policy.document.Statement].flat() as Array<{ Action?: string | string[]; Resource?: string | string[] }>) {
        const actions = [statement.Action ?? []].flat();
        if (!actions.some((a) => a === 'sqs:SendMessage' || a === 'sqs:*' || a === '*')) continue;
        for (const resource of [statement.Resource ?? []].flat()) if (resource !== own) problems.push(`${name}: ${policy.name} grants sqs:SendMessage on ${resource}`);
      }
    }
    for (const target of queues) {
      const decision = await decide(role, { action: 'sqs:SendMessage', resource: target });
      const expected = target === own ? 'Allowed' : 'not allowed';
      if ((decision === 'Allowed') !== (target === own)) problems.push(`${name}: sqs:SendMessage on ${target} is ${decision}, expected ${expected}`);
    }
  }
  return problems;
}

/**
 * The function stack's IAM for a copy of the repo, after `edit`. The queues are named after their
 * functions, so planning their policies plans the functions, which hash their packages: the
 * repo's test fixtures stand in for them. The schedule's own role is left out (its file
 * removed): its policy names the alias's ARN, known only after apply, and it is not what this
 * test evaluates.
 */
async function functionStack(edit: (dir: string) => Promise<void> = async () => undefined): Promise<IamModel> {
  const dir = await copyOfRepo(given);
  await rm(join(dir, 'infra/nightly_schedule.tf'));
  await edit(dir);
  return (await planCopy(dir, 'infra', { vars: { region, package_dir: join(dir, 'infra/tests/fixtures') }, iamOnly: true })).model;
}

const Iam = suite('on-failure queues under an IAM evaluator');
const test = unlessOptedOut(Iam, 'SKIP_TERRAFORM');

test('each S3 or schedule function may send to its own on-failure queue only; the others to none', async () => {
  const problems = await sendProblems(await functionStack(), await bootstrapIam(given));
  assert.equal(problems, []);
});

test('the execution boundary allows sending to the repo\'s on-failure queues, not to its other queues', async () => {
  const boundary = (await bootstrapIam(given)).policies.get(`arn:aws:iam::${ACCOUNT}:policy/orders-api-execution-boundary`);
  assert.ok(boundary, 'the bootstrap creates the execution boundary');
  const anything = { principal: `arn:aws:iam::${ACCOUNT}:role/orders-api-receipts-execution`, address: 'x', name: 'x', arn: `arn:aws:iam::${ACCOUNT}:role/orders-api-receipts-execution`, trust: { Statement: [] }, managed: [], unresolvedManaged: [], boundary: boundary!, boundaryArn: 'x',
    inline: [{ name: 'anything', document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] } }] };
  assert.is(await decide(anything, { action: 'sqs:SendMessage', resource: queue('orders-api-receipts-on-failure') }), 'Allowed');
  assert.is(await decide(anything, { action: 'sqs:SendMessage', resource: queue('orders-api-on-failure') }), 'Allowed');
  assert.is.not(await decide(anything, { action: 'sqs:SendMessage', resource: queue('orders-api-worker') }), 'Allowed');
  assert.is.not(await decide(anything, { action: 'sqs:SendMessage', resource: queue('other-func-on-failure') }), 'Allowed');
  assert.is.not(await decide(anything, { action: 'sqs:SendMessage', resource: queue('orders-api-receipts-on-failure', OTHER_ACCOUNT) }), 'Allowed');
});

test('seeded fault: a send policy on every queue of the account fails, naming the wider resource and the queue it reaches', async () => {
  const model = await functionStack(async (dir) => {
    const file = join(dir, 'infra/modules/on-failure/main.tf');
    const text = await readFile(file, 'utf8');
    const wider = text.replace('resources = [local.queue_arn]', 'resources = ["arn:${data.aws_partition.current.partition}:sqs:${var.region}:${data.aws_caller_identity.current.account_id}:*"]');
    assert.is.not(wider, text, 'the send policy\'s resources are where this test expects them');
    await writeFile(file, wider);
  });
  const problems = await sendProblems(model, await bootstrapIam(given));
  assert.ok(problems.includes(`orders-api-receipts-execution: module.receipts_on_failure.aws_iam_role_policy.send[0] grants sqs:SendMessage on arn:aws:sqs:${region}:${ACCOUNT}:*`), problems.join('\n'));
  // The boundary keeps it off every other queue, but not off another function's on-failure queue.
  assert.ok(problems.includes(`orders-api-receipts-execution: sqs:SendMessage on ${queue('orders-api-nightly-on-failure')} is Allowed, expected not allowed`), problems.join('\n'));
  assert.not.ok(problems.some((p) => p.includes('orders-api-worker-dlq is Allowed') || p.includes(`${OTHER_ACCOUNT}:orders-api-receipts-on-failure is Allowed`)), problems.join('\n'));
});

Iam.run();
