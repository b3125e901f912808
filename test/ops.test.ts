// Issue 17, operable by default: the answers for logs, alarms and tracing (validated, with
// per-function overrides), the flags that set them, and what each renders.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { applyChanges, InputError, resolveAnswers, type Given } from '../generators/answers/index.js';
import { templateContext } from '../generators/context.js';
import { parseCommandLine } from '../lib/cli/args.js';
import { listTree, runBin, tempDir } from './support/bin.js';
import { renderAnswers } from './support/render.js';

const problemsOf = (given: Given): string[] => {
  try {
    resolveAnswers({ dirName: 'my-func', given });
    return [];
  } catch (error) {
    if (error instanceof InputError) return error.problems;
    throw error;
  }
};

test('defaults: JSON logs at INFO and WARN, alarms on, no e-mail, no tracing', () => {
  const a = resolveAnswers({ dirName: 'my-func', given: {} });
  assert.equal(
    { logFormat: a.logFormat, appLogLevel: a.appLogLevel, systemLogLevel: a.systemLogLevel, alarms: a.alarms, alarmEmail: a.alarmEmail, tracing: a.tracing },
    { logFormat: 'json', appLogLevel: 'INFO', systemLogLevel: 'WARN', alarms: true, alarmEmail: '', tracing: false },
  );
  assert.is(a.functions[0]!.appLogLevel, undefined, 'a function inherits unless it overrides');
});

const bad: Array<[string, Given, RegExp]> = [
  ['an app log level Lambda lacks', { appLogLevel: 'VERBOSE' as never }, /--app-log-level: "VERBOSE" is not allowed; use TRACE \| DEBUG \| INFO \| WARN \| ERROR \| FATAL/],
  ['a system log level Lambda lacks', { systemLogLevel: 'ERROR' as never }, /--system-log-level: "ERROR" is not allowed; use DEBUG \| INFO \| WARN/],
  ['a log format Lambda lacks', { logFormat: 'xml' as never }, /--log-format: "xml" is not allowed; use json \| text/],
  ['an e-mail without @', { alarmEmail: 'oncall.example.com' }, /--alarm-email: "oncall.example.com" is not an e-mail address/],
  ['two addresses', { alarmEmail: 'a@example.com,b@example.com' }, /--alarm-email: .* is not an e-mail address; use one address/],
  ['an address with a display name', { alarmEmail: 'On Call <oncall@example.com>' }, /is not an e-mail address/],
  ['an e-mail with alarms off', { alarmEmail: 'oncall@example.com', alarms: false }, /--alarm-email: no function has alarms to send/],
  [
    'a function level for text logs',
    { logFormat: 'text', functions: [{ name: 'Api', appLogLevel: 'DEBUG' }] },
    /--set Api\.app-log-level: log levels filter only JSON logs/,
  ],
  ['a function override Lambda lacks', { functions: [{ name: 'Api', systemLogLevel: 'TRACE' as never }] }, /--set Api\.system-log-level: "TRACE" is not allowed; use DEBUG \| INFO \| WARN/],
];
for (const [what, given, expected] of bad) {
  test(`refused: ${what}`, () => {
    const problems = problemsOf(given);
    assert.ok(problems.some((p) => expected.test(p)), problems.join('\n') || 'no problem reported');
  });
}

