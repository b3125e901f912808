// The `dotnet-aot-lambda` generator: its questions and its one action. The
// questions come from the option table in the answer model, so every prompt
// has a flag of the same name. They are defined once, engine-neutral, and run
// by plop (node-plop + inquirer, for maintainers: `npm run plop`) or by the
// bin's lazily loaded prompt runner (lib/write/ask.ts), which reaches the first
// question faster than loading node-plop would. The action renders in memory and
// writes atomically (lib/write/create.ts), unlike plop's file-by-file `add` actions.
import type { NodePlopAPI } from 'node-plop';
import {
  addFlags,
  answerPairs,
  applies,
  defaultFor,
  explainChoice,
  fieldProblem,
  fillAnswers,
  flatFunction,
  functionFlag,
  functionOptions,
  optionByKey,
  options,
  parseValue,
  promptFlags,
  runtimesFor,
  supportWarning,
  validate,
  type AnswerKey,
  type Answers,
  type FunctionAnswers,
  type Given,
} from './answers/index.js';

export const generatorName = 'dotnet-aot-lambda';

/** A trigger's own answers, asked right after the trigger (each only for its trigger). The
 * HTTP route and its throttling have defaults that always work, so they wait behind "customize". */
const behindCustomize: readonly AnswerKey[] = ['route', 'throttleBurst', 'throttleRate'];
const triggerAnswers: readonly AnswerKey[] = functionOptions.filter((o) => o.triggers && !behindCustomize.includes(o.key)).map((o) => o.key);
/** Asked of everyone (that the answer applies to); the rest only after "customize the remaining settings?". */
const essentials: readonly AnswerKey[] = ['name', 'functionName', 'framework', 'runtime', 'arch', 'package', 'trigger', ...triggerAnswers, 'region'];
const advanced: readonly AnswerKey[] = [
  'prefix', 'route', 'throttleBurst', 'throttleRate', 'memory', 'timeout', 'reservedConcurrency', 'logRetention', 'runner', 'artifactBucket', 'existingRole', 'state', 'deployGate', 'tests',
  'logFormat', 'appLogLevel', 'systemLogLevel', 'alarms', 'alarmEmail', 'tracing',
];
/** Never asked: detected from where the project is created (a flag or `--set` overrides it). */
const detected: readonly AnswerKey[] = ['repoPath'];

/** The questions create would ask, given these flags: the directory when none is given, every
 * essential answer not given, and the "customize" gate when any other answer is missing. */
export function unansweredFlags(given: Given, dir: string | undefined): string[] {
  const flag = (key: AnswerKey) => {
    const spec = optionByKey.get(key)!;
    return spec.kind === 'boolean' ? `--${spec.flag} or --no-${spec.flag}` : `--${spec.flag}`;
  };
  const open = (key: AnswerKey) => !(key in given) && applies(key, given);
  return [...(dir === undefined ? ['<dir>'] : []), ...essentials.filter(open).map(flag), ...advanced.filter(open).map(flag)];
}

export interface PromptAnswers extends Given {
  dir?: string;
  customize?: boolean;
  /** update of a repo with several functions: the one to change ('' for none). */
  function?: string;
}

export interface Question {
  name: AnswerKey | 'dir' | 'customize' | 'function';
  kind: 'input' | 'select' | 'confirm';
  /** The question; a function when it depends on the answers so far. */
  message: string | ((so: PromptAnswers) => string);
  when: (so: PromptAnswers) => boolean;
  default: (so: PromptAnswers) => string | boolean | undefined;
  choices?: (so: PromptAnswers) => readonly string[];
  /** true, or a message saying what is allowed. */
  validate?: (raw: string, so: PromptAnswers) => true | string;
  /** A yes/no whose refused answer sends the prompts back to this earlier question (the
   * existing bucket, after "no, the repo may not own its notifications"). */
  back?: AnswerKey;
  /** Raw text → typed answer. */
  parse?: (raw: string) => unknown;
  /** One line on what a choice means and costs. */
  explain?: (choice: string) => string | undefined;
  /** Said as soon as the answer is chosen (end of support). */
  warn?: (value: unknown) => string | undefined;
}

/** The dir the answers so far point at; its base name feeds the name defaults. */
const dirNameOf = (so: PromptAnswers, fixedDir: string | undefined) =>
  (so.dir ?? fixedDir ?? 'my-func').split(/[\\/]/).filter(Boolean).pop() ?? 'my-func';

function typedSoFar(so: PromptAnswers, given: Given): Given {
  const { dir: _dir, customize: _customize, ...rest } = so;
  return { ...given, ...rest };
}

/** Where a question's context comes from: create asks over flags given, update over recorded answers. */
interface Scope {
  /** Typed answers known so far: the given or recorded ones, then what was asked. */
  soFar: (so: PromptAnswers) => Given;
  /** The target directory's base name, which the name defaults come from. */
  dirName: (so: PromptAnswers) => string;
  /** The value offered as the default. */
  defaultOf: (key: AnswerKey, so: PromptAnswers) => unknown;
  /** The problem with a value typed at the prompt; absent: the model's `fieldProblem` over
   * the answers so far. */
  problem?: (key: AnswerKey, raw: string, so: PromptAnswers) => string | undefined;
  /** Answers a rule over two answers may hold against the one asked now (`answerPairs`):
   * given, or asked already. Absent: every answer `soFar` holds. */
  settled?: (key: AnswerKey, so: PromptAnswers) => boolean;
}

