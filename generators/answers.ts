// The one answer model: option table, defaults, presets, derivations and
// validation. The CLI, the prompts, `update` and the templates all read this
// module; no other module decides what an answer means.
import type { Framework } from './versions.js';

export type Runtime = 'dotnet10' | 'dotnet8' | 'provided.al2023' | 'provided.al2';
export type Arch = 'arm64' | 'x86_64';
export type PackageType = 'zip' | 'image';
export type Trigger = 'http-api' | 'function-url' | 'none' | 'sqs' | 's3' | 'schedule';
export type Runner = 'github' | 'self-hosted';
export type StateBackend = 's3' | 'local';
export type Preset = 'default' | 'seed';
export type LogFormat = 'json' | 'text';
export type AppLogLevel = 'TRACE' | 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'FATAL';
export type SystemLogLevel = 'DEBUG' | 'INFO' | 'WARN';

/** Answers that hold for the whole repository: one toolchain, one region, one pipeline. */
export interface RepoAnswers {
  /** The .NET solution's name (`<solution>.sln`); the first function's project name by default. */
  solution: string;
  /** Every Lambda function name is this or starts with `<prefix>-`; the bootstrap roles, the
   * execution boundary, the state key and the ECR repository are scoped by it. */
  prefix: string;
  framework: Framework;
  runtime: Runtime;
  arch: Arch;
  package: PackageType;
  region: string;
  runner: Runner;
  /** Existing S3 bucket the packages are uploaded through; '' means direct upload. */
  artifactBucket: string;
  /** Existing execution role name every function runs as; '' means Terraform creates one per function. */
  existingRole: string;
  state: StateBackend;
  tests: boolean;
  preset: Preset;
  /** Where the project sits inside its git repository (POSIX, no trailing slash); '' when it
   * is the repository's root. Detected at create time and recorded, so `update` renders the
   * workflow to the same place. */
  repoPath: string;
  /** The function that owns the root-level Terraform addresses of releases up to 0.2.0 (set
   * when such a record is migrated; '' otherwise): infra/moved.tf moves them into its module. */
  rootAddresses: string;
  // Operations (issue 17): repo-wide; a function may override each (see `Overrides`).
  logFormat: LogFormat;
  appLogLevel: AppLogLevel;
  systemLogLevel: SystemLogLevel;
  alarms: boolean;
  /** '' means no topic: the alarms notify the topic ARN given as a Terraform variable, if any. */
  alarmEmail: string;
  tracing: boolean;
}

/** Repo answers one function may override (`--set <Name>.key=value`); absent means inherit. */
export type OverrideKey = 'logFormat' | 'appLogLevel' | 'systemLogLevel' | 'alarms' | 'tracing';
export type Overrides = Partial<Pick<RepoAnswers, OverrideKey>>;

/** Answers of one function. The trigger-specific ones are present only for their trigger. */
export interface FunctionAnswers extends Overrides {
  /** C# project name and root namespace: `src/<name>/`, `test/<name>.Tests/`. */
  name: string;
  functionName: string;
  trigger: Trigger;
  memory: number;
  timeout: number;
  logRetention: number;
  /** http-api: the API Gateway route key, `$default` or `METHOD /path`. */
  route?: string;
  /** sqs */
  batchSize?: number;
  batchingWindow?: number;
  maxReceiveCount?: number;
  /** sqs: absent means derived, 6 × timeout (AWS's advice for Lambda event sources). */
  visibilityTimeout?: number;
  /** s3: '' means a new bucket the repo owns. */
  sourceBucket?: string;
  keyPrefix?: string;
  keySuffix?: string;
  manageBucketNotifications?: boolean;
  /** schedule */
  schedule?: string;
  scheduleTimezone?: string;
}

/** Normalized answers: what `.dotnet-aot-lambda.json` records and `render` takes. */
export interface Answers extends RepoAnswers {
  functions: FunctionAnswers[];
}

export type RepoKey = keyof RepoAnswers;
export type FunctionKey = keyof FunctionAnswers;

/** What flags, prompts, `--set` and records give before defaults: repo answers, and either
 * the function list or one function's answers flat. Flat function answers are the first
 * (only) function: that is what `create`'s flags mean, and what records of 0.1.0 and 0.2.0
 * hold, so reading them is the record migration. */
export type Given = Partial<RepoAnswers> & Partial<FunctionAnswers> & { functions?: Array<Partial<FunctionAnswers>> };

export type AnswerKey = RepoKey | FunctionKey;

/** Bad input: exit code 2, nothing written. */
export class InputError extends Error {
  constructor(public readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'InputError';
  }
}

// ---------------------------------------------------------------------------
// Allowed values

export const frameworks: readonly Framework[] = ['net10.0', 'net8.0', 'net7.0'];
export const runtimes: readonly Runtime[] = ['dotnet10', 'dotnet8', 'provided.al2023', 'provided.al2'];
export const arches: readonly Arch[] = ['arm64', 'x86_64'];
export const packageTypes: readonly PackageType[] = ['zip', 'image'];
export const triggers: readonly Trigger[] = ['http-api', 'function-url', 'none', 'sqs', 's3', 'schedule'];
export const runners: readonly Runner[] = ['github', 'self-hosted'];
export const stateBackends: readonly StateBackend[] = ['s3', 'local'];
export const presets: readonly Preset[] = ['default', 'seed'];
/** Lambda's LoggingConfig values (API reference, LoggingConfig): levels filter only JSON logs. */
export const logFormats: readonly LogFormat[] = ['json', 'text'];
export const appLogLevels: readonly AppLogLevel[] = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'];
export const systemLogLevels: readonly SystemLogLevel[] = ['DEBUG', 'INFO', 'WARN'];

/** Runtimes each framework may run on. Native AOT binaries need no managed .NET, but the
 * managed runtime must match the framework, net7.0 never had one, and provided.al2 is
 * kept only for the article's .NET 7 path. */
export const runtimesFor: Record<Framework, readonly Runtime[]> = {
  'net10.0': ['dotnet10', 'provided.al2023'],
  'net8.0': ['dotnet8', 'provided.al2023'],
  'net7.0': ['provided.al2', 'provided.al2023'],
};

/** CloudWatch Logs accepts exactly these retention periods (days). */
export const logRetentions = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

/** AWS commercial-partition regions, opt-in ones included. */
export const regions = [
  'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2',
  'ca-central-1', 'ca-west-1', 'mx-central-1', 'sa-east-1',
  'eu-central-1', 'eu-central-2', 'eu-west-1', 'eu-west-2', 'eu-west-3',
  'eu-south-1', 'eu-south-2', 'eu-north-1',
  'il-central-1', 'me-south-1', 'me-central-1', 'af-south-1',
  'ap-east-1', 'ap-east-2', 'ap-south-1', 'ap-south-2',
  'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3',
  'ap-southeast-1', 'ap-southeast-2', 'ap-southeast-3', 'ap-southeast-4',
  'ap-southeast-5', 'ap-southeast-6', 'ap-southeast-7',
] as const;

/** End-of-support dates (facts.md). Past these we still generate, with a warning. */
export const endOfSupport: Partial<Record<Framework | Runtime, string>> = {
  'net7.0': '2024-05-14',
  'net8.0': '2026-11-10',
  dotnet8: '2026-11-10',
  'provided.al2': '2026-07-31',
  'net10.0': '2028-11-14',
  dotnet10: '2028-11-14',
  'provided.al2023': '2029-06-30',
};

