// The deploy rehearsal's pure parts, without Terraform or the emulator: reading calls from a
// Terraform debug log, the explicit call-to-IAM rules, and the check of the documented
// environment branch policy. Each rule is shown to produce what IAM would authorize.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { parseCalls, type AwsCall } from './rehearsal/calls.js';
import { sendProblems } from './rehearsal/on-failure.js';
import { iamRequests, NoRule, toleratedDenial, type Scope } from './rehearsal/requests.js';
import { scheduleInputProblem } from './rehearsal/schedule.js';
import { environmentPolicyProblems } from './rehearsal/trust.js';
import { renderAnswers } from './support/render.js';

const test = suite('deploy rehearsal rules');

const scope = (): Scope => ({ partition: 'aws', region: 'eu-west-1', account: '123456789012', boundaries: new Map(), permissions: new Map() });
const call = (c: Omit<Partial<AwsCall>, 'url'> & { service: string; operation: string; url: string }): AwsCall => ({
  source: 'provider',
  method: 'GET',
  body: '',
  status: 200,
  response: '',
  ...c,
  url: new URL(c.url),
});

test('reads requests, bodies and statuses from a Terraform debug log', () => {
  const log = [
    '2026-11-29T22:24:24.458Z [DEBUG] provider.terraform-provider-aws_v5.100.0_x5: HTTP Request Sent: http.url=http://127.0.0.1:1/2015-03-31/functions tf_aws.sdk=aws-sdk-go-v2',
    '  http.request.body=',
    '  | {"FunctionName":"f","Role":"arn:aws:iam::123456789012:role/f-execution"}',
    '   http.method=POST rpc.service=Lambda tf_req_id=r1 rpc.method=CreateFunction tf_resource_type=aws_lambda_function',
    '2026-11-29T22:24:24.609Z [DEBUG] provider.terraform-provider-aws_v5.100.0_x5: HTTP Response Received: rpc.service=Lambda tf_req_id=r1 rpc.method=CreateFunction http.status_code=201',
    '2026-11-29T22:24:25.000Z [DEBUG] backend-s3: HTTP Request Sent: rpc.method=HeadObject rpc.service=S3 tf_backend.req_id=b1 http.method=HEAD http.url=http://127.0.0.1:1/bucket/key/terraform.tfstate',
    '2026-11-29T22:24:25.100Z [DEBUG] backend-s3: HTTP Response Received: rpc.method=HeadObject rpc.service=S3 tf_backend.req_id=b1 http.status_code=404',
    '2026-11-29T22:24:26.000Z [DEBUG] provider.terraform-provider-aws_v5.100.0_x5: HTTP Request Sent: rpc.service="CloudWatch Logs" rpc.method=DescribeLogGroups tf_req_id=r2 http.method=POST http.url=http://127.0.0.1:1/',
  ].join('\n');
  const calls = parseCalls(log);
  assert.equal(calls.length, 3);
  assert.equal([calls[0]!.service, calls[0]!.operation, calls[0]!.status, calls[0]!.source], ['Lambda', 'CreateFunction', 201, 'provider']);
  assert.equal(JSON.parse(calls[0]!.body).FunctionName, 'f');
  assert.equal([calls[1]!.source, calls[1]!.operation, calls[1]!.status, calls[1]!.url.pathname], ['backend', 'HeadObject', 404, '/bucket/key/terraform.tfstate']);
  assert.equal([calls[2]!.service, calls[2]!.status], ['CloudWatch Logs', 0]);
});

