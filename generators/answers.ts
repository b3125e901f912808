// The one answer model: option table, defaults, presets, derivations and
// validation. The CLI, the prompts, `update` and the templates all read this
// module; no other module decides what an answer means.
import type { Framework } from './versions.js';

export type Runtime = 'dotnet10' | 'dotnet8' | 'provided.al2023' | 'provided.al2';
export type Arch = 'arm64' | 'x86_64';
export type PackageType = 'zip' | 'image';
export type Trigger = 'http-api' | 'function-url' | 'none';
export type Runner = 'github' | 'self-hosted';
export type StateBackend = 's3' | 'local';
export type Preset = 'default' | 'seed';

/** Normalized answers: what `.dotnet-aot-lambda.json` records and `render` takes. */
export interface Answers {
  name: string;
  functionName: string;
  framework: Framework;
  runtime: Runtime;
  arch: Arch;
  package: PackageType;
  trigger: Trigger;
  memory: number;
  timeout: number;
  region: string;
  logRetention: number;
  runner: Runner;
  /** Existing S3 bucket the package is uploaded through; '' means direct upload. */
  artifactBucket: string;
  /** Existing execution role name; '' means Terraform creates one. */
  existingRole: string;
  state: StateBackend;
  tests: boolean;
  preset: Preset;
  /** Where the project sits inside its git repository (POSIX, no trailing slash); '' when it
   * is the repository's root. Detected at create time and recorded, so `update` renders the
   * workflow to the same place. */
  repoPath: string;
}

export type AnswerKey = keyof Answers;

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
export const triggers: readonly Trigger[] = ['http-api', 'function-url', 'none'];
export const runners: readonly Runner[] = ['github', 'self-hosted'];
export const stateBackends: readonly StateBackend[] = ['s3', 'local'];
export const presets: readonly Preset[] = ['default', 'seed'];

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
  { key: 'name', flag: 'name', kind: 'string', describe: '.NET project name and root namespace (default: PascalCase of dir)', message: '.NET project name / root namespace' },
  { key: 'functionName', flag: 'function-name', kind: 'string', describe: 'Lambda function name (default: dir name)', message: 'Lambda function name' },
  {
    key: 'framework', flag: 'framework', kind: 'choice', choices: frameworks, describe: 'target framework', message: 'Target framework',
    explain: {
      'net10.0': '.NET 10 LTS, supported until 2028-11-14',
      'net8.0': '.NET 8 LTS, end of support 2026-11-10',
      'net7.0': '.NET 7, out of support since 2024-05-14: no security fixes (the seed article used it)',
    },
  },
  {
    key: 'runtime', flag: 'runtime', kind: 'choice', choices: runtimes, describe: "Lambda runtime (default: the framework's managed runtime; provided.al2 for net7.0)", message: 'Lambda runtime',
    explain: {
      dotnet10: 'AWS-managed .NET 10 runtime: runs the native executable, with ICU and time-zone data; AWS patches the OS',
      dotnet8: 'AWS-managed .NET 8 runtime (ends 2026-11-10): runs the native executable; AWS patches the OS',
      'provided.al2023': 'OS-only Amazon Linux 2023: smallest image, but no ICU or time-zone data; same price',
      'provided.al2': 'OS-only Amazon Linux 2, ended 2026-07-31: Lambda stops patching, then blocks updates',
    },
  },
  {
    key: 'arch', flag: 'arch', kind: 'choice', choices: arches, describe: 'instruction set (arm64 = Graviton)', message: 'Architecture',
    explain: {
      arm64: 'AWS Graviton: about 20% cheaper per GB-second; builds need an arm64 runner',
      x86_64: 'Intel/AMD: the usual choice when a dependency ships x64-only native code',
    },
  },
  {
    key: 'package', flag: 'package', kind: 'choice', choices: packageTypes, describe: 'deployment package type', message: 'Package type',
    explain: {
      zip: 'a zip with one file, bootstrap: fastest cold start, nothing extra to pay for',
      image: 'a container image in ECR (up to 10 GB): for large dependencies; ECR storage is billed',
    },
  },
  {
    key: 'trigger', flag: 'trigger', kind: 'choice', choices: triggers, describe: 'what invokes the function', message: 'Trigger',
    explain: {
      'http-api': 'public HTTPS endpoint through API Gateway HTTP API (billed per million requests)',
      'function-url': 'Lambda function URL, IAM-signed (SigV4) requests only: no API Gateway cost, not for browsers',
      none: 'no HTTP endpoint: invoke it with the Lambda API or wire an event source yourself',
    },
  },
  { key: 'memory', flag: 'memory', kind: 'number', describe: 'memory in MB, 128-10240', message: 'Memory (MB)' },
  { key: 'timeout', flag: 'timeout', kind: 'number', describe: 'timeout in seconds, 1-900', message: 'Timeout (seconds)' },
  { key: 'region', flag: 'region', kind: 'choice', choices: regions, summary: 'an AWS commercial region such as us-east-1, eu-west-1 or ap-southeast-2', describe: 'AWS region', message: 'AWS region' },
  { key: 'logRetention', flag: 'log-retention', kind: 'number', describe: 'CloudWatch log retention in days', message: 'Log retention (days)' },
  {
    key: 'runner', flag: 'runner', kind: 'choice', choices: runners, describe: 'GitHub Actions build runner', message: 'Build runner',
    explain: {
      github: "GitHub-hosted runner of the function's architecture (billed per minute for private repositories)",
      'self-hosted': 'your own Linux machine with Docker, of the same architecture: you run, patch and pay for it',
    },
  },
  { key: 'artifactBucket', flag: 'artifact-bucket', kind: 'string', describe: 'upload bootstrap.zip through this existing S3 bucket (default, or "": direct upload)', message: 'Existing S3 bucket for the package (blank: direct upload)' },
  { key: 'existingRole', flag: 'existing-role', kind: 'string', describe: 'use this existing execution role (default, or "": create one)', message: 'Existing execution role name (blank: create one)' },
  {
    key: 'state', flag: 'state', kind: 'choice', choices: stateBackends, describe: 'Terraform state backend', message: 'Terraform state backend',
    explain: {
      s3: 'a versioned S3 bucket (cents a month) that CI reads and writes: every push to main deploys',
      local: 'a file on your machine: CI only builds and checks, and you deploy from your machine',
    },
  },
  { key: 'tests', flag: 'tests', kind: 'boolean', describe: 'add a unit-test project, or not (default: add one)', message: 'Add a unit-test project?' },
  {
    key: 'preset', flag: 'preset', kind: 'choice', choices: presets, message: 'Preset',
    describe:
      'default, or seed: the choices of Victor Domingues\'s article "Rodando uma Lambda em .NET 7 AOT com Github Actions e Terraform na arquitetura ARM64" (2023)',
  },
  {
    key: 'repoPath', flag: 'repo-path', kind: 'string', message: 'Path of the project inside its git repository',
    describe: 'where the project sits in its git repository, e.g. services/orders (default: detected; blank: the repository root)',
  },
];