const csharpKeywords = new Set(
  ('abstract as base bool break byte case catch char checked class const continue decimal default delegate do double ' +
    'else enum event explicit extern false finally fixed float for foreach goto if implicit in int interface internal is ' +
    'lock long namespace new null object operator out override params private protected public readonly ref return sbyte ' +
    'sealed short sizeof stackalloc static string struct switch this throw true try typeof uint ulong unchecked unsafe ' +
    'ushort using virtual void volatile while').split(' '),
);

// ---------------------------------------------------------------------------
// The option table: one row per answer. Flags, prompts, `--set` and help read it.

interface OptionBase {
  key: AnswerKey;
  /** 'repo': one value for the repository (`--set key=value`); 'function': one per function
   * (`--set <Name>.key=value`; plain `key=value` while the repo has one function). */
  scope: 'repo' | 'function';
  /** A repo answer one function may override with `--set <Name>.key=value` (absent: inherit). */
  override?: boolean;
  /** Only these triggers have this answer; giving it for another is an error. */
  triggers?: readonly Trigger[];
  /** Recorded, never asked or listed in help: detected or derived (a `--set` still overrides it). */
  hidden?: boolean;
  /** The CLI flag and `--set` key, kebab-case. */
  flag: string;
  describe: string;
  /** Question text for the interactive prompt. */
  message: string;
}
export type OptionSpec =
  | (OptionBase & {
      kind: 'choice';
      choices: readonly string[];
      /** Said instead of a list too long to print. */
      summary?: string;
      /** What each choice means and costs, shown under the prompt's highlighted choice. */
      explain?: Readonly<Record<string, string>>;
    })
  | (OptionBase & { kind: 'number' })
  | (OptionBase & { kind: 'string' })
  | (OptionBase & { kind: 'boolean' });

export const options: readonly OptionSpec[] = [
  { key: 'name', scope: 'function', flag: 'name', kind: 'string', describe: '.NET project name and root namespace of the function (default: PascalCase of dir)', message: '.NET project name / root namespace' },
  { key: 'functionName', scope: 'function', flag: 'function-name', kind: 'string', describe: 'Lambda function name (default: the prefix, then <prefix>-<kebab-case name> for added functions)', message: 'Lambda function name' },
  { key: 'prefix', scope: 'repo', flag: 'prefix', kind: 'string', describe: "the repo's Lambda name prefix: every function is named it or <prefix>-… (default: the first --function-name, else the dir name)", message: 'Function-name prefix' },
  { key: 'solution', scope: 'repo', hidden: true, flag: 'solution', kind: 'string', describe: '.NET solution name (default: the first function\'s --name)', message: '.NET solution name' },
  {
    key: 'framework', scope: 'repo', flag: 'framework', kind: 'choice', choices: frameworks, describe: 'target framework', message: 'Target framework',
    explain: {
      'net10.0': '.NET 10 LTS, supported until 2028-11-14',
      'net8.0': '.NET 8 LTS, end of support 2026-11-10',
      'net7.0': '.NET 7, out of support since 2024-05-14: no security fixes (the seed article used it)',
    },
  },
  {
    key: 'runtime', scope: 'repo', flag: 'runtime', kind: 'choice', choices: runtimes, describe: "Lambda runtime (default: the framework's managed runtime; provided.al2 for net7.0)", message: 'Lambda runtime',
    explain: {
      dotnet10: 'AWS-managed .NET 10 runtime: runs the native executable, with ICU and time-zone data; AWS patches the OS',
      dotnet8: 'AWS-managed .NET 8 runtime (ends 2026-11-10): runs the native executable; AWS patches the OS',
      'provided.al2023': 'OS-only Amazon Linux 2023: smallest image, but no ICU or time-zone data; same price',
      'provided.al2': 'OS-only Amazon Linux 2, ended 2026-07-31: Lambda stops patching, then blocks updates',
    },
  },
  {
    key: 'arch', scope: 'repo', flag: 'arch', kind: 'choice', choices: arches, describe: 'instruction set (arm64 = Graviton)', message: 'Architecture',
    explain: {
      arm64: 'AWS Graviton: about 20% cheaper per GB-second; builds need an arm64 runner',
      x86_64: 'Intel/AMD: the usual choice when a dependency ships x64-only native code',
    },
  },
  {
    key: 'package', scope: 'repo', flag: 'package', kind: 'choice', choices: packageTypes, describe: 'deployment package type', message: 'Package type',
    explain: {
      zip: 'a zip with one file, bootstrap: fastest cold start, nothing extra to pay for',
      image: 'a container image in ECR (up to 10 GB): for large dependencies; ECR storage is billed',
    },
  },
  {
    key: 'trigger', scope: 'function', flag: 'trigger', kind: 'choice', choices: triggers, describe: 'what invokes the function', message: 'Trigger',
    explain: {
      'http-api': 'public HTTPS endpoint through API Gateway HTTP API (billed per million requests)',
      'function-url': 'Lambda function URL, IAM-signed (SigV4) requests only: no API Gateway cost, not for browsers',
      none: 'no HTTP endpoint: invoke it with the Lambda API or wire an event source yourself',
      sqs: 'an SQS queue with a dead-letter queue; batches report their failed messages',
      s3: 'objects created in an S3 bucket (a new one, or an existing one)',
      schedule: 'an EventBridge Scheduler schedule, rate(…) or cron(…)',
    },
  },
  { key: 'route', scope: 'function', triggers: ['http-api'], flag: 'route', kind: 'string', describe: 'HTTP API route key: $default or "METHOD /path", e.g. "ANY /orders/{proxy+}" (default: $default for the first http-api function, else ANY /<kebab-name>/{proxy+})', message: 'HTTP API route' },
  { key: 'memory', scope: 'function', flag: 'memory', kind: 'number', describe: 'memory in MB, 128-10240', message: 'Memory (MB)' },
  { key: 'timeout', scope: 'function', flag: 'timeout', kind: 'number', describe: 'timeout in seconds, 1-900', message: 'Timeout (seconds)' },
  { key: 'batchSize', scope: 'function', triggers: ['sqs'], flag: 'batch-size', kind: 'number', describe: 'sqs: messages per invocation, 1-10000 (above 10 needs --batching-window 1 or more)', message: 'Batch size' },
  { key: 'batchingWindow', scope: 'function', triggers: ['sqs'], flag: 'batching-window', kind: 'number', describe: 'sqs: seconds to gather a batch, 0-300', message: 'Batching window (seconds)' },
  { key: 'maxReceiveCount', scope: 'function', triggers: ['sqs'], flag: 'max-receive-count', kind: 'number', describe: 'sqs: receives before a message moves to the dead-letter queue, 1-1000', message: 'Max receive count' },
  { key: 'visibilityTimeout', scope: 'function', triggers: ['sqs'], flag: 'visibility-timeout', kind: 'number', describe: "sqs: the queue's visibility timeout in seconds, at least 6 x --timeout, at most 43200 (default: 6 x --timeout)", message: 'Visibility timeout (seconds)' },
  { key: 'sourceBucket', scope: 'function', triggers: ['s3'], flag: 'source-bucket', kind: 'string', describe: 's3: an existing bucket to subscribe to (default, or "": a new bucket)', message: 'Existing source bucket (blank: a new bucket)' },
  { key: 'keyPrefix', scope: 'function', triggers: ['s3'], flag: 'key-prefix', kind: 'string', describe: 's3: only keys starting with this, e.g. uploads/', message: 'Key prefix (blank: every key)' },
  { key: 'keySuffix', scope: 'function', triggers: ['s3'], flag: 'key-suffix', kind: 'string', describe: 's3: only keys ending with this, e.g. .csv', message: 'Key suffix (blank: every key)' },
  { key: 'manageBucketNotifications', scope: 'function', triggers: ['s3'], flag: 'manage-bucket-notifications', kind: 'boolean', describe: "s3: let Terraform own an existing bucket's notification configuration (replaces its other notifications)", message: "Let Terraform own the existing bucket's notifications?" },
  { key: 'schedule', scope: 'function', triggers: ['schedule'], flag: 'schedule', kind: 'string', describe: 'schedule: "rate(5 minutes)" or "cron(0 8 * * ? *)"', message: 'Schedule expression' },
  { key: 'scheduleTimezone', scope: 'function', triggers: ['schedule'], flag: 'schedule-timezone', kind: 'string', describe: 'schedule: IANA time zone of cron expressions, e.g. Europe/Berlin', message: 'Schedule time zone' },
  { key: 'region', scope: 'repo', flag: 'region', kind: 'choice', choices: regions, summary: 'an AWS commercial region such as us-east-1, eu-west-1 or ap-southeast-2', describe: 'AWS region', message: 'AWS region' },
  { key: 'logRetention', scope: 'function', flag: 'log-retention', kind: 'number', describe: 'CloudWatch log retention in days', message: 'Log retention (days)' },
  {
    key: 'runner', scope: 'repo', flag: 'runner', kind: 'choice', choices: runners, describe: 'GitHub Actions build runner', message: 'Build runner',
    explain: {
      github: "GitHub-hosted runner of the function's architecture (billed per minute for private repositories)",
      'self-hosted': 'your own Linux machine with Docker, of the same architecture: you run, patch and pay for it',
    },
  },
  { key: 'artifactBucket', scope: 'repo', flag: 'artifact-bucket', kind: 'string', describe: 'upload the packages through this existing S3 bucket (default, or "": direct upload)', message: 'Existing S3 bucket for the package (blank: direct upload)' },
  { key: 'existingRole', scope: 'repo', flag: 'existing-role', kind: 'string', describe: 'every function runs as this existing execution role (default, or "": create one per function)', message: 'Existing execution role name (blank: create one)' },
  {
    key: 'state', scope: 'repo', flag: 'state', kind: 'choice', choices: stateBackends, describe: 'Terraform state backend', message: 'Terraform state backend',
    explain: {
      s3: 'a versioned S3 bucket (cents a month) that CI reads and writes: every push to main deploys',
      local: 'a file on your machine: CI only builds and checks, and you deploy from your machine',
    },
  },
  { key: 'tests', scope: 'repo', flag: 'tests', kind: 'boolean', describe: 'add unit-test projects, or not (default: add them)', message: 'Add a unit-test project?' },
  {
    key: 'preset', scope: 'repo', flag: 'preset', kind: 'choice', choices: presets, message: 'Preset',
    describe:
      'default, or seed: the choices of Victor Domingues\'s article "Rodando uma Lambda em .NET 7 AOT com Github Actions e Terraform na arquitetura ARM64" (2023)',
  },
  {
    key: 'repoPath', scope: 'repo', flag: 'repo-path', kind: 'string', message: 'Path of the project inside its git repository',
    describe: 'where the project sits in its git repository, e.g. services/orders (default: detected; blank: the repository root)',
  },
  // Operations (issue 17): repo-wide answers a function may override.
  {
    key: 'logFormat', scope: 'repo', override: true, flag: 'log-format', kind: 'choice', choices: logFormats, describe: "Lambda's log format (default: json; text keeps plain lines and has no levels)", message: 'Log format',
    explain: {
      json: 'one JSON object per line, filtered by the log levels below; query fields with Logs Insights',
      text: 'plain text lines as before: no level filtering, no structured fields',
    },
  },
  { key: 'appLogLevel', scope: 'repo', override: true, flag: 'app-log-level', kind: 'choice', choices: appLogLevels, describe: 'json logs: least severe application level Lambda keeps (default: INFO)', message: 'Application log level' },
  { key: 'systemLogLevel', scope: 'repo', override: true, flag: 'system-log-level', kind: 'choice', choices: systemLogLevels, describe: "json logs: least severe level of Lambda's own system logs kept (default: WARN)", message: 'System log level' },
  { key: 'alarms', scope: 'repo', override: true, flag: 'alarms', kind: 'boolean', describe: 'CloudWatch alarms on errors, throttles and p99 duration (and an sqs queue\'s age and dead letters), or not (default: on)', message: 'Add CloudWatch alarms?' },
  { key: 'alarmEmail', scope: 'repo', flag: 'alarm-email', kind: 'string', describe: 'e-mail the alarms through a new KMS-encrypted SNS topic (default, or "": no topic; wire your own with the alarm_topic_arn variable)', message: 'Alarm e-mail address (blank: none)' },
  { key: 'tracing', scope: 'repo', override: true, flag: 'tracing', kind: 'boolean', describe: 'AWS X-Ray active tracing, or not (default: off)', message: 'Turn on X-Ray tracing?' },
  { key: 'rootAddresses', scope: 'repo', hidden: true, flag: 'root-addresses', kind: 'string', describe: 'the function that owns the Terraform addresses of releases up to 0.2.0 (set by the record migration)', message: 'Function owning the 0.2.0 addresses' },
];

