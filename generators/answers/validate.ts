// Validation: every rule, applied to a complete answer set. Each answer's own rules are its
// row's `validate` (the option table); here are the rules no one row owns: a function's
// overrides of repo answers, a trigger's answers given for another trigger, and the names
// that must be unique across the repo.
import { applies } from './defaults.js';
import { bucketProblem, newBucketStem, snakeCase } from './names.js';
import { filtersOverlap } from './options/triggers.js';
import { functionOptions, overrideOptions, repoOptions } from './options.js';
import { parseValue } from './parse.js';
import type { Answers, FunctionAnswers, FunctionKey, OverrideKey, RepoKey } from './types.js';
import { bootstrapFeatures } from './values.js';

/** How a problem names a function's answer: the plain flag while the repo has one function
 * (create, and single-function repos), `<Name>.flag` (the `--set` form) otherwise. */
export function functionFlag(a: Pick<Answers, 'functions'>, fn: Pick<FunctionAnswers, 'name'>, flag: string): string {
  return a.functions.length === 1 ? `--${flag}` : `${fn.name}.${flag}`;
}

/** How a message tells the user to give a function's answer, in a form the command line takes:
 * `--flag value` (a switch alone, `--flag` or `--no-flag`; no value: the flag alone) while the
 * repo has one function, `--set <Name>.flag=value` otherwise. `add` turns the `--set` form for
 * its new function back into flags (`addFlags`). */
export function passFlag(a: Pick<Answers, 'functions'>, fn: Pick<FunctionAnswers, 'name'>, flag: string, value: string): string {
  if (a.functions.length !== 1) return `--set ${fn.name}.${flag}=${value === '' ? '…' : value}`;
  if (value === 'true') return `--${flag}`;
  if (value === 'false') return `--no-${flag}`;
  return value === '' ? `--${flag}` : `--${flag} ${value}`;
}

/** A message about the function `add <name>` creates in the flags `add` takes: a leading
 * `<name>.flag:` as `--flag:`, each `--set <name>.flag=value` as `--flag value`, `--flag` or
 * `--no-flag`. */
export function addFlags(problem: string, name: string): string {
  const named = new RegExp(`--set ${name}\\.([\\w-]+)=(\\S*[^\\s,;])`, 'g');
  const own = problem.startsWith(`${name}.`) ? `--${problem.slice(name.length + 1)}` : problem;
  return own.replace(named, (_, flag: string, value: string) =>
    value === 'true' || value === '…' ? `--${flag}` : value === 'false' ? `--no-${flag}` : `--${flag} ${value}`,
  );
}

function validateFunction(a: Answers, fn: FunctionAnswers, problems: string[]): void {
  const f = (flag: string) => functionFlag(a, fn, flag);
  const pass = (flag: string, value: string) => passFlag(a, fn, flag, value);
  for (const spec of functionOptions) {
    if (spec.scope !== 'function' || !spec.validate) continue;
    // A trigger's own rules run for that trigger only (the loop below refuses them elsewhere).
    if (spec.triggers && !spec.triggers.includes(fn.trigger)) continue;
    spec.validate({ a, fn, f, pass, problems });
  }
  for (const spec of overrideOptions) {
    const value = fn[spec.key as OverrideKey];
    if (value === undefined) continue;
    const problem = spec.kind === 'choice' ? parseValue(spec, value).problem : typeof value === 'boolean' ? undefined : `--${spec.flag}: expected true or false, got "${String(value)}"`;
    if (problem) problems.push(problem.replace(`--${spec.flag}:`, `--set ${fn.name}.${spec.flag}:`));
  }
  if ((fn.logFormat ?? a.logFormat) === 'text') {
    for (const [key, flag] of [['appLogLevel', 'app-log-level'], ['systemLogLevel', 'system-log-level']] as const) {
      if (fn[key] !== undefined) problems.push(`--set ${fn.name}.${flag}: log levels filter only JSON logs; also set ${fn.name}.log-format=json, or leave the level out`);
    }
  }
  // A trigger's own answers belong to it alone.
  for (const spec of functionOptions) {
    const value = fn[spec.key as FunctionKey];
    if (value !== undefined && !applies(spec.key, { ...a, ...fn })) {
      const owner = spec.appliesTo ?? `--trigger ${spec.triggers!.join(' or ')}`;
      problems.push(`${f(spec.flag)}: applies only to ${owner}; leave it out for --trigger ${fn.trigger}`);
    }
  }
}