export const optionByFlag = new Map(options.map((o) => [o.flag, o]));
export const optionByKey = new Map(options.map((o) => [o.key, o]));

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
} as const satisfies Partial<Answers>;

/** What each preset changes from the base defaults. Explicit flags still win. */
export const presetDefaults: Record<Preset, Partial<Answers>> = {
  default: {},
  // The source article: .NET 7 on provided.al2, arm64, 128 MB, a self-hosted runner,
  // an existing bucket and role, one day of logs, S3 state.
  seed: { framework: 'net7.0', runtime: 'provided.al2', memory: 128, runner: 'self-hosted', logRetention: 1, state: 's3' },
};

/** Answers the seed preset needs but cannot default: they name the user's existing resources.
 * The bucket carries the zip, so an image needs only the role. */
export function seedRequires(a: Pick<Answers, 'package'>): AnswerKey[] {
  return a.package === 'zip' ? ['artifactBucket', 'existingRole'] : ['existingRole'];
}

/** Whether a question means anything for the answers so far: the artifact bucket only
 * carries a zip (an image goes to ECR), so it is neither asked nor accepted for images. */
export function applies(key: AnswerKey, a: Partial<Answers>): boolean {
  return key !== 'artifactBucket' || a.package !== 'image';
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

/** `orders api` → `orders-api`: the directory name with every run of characters a Lambda
 * function name cannot hold turned into one hyphen, cut to the 54 characters that deploy. */
export function functionNameFrom(dirName: string): string {
  return dirName.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 54).replace(/-+$/, '');
}

/** The default for `key` given the directory and the answers decided so far. */
export function defaultFor(key: AnswerKey, dirName: string, so_far: Partial<Answers>): Answers[AnswerKey] | undefined {
  const preset = so_far.preset ?? 'default';
  const fromPreset = presetDefaults[preset][key];
  switch (key) {
    case 'name':
      return pascalCase(dirName);
    case 'functionName':
      return functionNameFrom(dirName);
    case 'repoPath':
      return '';
    case 'preset':
      return 'default';
    case 'runtime': {
      const framework = so_far.framework ?? (presetDefaults[preset].framework as Framework | undefined) ?? baseDefaults.framework;
      // The preset's runtime only applies when it fits the framework actually chosen.
      if (fromPreset && runtimesFor[framework].includes(fromPreset as Runtime)) return fromPreset;
      return defaultRuntime(framework);
    }
    default:
      return fromPreset ?? (baseDefaults as Partial<Answers>)[key];
  }
}

// ---------------------------------------------------------------------------
// Parsing raw text (flags, `--set`, prompts) into typed values

/** What a choice option accepts, in words for messages and help. */
export function allowedChoices(spec: OptionSpec & { kind: 'choice' }): string {
  return spec.summary ?? spec.choices.join(' | ');
}

