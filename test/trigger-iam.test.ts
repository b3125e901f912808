// The bootstrap's trigger documents (infra/bootstrap/triggers_<t>.tf) under a real IAM
// evaluator: the plan role reads and the deploy role manages exactly the queues, buckets,
// schedules and roles of the repo's prefix, with the conditions that keep the roles from
// escalating, and the boundaries cap what a function's or a schedule's role can ever do.
// Policies come from an offline plan of the bootstrap stack (test/support/iam.ts): the plan and
// deploy roles with everything permissions.tf attaches, and the boundaries it creates.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { Given } from '../generators/answers/index.js';
import { ACCOUNT, OTHER_ACCOUNT, bootstrapIam, decideFor, role as roleOf, type IamModel, type NamedPolicy, type Request } from './support/iam.js';
import { unlessOptedOut } from './support/optout.js';

const given: Given = {
  prefix: 'orders-api',
  functions: [
    { name: 'OrdersApi' },
    { name: 'Worker', trigger: 'sqs' },
    { name: 'Receipts', trigger: 's3', keyPrefix: 'in/', keySuffix: '.pdf' },
    { name: 'Imports', trigger: 's3', sourceBucket: 'acme-imports', manageBucketNotifications: true },
    { name: 'Nightly', trigger: 'schedule' },
  ],
};
const region = 'us-east-1';
const fn = (name: string, account = ACCOUNT) => `arn:aws:lambda:${region}:${account}:function:${name}`;
const queue = (name: string, account = ACCOUNT) => `arn:aws:sqs:${region}:${account}:${name}`;
const schedule = (name: string) => `arn:aws:scheduler:${region}:${ACCOUNT}:schedule/default/${name}`;
const role = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;
const mapping = `arn:aws:lambda:${region}:${ACCOUNT}:event-source-mapping:fa123456-14a1-4fd2-9fec-83de64ad683d`;
const schedulerBoundary = `arn:aws:iam::${ACCOUNT}:policy/orders-api-scheduler-boundary`;

const Iam = suite('trigger permissions under an IAM evaluator');
const test = unlessOptedOut(Iam, 'SKIP_TERRAFORM');
let model: IamModel;

Iam.before(async () => {
  if (test === Iam) model = await bootstrapIam(given);
});

/** A role of the bootstrap plan as a caller: every policy permissions.tf attaches to it. */
function caller(name: 'plan' | 'deploy') {
  const found = roleOf(model, name);
  assert.is(found.unresolvedManaged.length, 0);
  return { principal: found.arn, identityPolicies: [...found.inline, ...found.managed] };
}
const planRole = () => caller('plan');
const deployRole = () => caller('deploy');
/** A customer managed policy the bootstrap creates, by name. */
function policy(name: string): NamedPolicy {
  const found = model.policies.get(`arn:aws:iam::${ACCOUNT}:policy/${name}`);
  assert.ok(found, `the bootstrap creates ${name}`);
  return found!;
}
/** An execution role with every action allowed by its own policy: what the boundary leaves. */
const underBoundary = (boundary: NamedPolicy, principal: string) => ({
  principal,
  identityPolicies: [{ name: 'anything', document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] } }],
  boundary,
});

async function expect(caller: { principal: string; identityPolicies: NamedPolicy[]; boundary?: NamedPolicy }, decision: 'Allowed' | 'ImplicitlyDenied', request: Request): Promise<void> {
  const result = await decideFor(caller, request);
  assert.is(result, decision, `${caller.principal} ${request.action} on ${request.resource} ${JSON.stringify(request.context ?? {})}`);
}

test('sqs: the deploy role manages the prefix queues and mappings to the prefix functions only', async () => {
  const deploy = deployRole();
  for (const name of ['orders-api-worker', 'orders-api-worker-dlq']) {
    await expect(deploy, 'Allowed', { action: 'sqs:CreateQueue', resource: queue(name) });
    await expect(deploy, 'Allowed', { action: 'sqs:SetQueueAttributes', resource: queue(name) });
    await expect(deploy, 'Allowed', { action: 'sqs:DeleteQueue', resource: queue(name) });
  }
  await expect(deploy, 'ImplicitlyDenied', { action: 'sqs:CreateQueue', resource: queue('other-func') });
  await expect(deploy, 'ImplicitlyDenied', { action: 'sqs:DeleteQueue', resource: queue('orders-api-worker', OTHER_ACCOUNT) });
  const target = (name: string) => ({ 'lambda:FunctionArn': `${fn(name)}:production` });
  await expect(deploy, 'Allowed', { action: 'lambda:CreateEventSourceMapping', resource: '*', context: target('orders-api-worker') });
  await expect(deploy, 'ImplicitlyDenied', { action: 'lambda:CreateEventSourceMapping', resource: '*', context: target('other-func') });
  await expect(deploy, 'Allowed', { action: 'lambda:UpdateEventSourceMapping', resource: mapping, context: target('orders-api-worker') });
  await expect(deploy, 'ImplicitlyDenied', { action: 'lambda:DeleteEventSourceMapping', resource: mapping, context: target('other-func') });
  await expect(deploy, 'Allowed', { action: 'lambda:GetEventSourceMapping', resource: mapping });
});

