// Command-line parsing. The answer flags come from the option table in the
// answer model; this module only adds the run-control flags and turns raw
// strings into typed, given answers.
import { existsSync } from 'node:fs';
import {
  InputError,
  addedNameProblem,
  allowedChoices,
  functionOptions,
  overrideOptions,
  options,
  optionByFlag,
  parseValue,
  type FunctionAnswers,
  type Given,
  closest,
  editDistance,
} from '../../generators/answers/index.js';
import type { CreateArgs } from '../write/create.js';
import type { UpdateArgs } from '../update/update.js';

export type { CreateArgs, UpdateArgs };
export type Args = CreateArgs | UpdateArgs;

const answerFlags = Object.fromEntries(
  options.filter((o) => o.kind !== 'boolean').map((o) => [o.flag, { type: 'string' as const }]),
);
/** `--flag` and `--no-flag` for every yes/no answer (`--tests`, `--manage-bucket-notifications`). */
const switchFlags = (list: typeof options) =>
  Object.fromEntries(list.filter((o) => o.kind === 'boolean').flatMap((o) => [[o.flag, { type: 'boolean' as const }], [`no-${o.flag}`, { type: 'boolean' as const }]]));

/** What `add` takes: one function's answers, and the repo answers a function may override
 * (`add Worker --tracing`). */
const addOptions = [...functionOptions, ...overrideOptions];
/** The answer flags of `add`: one function's answers, minus its name (the positional). */
const addAnswerFlags = {
  ...Object.fromEntries(addOptions.filter((o) => o.kind !== 'boolean' && o.key !== 'name').map((o) => [o.flag, { type: 'string' as const }])),
  ...switchFlags(addOptions),
};