/** All problems with a complete answer set; empty when it is valid. */
export function validate(a: Answers): string[] {
  const problems: string[] = [];
  if (a.functions.length === 0) problems.push('the repo needs at least one function');
  for (const spec of repoOptions) {
    if (spec.kind === 'choice') {
      const value = String(a[spec.key as RepoKey]);
      if (!spec.choices.includes(value)) problems.push(parseValue(spec, value).problem!);
    }
    if (spec.scope === 'repo') spec.validate?.({ a, problems });
  }
  for (const fn of a.functions) validateFunction(a, fn, problems);
  // Names that must be unique across the repo: folders (case-insensitive file systems), the
  // Terraform module names, Lambda function names, and HTTP API routes.
  const duplicates = (label: string, keyOf: (fn: FunctionAnswers) => string | undefined) => {
    const seen = new Map<string, string>();
    for (const fn of a.functions) {
      const key = keyOf(fn);
      if (key === undefined) continue;
      const other = seen.get(key);
      if (other !== undefined) problems.push(`functions ${other} and ${fn.name} have the same ${label}; give one of them another`);
      else seen.set(key, fn.name);
    }
  };
  // Folders: macOS and Windows compare names without case (TeamApi and teamapi are one folder).
  duplicates('.NET name, compared without case (src/<Name>/ is one folder on macOS and Windows)', (fn) => fn.name.toLowerCase());
  // Terraform modules compare their snake_case names (TeamApi and Team_Api are both team_api);
  // a pair already named above is not named twice.
  const firstOfCase = new Map<string, FunctionAnswers>();
  for (const fn of a.functions) if (!firstOfCase.has(fn.name.toLowerCase())) firstOfCase.set(fn.name.toLowerCase(), fn);
  duplicates('Terraform module name (snake_case: TeamApi and Team_Api are both team_api)', (fn) => (firstOfCase.get(fn.name.toLowerCase()) === fn ? snakeCase(fn.name) : undefined));
  // Terraform names derived from a function's snake_case name: its modules, outputs and files
  // (function_<key>.tf, alarms_<key>.tf) must not be another function's, or the root's outputs.
  const derivedSuffixes = ['_bucket', '_queue', '_http_api', '_schedule', '_url', '_alarms'];
  const rootOutputs = ['invoke_url', 'alarm_topic_arn'];
  for (const fn of a.functions) {
    const key = snakeCase(fn.name);
    if (rootOutputs.includes(key)) problems.push(`${functionFlag(a, fn, 'name')}: ${fn.name} would name a Terraform output the repo already has (${key}); choose another name`);
    for (const other of a.functions) {
      if (other === fn) continue;
      const otherKey = snakeCase(other.name);
      const taken = [...derivedSuffixes.map((s) => otherKey + s), `function_${otherKey}`, `alarms_${otherKey}`];
      if (taken.includes(key)) {
        problems.push(`${functionFlag(a, fn, 'name')}: ${fn.name} would collide with the Terraform names derived from ${other.name} (${key}); choose another name`);
      }
    }
  }
  duplicates('Lambda function name', (fn) => fn.functionName.toLowerCase());
  duplicates('HTTP API route', (fn) => (fn.trigger === 'http-api' ? fn.route : undefined));
  duplicates('new S3 bucket name', (fn) => (fn.trigger === 's3' && !fn.sourceBucket ? newBucketStem(fn.functionName) : undefined));
  // One bucket, one notification configuration: S3 refuses two filters that match one key.
  const s3 = a.functions.filter((fn) => fn.trigger === 's3' && fn.sourceBucket);
  s3.forEach((fn, i) => {
    for (const other of s3.slice(i + 1)) {
      if (other.sourceBucket === fn.sourceBucket && filtersOverlap(fn, other)) {
        problems.push(
          `functions ${fn.name} and ${other.name} both subscribe to ${fn.sourceBucket} with filters that match the same keys, ` +
            'which S3 refuses; give them prefixes (or suffixes) where neither starts (ends) with the other',
        );
      }
    }
  });
  // The record's moves are printed into infra/moved.tf as they are: only plain top-level
  // addresses (a module, or a resource of this stack) get there.
  for (const move of a.moves ?? []) {
    if (![move.from, move.to].every((address) => typeof address === 'string' && movableAddress.test(address))) {
      problems.push(
        `moves in .dotnet-aot-lambda.json: ${JSON.stringify(move)} is not allowed; each move is {"from": …, "to": …} with addresses ` +
          'like module.worker or aws_s3_bucket_notification.worker (letters, digits and _), or delete it',
      );
    }
  }
  // The record's retiring permissions name template flags (generators/retiring.ts): only known names.
  const retiring: unknown = a.retiring ?? [];
  const known = (name: unknown) => bootstrapFeatures.includes(name as never) || (typeof name === 'string' && name.startsWith('bucket:') && !bucketProblem(name.slice(7)));
  if (!Array.isArray(retiring) || !retiring.every(known)) {
    problems.push(`retiring in .dotnet-aot-lambda.json: ${JSON.stringify(retiring)} is not allowed; it lists names among ${bootstrapFeatures.join(', ')} and bucket:<existing bucket>, or is absent`);
  }
  // Only a subfolder project can own the root's file; a root project's is its own anyway.
  if (a.ownsRootDependabot !== undefined && (a.ownsRootDependabot !== true || a.repoPath === '')) {
    problems.push(`ownsRootDependabot in .dotnet-aot-lambda.json: ${JSON.stringify(a.ownsRootDependabot)} is not allowed; it is true in a project with a repo-path that created the root's .github/dependabot.yml, or absent`);
  }
  return problems;
}

/** A top-level Terraform address `update` may record a move of: `module.<name>` or `<type>.<name>`. */
const movableAddress = /^(module|aws_[a-z0-9_]+)\.[a-z_][a-z0-9_]*$/;