test('sqs: the plan role reads queues and mappings and changes nothing', async () => {
  const plan = planRole();
  await expect(plan, 'Allowed', { action: 'sqs:GetQueueAttributes', resource: queue('orders-api-worker') });
  await expect(plan, 'Allowed', { action: 'lambda:GetEventSourceMapping', resource: mapping });
  await expect(plan, 'ImplicitlyDenied', { action: 'sqs:SetQueueAttributes', resource: queue('orders-api-worker') });
  await expect(plan, 'ImplicitlyDenied', { action: 'lambda:CreateEventSourceMapping', resource: '*', context: { 'lambda:FunctionArn': `${fn('orders-api-worker')}:production` } });
});

test('sqs: the execution boundary lets a function poll the prefix queues only', async () => {
  const worker = underBoundary(policy('orders-api-execution-boundary'), role('orders-api-worker-execution'));
  for (const action of ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes']) {
    await expect(worker, 'Allowed', { action, resource: queue('orders-api-worker') });
  }
  await expect(worker, 'ImplicitlyDenied', { action: 'sqs:SendMessage', resource: queue('orders-api-worker') });
  await expect(worker, 'ImplicitlyDenied', { action: 'sqs:ReceiveMessage', resource: queue('other-func') });
});

test('s3: new prefix buckets are managed, an existing bucket only has its notifications changed', async () => {
  const deploy = deployRole();
  const bucket = `arn:aws:s3:::orders-api-receipts-${ACCOUNT}`;
  for (const action of ['s3:CreateBucket', 's3:PutBucketPolicy', 's3:PutBucketPublicAccessBlock', 's3:PutEncryptionConfiguration', 's3:PutBucketNotification', 's3:DeleteBucket']) {
    await expect(deploy, 'Allowed', { action, resource: bucket });
  }
  await expect(deploy, 'Allowed', { action: 's3:CreateBucket', resource: `arn:aws:s3:::orders-api-${ACCOUNT}` });
  await expect(deploy, 'ImplicitlyDenied', { action: 's3:CreateBucket', resource: `arn:aws:s3:::other-func-${ACCOUNT}` });
  await expect(deploy, 'ImplicitlyDenied', { action: 's3:CreateBucket', resource: 'arn:aws:s3:::orders-api-receipts' });
  await expect(deploy, 'ImplicitlyDenied', { action: 's3:PutBucketPolicy', resource: `arn:aws:s3:::${ACCOUNT}-orders-api-tfstate` });
  await expect(deploy, 'Allowed', { action: 's3:PutBucketNotification', resource: 'arn:aws:s3:::acme-imports' });
  await expect(deploy, 'Allowed', { action: 's3:ListBucket', resource: 'arn:aws:s3:::acme-imports' });
  for (const action of ['s3:PutBucketPolicy', 's3:DeleteBucket', 's3:PutObject', 's3:GetObject']) {
    await expect(deploy, 'ImplicitlyDenied', { action, resource: action.endsWith('Object') ? 'arn:aws:s3:::acme-imports/in/x.csv' : 'arn:aws:s3:::acme-imports' });
  }
});

test('s3: the invoke permission may name S3 only, on the prefix functions only', async () => {
  const deploy = deployRole();
  await expect(deploy, 'Allowed', { action: 'lambda:AddPermission', resource: `${fn('orders-api-receipts')}:production`, context: { 'lambda:Principal': 's3.amazonaws.com' } });
  await expect(deploy, 'ImplicitlyDenied', { action: 'lambda:AddPermission', resource: `${fn('orders-api-receipts')}:production`, context: { 'lambda:Principal': '*' } });
  await expect(deploy, 'ImplicitlyDenied', { action: 'lambda:AddPermission', resource: `${fn('other-func')}:production`, context: { 'lambda:Principal': 's3.amazonaws.com' } });
});

test('s3: the execution boundary lets a function read objects of the repo buckets only', async () => {
  const reader = underBoundary(policy('orders-api-execution-boundary'), role('orders-api-receipts-execution'));
  await expect(reader, 'Allowed', { action: 's3:GetObject', resource: `arn:aws:s3:::orders-api-receipts-${ACCOUNT}/in/a.pdf` });
  await expect(reader, 'Allowed', { action: 's3:GetObject', resource: 'arn:aws:s3:::acme-imports/x.csv' });
  await expect(reader, 'ImplicitlyDenied', { action: 's3:PutObject', resource: `arn:aws:s3:::orders-api-receipts-${ACCOUNT}/in/a.pdf` });
  await expect(reader, 'ImplicitlyDenied', { action: 's3:GetObject', resource: `arn:aws:s3:::${ACCOUNT}-orders-api-tfstate/orders-api/terraform.tfstate` });
});

