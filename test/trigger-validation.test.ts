// Bad trigger answers through the built bin: exit 2, a message saying what is allowed, and
// nothing written. One case per rule of the sqs, s3 and schedule answers (their rows in generators/answers/options/triggers.ts).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { InputError, resolveAnswers, type Given } from '../generators/answers/index.js';
import { runBin, tempDir } from './support/bin.js';

const badInputs: Array<[string, string[], RegExp]> = [
  // Schedules: both forms appear in the message, whatever was wrong.
  ['schedule: not an expression', ['--trigger', 'schedule', '--schedule', 'every 5 minutes'], /--schedule: "every 5 minutes" is not a schedule expression; use rate\(VALUE UNIT\) such as "rate\(5 minutes\)".*cron\(MIN HOUR DAY-OF-MONTH MONTH DAY-OF-WEEK YEAR\).*"cron\(0 8 \* \* \? \*\)"/],
  ['schedule: plural unit for 1', ['--trigger', 'schedule', '--schedule', 'rate(1 minutes)'], /--schedule: "rate\(1 minutes\)" is not a schedule expression; .*plural above 1/],
  ['schedule: five cron fields', ['--trigger', 'schedule', '--schedule', 'cron(0 8 * * ?)'], /--schedule: "cron\(0 8 \* \* \?\)" is not a schedule expression; use rate/],
  ['schedule: no ? day field', ['--trigger', 'schedule', '--schedule', 'cron(0 8 * * * *)'], /--schedule: "cron\(0 8 \* \* \* \*\)" needs \? in exactly one of DAY-OF-MONTH and DAY-OF-WEEK; use rate\(VALUE UNIT\)/],
  ['schedule: a quote in a field', ['--trigger', 'schedule', '--schedule', 'cron(0 8 * * ? *")'], /--schedule: .* is not a schedule expression/],
  ['schedule: time zone', ['--trigger', 'schedule', '--schedule-timezone', 'Berlin Time'], /--schedule-timezone: "Berlin Time" is not an IANA time zone; use one such as UTC, Europe\/Berlin/],
  // Time zones as ICU knows them, spelt exactly (issue 26, item 2); a suggestion only when close.
  ['schedule: an unknown time zone', ['--trigger', 'schedule', '--schedule-timezone', 'Mars/Base'], /--schedule-timezone: "Mars\/Base" is not an IANA time zone; use one such as UTC, Europe\/Berlin/],
  ['schedule: a time zone with a typo', ['--trigger', 'schedule', '--schedule-timezone', 'Europe/Berln'], /--schedule-timezone: "Europe\/Berln" is not an IANA time zone; did you mean Europe\/Berlin\?/],
  ['schedule: a city without its region', ['--trigger', 'schedule', '--schedule-timezone', 'Berlin'], /--schedule-timezone: "Berlin" is not an IANA time zone; did you mean Europe\/Berlin\?/],
  ['schedule: a time zone in other case', ['--trigger', 'schedule', '--schedule-timezone', 'europe/berlin'], /--schedule-timezone: "europe\/berlin" is not spelt as the IANA time zone database spells it, and names are case-sensitive; use Europe\/Berlin/],
  ['schedule: an alias in other case', ['--trigger', 'schedule', '--schedule-timezone', 'asia/kolkata'], /--schedule-timezone: "asia\/kolkata" is not spelt .*; use Asia\/Kolkata/],
  ['schedule: utc in lower case', ['--trigger', 'schedule', '--schedule-timezone', 'utc'], /--schedule-timezone: "utc" is not spelt .*; use UTC/],
  // Queues: AWS's limits.
  ['sqs: batch size 0', ['--trigger', 'sqs', '--batch-size', '0'], /--batch-size: 0 is out of range; use 1 to 10000 messages/],
  ['sqs: batch size above 10000', ['--trigger', 'sqs', '--batch-size', '10001', '--batching-window', '1'], /--batch-size: 10001 is out of range; use 1 to 10000/],
  ['sqs: batch size above 10 without a window', ['--trigger', 'sqs', '--batch-size', '11'], /--batching-window: 0 is too short for a batch size of 11: Lambda requires a window of at least 1 second above 10 messages; pass --batching-window 1 or more, or use a batch size of 10 or fewer/],
  ['sqs: batching window above 300', ['--trigger', 'sqs', '--batching-window', '301'], /--batching-window: 301 is out of range; use 0 to 300 seconds/],
  ['sqs: max receive count 0', ['--trigger', 'sqs', '--max-receive-count', '0'], /--max-receive-count: 0 is out of range; use 1 to 1000 receives/],
  ['sqs: visibility timeout below 6 x timeout', ['--trigger', 'sqs', '--timeout', '60', '--visibility-timeout', '359'], /--visibility-timeout: 359 is not allowed; use 360 to 43200 seconds \(at least 6 x the 60 s timeout/],
  ['sqs: visibility timeout above 12 hours', ['--trigger', 'sqs', '--visibility-timeout', '43201'], /--visibility-timeout: 43201 is not allowed; use 180 to 43200 seconds/],
  // Buckets.
  ['s3: invalid bucket name', ['--trigger', 's3', '--source-bucket', 'My_Uploads'], /--source-bucket: "My_Uploads" is not a valid S3 bucket name: it may contain only lowercase letters/],
  ['s3: bucket name like an IP address', ['--trigger', 's3', '--source-bucket', '10.0.0.1'], /not a valid S3 bucket name: it must not be formatted as an IP address/],
  ['s3: existing bucket without taking over its notifications', ['--trigger', 's3', '--source-bucket', 'acme-uploads'], /--manage-bucket-notifications: S3 keeps one notification configuration per bucket.*deleting every notification set up elsewhere.*Pass --manage-bucket-notifications if.*or leave --source-bucket out/],
  ['s3: a wildcard in the key prefix', ['--trigger', 's3', '--key-prefix', 'uploads/*'], /--key-prefix: "uploads\/\*" is not allowed; .*\(S3 filters match literally\)/],
  ['s3: Terraform interpolation in the key suffix', ['--trigger', 's3', '--key-suffix', '${file("x")}'], /--key-suffix: .* is not allowed; .*\$\{ or %\{/],
  ['s3: a function name no bucket can carry', ['--trigger', 's3', '--function-name', 'xn--orders'], /--function-name: "xn--orders" cannot name the new S3 bucket \(xn--orders-<account id>\): it must not start with xn--.*or pass --source-bucket/],
  // A trigger's answers belong to it alone.
  ['--key-prefix on an sqs function', ['--trigger', 'sqs', '--key-prefix', 'uploads/'], /--key-prefix: applies only to --trigger s3; leave it out for --trigger sqs/],
  ['--key-prefix on the default http-api function', ['--key-prefix', 'uploads/'], /--key-prefix: applies only to --trigger s3; leave it out for --trigger http-api/],
  ['--batch-size on a schedule', ['--trigger', 'schedule', '--batch-size', '5'], /--batch-size: applies only to --trigger sqs; leave it out for --trigger schedule/],
  ['--schedule on an s3 function', ['--trigger', 's3', '--schedule', 'rate(5 minutes)'], /--schedule: applies only to --trigger schedule; leave it out for --trigger s3/],
];

for (const [name, args, message] of badInputs) {
  test(`${name} → exit 2, nothing written`, async () => {
    const parent = tempDir();
    const { exitCode, stderr } = await runBin([join(parent, 'out'), '--yes', ...args], { cwd: parent });
    assert.is(exitCode, 2, stderr);
    assert.match(stderr, message);
    if (name === 'schedule: an unknown time zone') assert.not.match(stderr, /did you mean/, 'a far-off zone was suggested');
    assert.equal(readdirSync(parent), [], 'something was written');
  });
}

test('time zones ICU knows, aliases included, are written as given', async () => {
  // Node 20's ICU resolves Asia/Kolkata and Europe/Kyiv to older names and does not list them.
  for (const zone of ['Asia/Kolkata', 'Europe/Kyiv', 'UTC', 'Etc/UTC', 'America/Argentina/Buenos_Aires', 'Etc/GMT-14']) {
    const parent = tempDir();
    const { exitCode, stderr } = await runBin([join(parent, 'out'), '--yes', '--no-git', '--trigger', 'schedule', '--schedule-timezone', zone], { cwd: parent });
    assert.is(exitCode, 0, `${zone}: ${stderr}`);
    const tf = readFileSync(join(parent, 'out', 'infra', 'out_schedule.tf'), 'utf8');
    assert.ok(tf.includes(`"${zone}"`), `${zone} is not in the schedule's Terraform:\n${tf}`);
  }
});

test('good trigger answers create the repo', async () => {
  for (const args of [
    ['--trigger', 'schedule', '--schedule', 'cron(0 18 ? * MON-FRI *)', '--schedule-timezone', 'America/New_York'],
    ['--trigger', 'sqs', '--batch-size', '100', '--batching-window', '5', '--timeout', '60', '--visibility-timeout', '360'],
    ['--trigger', 's3', '--key-prefix', 'in/', '--key-suffix', '.csv'],
  ]) {
    const parent = tempDir();
    const { exitCode, stderr } = await runBin([join(parent, 'out'), '--yes', '--no-git', ...args], { cwd: parent });
    assert.is(exitCode, 0, stderr);
    assert.ok(readdirSync(join(parent, 'out')).includes('infra'), args.join(' '));
  }
});

// Rules that need more than create's flags (several functions, a yes/no flag): the answer model
// directly, which the CLI, add and update all go through.
const problems = (given: Given): string => {
  try {
    resolveAnswers({ dirName: 'orders-api', given });
  } catch (error) {
    if (error instanceof InputError) return error.message;
    throw error;
  }
  return '';
};

test('--manage-bucket-notifications applies to an existing bucket only', () => {
  assert.match(problems({ trigger: 's3', manageBucketNotifications: true }), /--manage-bucket-notifications: applies only to an existing bucket \(--source-bucket\)/);
  assert.is(problems({ trigger: 's3', sourceBucket: 'acme-uploads', manageBucketNotifications: true }), '');
});

test('two functions on one bucket need filters that never match the same key', () => {
  const on = (a: Given, b: Given): Given => ({
    functions: [
      { name: 'A', trigger: 's3', sourceBucket: 'acme-uploads', manageBucketNotifications: true, ...a },
      { name: 'B', trigger: 's3', sourceBucket: 'acme-uploads', manageBucketNotifications: true, ...b },
    ],
  });
  const overlap = /functions A and B both subscribe to acme-uploads with filters that match the same keys, which S3 refuses/;
  assert.match(problems(on({}, {})), overlap);
  assert.match(problems(on({ keyPrefix: 'in/' }, { keyPrefix: 'in/csv/' })), overlap);
  assert.match(problems(on({ keySuffix: '.csv' }, { keySuffix: 'x.csv' })), overlap);
  assert.is(problems(on({ keyPrefix: 'in/' }, { keyPrefix: 'out/' })), '');
  assert.is(problems(on({ keySuffix: '.csv' }, { keySuffix: '.pdf' })), '');
  // Different buckets never overlap.
  assert.is(problems(on({}, { sourceBucket: 'acme-other' })), '');
});

test('two new buckets may not get one name', () => {
  assert.match(
    problems({ functions: [{ name: 'A', trigger: 's3', functionName: 'orders-x_y' }, { name: 'B', trigger: 's3', functionName: 'orders-x-y' }], prefix: 'orders' }),
    /functions A and B have the same new S3 bucket name/,
  );
});

test.run();
