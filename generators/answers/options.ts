// The option table: one row per answer. Flags, prompts, `--set`, help, defaults and validation
// read it. A row owns everything about its answer: its flag and texts, where it applies
// (`scope`, `triggers`, `when`), its default and its validation. The rows live with their
// concern (options/function.ts, triggers.ts, repo.ts, operations.ts); this module puts them
// in table order, the order help lists them, prompts ask them and defaults are decided in.
import type { Answers, AnswerKey, FunctionAnswers, Given, RepoAnswers, Trigger } from './types.js';
import { functionRows } from './options/function.js';
import { operationsRows } from './options/operations.js';
import { repoRows } from './options/repo.js';
import { triggerRows } from './options/triggers.js';

/** What a default is decided from. For a repo answer: the answers given so far (`soFar`) and
 * the first given function (`fn`, index 0); for a function's: the repo's answers (`soFar`), the
 * function's so far, its place in the list and the functions already filled (`before`). */
export interface DefaultContext {
  dirName: string;
  soFar: Given;
  fn: Partial<FunctionAnswers>;
  index: number;
  before: readonly FunctionAnswers[];
  /** The preset's value for this answer, if it has one. */
  fromPreset: unknown;
}

/** A complete answer set, and where a row adds its problems. */
export interface Check {
  a: Answers;
  problems: string[];
}
/** A function's answer: the function, and how a problem names its flag (`functionFlag`). */
export interface FunctionCheck extends Check {
  fn: FunctionAnswers;
  f: (flag: string) => string;
  /** How a problem tells the user to give an answer, in a form the command takes (`passFlag`). */
  pass: (flag: string, value: string) => string;
}

interface OptionBase {
  key: AnswerKey;
  /** A repo answer one function may override with `--set <Name>.key=value` (absent: inherit). */
  override?: boolean;
  /** Only these triggers have this answer; giving it for another is an error. */
  triggers?: readonly Trigger[];
  /** Whether the answer means anything for the answers so far, beyond `triggers`: one that
   * does not is neither asked nor accepted. Absent: always. */
  when?: (a: Partial<RepoAnswers> & Partial<FunctionAnswers>) => boolean;
  /** What the answer applies only to, in a problem's words, when `when` is not the trigger. */
  appliesTo?: string;
  /** The default when not given: a value (a preset may replace it), or a function of the
   * directory and the answers so far (which consults the preset itself, if at all). */
  default?: string | number | boolean | ((c: DefaultContext) => unknown);
  /** A number a prompt may leave blank, to keep the answer absent: says what it is then derived as. */
  blank?: string;
  /** Recorded, never asked or listed in help: detected or derived (a `--set` still overrides it). */
  hidden?: boolean;
  /** The CLI flag and `--set` key, kebab-case. */
  flag: string;
  describe: string;
  /** Question text for the interactive prompt. */
  message: string;
}
/** 'repo': one value for the repository (`--set key=value`); 'function': one per function
 * (`--set <Name>.key=value`; plain `key=value` while the repo has one function). Each adds its
 * problems with a complete answer set in `validate`; a function's, once per function that has it. */
type Scoped =
  | (OptionBase & { scope: 'repo'; validate?: (c: Check) => void })
  | (OptionBase & { scope: 'function'; validate?: (c: FunctionCheck) => void });
export type OptionSpec = Scoped &
  (
    | {
        kind: 'choice';
        choices: readonly string[];
        /** Said instead of a list too long to print. */
        summary?: string;
        /** What each choice means and costs, shown under the prompt's highlighted choice. */
        explain?: Readonly<Record<string, string>>;
      }
    | { kind: 'number' }
    | { kind: 'string' }
    | { kind: 'boolean' }
  );

const tableOrder: readonly AnswerKey[] = [
  'name', 'functionName', 'prefix', 'solution', 'framework', 'runtime', 'arch', 'package', 'trigger', 'route', 'throttleBurst', 'throttleRate', 'memory', 'timeout', 'reservedConcurrency',
  'batchSize', 'batchingWindow', 'maxReceiveCount', 'visibilityTimeout', 'sourceBucket', 'keyPrefix', 'keySuffix', 'manageBucketNotifications',
  'schedule', 'scheduleTimezone', 'region', 'logRetention', 'runner', 'artifactBucket', 'existingRole', 'state', 'deployGate', 'tests', 'preset', 'repoPath',
  'logFormat', 'appLogLevel', 'systemLogLevel', 'alarms', 'alarmEmail', 'tracing', 'rootAddresses',
];

const rows = new Map([...functionRows, ...triggerRows, ...repoRows, ...operationsRows].map((o) => [o.key, o]));
export const options: readonly OptionSpec[] = tableOrder.map((key) => rows.get(key)!);
if (rows.size !== options.length) throw new Error('every option row needs its place in tableOrder, once');

export const optionByFlag = new Map(options.map((o) => [o.flag, o]));
export const optionByKey = new Map(options.map((o) => [o.key, o]));
export const repoOptions = options.filter((o) => o.scope === 'repo');
/** Repo answers a function may override. */
export const overrideOptions = options.filter((o) => o.override === true);
export const functionOptions = options.filter((o) => o.scope === 'function');

/** Rules over two answers, by the order prompts ask them: each is said of the second. A prompt
 * for one also shows the other's problems once that one is settled (given as a flag, or asked
 * before), so every pair is answerable at the prompts: the batch size is asked before its
 * window, which the rule above 10 messages names; an existing bucket before the yes/no that
 * lets the repo own its notifications; the queue's visibility timeout before the function's
 * timeout. */
export const answerPairs: ReadonlyArray<readonly [AnswerKey, AnswerKey]> = [
  ['batchSize', 'batchingWindow'],
  ['sourceBucket', 'manageBucketNotifications'],
  ['visibilityTimeout', 'timeout'],
  ['functionName', 'prefix'],
];

/** The flags whose problems a prompt for `key` shows: its own, and its partners' that are settled. */
export function promptFlags(key: AnswerKey, settled: (key: AnswerKey) => boolean): string[] {
  const partners = answerPairs.flatMap(([x, y]) => (x === key ? [y] : y === key ? [x] : [])).filter(settled);
  return [key, ...partners].map((k) => optionByKey.get(k)!.flag);
}