test('schedule: schedules and their roles by prefix, the roles only within the scheduler boundary and only for Scheduler', async () => {
  const deploy = deployRole();
  await expect(deploy, 'Allowed', { action: 'scheduler:CreateSchedule', resource: schedule('orders-api-nightly') });
  await expect(deploy, 'ImplicitlyDenied', { action: 'scheduler:CreateSchedule', resource: schedule('other-func') });
  const schedulerRole = role('orders-api-nightly-scheduler');
  await expect(deploy, 'Allowed', { action: 'iam:CreateRole', resource: schedulerRole, context: { 'iam:PermissionsBoundary': schedulerBoundary } });
  await expect(deploy, 'ImplicitlyDenied', { action: 'iam:CreateRole', resource: schedulerRole, context: { 'iam:PermissionsBoundary': `arn:aws:iam::${ACCOUNT}:policy/AdministratorAccess` } });
  await expect(deploy, 'ImplicitlyDenied', { action: 'iam:PutRolePolicy', resource: schedulerRole });
  await expect(deploy, 'ImplicitlyDenied', { action: 'iam:CreateRole', resource: role('other-func-scheduler'), context: { 'iam:PermissionsBoundary': schedulerBoundary } });
  await expect(deploy, 'Allowed', { action: 'iam:PassRole', resource: schedulerRole, context: { 'iam:PassedToService': 'scheduler.amazonaws.com' } });
  await expect(deploy, 'ImplicitlyDenied', { action: 'iam:PassRole', resource: schedulerRole, context: { 'iam:PassedToService': 'lambda.amazonaws.com' } });
  await expect(deploy, 'ImplicitlyDenied', { action: 'iam:PassRole', resource: role('orders-api-nightly-execution'), context: { 'iam:PassedToService': 'scheduler.amazonaws.com' } });
  const plan = planRole();
  await expect(plan, 'Allowed', { action: 'scheduler:GetSchedule', resource: schedule('orders-api-nightly') });
  await expect(plan, 'ImplicitlyDenied', { action: 'scheduler:UpdateSchedule', resource: schedule('orders-api-nightly') });
});

test("schedule: the scheduler boundary caps a schedule's role at invoking the prefix functions' aliases", async () => {
  const scheduler = underBoundary(policy('orders-api-scheduler-boundary'), role('orders-api-nightly-scheduler'));
  await expect(scheduler, 'Allowed', { action: 'lambda:InvokeFunction', resource: `${fn('orders-api-nightly')}:production` });
  await expect(scheduler, 'Allowed', { action: 'lambda:InvokeFunction', resource: `${fn('orders-api')}:production` });
  await expect(scheduler, 'ImplicitlyDenied', { action: 'lambda:InvokeFunction', resource: `${fn('other-func')}:production` });
  await expect(scheduler, 'ImplicitlyDenied', { action: 'lambda:UpdateFunctionCode', resource: fn('orders-api-nightly') });
  await expect(scheduler, 'ImplicitlyDenied', { action: 'iam:CreateRole', resource: role('x') });
});

test('on-failure: the deploy role manages the prefix on-failure queues and the event invoke configs of versions and aliases only', async () => {
  const deploy = deployRole();
  for (const name of ['orders-api-receipts-on-failure', 'orders-api-nightly-on-failure', 'orders-api-on-failure']) {
    for (const action of ['sqs:CreateQueue', 'sqs:SetQueueAttributes', 'sqs:TagQueue', 'sqs:DeleteQueue']) await expect(deploy, 'Allowed', { action, resource: queue(name) });
  }
  await expect(deploy, 'ImplicitlyDenied', { action: 'sqs:CreateQueue', resource: queue('other-func-on-failure') });
  await expect(deploy, 'ImplicitlyDenied', { action: 'sqs:DeleteQueue', resource: queue('orders-api-nightly-on-failure', OTHER_ACCOUNT) });
  for (const action of ['lambda:PutFunctionEventInvokeConfig', 'lambda:UpdateFunctionEventInvokeConfig', 'lambda:DeleteFunctionEventInvokeConfig']) {
    await expect(deploy, 'Allowed', { action, resource: `${fn('orders-api-nightly')}:production` });
    await expect(deploy, 'ImplicitlyDenied', { action, resource: fn('orders-api-nightly') });
    await expect(deploy, 'ImplicitlyDenied', { action, resource: `${fn('other-func')}:production` });
  }
  const plan = planRole();
  await expect(plan, 'Allowed', { action: 'lambda:GetFunctionEventInvokeConfig', resource: `${fn('orders-api-receipts')}:production` });
  await expect(plan, 'Allowed', { action: 'sqs:GetQueueAttributes', resource: queue('orders-api-receipts-on-failure') });
  await expect(plan, 'ImplicitlyDenied', { action: 'lambda:PutFunctionEventInvokeConfig', resource: `${fn('orders-api-receipts')}:production` });
  await expect(plan, 'ImplicitlyDenied', { action: 'sqs:CreateQueue', resource: queue('orders-api-receipts-on-failure') });
});

Iam.run();
