// Changes to an answer set: the function answers given flat or as a list, `update --set`'s
// changes applied to recorded answers, and the function `add` appends or `remove` takes away.
import { addedNameProblem, snakeCase } from './names.js';
import { functionOptions, optionByKey, repoOptions } from './options.js';
import { InputError, type FunctionAnswers, type FunctionKey, type Given } from './types.js';

/** The function answers among `given` (create's flags, a prompt's answers, records of
 * 0.1.0/0.2.0): the one loop that picks them out. */
export function flatFunction(given: Given): Partial<FunctionAnswers> {
  const out: Partial<FunctionAnswers> = {};
  for (const spec of functionOptions) {
    const value = (given as Record<string, unknown>)[spec.key];
    // An answer absent unless given, given as "" (`--set reserved-concurrency=`): kept, absent.
    if (value !== undefined || (spec.blank !== undefined && spec.key in given)) (out as Record<string, unknown>)[spec.key] = value;
  }
  return out;
}

/** The given function list: `functions`, or the one function given flat. */
export function givenFunctions(given: Given): Array<Partial<FunctionAnswers>> {
  return given.functions ?? [flatFunction(given)];
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

/** Recorded answers (of this release's shape: `update` migrates older records first,
 * lib/update/migrations.ts) with changes applied, as the function list: repo answers replace
 * the recorded ones; flat function answers change the only function. */
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
  const changed = functions.map((fn) => changeFunction(changeFunction(fn, functions.length === 1 ? flat : {}), byFunction[fn.name ?? ''] ?? {}));
  // Answers named after a function follow its rename unless set too: the module that owns
  // the 0.2.0 addresses, and the solution (named after the first function by default).
  for (const key of ['rootAddresses', 'solution'] as const) {
    if (changes[key] !== undefined) continue;
    const owner = functions.findIndex((fn) => fn.name !== undefined && fn.name === repo[key]);
    if (owner >= 0 && changed[owner]!.name !== undefined) repo[key] = changed[owner]!.name;
  }
  const owns = recorded.ownsRootDependabot !== undefined ? { ownsRootDependabot: recorded.ownsRootDependabot } : {};
  return { ...repo, functions: changed, ...(recorded.moves ? { moves: recorded.moves } : {}), ...(recorded.retiring ? { retiring: recorded.retiring } : {}), ...owns };
}

/** Answers (the function-list form applyChanges gives) with one more function at the end. */
export function withFunctionAdded(given: Given, name: string, fn: Partial<FunctionAnswers>): Given {
  const functions = givenFunctions(given);
  const problem = addedNameProblem(name);
  if (problem) throw new InputError([`add ${name}: ${problem}`]);
  // Folders compare without case (macOS, Windows), Terraform module names as snake_case
  // (TeamApi and Team_Api are both team_api).
  const clash = functions.find((f) => f.name !== undefined && (f.name.toLowerCase() === name.toLowerCase() || snakeCase(f.name) === snakeCase(name)));
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
