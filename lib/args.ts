// Command-line parsing. The answer flags come from the option table in the
// answer model; this module only adds the run-control flags and turns raw
// strings into typed, given answers.
import { existsSync } from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { InputError, allowedChoices, options, optionByFlag, parseValue, type FunctionAnswers, type Given } from '../generators/answers.js';

export interface CreateArgs {
  command: 'create';
  dir: string | undefined;
  given: Given;
  yes: boolean;
  force: boolean;
  dryRun: boolean;
  git: boolean;
  help: boolean;
  version: boolean;
}

export interface UpdateArgs {
  command: 'update';
  dir: string | undefined;
  given: Given;
  /** `--set <Name>.key=value`: changes to one function's answers, by function name. */
  byFunction: Record<string, Partial<FunctionAnswers>>;
  yes: boolean;
  dryRun: boolean;
  allowDirty: boolean;
  baseFrom: string | undefined;
  help: boolean;
  version: boolean;
}

export type Args = CreateArgs | UpdateArgs;

const answerFlags = Object.fromEntries(
  options.filter((o) => o.kind !== 'boolean').map((o) => [o.flag, { type: 'string' as const }]),
);

/** Switches of the boolean answers other than tests: `--tracing` and `--no-tracing`. */
const booleanAnswers = options.filter((o) => o.kind === 'boolean' && o.key !== 'tests');
const booleanFlags = Object.fromEntries(
  booleanAnswers.flatMap((o) => [[o.flag, { type: 'boolean' as const }], [`no-${o.flag}`, { type: 'boolean' as const }]]),
);

const createFlags = {
  ...answerFlags,
  ...booleanFlags,
  'no-tests': { type: 'boolean' },
  tests: { type: 'boolean' },
  yes: { type: 'boolean', short: 'y' },
  force: { type: 'boolean' },
  'dry-run': { type: 'boolean' },
  'no-git': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const;

const updateFlags = {
  set: { type: 'string', multiple: true },
  yes: { type: 'boolean', short: 'y' },
  'dry-run': { type: 'boolean' },
  'allow-dirty': { type: 'boolean' },
  'base-from': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const;

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length]!;
}

/** The known flag closest to `unknown`, if it is close enough to be a typo. */
export function suggestFlag(unknown: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestScore = Infinity;
  for (const flag of known) {
    const score = distance(unknown, flag);
    if (score < bestScore) [best, bestScore] = [flag, score];
  }
  return best !== undefined && bestScore <= Math.max(2, Math.floor(unknown.length / 3)) ? best : undefined;
}

type FlagTable = NonNullable<ParseArgsConfig['options']>;

/** `--memory -5` → `--memory=-5`, so a negative number reaches validation (and its
 * message about the allowed range) instead of parseArgs' "ambiguous argument". */
function joinDashValues(argv: string[], flags: FlagTable): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const next = argv[i + 1];
    const flag = arg.startsWith('--') ? flags[arg.slice(2)] : undefined;
    if (flag?.type === 'string' && next !== undefined && /^-\d/.test(next)) {
      out.push(`${arg}=${next}`);
      i++;
    } else out.push(arg);
  }
  return out;
}

function parseStrict<const T extends FlagTable>(argv: string[], flags: T) {
  try {
    return parseArgs({ args: joinDashValues(argv, flags), options: flags, allowPositionals: true, strict: true } as const);
  } catch (error) {
    const message = (error as Error).message;
    const unknown = /Unknown option '(-{1,2}[^']+)'/.exec(message)?.[1];
    if (unknown) {
      const hint = suggestFlag(unknown.replace(/^-+/, ''), Object.keys(flags));
      throw new InputError([`unknown option ${unknown}${hint ? `; did you mean --${hint}?` : ''} (see --help)`]);
    }
    const missing = /Option '(?:-\w, )?(--[\w-]+)[^']*' argument (missing|is ambiguous)/.exec(message)?.[1];
    if (missing) {
      const spec = optionByFlag.get(missing.replace(/^-+/, ''));
      const allowed = spec?.kind === 'choice' ? `use ${allowedChoices(spec)}` : spec ? `expected ${spec.describe}` : 'see --help';
      throw new InputError([`${missing} needs a value; ${allowed}`]);
    }
    const noValue = /Option '(?:-\w, )?(--[\w-]+)' does not take an argument/.exec(message)?.[1];
    if (noValue) throw new InputError([`${noValue} is a switch and takes no value`]);
    throw new InputError([message.split('\n')[0]!]);
  }
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

export function parseCommandLine(argv: string[]): Args {
  if (argv[0] === 'update') return parseUpdate(argv.slice(1));
  const first = argv[0];
  // `updat`, `upate`: a typo of the command, not a new directory (unless it exists already).
  if (first !== undefined && !first.startsWith('-') && !/[\\/]/.test(first) && distance(first, 'update') <= (first.length >= 5 ? 2 : 1) && !existsSync(first)) {
    throw new InputError([`"${first}" is not a command; did you mean update? To create a project in a directory named ${first}, pass ./${first}`]);
  }
  const { values, positionals } = parseStrict(argv, createFlags);
  if (positionals.length > 1) {
    throw new InputError([`expected at most one target directory, got: ${positionals.join(' ')}`]);
  }
  if (values['no-tests'] && values.tests) throw new InputError(['--tests and --no-tests contradict each other']);
  const pairs: Array<[string, unknown]> = [];
  for (const spec of options) {
    const raw = (values as Record<string, unknown>)[spec.flag];
    if (spec.kind !== 'boolean' && raw !== undefined) pairs.push([spec.flag, raw]);
  }
  for (const spec of booleanAnswers) {
    const [on, off] = [(values as Record<string, unknown>)[spec.flag], (values as Record<string, unknown>)[`no-${spec.flag}`]];
    if (on && off) throw new InputError([`--${spec.flag} and --no-${spec.flag} contradict each other`]);
    if (on || off) pairs.push([spec.flag, Boolean(on)]);
  }
  if (values['no-tests']) pairs.push(['tests', false]);
  if (values.tests) pairs.push(['tests', true]);
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

function parseUpdate(argv: string[]): UpdateArgs {
  const { values, positionals } = parseStrict(argv, updateFlags);
  if (positionals.length > 1) throw new InputError([`expected at most one directory, got: ${positionals.join(' ')}`]);
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
    yes: values.yes ?? false,
    dryRun: values['dry-run'] ?? false,
    allowDirty: values['allow-dirty'] ?? false,
    baseFrom: values['base-from'],
    help: values.help ?? false,
    version: values.version ?? false,
  };
}
