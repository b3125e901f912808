// The answer-set matrix: named partial answer sets (what `renderAnswers` takes) that together
// cover every value of every choice option, every framework × runtime pair the answer model
// allows, both package types with both architectures and both HTTP triggers, the optional
// existing bucket and role, tests on and off, the seed preset, and the numeric boundaries.
// test/matrix.test.ts proves the coverage and runs every real validator over each set; other
// tests may import `matrix` to reuse it.
//
// Values that only change the .NET side or CI (framework with the same runtime, runner, tests)
// are varied on otherwise-default sets on purpose: their Terraform renders byte-identical to
// another set's, and the matrix test runs Terraform once per distinct stack directory.
import type { Given } from '../generators/answers/index.js';

export interface MatrixEntry {
  /** Unique, human-readable; names the uvu test and appears in every failure. */
  name: string;
  /** Passed to `renderAnswers(given, dirName)`. */
  given: Given;
  /** Target directory base name (the source of the name defaults); `my-func` when absent. */
  dirName?: string;
}

export const matrix: readonly MatrixEntry[] = [
  // Defaults: net10.0 on dotnet10, zip, arm64, HTTP API, S3 state, GitHub-hosted runner, tests.
  { name: 'default', given: {} },
  {
    name: 'net10.0 provided.al2023, self-hosted, no tests',
    given: { framework: 'net10.0', runtime: 'provided.al2023', runner: 'self-hosted', tests: false },
  },
  { name: 'net8.0 provided.al2023', given: { framework: 'net8.0', runtime: 'provided.al2023' } },
  {
    name: 'net8.0 dotnet8 x86_64, lower bounds: 128 MB, 1 s, 1 day',
    given: { framework: 'net8.0', runtime: 'dotnet8', arch: 'x86_64', memory: 128, timeout: 1, logRetention: 1 },
  },
  { name: 'net7.0 provided.al2023, self-hosted', given: { framework: 'net7.0', runtime: 'provided.al2023', runner: 'self-hosted' } },
  // The source article's choices: net7.0 on provided.al2 (the only set with that pair), 128 MB,
  // 1 day, self-hosted, bucket and role.
  { name: 'seed', given: { preset: 'seed', artifactBucket: 'my-artifacts', existingRole: 'my-lambda-role' } },
  {
    name: 'net8.0 dotnet8 function-url, artifact bucket',
    given: { framework: 'net8.0', runtime: 'dotnet8', trigger: 'function-url', artifactBucket: 'my-artifacts' },
  },
  {
    name: 'net8.0 dotnet8 trigger none, local state, existing role, no tests',
    given: { framework: 'net8.0', runtime: 'dotnet8', trigger: 'none', state: 'local', existingRole: 'my-lambda-role', tests: false },
  },
  {
    name: 'upper bounds: 10240 MB, 900 s, 3653 days, x86_64',
    given: { memory: 10240, timeout: 900, logRetention: 3653, arch: 'x86_64' },
  },
  // Container images: both architectures, both HTTP triggers.
  {
    // Capitals and an underscore in the function name: ECR and the state bucket lowercase it.
    // (No artifact bucket: the answer model accepts one only for zip.)
    // The branch deploy gate here: the build job pushes images with the deploy role, outside any environment.
    name: 'image arm64 http-api, existing role, dotted name, mixed-case function name, opt-in ap-southeast-7, branch gate',
    dirName: 'orders-api',
    given: {
      package: 'image', framework: 'net8.0', runtime: 'dotnet8', name: 'Contoso.Orders', functionName: 'Orders_Api-2',
      region: 'ap-southeast-7', existingRole: 'my-lambda-role', deployGate: 'branch',
    },
  },
  {
    name: 'image x86_64 function-url, self-hosted, local state, no tests',
    given: { package: 'image', arch: 'x86_64', trigger: 'function-url', runner: 'self-hosted', state: 'local', tests: false },
  },
  {
    // The Dockerfile's Amazon Linux 2 build stage (build-dotnet7, zlib-devel) with its test stage
    // (xunit 2); the Terraform is the previous set's.
    name: 'image x86_64 function-url, net7.0 provided.al2, local state',
    given: { package: 'image', arch: 'x86_64', trigger: 'function-url', state: 'local', framework: 'net7.0', runtime: 'provided.al2' },
  },
  // Several functions: one module call per function, routes on the one HTTP API, a URL, none.
  {
    name: 'two functions: $default and a path route on the one HTTP API, net8.0 dotnet8 x86_64',
    given: { framework: 'net8.0', runtime: 'dotnet8', arch: 'x86_64', functions: [{ name: 'Api' }, { name: 'Orders', route: 'ANY /orders/{proxy+}', memory: 512 }] },
  },
  {
    name: 'three functions: http-api, function-url, none; artifact bucket, existing role',
    given: {
      artifactBucket: 'my-artifacts', existingRole: 'my-lambda-role',
      functions: [{ name: 'Api' }, { name: 'Hook', trigger: 'function-url', timeout: 10 }, { name: 'Worker', trigger: 'none', logRetention: 30 }],
    },
  },
  {
    name: 'three functions, image: http-api, none, function-url',
    given: { package: 'image', functions: [{ name: 'Api' }, { name: 'Worker', trigger: 'none' }, { name: 'Hook', trigger: 'function-url' }] },
  },
  // A repo migrated from release 0.2.0: its function's root addresses move into its modules.
  { name: 'migrated from 0.2.0: moved.tf, http-api, artifact bucket', given: { artifactBucket: 'my-artifacts', rootAddresses: 'MyFunc' } },
  // The event triggers (issue 16), each with its non-default answers, on both state backends.
  {
    name: 'sqs worker: batch 100 in a 5 s window, 3 receives, 60 s timeout (derived 360 s visibility)',
    given: { trigger: 'sqs', batchSize: 100, batchingWindow: 5, maxReceiveCount: 3, timeout: 60 },
  },
  {
    name: 'sqs worker, net7.0 image x86_64, existing role, given visibility timeout',
    given: { trigger: 'sqs', framework: 'net7.0', runtime: 'provided.al2023', package: 'image', arch: 'x86_64', existingRole: 'my-lambda-role', visibilityTimeout: 43200 },
  },
  {
    name: 's3 on a new bucket with prefix and suffix, local state',
    given: { trigger: 's3', keyPrefix: 'uploads/', keySuffix: '.csv', state: 'local' },
  },
  {
    name: 's3 on an existing bucket whose notifications the repo owns, net8.0',
    given: { trigger: 's3', framework: 'net8.0', runtime: 'dotnet8', sourceBucket: 'acme-uploads', manageBucketNotifications: true },
  },
  {
    name: 'schedule: cron on weekdays in Europe/Berlin, no tests',
    given: { trigger: 'schedule', schedule: 'cron(0 8 ? * MON-FRI *)', scheduleTimezone: 'Europe/Berlin', tests: false },
  },
  {
    // One repo with every event trigger on an existing execution role: the trigger modules then
    // grant nothing, and the root tests must still mock what those modules read.
    name: 'every event trigger beside an API, existing role: sqs, s3 on an existing bucket, schedule',
    given: {
      existingRole: 'my-lambda-role',
      functions: [
        { name: 'Api' },
        { name: 'Worker', trigger: 'sqs' },
        { name: 'Imports', trigger: 's3', sourceBucket: 'acme-imports', manageBucketNotifications: true, keyPrefix: 'in/' },
        { name: 'Nightly', trigger: 'schedule', schedule: 'rate(15 minutes)' },
      ],
    },
  },
  {
    // Every application and system log level, and a text-log function, as per-function
    // overrides in one repo: one Terraform run covers them all.
    name: 'log levels per function: every application and system level, one function on text logs',
    given: {
      functions: [
        { name: 'Api', appLogLevel: 'TRACE', systemLogLevel: 'DEBUG' },
        { name: 'Two', trigger: 'none', appLogLevel: 'DEBUG', systemLogLevel: 'INFO' },
        { name: 'Three', trigger: 'none', appLogLevel: 'WARN' },
        { name: 'Four', trigger: 'none', appLogLevel: 'ERROR' },
        { name: 'Five', trigger: 'none', appLogLevel: 'FATAL' },
        { name: 'Six', trigger: 'none', logFormat: 'text' },
      ],
    },
  },
  {
    // Issue 24: each route's throttling at API Gateway's bounds, and reserved concurrency on
    // some functions only (the module's argument, the deploy role's concurrency statement).
    name: 'throttling at the bounds on two routes, reserved concurrency on two of three functions',
    given: {
      functions: [
        { name: 'Api', throttleBurst: 5000, throttleRate: 10000, reservedConcurrency: 900 },
        { name: 'Orders', route: 'ANY /orders/{proxy+}', throttleBurst: 1, throttleRate: 1 },
        { name: 'Worker', trigger: 'sqs', reservedConcurrency: 1 },
      ],
    },
  },
];
