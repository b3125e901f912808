// What the user asks `update`, `add` or `remove` for: the answer changes given as flags or at
// the prompts, and the function added or removed, applied to the recorded answers.
import {
  InputError,
  addFlags,
  applyChanges,
  flatFunction,
  functionOptions,
  repoOptions,
  withFunctionAdded,
  withFunctionRemoved,
  type Answers,
  type FunctionAnswers,
  type Given,
  type OptionSpec,
} from '../../generators/answers/index.js';
import type { Io } from '../write/create.js';
import { show } from './report.js';

/** Repo answers, and the function's own when there is exactly one: what a single-function
 * repo's messages and prompts list, flat as in 0.2.0. */
export function flatView(a: Answers): Record<string, unknown> {
  const { functions, ...repo } = a;
  return functions.length === 1 ? { ...repo, ...functions[0] } : repo;
}


/** What the user asked for: answer changes, and for add/remove the changed function list. */
export interface Request {
  changes: Given;
  byFunction: Record<string, Partial<FunctionAnswers>>;
  add?: { name: string; given: Partial<FunctionAnswers> };
  remove?: string;
}

/** The recorded answers with the request applied, in the function-list form. */
export function requested(recorded: Given, r: Request): Given {
  let next = applyChanges(recorded, r.changes, r.byFunction);
  if (r.add) next = withFunctionAdded(next, r.add.name, r.add.given);
  if (r.remove !== undefined) next = withFunctionRemoved(next, r.remove);
  return next;
}


/** Old value → new value of every answer that names files: the solution, the prefix, and each
 * function's project and Lambda name (functions paired as they were before and are after). */
export function nameChanges(before: Answers, after: Answers, r: Request): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  const push = (was: string, now: string) => {
    if (was !== now) pairs.push([was, now]);
  };
  push(before.solution, after.solution);
  push(before.prefix, after.prefix);
  before.functions.filter((fn) => fn.name !== r.remove).forEach((was, i) => {
    const now = after.functions[i]!;
    push(was.name, now.name);
    push(was.functionName, now.functionName);
  });
  return pairs;
}

/** Interactive: show the recorded answers and offer to change each, current value as default.
 * A repo of several functions is asked its repo answers, then which function to change. */
export async function askChanges(current: Answers, dirName: string, io: Io): Promise<Pick<Request, 'changes' | 'byFunction'>> {
  // The same prompt runner and validation as create, loaded only for interactive runs.
  const [{ ask }, { changeQuestions, pickFunctionQuestion }] = await Promise.all([import('../write/ask.js'), import('../../generators/dotnet-aot-lambda.js')]);
  const flat = flatView(current) as Given;
  const list = (view: Record<string, unknown>, specs: readonly OptionSpec[]) => {
    for (const spec of specs) {
      const value = view[spec.key];
      if (value !== undefined && !spec.hidden) io.out(`  ${spec.flag.padEnd(16)} ${show(value)}`);
    }
  };
  io.out('Recorded answers:');
  if (current.functions.length === 1) {
    list(flat, [...repoOptions, ...functionOptions]);
    const { customize, dir: _dir, ...changed } = await ask(changeQuestions(flat, dirName), io.err);
    return { changes: customize ? changed : {}, byFunction: {} };
  }
  list(flat, repoOptions);
  const { customize, dir: _dir, ...changed } = await ask(changeQuestions(flat, dirName, 'repo'), io.err);
  const changes = customize ? changed : {};
  const describe = (name: string) => {
    const fn = current.functions.find((f) => f.name === name);
    return fn && `${fn.functionName}: trigger ${fn.trigger}, ${fn.memory} MB, ${fn.timeout} s`;
  };
  const { function: picked } = await ask([pickFunctionQuestion(current.functions.map((fn) => fn.name), describe)]);
  const fn = current.functions.find((f) => f.name === picked);
  if (!fn) return { changes, byFunction: {} };
  const view = { ...flat, ...changes, ...fn } as Record<string, unknown>;
  io.out(`${fn.name}:`);
  list(view, functionOptions);
  const { customize: again, dir: _d, ...fnChanged } = await ask(changeQuestions(view as Given, dirName, 'function'), io.err);
  return { changes, byFunction: again ? { [fn.name]: flatFunction(fnChanged) } : {} };
}

/** Interactive `add`: the new function's answers not given as flags, for its trigger only. */
export async function askNewFunction(repo: Given, add: NonNullable<Request['add']>, dirName: string, io: Io): Promise<Partial<FunctionAnswers>> {
  const [{ ask }, { addQuestions }] = await Promise.all([import('../write/ask.js'), import('../../generators/dotnet-aot-lambda.js')]);
  // io.err: a refused yes/no says why (lib/write/ask.ts).
  const asked = await ask(addQuestions(repo, add.name, add.given, dirName), io.err);
  return { ...add.given, ...flatFunction(asked) };
}

/** `add Worker --batch-size 5`: a problem with the new function's answers names the flag as
 * typed (`--batch-size`), not in the `--set Worker.batch-size` form. */
export function resolveNamingFlags(resolve: () => Answers, added: string | undefined, derivedFrom?: { prefix: string }): Answers {
  try {
    return resolve();
  } catch (error) {
    if (!(error instanceof InputError) || added === undefined) throw error;
    throw new InputError(error.problems.map((p) => derivedTooLong(addFlags(p, added), derivedFrom)));
  }
}

/** The Lambda name `add` derives (`<prefix>-<kebab-case name>`) past the 54 characters that
 * deploy: say it was derived, from what, and what to pass instead. */
function derivedTooLong(problem: string, derivedFrom: { prefix: string } | undefined): string {
  const m = /^--function-name: "([^"]*)" is not allowed; use 1 to 54 characters/.exec(problem);
  if (!m || derivedFrom === undefined || m[1]!.length <= 54) return problem;
  const { prefix } = derivedFrom;
  const room = 54 - prefix.length - 1;
  const fix = room >= 1
    ? `pass --function-name with a name of at most 54 characters that starts with "${prefix}-", e.g. --function-name ${m[1]!.slice(0, 54).replace(/-+$/, '')}`
    : `the prefix "${prefix}" leaves no room for "-<name>": pass --function-name ${prefix} if no other function has it`;
  return (
    `--function-name (not given; derived as <prefix>-<kebab-case name>): "${m[1]}" has ${m[1]!.length} characters, ` +
    `more than the 54 that deploy (the execution role appends "-execution" to it, and IAM allows 64); ${fix}`
  );
}

