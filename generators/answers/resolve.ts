// Resolution: given values + defaults → a complete, validated answer set; and the warnings
// for anything past its end of support.
import type { Framework } from '../versions.js';
import { givenFunctions } from './changes.js';
import { applies, functionDefault, repoDefault } from './defaults.js';
import { functionOptions, optionByKey, overrideOptions, promptFlags, repoOptions, type OptionSpec } from './options.js';
import { parseValue } from './parse.js';
import { InputError, type AnswerKey, type Answers, type FunctionAnswers, type FunctionKey, type Given, type RepoAnswers, type RepoKey, type Runtime } from './types.js';
import { validate } from './validate.js';
import { endOfSupport } from './values.js';

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
  // Recorded moves and retiring permissions pass through as given (lib/update decides them); none, no key.
  // So does the claim on the root's dependabot.yml (validate refuses anything but true).
  const owns = given.ownsRootDependabot !== undefined ? { ownsRootDependabot: given.ownsRootDependabot as true } : {};
  return {
    ...(repo as RepoAnswers),
    functions,
    ...(given.moves && given.moves.length > 0 ? { moves: given.moves } : {}),
    ...(given.retiring && given.retiring.length > 0 ? { retiring: given.retiring } : {}),
    ...owns,
  };
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

/** The problem with one raw value of a new repo's answers so far (create's prompts use this):
 * its own, or one of a rule over it and a settled answer (`answerPairs`; by default an answer
 * is settled when given). */
export function fieldProblem(key: AnswerKey, raw: unknown, input: ResolveInput, settled: (key: AnswerKey) => boolean = (k) => k in input.given): string | undefined {
  const spec = optionByKey.get(key)!;
  const parsed = parseValue(spec, raw);
  if (parsed.problem) return parsed.problem;
  const trial = fillAnswers({ dirName: input.dirName, given: { ...input.given, [key]: parsed.value } });
  const flags = promptFlags(key, settled);
  return validate(trial).find((p) => flags.some((flag) => p.startsWith(`--${flag}:`)));
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

/** What a choice means and costs, for its prompt; an end-of-support date is said by `today`
 * (YYYY-MM-DD; the clock without it), as the warning after choosing it is. */
export function explainChoice(spec: OptionSpec, choice: string, today?: string): string | undefined {
  const text = spec.kind === 'choice' ? spec.explain?.[choice] : undefined;
  if (text === undefined || !text.includes('{support}')) return text;
  const date = endOfSupport[choice as Framework | Runtime] ?? '';
  const past = supportWarning(choice as Framework | Runtime, today) !== undefined;
  return text.replace('{support}', past ? `out of support since ${date}: no security fixes` : `supported until ${date}`);
}