/** One question per option, whatever the scope: every prompt has the flag of the same name. */
function question(key: AnswerKey, scope: Scope, when: (so: PromptAnswers) => boolean): Question {
  const spec = optionByKey.get(key)!;
  const base = {
    name: key,
    message: spec.message,
    when,
    default: (so: PromptAnswers) => {
      const value = scope.defaultOf(key, so) as string | number | boolean | undefined;
      return typeof value === 'number' ? String(value) : value;
    },
  };
  const settled = (so: PromptAnswers) => (scope.settled ? (k: AnswerKey) => scope.settled!(k, so) : undefined);
  const problem = scope.problem ?? ((k, raw, so) => fieldProblem(k, raw, { dirName: scope.dirName(so), given: scope.soFar(so) }, settled(so)));
  if (spec.kind === 'boolean') {
    // A yes/no can be refused by a rule over it and an earlier answer: that one is asked again.
    const back = answerPairs.find(([, second]) => second === key)?.[0];
    return { ...base, kind: 'confirm', back, validate: (raw, so) => problem(key, raw, so) ?? true };
  }
  if (spec.kind === 'choice') {
    return {
      ...base,
      kind: 'select',
      explain: (choice) => explainChoice(spec, choice),
      warn: key === 'framework' || key === 'runtime' ? (value) => supportWarning(value as Answers['framework' | 'runtime']) : undefined,
      // Only the runtimes the chosen framework allows are offered.
      choices: (so) => (key === 'runtime' ? runtimesFor[scope.soFar(so).framework ?? 'net10.0'] : spec.choices),
    };
  }
  // An answer derived unless given (the queue's visibility timeout): blank keeps it derived.
  const optional = spec.blank !== undefined;
  return {
    ...base,
    message: optional ? `${spec.message} (blank: ${spec.blank})` : spec.message,
    kind: 'input',
    validate: (raw, so) => (optional && raw.trim() === '' ? true : (problem(key, raw, so) ?? true)),
    parse: (raw) => (optional && raw.trim() === '' ? undefined : (parseValue(spec, raw).value ?? raw)),
  };
}

/** The settings behind "customize", in words, for the answers so far. */
function customizeTopics(given: Given, soFar: Given): string {
  const open = (key: AnswerKey) => !(key in given) && applies(key, soFar);
  const topics = [
    ...(open('memory') || open('timeout') ? ['memory, timeout'] : []),
    ...(open('reservedConcurrency') ? ['reserved concurrency'] : []),
    ...((['logRetention', 'logFormat', 'appLogLevel', 'systemLogLevel', 'alarms', 'alarmEmail', 'tracing'] as const).some(open) ? ['logs, alarms, tracing'] : []),
    ...(open('runner') ? ['runner'] : []),
    ...(open('artifactBucket') ? ['bucket'] : []),
    ...(open('existingRole') ? ['role'] : []),
    ...(open('state') ? ['state backend'] : []),
    ...(open('tests') ? ['tests'] : []),
    ...(open('prefix') ? ['name prefix'] : []),
    ...(open('route') ? ['route'] : []),
    ...(open('throttleBurst') || open('throttleRate') ? ['throttling'] : []),
  ];
  return topics.length <= 1 ? (topics[0] ?? 'the remaining settings') : `${topics.slice(0, -1).join(', ')} and ${topics.at(-1)}`;
}

export function questions(given: Given, fixedDir: string | undefined): Question[] {
  const scope: Scope = {
    soFar: (so) => typedSoFar(so, given),
    dirName: (so) => dirNameOf(so, fixedDir),
    defaultOf: (key, so) => defaultFor(key, dirNameOf(so, fixedDir), typedSoFar(so, given)),
  };
  const ask = (key: AnswerKey, gate?: (so: PromptAnswers) => boolean) =>
    question(key, scope, (so) => !(key in given) && applies(key, scope.soFar(so)) && (gate ? gate(so) : true));
  return [
    {
      name: 'dir',
      kind: 'input',
      message: 'Project directory',
      when: () => fixedDir === undefined,
      default: () => 'my-func',
      validate: (raw) => (raw.trim() === '' ? 'enter a directory name' : true),
      parse: (raw) => raw.trim(),
    },
    ...essentials.map((key) => ask(key)),
    {
      name: 'customize',
      kind: 'confirm',
      // Only what would be asked: the route is an http-api function's, the bucket a zip's.
      message: (so) => `Customize ${customizeTopics(given, scope.soFar(so))}?`,
      when: () => advanced.some((key) => !(key in given)),
      default: () => false,
    },
    ...advanced.map((key) => ask(key, (so) => so.customize === true)),
  ];
}

/** `update`: every answer (or only the repo's, or only one function's), current value as the
 * default, validated like create. */