test('keeps request headers, and takes the SDK\'s truncation marker off a body that is whole', () => {
  const log = [
    '2026-11-29T22:24:24.458Z [DEBUG] provider.terraform-provider-aws_v5.100.0_x5: HTTP Request Sent: http.url=http://127.0.0.1:1/2015-03-31/functions tf_req_id=r1',
    '  http.request.body=',
    '  | {"FunctionName":"f","Tags":{"Project":"p"}}',
    '  | [truncated...]',
    '   http.method=POST rpc.service=Lambda rpc.method=CreateFunction http.request.header.content_type=application/json',
    '2026-11-29T22:24:25.000Z [DEBUG] provider.terraform-provider-aws_v5.100.0_x5: HTTP Request Sent: rpc.method=PutObject rpc.service=S3 tf_req_id=r2 http.method=PUT http.url=http://127.0.0.1:1/b/k http.request.header.x_amz_tagging="Project=p&ManagedBy=terraform" http.request.body="[Redacted: 3 bytes]"',
  ].join('\n');
  const [fn, object] = parseCalls(log);
  assert.equal([fn!.body, fn!.truncated, fn!.headers], ['{"FunctionName":"f","Tags":{"Project":"p"}}', true, { content_type: 'application/json' }]);
  assert.equal([object!.operation, object!.headers?.x_amz_tagging, object!.truncated], ['PutObject', 'Project=p&ManagedBy=terraform', undefined]);
});

test('S3: HeadObject on a missing key also needs ListBucket; ListObjectsV2 carries s3:prefix', () => {
  const found = iamRequests(call({ service: 'S3', operation: 'HeadObject', method: 'HEAD', url: 'http://h/b/f/terraform.tfstate', status: 404 }), scope());
  assert.equal(found.map((r) => [r.action, r.resource, r.context]), [
    ['s3:GetObject', 'arn:aws:s3:::b/f/terraform.tfstate', {}],
    ['s3:ListBucket', 'arn:aws:s3:::b', {}],
  ]);
  const present = iamRequests(call({ service: 'S3', operation: 'HeadObject', method: 'HEAD', url: 'http://h/b/f/terraform.tfstate', status: 200 }), scope());
  assert.equal(present.length, 1);
  const list = iamRequests(call({ service: 'S3', operation: 'ListObjectsV2', url: 'http://h/b?list-type=2&prefix=env%3A%2F' }), scope());
  assert.equal(list.map((r) => [r.action, r.resource, r.context]), [['s3:ListBucket', 'arn:aws:s3:::b', { 's3:prefix': 'env:/' }]]);
  assert.equal(iamRequests(call({ service: 'S3', operation: 'GetBucketEncryption', url: 'http://h/b?encryption=' }), scope())[0]!.action, 's3:GetEncryptionConfiguration');
});

test('API Gateway v2: the HTTP verb on the path, unversioned', () => {
  const [r] = iamRequests(call({ service: 'ApiGatewayV2', operation: 'CreateRoute', method: 'POST', url: 'http://h/v2/apis/abc/routes' }), scope());
  assert.equal([r!.action, r!.resource], ['apigateway:POST', 'arn:aws:apigateway:eu-west-1::/apis/abc/routes']);
  assert.ok(r!.unchecked);
});

test('Lambda: qualifiers, PassRole, tags on create, and the principal of a removed permission', () => {
  const s = scope();
  const create = iamRequests(
    call({ service: 'Lambda', operation: 'CreateFunction', method: 'POST', url: 'http://h/2015-03-31/functions', body: JSON.stringify({ FunctionName: 'f', Role: 'arn:aws:iam::123456789012:role/f-execution', Tags: { A: 'b' } }) }),
    s,
  );
  assert.equal(create.map((r) => [r.action, r.resource, r.context]), [
    ['lambda:CreateFunction', 'arn:aws:lambda:eu-west-1:123456789012:function:f', {}],
    ['iam:PassRole', 'arn:aws:iam::123456789012:role/f-execution', { 'iam:PassedToService': 'lambda.amazonaws.com' }],
    ['lambda:TagResource', 'arn:aws:lambda:eu-west-1:123456789012:function:f', { 'aws:RequestTag/A': 'b', 'aws:TagKeys': ['A'] }],
  ]);
  const add = iamRequests(
    call({ service: 'Lambda', operation: 'AddPermission', method: 'POST', url: 'http://h/2015-03-31/functions/f/policy?Qualifier=live', body: JSON.stringify({ StatementId: 'S', Principal: 'apigateway.amazonaws.com' }) }),
    s,
  );
  assert.equal([add[0]!.resource, add[0]!.context], ['arn:aws:lambda:eu-west-1:123456789012:function:f:live', { 'lambda:Principal': 'apigateway.amazonaws.com' }]);
  const remove = iamRequests(call({ service: 'Lambda', operation: 'RemovePermission', method: 'DELETE', url: 'http://h/2015-03-31/functions/f/policy/S?Qualifier=live' }), s);
  assert.equal(remove[0]!.context, { 'lambda:Principal': 'apigateway.amazonaws.com' });
  const alias = iamRequests(call({ service: 'Lambda', operation: 'GetAlias', url: 'http://h/2015-03-31/functions/f/aliases/live' }), s);
  assert.is(alias[0]!.resource, 'arn:aws:lambda:eu-west-1:123456789012:function:f:live');
});