export const optionByFlag = new Map(options.map((o) => [o.flag, o]));
export const optionByKey = new Map(options.map((o) => [o.key, o]));
export const repoOptions = options.filter((o) => o.scope === 'repo');
/** Repo answers a function may override. */
export const overrideOptions = options.filter((o) => o.override === true);
export const functionOptions = options.filter((o) => o.scope === 'function');

// ---------------------------------------------------------------------------
// Defaults and presets

/** Defaults that do not depend on the directory or on other answers. */
const baseDefaults = {
  framework: 'net10.0',
  arch: 'arm64',
  package: 'zip',
  trigger: 'http-api',
  memory: 256,
  timeout: 30,
  region: 'us-east-1',
  logRetention: 14,
  runner: 'github',
  artifactBucket: '',
  existingRole: '',
  state: 's3',
  tests: true,
  repoPath: '',
  rootAddresses: '',
  logFormat: 'json',
  appLogLevel: 'INFO',
  systemLogLevel: 'WARN',
  alarms: true,
  alarmEmail: '',
  tracing: false,
  // sqs: Lambda's default batch, no batching window, AWS's usual redrive count.
  batchSize: 10,
  batchingWindow: 0,
  maxReceiveCount: 5,
  sourceBucket: '',
  keyPrefix: '',
  keySuffix: '',
  manageBucketNotifications: false,
  schedule: 'rate(1 hour)',
  scheduleTimezone: 'UTC',
} as const satisfies Partial<RepoAnswers> & Partial<FunctionAnswers>;

/** What each preset changes from the base defaults. Explicit flags still win. */
export const presetDefaults: Record<Preset, Partial<RepoAnswers> & Partial<FunctionAnswers>> = {
  default: {},
  // The source article: .NET 7 on provided.al2, arm64, 128 MB, a self-hosted runner,
  // an existing bucket and role, one day of logs, S3 state.
  seed: { framework: 'net7.0', runtime: 'provided.al2', memory: 128, runner: 'self-hosted', logRetention: 1, state: 's3' },
};