export function changeQuestions(current: Given, dirName: string, only?: 'repo' | 'function'): Question[] {
  const soFar = (so: PromptAnswers): Given => ({ ...current, ...typedSoFar(so, {}) });
  const recorded = (key: AnswerKey) => (current as Record<string, unknown>)[key];
  const scope: Scope = {
    soFar,
    dirName: () => dirName,
    // The recorded value while it still fits the answers changed so far (a runtime after a
    // new framework may not); otherwise the model's default.
    defaultOf: (key, so) =>
      fieldProblem(key, recorded(key), { dirName, given: soFar(so) }) === undefined ? recorded(key) : defaultFor(key, dirName, soFar(so)),
    // Every recorded answer is asked again, in table order: only those asked already are settled.
    settled: (key, so) => key in so,
  };
  const asked = options.filter((spec) => !detected.includes(spec.key) && !spec.hidden && (only === undefined || spec.scope === only));
  return [
    { name: 'customize', kind: 'confirm', message: only === 'function' ? 'Change its answers?' : 'Change any answers?', when: () => true, default: () => false },
    ...asked.map((spec) => question(spec.key, scope, (so) => so.customize === true && applies(spec.key, soFar(so)))),
  ];
}

/** `update` of a repo with several functions: which one to change, if any. */
export function pickFunctionQuestion(names: readonly string[], describe: (name: string) => string | undefined = () => undefined): Question {
  const none = '(none)';
  return {
    name: 'function',
    kind: 'select',
    message: "Change one function's answers?",
    when: () => true,
    default: () => none,
    choices: () => [none, ...names],
    // A choice prompt says what each choice means, this one too.
    explain: (choice) => (choice === none ? "no function: keep every function's answers as they are" : describe(choice)),
  };
}

/** `add <name>`: the new function's answers not given as flags, only those its trigger has.
 * Defaults and validation are the model's for a function appended to this repo's list. */
export function addQuestions(repo: Given, name: string, given: Partial<FunctionAnswers>, dirName: string): Question[] {
  const existing = repo.functions ?? [];
  const fnSoFar = (so: PromptAnswers): Partial<FunctionAnswers> => ({ ...given, name, ...flatFunction(so) });
  const trial = (fn: Partial<FunctionAnswers>): Answers => fillAnswers({ dirName, given: { ...repo, functions: [...existing, fn] } });
  const scope: Scope = {
    soFar: (so) => ({ ...repo, ...fnSoFar(so) }),
    dirName: () => dirName,
    defaultOf: (key, so) => trial(fnSoFar(so)).functions.at(-1)![key as keyof FunctionAnswers],
    // Validated as the repo's last function: its own problems, and those of a rule over it and
    // an answer given or asked already, in the flags add takes.
    problem: (key, raw, so) => {
      const spec = optionByKey.get(key)!;
      const parsed = parseValue(spec, raw);
      if (parsed.problem) return parsed.problem;
      const answers = trial({ ...fnSoFar(so), [key]: parsed.value });
      const flags = promptFlags(key, (k) => k in given || (so as Record<string, unknown>)[k] !== undefined);
      const problems = validate(answers);
      // A rule across functions ("functions Api and Worker have the same HTTP API route")
      // names no flag: shown when this answer is what breaks it.
      const before = new Set(validate(trial(fnSoFar(so))));
      const found =
        problems.find((p) => flags.some((flag) => p.startsWith(`${functionFlag(answers, { name }, flag)}:`))) ??
        problems.find((p) => p.startsWith('functions ') && p.includes(name) && !before.has(p));
      return found === undefined ? undefined : addFlags(found, name);
    },
  };
  const order: readonly AnswerKey[] = ['trigger', ...functionOptions.filter((o) => o.triggers).map((o) => o.key), 'functionName', 'memory', 'timeout', 'reservedConcurrency', 'logRetention'];
  return order.map((key) => question(key, scope, (so) => !(key in given) && applies(key, scope.soFar(so))));
}

/** The same questions in the shape plop's inquirer (v9) expects. */
function plopPrompts(list: Question[]) {
  return list.map((q) => ({
    type: q.kind === 'select' ? 'list' : q.kind,
    name: q.name,
    message: q.message,
    when: q.when,
    default: q.default,
    ...(q.choices ? { choices: (so: PromptAnswers) => q.choices!(so).map((c) => ({ value: c, name: q.explain?.(c) ? `${c}: ${q.explain(c)}` : c, short: c })), loop: false } : {}),
    ...(q.validate ? { validate: q.validate } : {}),
    ...(q.parse ? { filter: q.parse } : {}),
  }));
}

/** Register the generator with plop; `run` is the action (render + atomic write). */
export function register(plop: NodePlopAPI, run: (answers: PromptAnswers) => Promise<string>): void {
  plop.setGenerator(generatorName, {
    description: 'A .NET Native AOT AWS Lambda repo: function, tests, Terraform, GitHub Actions',
    prompts: plopPrompts(questions({}, undefined)) as never,
    actions: [(answers) => run(answers as PromptAnswers)],
  });
}