test('IAM: role writes carry the boundary the role was created with; tags on create need TagRole', () => {
  const s = scope();
  const boundary = 'arn:aws:iam::123456789012:policy/f-execution-boundary';
  const create = iamRequests(
    call({ service: 'IAM', operation: 'CreateRole', method: 'POST', url: 'http://h/', body: `Action=CreateRole&RoleName=f-execution&PermissionsBoundary=${encodeURIComponent(boundary)}&Tags.member.1.Key=A&Tags.member.1.Value=b` }),
    s,
  );
  assert.equal(create.map((r) => [r.action, r.context]), [['iam:CreateRole', { 'iam:PermissionsBoundary': boundary }], ['iam:TagRole', { 'aws:RequestTag/A': 'b', 'aws:TagKeys': ['A'] }]]);
  const put = iamRequests(call({ service: 'IAM', operation: 'PutRolePolicy', method: 'POST', url: 'http://h/', body: 'Action=PutRolePolicy&RoleName=f-execution&PolicyName=p' }), s);
  assert.equal(put[0]!.context, { 'iam:PermissionsBoundary': boundary });
});

test('event source mappings: Get and Delete carry the function the Create response recorded', () => {
  const s = scope();
  const alias = 'arn:aws:lambda:eu-west-1:123456789012:function:f-worker:production';
  const create = iamRequests(
    call({ service: 'Lambda', operation: 'CreateEventSourceMapping', method: 'POST', url: 'http://h/2015-03-31/event-source-mappings/', body: JSON.stringify({ FunctionName: alias, EventSourceArn: 'arn:aws:sqs:eu-west-1:123456789012:f-worker' }), response: JSON.stringify({ UUID: 'u-1' }) }),
    s,
  );
  assert.equal(create.map((r) => [r.action, r.resource, r.context]), [['lambda:CreateEventSourceMapping', '*', { 'lambda:FunctionArn': alias }]]);
  const del = iamRequests(call({ service: 'Lambda', operation: 'DeleteEventSourceMapping', method: 'DELETE', url: 'http://h/2015-03-31/event-source-mappings/u-1' }), s);
  assert.equal(del.map((r) => [r.action, r.resource, r.context]), [['lambda:DeleteEventSourceMapping', 'arn:aws:lambda:eu-west-1:123456789012:event-source-mapping:u-1', { 'lambda:FunctionArn': alias }]]);
  // A mapping the rehearsal never saw created carries no function: a policy that requires one denies it.
  assert.equal(iamRequests(call({ service: 'Lambda', operation: 'GetEventSourceMapping', url: 'http://h/2015-03-31/event-source-mappings/other' }), s)[0]!.context, {});
});

test('SQS: the queue by name or URL; tags on create need TagQueue', () => {
  const create = iamRequests(call({ service: 'SQS', operation: 'CreateQueue', method: 'POST', url: 'http://h/', body: JSON.stringify({ QueueName: 'f-dlq', tags: { A: 'b' } }) }), scope());
  assert.equal(create.map((r) => [r.action, r.resource]), [['sqs:CreateQueue', 'arn:aws:sqs:eu-west-1:123456789012:f-dlq'], ['sqs:TagQueue', 'arn:aws:sqs:eu-west-1:123456789012:f-dlq']]);
  const get = iamRequests(call({ service: 'SQS', operation: 'GetQueueAttributes', method: 'POST', url: 'http://h/', body: JSON.stringify({ QueueUrl: 'http://h/123456789012/f' }) }), scope());
  assert.equal(get.map((r) => [r.action, r.resource]), [['sqs:GetQueueAttributes', 'arn:aws:sqs:eu-west-1:123456789012:f']]);
});

