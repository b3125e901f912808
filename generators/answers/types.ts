// The answers' types: what a repository and each of its functions are given, what records
// hold, and the error bad input raises. Everything else in the answer model works on these.
import type { Framework } from '../versions.js';

export type Runtime = 'dotnet10' | 'dotnet8' | 'provided.al2023' | 'provided.al2';
export type Arch = 'arm64' | 'x86_64';
export type PackageType = 'zip' | 'image';
export type Trigger = 'http-api' | 'function-url' | 'none' | 'sqs' | 's3' | 'schedule';
export type Runner = 'github' | 'self-hosted';
export type StateBackend = 's3' | 'local';
export type DeployGate = 'environment' | 'branch';
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
  /** What lets a workflow job assume the deploy role: the GitHub environment (restricted to
   * main) or a push to main (for plans without environments: private repositories on Free). */
  deployGate: DeployGate;
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
  /** Concurrent executions reserved for the function; absent means none (the shared pool). */
  reservedConcurrency?: number;
  /** http-api: the API Gateway route key, `$default` or `METHOD /path`. */
  route?: string;
  /** http-api: the route's throttling on the stage, burst (requests) and rate (per second). */
  throttleBurst?: number;
  throttleRate?: number;
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

/** A Terraform address that changed (a renamed function's modules): infra/moved.tf tells
 * Terraform to move the deployed objects instead of destroying and recreating them. */
export interface Move {
  from: string;
  to: string;
}

/** Normalized answers: what `.dotnet-aot-lambda.json` records and `render` takes. */
export interface Answers extends RepoAnswers {
  functions: FunctionAnswers[];
  /** Moves recorded by `update` (lib/update/moves.ts), oldest first; absent when none. Not an
   * option: no flag sets it, the record carries it, so later updates render it again. */
  moves?: Move[];
  /** Bootstrap permissions no function needs any more, kept until the deploy that deletes
   * their resources has succeeded (generators/retiring.ts); `update --drop-retired` drops
   * them. Absent when none. Not an option: `update` decides it and the record carries it. */
  retiring?: Retiring[];
  /** A project in a subfolder that created the repository root's `.github/dependabot.yml`
   * (there was none): it renders and merges that file like its workflow. Absent otherwise
   * (another project's file, or the user's, is never edited). Not an option: create decides
   * it from the file system, the record carries it. */
  ownsRootDependabot?: true;
}

/** What the bootstrap grants permissions for, one name per kind of resource the function stack
 * may hold (generators/retiring.ts says which template flag and part each is). */
export type BootstrapFeature = 'http-api' | 'function-url' | 'sqs' | 's3' | 'schedule' | 'on-failure' | 'alarms' | 'alarm-topic' | 'tracing';
/** A retiring entry: a feature, or `bucket:<name>`, an existing bucket whose notifications the
 * bootstrap lets the pipeline change (named one by one, not by the prefix). */
export type Retiring = BootstrapFeature | `bucket:${string}`;

export type RepoKey = keyof RepoAnswers;
export type FunctionKey = keyof FunctionAnswers;

/** What flags, prompts, `--set` and records give before defaults: repo answers, and either
 * the function list or one function's answers flat. Flat function answers are the first
 * (only) function: that is what `create`'s flags mean, and what records of 0.1.0 and 0.2.0
 * hold, so reading them is the record migration. */
export type Given = Partial<RepoAnswers> & Partial<FunctionAnswers> & { functions?: Array<Partial<FunctionAnswers>>; moves?: Move[]; retiring?: Retiring[]; ownsRootDependabot?: unknown };

export type AnswerKey = RepoKey | FunctionKey;

/** Bad input: exit code 2, nothing written. */
export class InputError extends Error {
  constructor(public readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'InputError';
  }
}