/** Answers the seed preset needs but cannot default: they name the user's existing resources.
 * The bucket carries the zip, so an image needs only the role. */
export function seedRequires(a: Pick<Answers, 'package'>): RepoKey[] {
  return a.package === 'zip' ? ['artifactBucket', 'existingRole'] : ['existingRole'];
}

/** Whether a question means anything for the answers so far: the artifact bucket only
 * carries a zip (an image goes to ECR), so it is neither asked nor accepted for images; a
 * trigger's own answers exist only for that trigger. */
export function applies(key: AnswerKey, a: Partial<RepoAnswers> & Partial<FunctionAnswers>): boolean {
  if (key === 'artifactBucket') return a.package !== 'image';
  const spec = optionByKey.get(key);
  if (spec?.triggers && !spec.triggers.includes(a.trigger ?? baseDefaults.trigger)) return false;
  // Only an existing bucket has notifications made elsewhere that this repo could replace.
  if (key === 'manageBucketNotifications') return (a.sourceBucket ?? '') !== '';
  if (key === 'appLogLevel' || key === 'systemLogLevel') return (a.logFormat ?? baseDefaults.logFormat) === 'json';
  if (key === 'alarmEmail') return a.alarms ?? baseDefaults.alarms;
  return true;
}

export function defaultRuntime(framework: Framework): Runtime {
  return runtimesFor[framework][0]!;
}

/** my-func → MyFunc; segments split on anything that is not a letter or digit. */
export function pascalCase(text: string): string {
  return text
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((s) => s[0]!.toUpperCase() + s.slice(1))
    .join('');
}

/** OrderWorker → order-worker, Contoso.Orders → contoso-orders, HTTPApi → http-api. */
export function kebabCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1-$2')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .toLowerCase();
}

/** OrderWorker → order_worker: the function's Terraform module name (identifiers only). */
export function snakeCase(name: string): string {
  return kebabCase(name).replace(/-/g, '_');
}

/** `orders api` → `orders-api`: the directory name with every run of characters a Lambda
 * function name cannot hold turned into one hyphen, cut to the 54 characters that deploy. */
export function functionNameFrom(dirName: string): string {
  return dirName.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 54).replace(/-+$/, '');
}

/** The function answers given flat (create's flags, records of 0.1.0/0.2.0). */
function flatFunction(given: Given): Partial<FunctionAnswers> {
  const out: Partial<FunctionAnswers> = {};
  for (const spec of functionOptions) {
    const value = (given as Record<string, unknown>)[spec.key];
    if (value !== undefined) (out as Record<string, unknown>)[spec.key] = value;
  }
  return out;
}

/** The given function list: `functions`, or the one function given flat. */
export function givenFunctions(given: Given): Array<Partial<FunctionAnswers>> {
  return given.functions ?? [flatFunction(given)];
}

/** The default for a repo answer given the directory and the answers decided so far. */
function repoDefault(key: RepoKey, dirName: string, soFar: Given): RepoAnswers[RepoKey] | undefined {
  const preset = soFar.preset ?? 'default';
  const fromPreset = (presetDefaults[preset] as Record<string, unknown>)[key] as RepoAnswers[RepoKey] | undefined;
  const first = givenFunctions(soFar)[0] ?? {};
  switch (key) {
    case 'prefix':
      return first.functionName ?? functionNameFrom(dirName);
    case 'solution':
      return first.name ?? pascalCase(dirName);
    case 'preset':
      return 'default';
    case 'runtime': {
      const framework = soFar.framework ?? (presetDefaults[preset].framework as Framework | undefined) ?? baseDefaults.framework;
      // The preset's runtime only applies when it fits the framework actually chosen.
      if (fromPreset && runtimesFor[framework].includes(fromPreset as Runtime)) return fromPreset;
      return defaultRuntime(framework);
    }
    default:
      return fromPreset ?? (baseDefaults as Record<string, unknown>)[key] as RepoAnswers[RepoKey] | undefined;
  }
}

/** The default for one function's answer: `index` is its place in the list, `before` the
 * functions already filled (the first http-api function takes the $default route). */
function functionDefault(
  key: FunctionKey,
  dirName: string,
  repo: Partial<RepoAnswers>,
  fn: Partial<FunctionAnswers>,
  index: number,
  before: readonly FunctionAnswers[],
): FunctionAnswers[FunctionKey] | undefined {
  const preset = repo.preset ?? 'default';
  const fromPreset = (presetDefaults[preset] as Record<string, unknown>)[key] as FunctionAnswers[FunctionKey] | undefined;
  const prefix = repo.prefix ?? fn.functionName ?? functionNameFrom(dirName);
  switch (key) {
    case 'name':
      return index === 0 ? pascalCase(dirName) : undefined;
    case 'functionName':
      return index === 0 ? prefix : `${prefix}-${kebabCase(fn.name ?? '')}`;
    case 'route':
      return before.some((f) => f.route === '$default') ? `ANY /${kebabCase(fn.name ?? '')}/{proxy+}` : '$default';
    case 'visibilityTimeout':
      return undefined; // derived in context.ts: 6 x timeout
    default:
      return fromPreset ?? (baseDefaults as Record<string, unknown>)[key] as FunctionAnswers[FunctionKey] | undefined;
  }
}

/** The default for `key` when creating a repo (its first function) given the directory and
 * the answers decided so far: what the prompts offer. */
export function defaultFor(key: AnswerKey, dirName: string, soFar: Given): unknown {
  const spec = optionByKey.get(key)!;
  if (spec.scope === 'repo') return repoDefault(key as RepoKey, dirName, soFar);
  const repo = { ...soFar, prefix: soFar.prefix ?? repoDefault('prefix', dirName, soFar) as string };
  return functionDefault(key as FunctionKey, dirName, repo, givenFunctions(soFar)[0] ?? {}, 0, []);
}

// ---------------------------------------------------------------------------
// Parsing raw text (flags, `--set`, prompts) into typed values

/** What a choice option accepts, in words for messages and help. */
export function allowedChoices(spec: OptionSpec & { kind: 'choice' }): string {
  return spec.summary ?? spec.choices.join(' | ');
}

/** Turn one raw value into its typed form, or return a problem message. */
export function parseValue(spec: OptionSpec, raw: unknown): { value?: string | number | boolean; problem?: string } {
  const flag = `--${spec.flag}`;
  if (spec.kind === 'boolean') {
    if (typeof raw === 'boolean') return { value: raw };
    const text = String(raw).toLowerCase();
    if (['true', 'yes', '1'].includes(text)) return { value: true };
    if (['false', 'no', '0'].includes(text)) return { value: false };
    return { problem: `${flag}: expected true or false, got "${String(raw)}"` };
  }
  const text = typeof raw === 'string' ? raw.trim() : String(raw);
  if (spec.kind === 'number') {
    if (!/^\d+$/.test(text)) return { problem: `${flag}: expected a whole number, got "${text}"` };
    return { value: Number(text) };
  }
  if (spec.kind === 'choice' && !spec.choices.includes(text)) {
    return { problem: `${flag}: "${text}" is not allowed; use ${allowedChoices(spec)}` };
  }
  return { value: text };
}

// ---------------------------------------------------------------------------
// Validation: every rule, applied to a complete answer set

