// The `dotnet-aot-lambda` generator: its questions and its one action. The
// questions come from the option table in the answer model, so every prompt
// has a flag of the same name. They are defined once, engine-neutral, and run
// by plop (node-plop + inquirer, for maintainers: `npm run plop`) or by the
// bin's lazily loaded prompt runner (lib/ask.ts), which reaches the first
// question faster than loading node-plop would. The action renders in memory and
// writes atomically (lib/create.ts), unlike plop's file-by-file `add` actions.
import type { NodePlopAPI } from 'node-plop';
import {
  defaultFor,
  fieldProblem,
  optionByKey,
  parseValue,
  runtimesFor,
  type AnswerKey,
  type Answers,
} from './answers.js';

export const generatorName = 'dotnet-aot-lambda';

/** Asked of everyone; the rest only after "customize the remaining settings?". */
const essentials: readonly AnswerKey[] = ['name', 'functionName', 'framework', 'runtime', 'arch', 'package', 'trigger'];
const advanced: readonly AnswerKey[] = [
  'memory', 'timeout', 'region', 'logRetention', 'runner', 'artifactBucket', 'existingRole', 'state', 'tests',
];

export interface PromptAnswers extends Partial<Answers> {
  dir?: string;
  customize?: boolean;
}

export interface Question {
  name: AnswerKey | 'dir' | 'customize';
  kind: 'input' | 'select' | 'confirm';
  message: string;
  when: (so: PromptAnswers) => boolean;
  default: (so: PromptAnswers) => string | boolean | undefined;
  choices?: (so: PromptAnswers) => readonly string[];
  /** true, or a message saying what is allowed. */
  validate?: (raw: string, so: PromptAnswers) => true | string;
  /** Raw text → typed answer. */
  parse?: (raw: string) => unknown;
}

/** The dir the answers so far point at; its base name feeds the name defaults. */
const dirNameOf = (so: PromptAnswers, fixedDir: string | undefined) =>
  (so.dir ?? fixedDir ?? 'my-func').split(/[\\/]/).filter(Boolean).pop() ?? 'my-func';

function typedSoFar(so: PromptAnswers, given: Partial<Answers>): Partial<Answers> {
  const { dir: _dir, customize: _customize, ...rest } = so;
  return { ...given, ...rest };
}

function question(key: AnswerKey, given: Partial<Answers>, fixedDir: string | undefined, gate?: (so: PromptAnswers) => boolean): Question {
  const spec = optionByKey.get(key)!;
  const base = {
    name: key,
    message: spec.message,
    when: (so: PromptAnswers) => !(key in given) && (gate ? gate(so) : true),
    default: (so: PromptAnswers) => {
      const value = defaultFor(key, dirNameOf(so, fixedDir), typedSoFar(so, given));
      return typeof value === 'number' ? String(value) : value;
    },
  };
  if (spec.kind === 'boolean') return { ...base, kind: 'confirm' };
  if (spec.kind === 'choice') {
    return {
      ...base,
      kind: 'select',
      // Only the runtimes the chosen framework allows are offered.
      choices: (so) => (key === 'runtime' ? runtimesFor[typedSoFar(so, given).framework ?? 'net10.0'] : spec.choices),
    };
  }
  return {
    ...base,
    kind: 'input',
    validate: (raw, so) => fieldProblem(key, raw, { dirName: dirNameOf(so, fixedDir), given: typedSoFar(so, given) }) ?? true,
    parse: (raw) => parseValue(spec, raw).value ?? raw,
  };
}

export function questions(given: Partial<Answers>, fixedDir: string | undefined): Question[] {
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
    ...essentials.map((key) => question(key, given, fixedDir)),
    {
      name: 'customize',
      kind: 'confirm',
      message: 'Customize memory, timeout, region, logs, runner, bucket, role, state backend and tests?',
      when: () => advanced.some((key) => !(key in given)),
      default: () => false,
    },
    ...advanced.map((key) => question(key, given, fixedDir, (so) => so.customize === true)),
  ];
}

/** `update`: every answer, current value as the default, validated like create. */
export function changeQuestions(current: Answers, dirName: string): Question[] {
  const merged = (so: PromptAnswers): Partial<Answers> => ({ ...current, ...typedSoFar(so, {}) });
  return [
    { name: 'customize', kind: 'confirm', message: 'Change any answers?', when: () => true, default: () => false },
    ...[...optionByKey.values()].map((spec): Question => {
      const base = {
        name: spec.key,
        message: spec.message,
        when: (so: PromptAnswers) => so.customize === true,
        default: (so: PromptAnswers) => {
          const value = merged(so)[spec.key];
          // A runtime that no longer fits a newly chosen framework falls back to its default.
          if (spec.key === 'runtime' && !runtimesFor[merged(so).framework ?? current.framework].includes(value as never)) {
            return runtimesFor[merged(so).framework ?? current.framework][0];
          }
          return typeof value === 'number' ? String(value) : (value as string | boolean | undefined);
        },
      };
      if (spec.kind === 'boolean') return { ...base, kind: 'confirm' };
      if (spec.kind === 'choice') {
        return { ...base, kind: 'select', choices: (so) => (spec.key === 'runtime' ? runtimesFor[merged(so).framework ?? current.framework] : spec.choices) };
      }
      return {
        ...base,
        kind: 'input',
        validate: (raw, so) => fieldProblem(spec.key, raw, { dirName, given: merged(so) }) ?? true,
        parse: (raw) => parseValue(spec, raw).value ?? raw,
      };
    }),
  ];
}

/** The same questions in the shape plop's inquirer (v9) expects. */
function plopPrompts(list: Question[]) {
  return list.map((q) => ({
    type: q.kind === 'select' ? 'list' : q.kind,
    name: q.name,
    message: q.message,
    when: q.when,
    default: q.default,
    ...(q.choices ? { choices: q.choices, loop: false } : {}),
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
