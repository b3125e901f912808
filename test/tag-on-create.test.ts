// Tag on create, fail closed (test/rehearsal/tags.ts), proven on calls a deploy really sent and
// re-evaluated without another deploy: test/rehearsal/fixtures/tagged-creates.json holds every
// tagged create call of a first deploy with every trigger, tracing and the alarm topic, as the
// rehearsal recorded them. Each must map to its service's tag action, the bootstrap's deploy role
// must allow all of them, and the bootstrap without lambda:TagResource on event source mappings
// must be denied, naming the call. A tagged call without a table entry, or with a body that
// cannot be read, fails naming the call.
import { readFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { Given } from '../generators/answers/index.js';
import type { AwsCall } from './rehearsal/calls.js';
import { iamRequests, NoRule, type Scope } from './rehearsal/requests.js';
import { decideRequest } from './rehearsal/session.js';
import { isTaggingOperation, requestTags, TAG_ON_CREATE } from './rehearsal/tags.js';
import { ACCOUNT, bootstrapIam, copyOfRepo, planIam, role, type IamModel, type PolicyDocument } from './support/iam.js';
import { unlessOptedOut } from './support/optout.js';

const fixture = JSON.parse(readFileSync(new URL('./rehearsal/fixtures/tagged-creates.json', import.meta.url), 'utf8')) as { calls: Array<Omit<AwsCall, 'url'> & { url: string }> };
/** The recorded calls, in the harness's account (the emulator's is 123456789012). */
const recorded = (): AwsCall[] => fixture.calls.map((c) => {
  const text = JSON.stringify(c).replaceAll('123456789012', ACCOUNT);
  const parsed = JSON.parse(text) as Omit<AwsCall, 'url'> & { url: string };
  return { ...parsed, url: new URL(parsed.url) };
});
const byOperation = (operation: string): AwsCall => {
  const found = recorded().find((c) => c.operation === operation);
  assert.ok(found, `the fixture records a ${operation} call`);
  return found!;
};
const scope = (): Scope => ({ partition: 'aws', region: 'us-east-1', account: ACCOUNT, boundaries: new Map(), permissions: new Map(), mappings: new Map(), keys: new Map(), aliases: new Map() });
const call = (c: Omit<Partial<AwsCall>, 'url'> & { service: string; operation: string; url: string }): AwsCall => ({ source: 'provider', method: 'POST', body: '', status: 200, response: '', ...c, url: new URL(c.url) });

// The repo the fixture was recorded from (create with --tracing and --alarm-email, then add).
const given: Given = {
  prefix: 'repo',
  region: 'us-east-1',
  tracing: true,
  alarmEmail: 'oncall@example.com',
  functions: [
    { name: 'Repo', functionName: 'repo' },
    { name: 'Worker', trigger: 'sqs' },
    { name: 'Ingest', trigger: 's3' },
    { name: 'Nightly', trigger: 'schedule' },
    { name: 'Hook', trigger: 'function-url' },
  ],
};

const Rules = suite('tag on create: the table and the body shapes');

Rules('every recorded tagged create has its service\'s tag action on the resource it creates', () => {
  const expected: Record<string, [string, string]> = {
    CreateLogGroup: ['logs:TagResource', `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/aws/lambda/repo-nightly`],
    CreateRole: ['iam:TagRole', `arn:aws:iam::${ACCOUNT}:role/repo-ingest-execution`],
    CreateKey: ['kms:TagResource', '*'],
    CreateApi: ['apigateway:POST', ''],
    CreateFunction: ['lambda:TagResource', `arn:aws:lambda:us-east-1:${ACCOUNT}:function:repo-ingest`],
    CreateStage: ['apigateway:POST', ''],
    CreateTopic: ['sns:TagResource', `arn:aws:sns:us-east-1:${ACCOUNT}:repo-alarms`],
    PutMetricAlarm: ['cloudwatch:TagResource', `arn:aws:cloudwatch:us-east-1:${ACCOUNT}:alarm:repo-nightly-errors`],
    CreateQueue: ['sqs:TagQueue', `arn:aws:sqs:us-east-1:${ACCOUNT}:repo-worker-dlq`],
    CreateEventSourceMapping: ['lambda:TagResource', `arn:aws:lambda:us-east-1:${ACCOUNT}:event-source-mapping:`],
  };
  const calls = recorded();
  assert.equal(calls.map((c) => c.operation).sort(), Object.keys(expected).sort());
  for (const c of calls) {
    assert.equal(requestTags(c), { ManagedBy: 'terraform', Project: 'repo' }, `${c.operation}: tags as sent`);
    const tagged = iamRequests(c, scope()).filter((r) => r.call.endsWith(', with tags'));
    assert.is(tagged.length, 1, `${c.operation}: one tag request`);
    const [action, resource] = expected[c.operation]!;
    assert.is(tagged[0]!.action, action, c.operation);
    assert.ok(tagged[0]!.resource.startsWith(resource), `${c.operation}: ${tagged[0]!.resource}`);
    // The tag condition keys a policy can test (API Gateway's tag path takes none).
    if (action !== 'apigateway:POST') assert.equal(tagged[0]!.context['aws:TagKeys'], Object.keys(requestTags(c)!), c.operation);
  }
  // The mapping's ARN is the one Lambda returned; the API's tag path names the new API.
  assert.match(iamRequests(byOperation('CreateEventSourceMapping'), scope()).at(-1)!.resource, /event-source-mapping:[0-9a-f-]{36}$/);
  assert.match(iamRequests(byOperation('CreateApi'), scope()).at(-1)!.resource, /::\/tags\/arn:aws:apigateway:us-east-1::\/apis\/\w+$/);
  assert.equal(iamRequests(byOperation('CreateLogGroup'), scope()).at(-1)!.anyOf, ['logs:TagLogGroup']);
});

Rules('a recorded package upload carries its tags in x-amz-tagging and needs s3:PutObjectTagging on the object', () => {
  const upload = JSON.parse(readFileSync(new URL('./rehearsal/fixtures/tagged-object-upload.json', import.meta.url), 'utf8')).calls[0] as Omit<AwsCall, 'url'> & { url: string };
  const c: AwsCall = { ...upload, url: new URL(upload.url) };
  assert.equal(requestTags(c), { ManagedBy: 'terraform', Project: 'existing' });
  assert.equal(iamRequests(c, scope()).map((r) => [r.action, r.resource, r.context]), [
    ['s3:PutObject', 'arn:aws:s3:::my-artifacts/existing/bootstrap.zip', {}],
    ['s3:PutObjectTagging', 'arn:aws:s3:::my-artifacts/existing/bootstrap.zip', { 's3:RequestObjectTag/ManagedBy': 'terraform', 's3:RequestObjectTag/Project': 'existing', 's3:RequestObjectTagKeys': ['ManagedBy', 'Project'] }],
  ]);
});

Rules('tags are read in every body shape the services use', () => {
  const tags = { Project: 'repo', ManagedBy: 'terraform' };
  const shapes: Array<[string, AwsCall]> = [
    ['JSON Tags map', call({ service: 'Lambda', operation: 'CreateFunction', url: 'http://h/2015-03-31/functions', body: JSON.stringify({ FunctionName: 'f', Tags: tags }) })],
    ['JSON tags map', call({ service: 'SQS', operation: 'CreateQueue', url: 'http://h/', body: JSON.stringify({ QueueName: 'q', tags }) })],
    ['JSON TagKey/TagValue list', call({ service: 'KMS', operation: 'CreateKey', url: 'http://h/', body: JSON.stringify({ Tags: [{ TagKey: 'Project', TagValue: 'repo' }, { TagKey: 'ManagedBy', TagValue: 'terraform' }] }) })],
    ['JSON Key/Value list', call({ service: 'ECR', operation: 'CreateRepository', url: 'http://h/', body: JSON.stringify({ repositoryName: 'r', tags: [{ Key: 'Project', Value: 'repo' }, { Key: 'ManagedBy', Value: 'terraform' }] }) })],
    ['query Tags.member.N', call({ service: 'IAM', operation: 'CreateRole', url: 'http://h/', body: 'Action=CreateRole&RoleName=r&Tags.member.1.Key=Project&Tags.member.1.Value=repo&Tags.member.2.Key=ManagedBy&Tags.member.2.Value=terraform' })],
    ['query Tag.N', call({ service: 'SQS', operation: 'CreateQueue', url: 'http://h/', body: 'Action=CreateQueue&QueueName=q&Tag.1.Key=Project&Tag.1.Value=repo&Tag.2.Key=ManagedBy&Tag.2.Value=terraform' })],
    ['S3 x-amz-tagging header', call({ service: 'S3', operation: 'PutObject', method: 'PUT', url: 'http://h/b/f/bootstrap.zip', body: '[Redacted: 300 bytes, Type: application/zip]', headers: { x_amz_tagging: 'Project=repo&ManagedBy=terraform' } })],
    ['S3 XML Tags', call({ service: 'S3', operation: 'CreateBucket', method: 'PUT', url: 'http://h/b', body: '<CreateBucketConfiguration><Tags><Tag><Key>Project</Key><Value>repo</Value></Tag><Tag><Key>ManagedBy</Key><Value>terraform</Value></Tag></Tags></CreateBucketConfiguration>' })],
  ];
  for (const [shape, c] of shapes) {
    assert.equal(requestTags(c), tags, shape);
    // The SQS rule reads the JSON protocol the provider uses; the query form is read for tags only.
    if (shape === 'query Tag.N') continue;
    const tagged = iamRequests(c, scope()).filter((r) => r.call.endsWith(', with tags'));
    assert.is(tagged.length, 1, `${shape}: a tag request`);
  }
  const object = iamRequests(shapes[6]![1], scope()).at(-1)!;
  assert.equal([object.action, object.resource, object.context['s3:RequestObjectTagKeys']], ['s3:PutObjectTagging', 'arn:aws:s3:::b/f/bootstrap.zip', ['Project', 'ManagedBy']]);
  // No tags, no tag request; tagging calls are their own tag action.
  assert.is(requestTags(call({ service: 'Lambda', operation: 'CreateAlias', url: 'http://h/', body: JSON.stringify({ Name: 'production' }) })), undefined);
  assert.is(requestTags(call({ service: 'S3', operation: 'PutObject', url: 'http://h/b/k', body: '[Redacted: 3 bytes]', headers: { content_type: 'application/json' } })), undefined);
  assert.ok(isTaggingOperation('TagResource') && isTaggingOperation('PutBucketTagging') && isTaggingOperation('UntagQueue') && !isTaggingOperation('CreateTopic'));
  assert.equal(iamRequests(call({ service: 'Lambda', operation: 'TagResource', url: 'http://h/2017-03-31/tags/arn:aws:lambda:us-east-1:1:function:f', body: JSON.stringify({ Tags: tags }) }), scope()).length, 1);
});

Rules('fails closed: a tagged call the table lacks fails, naming the call', () => {
  const mapping = byOperation('CreateEventSourceMapping');
  const { Lambda, ...others } = TAG_ON_CREATE;
  const withoutMappings = { ...others, Lambda: { ...Lambda!, operations: { CreateFunction: Lambda!.operations.CreateFunction! } } };
  assert.throws(
    () => iamRequests(mapping, scope(), withoutMappings),
    (e: Error) => e instanceof NoRule && e.message.includes('Lambda CreateEventSourceMapping (POST /2015-03-31/event-source-mappings)') && /carries tags \(Project, ManagedBy\)/.test(e.message),
  );
  // A service with no table at all, and an operation no table has.
  assert.throws(() => iamRequests(call({ service: 'Scheduler', operation: 'CreateSchedule', url: 'http://h/schedules/x', body: JSON.stringify({ Tags: [{ Key: 'a', Value: 'b' }] }) }), scope()), (e: Error) => e instanceof NoRule && /Scheduler CreateSchedule .* carries tags \(a\)/.test(e.message));
  // A body the log cut where tags could hide.
  assert.throws(() => iamRequests(call({ service: 'Lambda', operation: 'CreateFunction', url: 'http://h/2015-03-31/functions', body: '{"FunctionName":"f","Code":{"ZipFile":"UEsDB', truncated: true }), scope()), (e: Error) => e instanceof NoRule && /Lambda CreateFunction .*not readable JSON \(the SDK truncated it/.test(e.message));
});

Rules.run();

const Bootstrap = suite('tag on create: the recorded calls under the bootstrap\'s deploy role');
const test = unlessOptedOut(Bootstrap, 'SKIP_TERRAFORM');

/** Every request of every recorded call as the deploy role: the denials, each naming its call. */
async function denials(model: IamModel): Promise<string[]> {
  const deploy = role(model, 'deploy');
  const s = scope();
  const out: string[] = [];
  for (const c of recorded()) {
    for (const request of iamRequests(c, s)) {
      const decision = await decideRequest(deploy, request, ACCOUNT, request.resourcePolicy as PolicyDocument | undefined);
      if (decision !== 'Allowed') out.push(`${request.action} on ${request.resource}, for ${request.call}`);
    }
  }
  return out;
}

test('the deploy role allows every recorded tagged create, the mapping\'s tags included', async () => {
  assert.equal(await denials(await bootstrapIam(given)), []);
});

test('seeded fault: without lambda:TagResource on event source mappings, the mapping\'s create is denied by name', async () => {
  const dir = await copyOfRepo(given);
  const file = join(dir, 'infra/bootstrap/triggers_sqs.tf');
  const text = await readFile(file, 'utf8');
  const cut = text.replace(/\n  # Lambda authorizes tags on a new mapping[\s\S]*?\n  statement \{\n    sid\s+= "TagQueueMappings"[\s\S]*?\n  \}\n/, '\n');
  assert.is.not(cut, text, 'the TagQueueMappings statement is where this test expects it');
  await writeFile(file, cut);
  const denied = await denials((await planIam(dir, 'infra/bootstrap')).model);
  assert.is(denied.length, 1, denied.join('\n'));
  assert.match(denied[0]!, /^lambda:TagResource on arn:aws:lambda:us-east-1:\d+:event-source-mapping:[0-9a-f-]{36}, for Lambda CreateEventSourceMapping \(POST \/2015-03-31\/event-source-mappings\), with tags$/);
});

Bootstrap.run();