/** Turn one raw value into its typed form, or return a problem message. */
export function parseValue(spec: OptionSpec, raw: unknown): { value?: Answers[AnswerKey]; problem?: string } {
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

function bucketProblem(name: string): string | undefined {
  if (name.length < 3 || name.length > 63) return 'must be 3 to 63 characters long';
  if (!/^[a-z0-9][a-z0-9.-]*[a-z0-9]$/.test(name)) return 'may contain only lowercase letters, digits, dots and hyphens, and must begin and end with a letter or digit';
  if (name.includes('..')) return 'must not contain two adjacent dots';
  if (/^\d+\.\d+\.\d+\.\d+$/.test(name)) return 'must not be formatted as an IP address';
  if (/^(xn--|sthree-|amzn-s3-demo-)/.test(name)) return 'must not start with xn--, sthree- or amzn-s3-demo-';
  if (/(-s3alias|--ol-s3|\.mrap|--x-s3|--table-s3)$/.test(name)) return 'must not end with -s3alias, --ol-s3, .mrap, --x-s3 or --table-s3';
  return undefined;
}

const dotnetNameRule = 'use dotted C# identifiers (letters, digits, _; not starting with a digit; no C# keywords), e.g. MyCompany.Orders';

export function nameProblem(name: string): string | undefined {
  if (name === '') return `is empty; ${dotnetNameRule}`;
  const bad = name.split('.').find((segment) => !identifier.test(segment) || csharpKeywords.has(segment));
  if (bad !== undefined) return `"${name}" is not a valid .NET name: ${dotnetNameRule}`;
  return undefined;
}

/** All problems with a complete answer set; empty when it is valid. */
export function validate(a: Answers): string[] {
  const problems: string[] = [];
  const nameIssue = nameProblem(a.name);
  if (nameIssue) problems.push(`--name: ${nameIssue.startsWith('"') ? nameIssue : `.NET name ${nameIssue}`}`);
  if (!functionNamePattern.test(a.functionName)) {
    problems.push(
      `--function-name: "${a.functionName}" is not allowed; use 1 to 54 characters from A-Z, a-z, 0-9, - and _ ` +
        '(Lambda allows 64, but the execution role name appends "-execution" and IAM allows 64)',
    );
  }
  for (const spec of options) {
    if (spec.kind !== 'choice') continue;
    const value = String(a[spec.key]);
    if (!spec.choices.includes(value)) problems.push(parseValue(spec, value).problem!);
  }
  if (!Number.isInteger(a.memory) || a.memory < 128 || a.memory > 10240) {
    problems.push(`--memory: ${a.memory} is out of range; use a whole number of MB from 128 to 10240`);
  }
  if (!Number.isInteger(a.timeout) || a.timeout < 1 || a.timeout > 900) {
    problems.push(`--timeout: ${a.timeout} is out of range; use a whole number of seconds from 1 to 900`);
  }
  if (!(logRetentions as readonly number[]).includes(a.logRetention)) {
    problems.push(`--log-retention: ${a.logRetention} is not a CloudWatch retention period; use one of ${logRetentions.join(', ')}`);
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
  /** Values given explicitly (flags, `--set`, prompts), already typed. */
  given: Partial<Answers>;
  /** Where a given value came from when the user did not type it (e.g. detected). */
  origin?: Partial<Record<AnswerKey, string>>;
}

/** Fill every answer not given from its default, in table order (no validation). */
export function fillAnswers({ dirName, given }: ResolveInput): Answers {
  const out: Partial<Answers> = { preset: given.preset ?? 'default' };
  for (const spec of options) {
    const value = given[spec.key] ?? defaultFor(spec.key, dirName, { ...out, ...given });
    (out as Record<string, unknown>)[spec.key] = value;
  }
  return out as Answers;
}

/** Fill and validate: a complete answer set, or an InputError listing every problem. A
 * problem with a value nobody typed says where the value came from. */
export function resolveAnswers(input: ResolveInput): Answers {
  const answers = fillAnswers(input);
  const origin: Partial<Record<AnswerKey, string>> = { ...input.origin };
  for (const key of ['name', 'functionName'] as const) if (!(key in input.given)) origin[key] = `derived from the directory name "${input.dirName}"`;
  const problems = validate(answers).map((problem) => {
    const key = (Object.keys(origin) as AnswerKey[]).find((k) => problem.startsWith(`--${optionByKey.get(k)!.flag}:`));
    if (!key) return problem;
    const flag = `--${optionByKey.get(key)!.flag}`;
    return `${flag} (not given; ${origin[key]}): ${problem.slice(flag.length + 2)}; pass ${flag}`;
  });
  if (problems.length > 0) throw new InputError(problems);
  return answers;
}

/** The problem with one raw value in the light of the answers so far (prompts use this). */
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
  // The clock is read only when something has a date: the first Date call costs about a millisecond.
  if (!date || date >= (today ?? new Date().toISOString().slice(0, 10))) return undefined;
  return `${thing} reached end of support on ${date}; the repo is generated anyway, but plan a move to net10.0 / dotnet10.`;
}

/** Warnings for anything past its end of support on `today` (YYYY-MM-DD). */
export function lifecycleWarnings(a: Partial<Pick<Answers, 'framework' | 'runtime'>>, today?: string): string[] {
  return [a.framework, a.runtime].map((thing) => supportWarning(thing, today)).filter((w): w is string => w !== undefined);
}