test('accepted: one plain address, and every level of Lambda\'s lists', () => {
  assert.equal(problemsOf({ alarmEmail: 'on-call+lambda@ops.example.co.uk' }), []);
  for (const level of ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'] as const) assert.equal(problemsOf({ appLogLevel: level }), []);
  for (const level of ['DEBUG', 'INFO', 'WARN'] as const) assert.equal(problemsOf({ systemLogLevel: level }), []);
});

test('a function override wins over the repo answer; the others inherit', () => {
  const a = resolveAnswers({
    dirName: 'shop',
    given: { tracing: false, functions: [{ name: 'Api' }, { name: 'Worker', trigger: 'none', appLogLevel: 'DEBUG', tracing: true, alarms: false }] },
  });
  const [api, worker] = templateContext(a, '0.0.0-test').functions;
  assert.equal([api!.appLogLevel, api!.tracingOn, api!.alarmsOn], ['INFO', false, true]);
  assert.equal([worker!.appLogLevel, worker!.tracingOn, worker!.alarmsOn], ['DEBUG', true, false]);
  const context = templateContext(a, '0.0.0-test');
  assert.equal([context.anyTracing, context.anyAlarms, context.alarmTopic], [true, true, false]);
});

test('update --set: repo answers plainly, overrides as <Name>.key; repo-only answers refuse the function form', () => {
  const args = parseCommandLine(['update', '--set', 'tracing=true', '--set', 'Worker.app-log-level=DEBUG', '--set', 'Worker.alarms=false']);
  assert.is(args.command, 'update');
  if (args.command !== 'update') return;
  assert.equal(args.given, { tracing: true });
  assert.equal(args.byFunction, { Worker: { appLogLevel: 'DEBUG', alarms: false } });
  const recorded: Given = { prefix: 'shop', functions: [{ name: 'Api', functionName: 'shop' }, { name: 'Worker', functionName: 'shop-worker', trigger: 'none' }] };
  const a = resolveAnswers({ dirName: 'shop', given: applyChanges(recorded, args.given, args.byFunction) });
  assert.is(a.tracing, true);
  assert.equal([a.functions[1]!.appLogLevel, a.functions[1]!.alarms], ['DEBUG', false]);
  assert.throws(() => parseCommandLine(['update', '--set', 'Worker.alarm-email=a@example.com']), /alarm-email is a repo-wide answer/);
});

test('create flags: --tracing, --no-alarms, --alarm-email, levels; contradictions refused', () => {
  const args = parseCommandLine(['x', '--tracing', '--no-alarms', '--app-log-level', 'DEBUG', '--log-format', 'json']);
  assert.equal(args.given, { tracing: true, alarms: false, appLogLevel: 'DEBUG', logFormat: 'json' });
  assert.throws(() => parseCommandLine(['x', '--tracing', '--no-tracing']), /--tracing and --no-tracing contradict each other/);
});

for (const args of [['--alarm-email', 'nobody'], ['--app-log-level', 'LOUD'], ['--no-alarms', '--alarm-email', 'oncall@example.com']]) {
  test(`bin: ${args.join(' ')} → exit 2, nothing written`, async () => {
    const parent = tempDir();
    const { exitCode, stderr } = await runBin([join(parent, 'my-func'), '--yes', ...args]);
    assert.is(exitCode, 2, stderr);
    assert.match(stderr, /alarm-email|app-log-level/);
    assert.equal(listTree(parent), []);
  });
}

test('render: alarms and their topic variable by default; nothing of them with --no-alarms', () => {
  const on = renderAnswers({});
  for (const path of ['infra/modules/alarms/main.tf', 'infra/alarms_my_func.tf', 'infra/alerting.tf', 'infra/tests/alarms.tftest.hcl']) {
    assert.ok(on.has(path), `${path} expected`);
  }
  assert.match(on.get('infra/alerting.tf')!, /variable "alarm_topic_arn"/);
  assert.not.match(on.get('infra/alerting.tf')!, /aws_sns_topic|aws_kms_key/, 'no topic without --alarm-email');
  assert.match(on.get('infra/bootstrap/ops.tf')!, /data "aws_iam_policy_document" "deploy_ops"/);
  const off = renderAnswers({ alarms: false });
  const leftovers = [...off.keys()].filter((p) => /alarm|alerting|bootstrap\/ops\.tf/.test(p));
  assert.equal(leftovers, [], 'no alarm files with --no-alarms');
});

test('render: --alarm-email creates the encrypted topic, its subscription and the KMS rights to manage it', () => {
  const files = renderAnswers({ alarmEmail: 'oncall@example.com' });
  const alerting = files.get('infra/alerting.tf')!;
  for (const expected of [/resource "aws_kms_key" "alarms"/, /enable_key_rotation\s+= true/, /kms_master_key_id = aws_kms_key\.alarms\.arn/, /protocol\s+= "email"/, /default\s+= "oncall@example\.com"/, /"cloudwatch\.amazonaws\.com"/]) {
    assert.match(alerting, expected);
  }
  assert.not.match(alerting, /kms_master_key_id\s*=\s*"alias\/aws\/sns"/, "the AWS-managed key cannot serve alarms");
  const ops = files.get('infra/bootstrap/ops.tf')!;
  assert.match(ops, /sid\s+= "CreateTaggedKey"/);
  assert.match(ops, /aws:ResourceTag\/Project/);
});

test('render: tracing adds the boundary document only when a function traces', () => {
  assert.not.match(renderAnswers({}).get('infra/bootstrap/ops.tf')!, /boundary_ops/);
  assert.match(renderAnswers({ tracing: true }).get('infra/bootstrap/ops.tf')!, /data "aws_iam_policy_document" "boundary_ops"/);
});

test.run();