const createFlags = {
  ...answerFlags,
  ...switchFlags(options),
  yes: { type: 'boolean', short: 'y' },
  force: { type: 'boolean' },
  'dry-run': { type: 'boolean' },
  'no-git': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const;

const mergeFlags = {
  yes: { type: 'boolean', short: 'y' },
  'dry-run': { type: 'boolean' },
  'allow-dirty': { type: 'boolean' },
  'base-from': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const;

const updateFlags = { set: { type: 'string', multiple: true }, 'drop-retired': { type: 'boolean' }, ...mergeFlags } as const;
const addFlags = { ...addAnswerFlags, ...mergeFlags } as const;
const removeFlags = mergeFlags;
/** Each command's flags (exported for the parser's tests). */
export const flagTables = { create: createFlags, update: updateFlags, add: addFlags, remove: removeFlags } as const;

/** The known flag closest to `unknown`, if it is close enough to be a typo. */
export function suggestFlag(unknown: string, known: readonly string[]): string | undefined {
  return closest(unknown, known);
}

/** A switch (which alone may have a one-letter form) or a flag that takes a value. */
type Flag = { type: 'boolean'; short?: string } | { type: 'string'; multiple?: boolean };
type FlagTable = Readonly<Record<string, Flag>>;
/** What a table's flags parse to: a switch is true when given; a value flag its string,
 * or every string given for a `multiple` one. */
type Values<T extends FlagTable> = {
  [K in keyof T]?: T[K] extends { type: 'boolean' } ? boolean : T[K] extends { multiple: true } ? string[] : string;
};

/**
 * The command line by a flag table, strictly: `--flag value`, `--flag=value`, switches
 * (`--yes`, and short ones like `-y`, also grouped: `-yh`), `--` before positionals that start
 * with `-`. A value may be a negative number (`--memory -5`, so it reaches validation and its
 * message about the allowed range); another `-`-word after a value flag means the value is
 * missing. node:util's parseArgs does the same, but loading it and checking a table of some
 * sixty flags cost about a millisecond of every run's start-up, more than this whole parse.
 */
export function parseFlags<const T extends FlagTable>(argv: readonly string[], flags: T): { values: Values<T>; positionals: string[] } {
  const values: Record<string, string | boolean | string[]> = {};
  const positionals: string[] = [];
  const unknown = (option: string): never => {
    const hint = option.startsWith('--') ? suggestFlag(option.slice(2), Object.keys(flags)) : undefined;
    throw new InputError([`unknown option ${option}${hint ? `; did you mean --${hint}?` : ''} (see --help)`]);
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const name = arg.slice(2, eq < 0 ? undefined : eq);
      const flag = Object.hasOwn(flags, name) ? flags[name]! : unknown(`--${name}`);
      if (flag.type === 'boolean') {
        if (eq >= 0) throw new InputError([`--${name} is a switch and takes no value`]);
        values[name] = true;
        continue;
      }
      const value = eq >= 0 ? arg.slice(eq + 1) : argv[i + 1];
      if (value === undefined || (eq < 0 && value.length > 1 && value.startsWith('-') && !/^-\d/.test(value))) {
        const spec = optionByFlag.get(name);
        const allowed = spec?.kind === 'choice' ? `use ${allowedChoices(spec)}` : spec ? `expected ${spec.describe}` : 'see --help';
        throw new InputError([`--${name} needs a value; ${allowed}`]);
      }
      if (eq < 0) i++;
      values[name] = flag.multiple ? [...((values[name] as string[] | undefined) ?? []), value] : value;
    } else if (arg.startsWith('-') && arg !== '-') {
      for (const letter of arg.slice(1)) {
        const name = Object.keys(flags).find((key) => {
          const flag = flags[key]!;
          return flag.type === 'boolean' && flag.short === letter;
        });
        values[name ?? unknown(`-${letter}`)] = true;
      }
    } else {
      positionals.push(arg);
    }
  }
  return { values: values as Values<T>, positionals };
}

/** Parse `--set key=value` and answer flags into typed answers; collect every problem. */
function typedAnswers(pairs: Array<[string, unknown]>): Given {
  const given: Given = {};
  const problems: string[] = [];
  for (const [flag, raw] of pairs) {
    const spec = optionByFlag.get(flag);
    if (!spec) {
      const hint = suggestFlag(flag, [...optionByFlag.keys()]);
      problems.push(`--set: unknown answer "${flag}"${hint ? `; did you mean ${hint}?` : ''}; known: ${[...optionByFlag.keys()].join(', ')}`);
      continue;
    }
    const { value, problem } = parseValue(spec, raw);
    if (problem) problems.push(problem);
    else (given as Record<string, unknown>)[spec.key] = value;
  }
  if (problems.length > 0) throw new InputError(problems);
  return given;
}

/** `--set Worker.memory=512` pairs → `{ Worker: { memory: 512 } }`; only function answers. */
function byFunction(pairs: Array<[string, unknown]>): Record<string, Partial<FunctionAnswers>> {
  const out: Record<string, Partial<FunctionAnswers>> = {};
  const problems: string[] = [];
  for (const [key, raw] of pairs) {
    const at = key.lastIndexOf('.');
    const [name, flag] = [key.slice(0, at), key.slice(at + 1)];
    const spec = optionByFlag.get(flag);
    if (spec && spec.scope === 'repo' && !spec.override) {
      problems.push(`--set ${key}: ${flag} is a repo-wide answer; set it with --set ${flag}=…`);
      continue;
    }
    try {
      Object.assign((out[name] ??= {}), typedAnswers([[flag, raw]]));
    } catch (error) {
      problems.push(...(error as InputError).problems.map((p) => p.replace(`--${flag}:`, `--set ${key}:`)));
    }
  }
  if (problems.length > 0) throw new InputError(problems);
  return out;
}

/** Flag values → (flag, raw) pairs for the answers in `list`; `--no-x` gives false. */
function answerPairs(values: Record<string, unknown>, list: typeof options): Array<[string, unknown]> {
  const pairs: Array<[string, unknown]> = [];
  for (const spec of list) {
    if (spec.kind === 'boolean') {
      const [yes, no] = [values[spec.flag], values[`no-${spec.flag}`]];
      if (yes && no) throw new InputError([`--${spec.flag} and --no-${spec.flag} contradict each other`]);
      if (yes || no) pairs.push([spec.flag, yes === true]);
    } else if (values[spec.flag] !== undefined) pairs.push([spec.flag, values[spec.flag]]);
  }
  return pairs;
}

export function parseCommandLine(argv: string[]): Args {
  if (argv[0] === 'update') return parseUpdate(argv.slice(1));
  if (argv[0] === 'add') return parseAdd(argv.slice(1));
  if (argv[0] === 'remove') return parseRemove(argv.slice(1));
  const first = argv[0];
  // `updat`, `remov`: a typo of a command, not a new directory (unless it exists already).
  // (`add` is too short to tell a typo from a name.)
  const meant = first === undefined || first.startsWith('-') || /[\\/]/.test(first) || existsSync(first)
    ? undefined
    : ['update', 'remove'].find((command) => editDistance(first, command) <= (first.length >= 5 ? 2 : 1));
  if (meant) {
    throw new InputError([`"${first}" is not a command; did you mean ${meant}? To create a project in a directory named ${first}, pass ./${first}`]);
  }
  const { values, positionals } = parseFlags(argv, createFlags);
  if (positionals.length > 1) {
    throw new InputError([`expected at most one target directory, got: ${positionals.join(' ')}`]);
  }
  const pairs = answerPairs(values as Record<string, unknown>, options);
  return {
    command: 'create',
    dir: positionals[0],
    given: typedAnswers(pairs),
    yes: values.yes ?? false,
    force: values.force ?? false,
    dryRun: values['dry-run'] ?? false,
    git: !values['no-git'],
    help: values.help ?? false,
    version: values.version ?? false,
  };
}

/** The run-control values every merging command shares. */
function mergeControl(values: { yes?: boolean; 'dry-run'?: boolean; 'allow-dirty'?: boolean; 'base-from'?: string; help?: boolean; version?: boolean }) {
  return {
    yes: values.yes ?? false,
    dryRun: values['dry-run'] ?? false,
    allowDirty: values['allow-dirty'] ?? false,
    baseFrom: values['base-from'],
    help: values.help ?? false,
    version: values.version ?? false,
  };
}

function parseAdd(argv: string[]): UpdateArgs {
  const { values, positionals } = parseFlags(argv, addFlags);
  const control = mergeControl(values);
  const name = positionals[0];
  if (positionals.length > 1) throw new InputError([`add takes one function name, got: ${positionals.join(' ')}`]);
  if (name === undefined) {
    if (control.help || control.version) return { command: 'add', dir: undefined, given: {}, byFunction: {}, ...control };
    throw new InputError(['add needs the new function\'s name: add <Name>, a C# identifier such as Worker (see add --help)']);
  }
  const problem = addedNameProblem(name);
  if (problem) throw new InputError([`add ${name}: ${problem}`]);
  const given = typedAnswers(answerPairs(values as Record<string, unknown>, addOptions)) as Partial<FunctionAnswers>;
  return { command: 'add', dir: undefined, add: { name, given }, given: {}, byFunction: {}, ...control };
}

function parseRemove(argv: string[]): UpdateArgs {
  const { values, positionals } = parseFlags(argv, removeFlags);
  const control = mergeControl(values);
  if (positionals.length > 1) throw new InputError([`remove takes one function name, got: ${positionals.join(' ')}`]);
  const name = positionals[0];
  if (name === undefined && !control.help && !control.version) throw new InputError(['remove needs the name of the function to remove: remove <Name> (see remove --help)']);
  return { command: 'remove', dir: undefined, remove: name, given: {}, byFunction: {}, ...control };
}

function parseUpdate(argv: string[]): UpdateArgs {
  const { values, positionals } = parseFlags(argv, updateFlags);
  if (positionals.length > 1) throw new InputError([`expected at most one directory, got: ${positionals.join(' ')}`]);
  // Dropping permissions is its own step, after a deploy: a change in the same run could need them again.
  if (values['drop-retired'] && (values.set ?? []).length > 0) throw new InputError(['--drop-retired takes no --set: drop the retiring permissions on their own, then run the other change']);
  const pairs: Array<[string, unknown]> = (values.set ?? []).map((pair) => {
    const at = pair.indexOf('=');
    if (at <= 0) throw new InputError([`--set: expected key=value, got "${pair}"`]);
    return [pair.slice(0, at), pair.slice(at + 1)];
  });
  return {
    command: 'update',
    dir: positionals[0],
    given: typedAnswers(pairs.filter(([key]) => !key.includes('.'))),
    byFunction: byFunction(pairs.filter(([key]) => key.includes('.'))),
    dropRetired: values['drop-retired'] ?? false,
    ...mergeControl(values),
  };
}
