// The pipeline's rights for the operations pieces (issue 17), asked of a real IAM evaluator
// against the policies the bootstrap stack plans: the deploy role manages this repo's alarms,
// alarm topic and key, and nothing like them of anyone else; the execution role may send
// traces only when the function traces.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ACCOUNT, bootstrapIam, decide, functionIam, role, withBoundary, type Request } from './support/iam.js';
import { unlessOptedOut } from './support/optout.js';

const Ops = suite('ops IAM');
const register = unlessOptedOut(Ops, 'SKIP_TERRAFORM');

const region = 'us-east-1';
const withTopic = { alarmEmail: 'oncall@example.com', tracing: true };
const alarm = (name: string) => `arn:aws:cloudwatch:${region}:${ACCOUNT}:alarm:${name}`;
const topic = (name: string) => `arn:aws:sns:${region}:${ACCOUNT}:${name}`;
const key = `arn:aws:kms:${region}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const alias = (name: string) => `arn:aws:kms:${region}:${ACCOUNT}:alias/${name}`;
const ours = { 'aws:ResourceTag/Project': 'my-func' };
/** KMS authorizes a key through its key policy first: infra/alerting.tf's key policy lets the
 * account's IAM policies decide (its AccountIamPolicies statement), as here. */
const keyPolicy = {
  Version: '2012-10-17',
  Statement: [{ Sid: 'AccountIamPolicies', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' }],
};
const onKey = (action: string, context: Record<string, string | string[]> = ours): Request => ({ action, resource: key, context, resourcePolicy: keyPolicy });

const deployMay: Array<[string, Request]> = [
  ['put an alarm of the repo that notifies its topic', { action: 'cloudwatch:PutMetricAlarm', resource: alarm('my-func-errors'), context: { 'cloudwatch:AlarmActions': [topic('my-func-alarms')] } }],
  ['put an alarm of an added function', { action: 'cloudwatch:PutMetricAlarm', resource: alarm('my-func-worker-duration-p99'), context: { 'cloudwatch:AlarmActions': [topic('my-func-alarms')] } }],
  ['delete an alarm of the repo', { action: 'cloudwatch:DeleteAlarms', resource: alarm('my-func-throttles') }],
  ['create the alarm topic', { action: 'sns:CreateTopic', resource: topic('my-func-alarms') }],
  ['subscribe an e-mail address', { action: 'sns:Subscribe', resource: topic('my-func-alarms'), context: { 'sns:Protocol': 'email' } }],
  ['create a key tagged for the repo', { action: 'kms:CreateKey', resource: '*', context: { 'aws:RequestTag/Project': 'my-func', 'aws:TagKeys': ['Project', 'ManagedBy'] } }],
  ['tag the key it creates', onKey('kms:TagResource', { 'aws:RequestTag/Project': 'my-func', 'aws:TagKeys': ['Project', 'ManagedBy'] })],
  ['change the policy of the repo\'s key', onKey('kms:PutKeyPolicy')],
  ['schedule the deletion of the repo\'s key', onKey('kms:ScheduleKeyDeletion')],
  ['name the key with the repo\'s alias', { action: 'kms:CreateAlias', resource: alias('my-func-alarms') }],
  ['alias the repo\'s key', onKey('kms:CreateAlias')],
];

const deployMayNot: Array<[string, Request]> = [
  ['put another repo\'s alarm', { action: 'cloudwatch:PutMetricAlarm', resource: alarm('other-func-errors'), context: { 'cloudwatch:AlarmActions': [topic('my-func-alarms')] } }],
  ['make an alarm terminate instances', { action: 'cloudwatch:PutMetricAlarm', resource: alarm('my-func-errors'), context: { 'cloudwatch:AlarmActions': [`arn:aws:automate:${region}:ec2:terminate`] } }],
  ['create another topic', { action: 'sns:CreateTopic', resource: topic('other-alarms') }],
  ['subscribe an HTTPS endpoint', { action: 'sns:Subscribe', resource: topic('my-func-alarms'), context: { 'sns:Protocol': 'https' } }],
  ['create a key tagged for another project', { action: 'kms:CreateKey', resource: '*', context: { 'aws:RequestTag/Project': 'other', 'aws:TagKeys': ['Project'] } }],
  ['create an untagged key', { action: 'kms:CreateKey', resource: '*' }],
  ['change the policy of another key', onKey('kms:PutKeyPolicy', { 'aws:ResourceTag/Project': 'other' })],
  ['remove the Project tag from the repo\'s key', onKey('kms:UntagResource', { ...ours, 'aws:TagKeys': ['Project'] })],
  ['create another alias', { action: 'kms:CreateAlias', resource: alias('other-alarms') }],
  ['decrypt with the repo\'s key', onKey('kms:Decrypt')],
];

for (const [what, request] of deployMay) {
  register(`deploy role may ${what}`, async () => {
    const model = await bootstrapIam(withTopic);
    const got = await decide(role(model, 'deploy'), request);
    assert.is(got, 'Allowed', `${request.action} on ${request.resource}`);
  });
}
for (const [what, request] of deployMayNot) {
  register(`deploy role may not ${what}`, async () => {
    const model = await bootstrapIam(withTopic);
    const got = await decide(role(model, 'deploy'), request);
    assert.is.not(got, 'Allowed', `${request.action} on ${request.resource}`);
  });
}

register('plan role reads the alarms and the key but changes nothing', async () => {
  const plan = role(await bootstrapIam(withTopic), 'plan');
  assert.is(await decide(plan, { action: 'cloudwatch:DescribeAlarms', resource: alarm('my-func-errors') }), 'Allowed');
  assert.is(await decide(plan, onKey('kms:GetKeyPolicy')), 'Allowed');
  assert.is.not(await decide(plan, { action: 'cloudwatch:PutMetricAlarm', resource: alarm('my-func-errors'), context: { 'cloudwatch:AlarmActions': [] } }), 'Allowed');
  assert.is.not(await decide(plan, onKey('kms:PutKeyPolicy')), 'Allowed');
});

register('the execution role may send traces with --tracing, within the boundary, and not without', async () => {
  const trace = { action: 'xray:PutTraceSegments', resource: '*' };
  const traced = withBoundary(role(await functionIam(withTopic), 'execution'), await bootstrapIam(withTopic));
  assert.is(await decide(traced, trace), 'Allowed');
  const plain = withBoundary(role(await functionIam({}), 'execution'), await bootstrapIam({}));
  assert.is.not(await decide(plain, trace), 'Allowed');
});

Ops.run();