test("Scheduler: the schedule's input must carry the literal time keyword, on create and update", () => {
  const schedule = (operation: string, target: Record<string, unknown>) =>
    call({ service: 'Scheduler', operation, method: operation === 'CreateSchedule' ? 'POST' : 'PUT', url: 'http://h/schedules/f-nightly', body: JSON.stringify({ Name: 'f-nightly', Target: { Arn: 'x', RoleArn: 'r', ...target } }) });
  // As terraform-provider-aws sent it for releases before 0.4.0 (jsonencode escapes < and >;
  // the body is the provider's JSON, so the input's backslashes are escaped once more).
  const recorded = call({ service: 'Scheduler', operation: 'CreateSchedule', method: 'POST', url: 'http://h/schedules/f-nightly', body: String.raw`{"FlexibleTimeWindow":{"Mode":"OFF"},"Name":"f-nightly","Target":{"Arn":"x","Input":"{\"job\":\"nightly\",\"scheduledTime\":\"\\u003caws.scheduler.scheduled-time\\u003e\"}","RoleArn":"r"}}` });
  assert.match(scheduleInputProblem(recorded)!, /^Scheduler CreateSchedule \(POST \/schedules\/f-nightly\): the schedule's Target\.Input carries the keyword escaped .*: Scheduler replaces only the literal <aws\.scheduler\.scheduled-time>, so the function would get no time$/);
  const literal = '{"job": "nightly", "scheduledTime": "<aws.scheduler.scheduled-time>"}';
  for (const operation of ['CreateSchedule', 'UpdateSchedule']) assert.is(scheduleInputProblem(schedule(operation, { Input: literal })), undefined, operation);
  assert.match(scheduleInputProblem(schedule('UpdateSchedule', { Input: '{"job":"nightly","scheduledTime":"\\u003caws.scheduler.scheduled-time\\u003e"}' }))!, /^Scheduler UpdateSchedule .*carries the keyword escaped/);
  assert.match(scheduleInputProblem(schedule('CreateSchedule', { Input: '{"job":"nightly"}' }))!, /lacks the literal <aws\.scheduler\.scheduled-time> as a JSON string/);
  assert.match(scheduleInputProblem(schedule('CreateSchedule', {}))!, /Target\.Input is missing/);
  assert.is(scheduleInputProblem(call({ service: 'Scheduler', operation: 'GetSchedule', url: 'http://h/schedules/f-nightly' })), undefined, 'reads are not checked');
});

test('Scheduler: schedules in their group; creating one passes its role to scheduler.amazonaws.com', () => {
  const role = 'arn:aws:iam::123456789012:role/f-nightly-scheduler';
  const create = iamRequests(call({ service: 'Scheduler', operation: 'CreateSchedule', method: 'POST', url: 'http://h/schedules/f-nightly', body: JSON.stringify({ Target: { Arn: 'x', RoleArn: role } }) }), scope());
  assert.equal(create.map((r) => [r.action, r.resource, r.context]), [
    ['scheduler:CreateSchedule', 'arn:aws:scheduler:eu-west-1:123456789012:schedule/default/f-nightly', {}],
    ['iam:PassRole', role, { 'iam:PassedToService': 'scheduler.amazonaws.com' }],
  ]);
  const get = iamRequests(call({ service: 'Scheduler', operation: 'GetSchedule', url: 'http://h/schedules/f-nightly?groupName=g' }), scope());
  assert.is(get[0]!.resource, 'arn:aws:scheduler:eu-west-1:123456789012:schedule/g/f-nightly');
  assert.is(iamRequests(call({ service: 'S3', operation: 'PutBucketNotificationConfiguration', method: 'PUT', url: 'http://h/b?notification=' }), scope())[0]!.action, 's3:PutBucketNotification');
});

test('a call no rule covers fails, naming it; GetCallerIdentity needs no permission', () => {
  assert.throws(() => iamRequests(call({ service: 'SNS', operation: 'CreateTopic', url: 'http://h/' }), scope()), (e: Error) => e instanceof NoRule && /SNS CreateTopic/.test(e.message));
  assert.equal(iamRequests(call({ service: 'STS', operation: 'GetCallerIdentity', url: 'http://h/' }), scope()), []);
});

test('only the S3 bucket data source\'s website read may be denied harmlessly', () => {
  const read = call({ service: 'S3', operation: 'GetBucketWebsite', url: 'http://h/b?website=', resourceType: 'aws_s3_bucket', rpc: 'ReadDataSource' });
  assert.ok(toleratedDenial(read));
  // The managed bucket resource fails on the same denial, and other reads are not tolerated.
  assert.is(toleratedDenial({ ...read, rpc: 'ReadResource' }), undefined);
  assert.is(toleratedDenial({ ...read, operation: 'GetBucketPolicy' }), undefined);
});

test('documented setup: the environment must be restricted to main', () => {
  const restricted = [
    "echo '{\"deployment_branch_policy\":{\"protected_branches\":false,\"custom_branch_policies\":true}}' |",
    '  gh api --method PUT "repos/$REPO/environments/production" --input -',
    'gh api --method POST "repos/$REPO/environments/production/deployment-branch-policies" -f name=main -f type=branch',
  ].join('\n');
  assert.equal(environmentPolicyProblems(restricted, 'production'), []);
  assert.match(environmentPolicyProblems('gh api --method PUT repos/OWNER/REPO/environments/production', 'production').join(), /sets no deployment_branch_policy/);
  assert.match(environmentPolicyProblems(restricted.split('\n').slice(0, 2).join('\n'), 'production').join(), /no `gh api` command adds main/);
  assert.match(environmentPolicyProblems('nothing here', 'production').join(), /no `gh api` command creates the production environment/);
  // What the generator emits today (README, and setup.sh when there is one) must pass.
  const files = renderAnswers();
  const setup = ['README.md', 'infra/bootstrap/setup.sh'].map((f) => files.get(f) ?? '').join('\n');
  assert.equal(environmentPolicyProblems(setup, 'production'), []);
});

test('on-failure: the deployed role may send to its own queue only, and a wider grant fails naming the queue it reaches', async () => {
  const q = (name: string) => `arn:aws:sqs:eu-west-1:123456789012:${name}`;
  const role = (resource: string) => ({
    name: 'p-ingest-execution',
    arn: 'arn:aws:iam::123456789012:role/p-ingest-execution',
    policies: [{ name: 'send-to-on-failure-queue', document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: resource }] } }],
  });
  const others = [q('p-nightly-on-failure'), q('p-worker')];
  assert.equal(await sendProblems(role(q('p-ingest-on-failure')), q('p-ingest-on-failure'), others), []);
  // Seeded: the account's every queue.
  assert.equal(await sendProblems(role(q('*')), q('p-ingest-on-failure'), others), [
    `p-ingest-execution may sqs:SendMessage to ${q('p-nightly-on-failure')}, which is not its on-failure queue`,
    `p-ingest-execution may sqs:SendMessage to ${q('p-worker')}, which is not its on-failure queue`,
  ]);
  // Seeded: another function's queue only.
  assert.equal(await sendProblems(role(q('p-nightly-on-failure')), q('p-ingest-on-failure'), others), [
    `p-ingest-execution may not sqs:SendMessage to its on-failure queue ${q('p-ingest-on-failure')} (ImplicitlyDenied)`,
    `p-ingest-execution may sqs:SendMessage to ${q('p-nightly-on-failure')}, which is not its on-failure queue`,
  ]);
});

test.run();