const identifier = /^[A-Za-z_][A-Za-z0-9_]*$/;
// Lambda allows 64 characters, but the generated IAM role `<name>-execution` must fit
// IAM's 64-character limit, so 54 is the most that deploys.
const functionNamePattern = /^[A-Za-z0-9_-]{1,54}$/;
const roleNamePattern = /^[\w+=,.@-]{1,64}$/;
/** API Gateway HTTP API route keys: `$default`, or a method and a path whose greedy
 * `{name+}` variable, if any, is the last segment. */
const routePattern = /^(ANY|GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) \/([A-Za-z0-9._~-]+|\{[A-Za-z0-9_]+\})*(\/([A-Za-z0-9._~-]+|\{[A-Za-z0-9_]+\}))*(\/\{[A-Za-z0-9_]+\+\})?$/;
/** EventBridge Scheduler: rate(1 minute), rate(5 minutes|hours|days), cron with six fields. */
const ratePattern = /^rate\((1 (minute|hour|day)|([2-9]|[1-9]\d+) (minutes|hours|days))\)$/;
/** One address as SNS's email protocol takes it: local part, @, a dotted domain; no spaces,
 * no display name, no list. */
const emailPattern = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;
/** cron(MIN HOUR DAY-OF-MONTH MONTH DAY-OF-WEEK YEAR): each field from its own characters
 * (numbers, names, , - * / and the day fields' ? L W #), and exactly one day field `?`. */
const cronPattern = /^cron\(([0-9,*/-]+) ([0-9,*/-]+) ([0-9,*/?LW-]+) ([0-9A-Za-z,*/-]+) ([0-9A-Za-z,*/?L#-]+) ([0-9,*/-]+)\)$/;
function cronProblem(expression: string): string | undefined {
  const m = cronPattern.exec(expression);
  if (!m) return 'is not a schedule expression';
  if ((m[3] === '?') === (m[5] === '?')) return 'needs ? in exactly one of DAY-OF-MONTH and DAY-OF-WEEK';
  return undefined;
}
/** What a key filter may not hold: S3 filters match literally (no wildcards), and the value is
 * written into Terraform strings (no quote, backslash or interpolation). */
const keyFilterProblem = (value: string): boolean =>
  value.length > 1024 || /[\u0000-\u001f*?"\\]|\$\{|%\{/.test(value);
/** Two filters on one bucket overlap (S3 refuses the configuration) when one prefix starts the
 * other and one suffix ends the other. */
const filtersOverlap = (a: FunctionAnswers, b: FunctionAnswers): boolean => {
  const [pa, pb, sa, sb] = [a.keyPrefix ?? '', b.keyPrefix ?? '', a.keySuffix ?? '', b.keySuffix ?? ''];
  return (pa.startsWith(pb) || pb.startsWith(pa)) && (sa.endsWith(sb) || sb.endsWith(sa));
};
const timezonePattern = /^(UTC|[A-Za-z]+(?:[_-][A-Za-z]+)*(?:\/[A-Za-z0-9]+(?:[_+-][A-Za-z0-9]+)*){1,2}|Etc\/GMT[+-]\d{1,2})$/;

function bucketProblem(name: string): string | undefined {
  if (name.length < 3 || name.length > 63) return 'must be 3 to 63 characters long';
  if (!/^[a-z0-9][a-z0-9.-]*[a-z0-9]$/.test(name)) return 'may contain only lowercase letters, digits, dots and hyphens, and must begin and end with a letter or digit';
  if (name.includes('..')) return 'must not contain two adjacent dots';
  if (/^\d+\.\d+\.\d+\.\d+$/.test(name)) return 'must not be formatted as an IP address';
  if (/^(xn--|sthree-|amzn-s3-demo-)/.test(name)) return 'must not start with xn--, sthree- or amzn-s3-demo-';
  if (/(-s3alias|--ol-s3|\.mrap|--x-s3|--table-s3)$/.test(name)) return 'must not end with -s3alias, --ol-s3, .mrap, --x-s3 or --table-s3';
  return undefined;
}

/** A new source bucket's name before `-<account id>`: the function name as S3 allows it
 * (lowercase, `_` as `-`), cut so the whole name fits S3's 63 characters. The bootstrap stack
 * scopes the deploy role to buckets named this way from the prefix. */
export function newBucketStem(functionName: string): string {
  return functionName.toLowerCase().replace(/_/g, '-').slice(0, 50).replace(/-+$/, '');
}

const dotnetNameRule = 'use dotted C# identifiers (letters, digits, _; not starting with a digit; no C# keywords), e.g. MyCompany.Orders';

export function nameProblem(name: string): string | undefined {
  if (name === '') return `is empty; ${dotnetNameRule}`;
  const bad = name.split('.').find((segment) => !identifier.test(segment) || csharpKeywords.has(segment));
  if (bad !== undefined) return `"${name}" is not a valid .NET name: ${dotnetNameRule}`;
  return undefined;
}

/** How a problem names a function's answer: the plain flag while the repo has one function
 * (create, and single-function repos), `<Name>.flag` (the `--set` form) otherwise. */
export function functionFlag(a: Pick<Answers, 'functions'>, fn: Pick<FunctionAnswers, 'name'>, flag: string): string {
  return a.functions.length === 1 ? `--${flag}` : `${fn.name}.${flag}`;
}

function validateFunction(a: Answers, fn: FunctionAnswers, problems: string[]): void {
  const f = (flag: string) => functionFlag(a, fn, flag);
  const nameIssue = nameProblem(fn.name);
  if (nameIssue) problems.push(`${f('name')}: ${nameIssue.startsWith('"') ? nameIssue : `.NET name ${nameIssue}`}`);
  // `_` and `_0` are C# identifiers, but the Terraform module, file and image names come from
  // the name's letters and digits (order-worker, order_worker), and Terraform names must start
  // with a letter: `module._0` does not parse, and `_` would leave nothing.
  else if (!/^[a-z]/.test(kebabCase(fn.name))) {
    problems.push(
      `${f('name')}: "${fn.name}" gives no name for its Terraform module, files and images ("${kebabCase(fn.name)}"), which must start with a letter; ` +
        'use a name whose first letter or digit is a letter, e.g. Worker',
    );
  }
  if (!functionNamePattern.test(fn.functionName)) {
    problems.push(
      `${f('function-name')}: "${fn.functionName}" is not allowed; use 1 to 54 characters from A-Z, a-z, 0-9, - and _ ` +
        '(Lambda allows 64, but the execution role name appends "-execution" and IAM allows 64)',
    );
  } else if (a.prefix !== '' && fn.functionName !== a.prefix && !fn.functionName.startsWith(`${a.prefix}-`)) {
    problems.push(
      `${f('function-name')}: "${fn.functionName}" must be the prefix "${a.prefix}" or start with "${a.prefix}-": ` +
        "the pipeline's permissions cover exactly those names",
    );
  }
  if (!triggers.includes(fn.trigger)) problems.push(parseValue(optionByKey.get('trigger')!, fn.trigger).problem!.replace('--trigger', f('trigger')));
  if (!Number.isInteger(fn.memory) || fn.memory < 128 || fn.memory > 10240) {
    problems.push(`${f('memory')}: ${fn.memory} is out of range; use a whole number of MB from 128 to 10240`);
  }
  if (!Number.isInteger(fn.timeout) || fn.timeout < 1 || fn.timeout > 900) {
    problems.push(`${f('timeout')}: ${fn.timeout} is out of range; use a whole number of seconds from 1 to 900`);
  }
  if (!(logRetentions as readonly number[]).includes(fn.logRetention)) {
    problems.push(`${f('log-retention')}: ${fn.logRetention} is not a CloudWatch retention period; use one of ${logRetentions.join(', ')}`);
  }
  for (const spec of overrideOptions) {
    const value = fn[spec.key as OverrideKey];
    if (value === undefined) continue;
    const problem = spec.kind === 'choice' ? parseValue(spec, value).problem : typeof value === 'boolean' ? undefined : `--${spec.flag}: expected true or false, got "${String(value)}"`;
    if (problem) problems.push(problem.replace(`--${spec.flag}:`, `--set ${fn.name}.${spec.flag}:`));
  }
  if ((fn.logFormat ?? a.logFormat) === 'text') {
    for (const [key, flag] of [['appLogLevel', 'app-log-level'], ['systemLogLevel', 'system-log-level']] as const) {
      if (fn[key] !== undefined) problems.push(`--set ${fn.name}.${flag}: log levels filter only JSON logs; also set ${fn.name}.log-format=json, or leave the level out`);
    }
  }
  // A trigger's own answers belong to it alone.
  for (const spec of functionOptions) {
    const value = fn[spec.key as FunctionKey];
    if (value !== undefined && !applies(spec.key, { ...a, ...fn })) {
      const owner = spec.key === 'manageBucketNotifications' ? 'an existing bucket (--source-bucket)' : `--trigger ${spec.triggers!.join(' or ')}`;
      problems.push(`${f(spec.flag)}: applies only to ${owner}; leave it out for --trigger ${fn.trigger}`);
    }
  }
  if (fn.trigger === 'http-api' && fn.route !== undefined && fn.route !== '$default' && !routePattern.test(fn.route)) {
    problems.push(
      `${f('route')}: "${fn.route}" is not an HTTP API route key; use $default or METHOD /path with METHOD one of ` +
        'ANY GET POST PUT PATCH DELETE HEAD OPTIONS, e.g. "ANY /orders/{proxy+}" or "GET /orders/{id}"',
    );
  }
  if (fn.trigger === 'sqs') {
    const { batchSize = 0, batchingWindow = 0, maxReceiveCount = 0, visibilityTimeout } = fn;
    if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10000) {
      problems.push(`${f('batch-size')}: ${batchSize} is out of range; use 1 to 10000 messages`);
    } else if (batchSize > 10 && batchingWindow < 1) {
      problems.push(
        `${f('batch-size')}: ${batchSize} needs a batching window: Lambda requires one of at least 1 second above 10 messages; ` +
          `pass ${f('batching-window')} 1 or more, or use a batch size of 10 or fewer`,
      );
    }
    if (!Number.isInteger(batchingWindow) || batchingWindow < 0 || batchingWindow > 300) {
      problems.push(`${f('batching-window')}: ${batchingWindow} is out of range; use 0 to 300 seconds`);
    }
    if (!Number.isInteger(maxReceiveCount) || maxReceiveCount < 1 || maxReceiveCount > 1000) {
      problems.push(`${f('max-receive-count')}: ${maxReceiveCount} is out of range; use 1 to 1000 receives`);
    }
    if (visibilityTimeout !== undefined && (visibilityTimeout < 6 * fn.timeout || visibilityTimeout > 43200)) {
      problems.push(
        `${f('visibility-timeout')}: ${visibilityTimeout} is not allowed; use ${6 * fn.timeout} to 43200 seconds ` +
          `(at least 6 x the ${fn.timeout} s timeout, as AWS advises for queues that trigger Lambda), or leave it out to derive it`,
      );
    }
  }
  if (fn.trigger === 's3') {
    if (fn.sourceBucket) {
      const issue = bucketProblem(fn.sourceBucket);
      if (issue) problems.push(`${f('source-bucket')}: "${fn.sourceBucket}" is not a valid S3 bucket name: it ${issue}`);
      else if (!fn.manageBucketNotifications) {
        problems.push(
          `${f('source-bucket')}: S3 keeps one notification configuration per bucket, and the first apply would replace ` +
            `${fn.sourceBucket}'s with this repo's, deleting every notification set up elsewhere (another stack, the console). ` +
            `Pass ${f('manage-bucket-notifications')} if this repo may own all of ${fn.sourceBucket}'s notifications, ` +
            'or leave --source-bucket out for a new bucket of its own',
        );
      }
    }
    for (const [flag, value] of [['key-prefix', fn.keyPrefix], ['key-suffix', fn.keySuffix]] as const) {
      if (value !== undefined && keyFilterProblem(value)) {
        problems.push(
          `${f(flag)}: "${value}" is not allowed; use up to 1024 characters without control characters, * or ? ` +
            '(S3 filters match literally), " or \\, ${ or %{, e.g. uploads/ or .csv',
        );
      }
    }
    if (!fn.sourceBucket) {
      // The new bucket is named <stem>-<account id>; the stem comes from the function name.
      const issue = bucketProblem(`${newBucketStem(fn.functionName)}-123456789012`);
      if (issue) {
        problems.push(
          `${f('function-name')}: "${fn.functionName}" cannot name the new S3 bucket (${newBucketStem(fn.functionName)}-<account id>): it ${issue}; ` +
            'rename the function or pass --source-bucket',
        );
      }
    }
  }
  if (fn.trigger === 'schedule') {
    const expression = fn.schedule ?? '';
    const issue = ratePattern.test(expression) ? undefined : expression.startsWith('cron(') ? cronProblem(expression) : 'is not a schedule expression';
    if (issue) {
      problems.push(
        `${f('schedule')}: "${expression}" ${issue}; use rate(VALUE UNIT) such as "rate(5 minutes)" or ` +
          '"rate(1 hour)" (unit minute, hour or day; plural above 1), or cron(MIN HOUR DAY-OF-MONTH MONTH DAY-OF-WEEK YEAR) ' +
          'with ? in one day field, such as "cron(0 8 * * ? *)" (08:00 every day) or "cron(0 18 ? * MON-FRI *)"',
      );
    }
    if (fn.scheduleTimezone === undefined || !timezonePattern.test(fn.scheduleTimezone)) {
      problems.push(`${f('schedule-timezone')}: "${fn.scheduleTimezone ?? ''}" is not an IANA time zone; use one such as UTC, Europe/Berlin or America/New_York`);
    }
  }
}

/** All problems with a complete answer set; empty when it is valid. */
export function validate(a: Answers): string[] {
  const problems: string[] = [];
  if (a.functions.length === 0) problems.push('the repo needs at least one function');
  if (!functionNamePattern.test(a.prefix)) {
    problems.push(`--prefix: "${a.prefix}" is not allowed; use 1 to 54 characters from A-Z, a-z, 0-9, - and _`);
  }
  const solutionIssue = nameProblem(a.solution);
  if (solutionIssue) problems.push(`--solution: ${solutionIssue.startsWith('"') ? solutionIssue : `.NET name ${solutionIssue}`}`);
  for (const spec of repoOptions) {
    if (spec.kind !== 'choice') continue;
    const value = String(a[spec.key as RepoKey]);
    if (!spec.choices.includes(value)) problems.push(parseValue(spec, value).problem!);
  }
  for (const fn of a.functions) validateFunction(a, fn, problems);
  // Names that must be unique across the repo: folders (case-insensitive file systems), the
  // Terraform module names, Lambda function names, and HTTP API routes.
  const duplicates = (label: string, keyOf: (fn: FunctionAnswers) => string | undefined) => {
    const seen = new Map<string, string>();
    for (const fn of a.functions) {
      const key = keyOf(fn);
      if (key === undefined) continue;
      const other = seen.get(key);
      if (other !== undefined) problems.push(`functions ${other} and ${fn.name} have the same ${label}; give one of them another`);
      else seen.set(key, fn.name);
    }
  };
  duplicates('.NET name (folders and Terraform modules compare them without case)', (fn) => snakeCase(fn.name));
  // Terraform names derived from a function's snake_case name: its modules, outputs and files
  // (function_<key>.tf, alarms_<key>.tf) must not be another function's, or the root's outputs.
  const derivedSuffixes = ['_bucket', '_queue', '_http_api', '_schedule', '_url', '_alarms'];
  const rootOutputs = ['invoke_url', 'alarm_topic_arn'];
  for (const fn of a.functions) {
    const key = snakeCase(fn.name);
    if (rootOutputs.includes(key)) problems.push(`${functionFlag(a, fn, 'name')}: ${fn.name} would name a Terraform output the repo already has (${key}); choose another name`);
    for (const other of a.functions) {
      if (other === fn) continue;
      const otherKey = snakeCase(other.name);
      const taken = [...derivedSuffixes.map((s) => otherKey + s), `function_${otherKey}`, `alarms_${otherKey}`];
      if (taken.includes(key)) {
        problems.push(`${functionFlag(a, fn, 'name')}: ${fn.name} would collide with the Terraform names derived from ${other.name} (${key}); choose another name`);
      }
    }
  }
  duplicates('Lambda function name', (fn) => fn.functionName.toLowerCase());
  duplicates('HTTP API route', (fn) => (fn.trigger === 'http-api' ? fn.route : undefined));
  duplicates('new S3 bucket name', (fn) => (fn.trigger === 's3' && !fn.sourceBucket ? newBucketStem(fn.functionName) : undefined));
  // One bucket, one notification configuration: S3 refuses two filters that match one key.
  const s3 = a.functions.filter((fn) => fn.trigger === 's3' && fn.sourceBucket);
  s3.forEach((fn, i) => {
    for (const other of s3.slice(i + 1)) {
      if (other.sourceBucket === fn.sourceBucket && filtersOverlap(fn, other)) {
        problems.push(
          `functions ${fn.name} and ${other.name} both subscribe to ${fn.sourceBucket} with filters that match the same keys, ` +
            'which S3 refuses; give them prefixes (or suffixes) where neither starts (ends) with the other',
        );
      }
    }
  });
  if (a.rootAddresses !== '' && !a.functions.some((fn) => fn.name === a.rootAddresses)) {
    problems.push(`--root-addresses: "${a.rootAddresses}" names no function of this repo; use one of ${a.functions.map((fn) => fn.name).join(', ')}, or leave it out`);
  }
  if (frameworks.includes(a.framework) && runtimes.includes(a.runtime) && !runtimesFor[a.framework].includes(a.runtime)) {
    problems.push(
      `--runtime: ${a.runtime} does not fit ${a.framework}; use ${runtimesFor[a.framework].join(' or ')}` +
        (a.framework === 'net7.0' ? ' (net7.0 has no managed Lambda runtime)' : ''),
    );
  }
  if (a.artifactBucket !== '' && !applies('artifactBucket', a)) {
    problems.push('--artifact-bucket: applies only to --package zip (an image is pushed to ECR, never through a bucket); leave it out for --package image');
  } else if (a.artifactBucket !== '') {
    const issue = bucketProblem(a.artifactBucket);
    if (issue) problems.push(`--artifact-bucket: "${a.artifactBucket}" is not a valid S3 bucket name: it ${issue}`);
  }
  if (a.existingRole !== '' && !roleNamePattern.test(a.existingRole)) {
    problems.push(`--existing-role: "${a.existingRole}" is not a valid IAM role name; use 1 to 64 characters from A-Z, a-z, 0-9 and + = , . @ _ -`);
  }
  if (a.repoPath !== '' && !a.repoPath.split('/').every((segment) => /^[\w.+-]([\w .@+-]*[\w.@+-])?$/.test(segment) && !/^\.\.?$/.test(segment))) {
    problems.push(
      `--repo-path: "${a.repoPath}" is not allowed; use a relative path inside the repository, folders separated by / ` +
        '(letters, digits, . _ + - and, inside a name, space and @; no . or .. folders), e.g. services/orders, or blank for the repository root',
    );
  }
  if (a.alarmEmail !== '') {
    if (!emailPattern.test(a.alarmEmail)) {
      problems.push(`--alarm-email: "${a.alarmEmail}" is not an e-mail address; use one address such as oncall@example.com`);
    } else if (!a.functions.some((fn) => fn.alarms ?? a.alarms)) {
      problems.push('--alarm-email: no function has alarms to send; leave it out, or turn alarms on (--alarms)');
    }
  }
  if (a.preset === 'seed') {
    for (const key of seedRequires(a)) {
      if (a[key] === '') problems.push(`--preset seed references an existing bucket and role: pass --${optionByKey.get(key)!.flag}`);
    }
  }
  return problems;
}

// ---------------------------------------------------------------------------
// Resolution: given values + defaults → a complete, validated answer set

export interface ResolveInput {
  /** Target directory's base name; the source of the name defaults. */
  dirName: string;
  /** Values given explicitly (flags, `--set`, prompts, a record), already typed. */
  given: Given;
  /** Where a given value came from when the user did not type it (e.g. detected). */
  origin?: Partial<Record<AnswerKey, string>>;
}

/** Fill every answer not given from its default, in table order (no validation). A function
 * keeps only the trigger-specific answers of its own trigger (plus any given: validation
 * refuses those). */
export function fillAnswers({ dirName, given }: ResolveInput): Answers {
  const repo: Partial<RepoAnswers> = { preset: given.preset ?? 'default' };
  for (const spec of repoOptions) {
    const value = (given as Record<string, unknown>)[spec.key] ?? repoDefault(spec.key as RepoKey, dirName, { ...given, ...repo });
    (repo as Record<string, unknown>)[spec.key] = value;
  }
  const functions: FunctionAnswers[] = [];
  givenFunctions(given).forEach((fnGiven, index) => {
    const fn: Partial<FunctionAnswers> = {};
    for (const spec of functionOptions) {
      const key = spec.key as FunctionKey;
      let value = fnGiven[key];
      if (value === undefined && applies(key, { ...repo, ...fnGiven, ...fn })) {
        value = functionDefault(key, dirName, repo, { ...fnGiven, ...fn }, index, functions);
      }
      if (value !== undefined) (fn as Record<string, unknown>)[key] = value;
    }
    // Overrides stay absent unless given: absent means the function follows the repo answer.
    for (const spec of overrideOptions) {
      const value = (fnGiven as Record<string, unknown>)[spec.key];
      if (value !== undefined) (fn as Record<string, unknown>)[spec.key] = value;
    }
    functions.push(fn as FunctionAnswers);
  });
  return { ...(repo as RepoAnswers), functions };
}

/** Fill and validate: a complete answer set, or an InputError listing every problem. A
 * problem with a value nobody typed says where the value came from. */
export function resolveAnswers(input: ResolveInput): Answers {
  const answers = fillAnswers(input);
  const origin: Partial<Record<AnswerKey, string>> = { ...input.origin };
  const first = givenFunctions(input.given)[0] ?? {};
  if (answers.functions.length === 1) {
    for (const key of ['name', 'functionName'] as const) if (!(key in first)) origin[key] = `derived from the directory name "${input.dirName}"`;
  }
  const problems = validate(answers).map((problem) => {
    const key = (Object.keys(origin) as AnswerKey[]).find((k) => problem.startsWith(`--${optionByKey.get(k)!.flag}:`));
    if (!key) return problem;
    const flag = `--${optionByKey.get(key)!.flag}`;
    return `${flag} (not given; ${origin[key]}): ${problem.slice(flag.length + 2)}; pass ${flag}`;
  });
  if (problems.length > 0) throw new InputError(problems);
  return answers;
}

/** The problem with one raw value of a new repo's answers so far (create's prompts use this). */
export function fieldProblem(key: AnswerKey, raw: unknown, input: ResolveInput): string | undefined {
  const spec = optionByKey.get(key)!;
  const parsed = parseValue(spec, raw);
  if (parsed.problem) return parsed.problem;
  const trial = fillAnswers({ dirName: input.dirName, given: { ...input.given, [key]: parsed.value } });
  return validate(trial).find((p) => p.startsWith(`--${spec.flag}:`));
}

/** The warning for one framework or runtime past its end of support on `today` (YYYY-MM-DD). */
export function supportWarning(thing: Framework | Runtime | undefined, today?: string): string | undefined {
  const date = thing === undefined ? undefined : endOfSupport[thing];
  if (!date) return undefined;
  // Without `today`, from the clock as a number: a Date object and its ISO string cost a
  // quarter of a millisecond of every run. `date` is past once its whole UTC day is.
  const past = today !== undefined ? date < today : Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) + 86_400_000 <= Date.now();
  if (!past) return undefined;
  return `${thing} reached end of support on ${date}; the repo is generated anyway, but plan a move to net10.0 / dotnet10.`;
}

/** Warnings for anything past its end of support on `today` (YYYY-MM-DD). */
export function lifecycleWarnings(a: Partial<Pick<Answers, 'framework' | 'runtime'>>, today?: string): string[] {
  return [a.framework, a.runtime].map((thing) => supportWarning(thing, today)).filter((w): w is string => w !== undefined);
}

/** A function's answers as recorded, plus changes: a changed trigger drops the recorded
 * answers of the old trigger (they would no longer apply). */
function changeFunction(recorded: Partial<FunctionAnswers>, changes: Partial<FunctionAnswers>): Partial<FunctionAnswers> {
  const out: Partial<FunctionAnswers> = { ...recorded };
  if (changes.trigger !== undefined && changes.trigger !== recorded.trigger) {
    for (const spec of functionOptions) if (spec.triggers) delete out[spec.key as FunctionKey];
    if (recorded.trigger === 'http-api') delete out.route;
  }
  return { ...out, ...changes };
}

/** Recorded answers (any release's shape) with changes applied, as the function list: repo
 * answers replace the recorded ones; flat function answers change the only function. */
export function applyChanges(recorded: Given, changes: Given, byFunction: Record<string, Partial<FunctionAnswers>> = {}): Given {
  const functions = givenFunctions(recorded);
  const flat = flatFunction(changes);
  const problems: string[] = [];
  if (Object.keys(flat).length > 0 && functions.length !== 1) {
    problems.push(
      `--set ${Object.keys(flat).map((k) => optionByKey.get(k as FunctionKey)!.flag).join(', ')}: this repo has ${functions.length} functions; ` +
        `name the function, e.g. --set ${functions[0]?.name ?? 'Name'}.${optionByKey.get(Object.keys(flat)[0] as FunctionKey)!.flag}=…`,
    );
  }
  for (const name of Object.keys(byFunction)) {
    if (!functions.some((fn) => fn.name === name)) {
      problems.push(`--set ${name}.…: no function is named ${name}; the functions are ${functions.map((fn) => fn.name).join(', ')}`);
    }
  }
  if (problems.length > 0) throw new InputError(problems);
  const repo: Given = {};
  for (const spec of repoOptions) {
    const value = (changes as Record<string, unknown>)[spec.key] ?? (recorded as Record<string, unknown>)[spec.key];
    if (value !== undefined) (repo as Record<string, unknown>)[spec.key] = value;
  }
  // A repo migrated from one function: its first function owns the old root-level addresses.
  if (recorded.functions === undefined && repo.rootAddresses === undefined) repo.rootAddresses = functions[0]?.name ?? '';
  const changed = functions.map((fn) => changeFunction(changeFunction(fn, functions.length === 1 ? flat : {}), byFunction[fn.name ?? ''] ?? {}));
  // Answers named after a function follow its rename unless set too: the module that owns
  // the 0.2.0 addresses, and the solution (named after the first function by default).
  for (const key of ['rootAddresses', 'solution'] as const) {
    if (changes[key] !== undefined) continue;
    const owner = functions.findIndex((fn) => fn.name !== undefined && fn.name === repo[key]);
    if (owner >= 0 && changed[owner]!.name !== undefined) repo[key] = changed[owner]!.name;
  }
  return { ...repo, functions: changed };
}

/** Why `<name>` cannot name a function `add` creates: it is one C# identifier (the project,
 * its folder, its namespace and its Terraform module are named after it). */
export function addedNameProblem(name: string): string | undefined {
  const rule = 'use one C# identifier (letters, digits, _; not starting with a digit; not a C# keyword; no dots), e.g. Worker';
  if (name === '') return `the function name is empty; ${rule}`;
  if (!identifier.test(name) || csharpKeywords.has(name)) return `"${name}" is not a C# identifier; ${rule}`;
  return undefined;
}

/** Answers (the function-list form applyChanges gives) with one more function at the end. */
export function withFunctionAdded(given: Given, name: string, fn: Partial<FunctionAnswers>): Given {
  const functions = givenFunctions(given);
  const problem = addedNameProblem(name);
  if (problem) throw new InputError([`add ${name}: ${problem}`]);
  // Folders and Terraform module names compare without case (and `-`/`_` alike).
  const clash = functions.find((f) => f.name !== undefined && snakeCase(f.name) === snakeCase(name));
  if (clash) {
    throw new InputError([
      `add ${name}: the repo already has a function named ${clash.name}; choose another name ` +
        `(the functions are ${functions.map((f) => f.name).join(', ')}; change one with update --set ${clash.name}.<key>=…)`,
    ]);
  }
  return { ...given, functions: [...functions, { ...fn, name }] };
}

/** Answers without the function `name`; the last function is never removed. */
export function withFunctionRemoved(given: Given, name: string): Given {
  const functions = givenFunctions(given);
  const names = functions.map((f) => f.name).join(', ');
  if (!functions.some((f) => f.name === name)) throw new InputError([`remove ${name}: no function is named ${name}; the functions are ${names}`]);
  if (functions.length === 1) {
    throw new InputError([`remove ${name}: it is the repo's only function, and a repo needs at least one; add another first (add <Name>), or delete the repository`]);
  }
  return {
    ...given,
    // Its module goes, and with it the 0.2.0 addresses it owned: nothing is left to move.
    ...(given.rootAddresses === name ? { rootAddresses: '' } : {}),
    functions: functions.filter((f) => f.name !== name),
  };
}
