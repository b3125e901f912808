// Defaults and presets: what an answer is when nobody gave it, and whether it applies at all.
// The value or rule of each answer is its row's (`default`, `when` in the option table); the
// preset's changes, and the order they are decided in, are here.
import type { Framework } from '../versions.js';
import { optionByKey, type DefaultContext } from './options.js';
import type { AnswerKey, Answers, FunctionAnswers, FunctionKey, Given, Preset, RepoAnswers, RepoKey, Runtime } from './types.js';
import { givenFunctions } from './changes.js';
import { runtimesFor } from './values.js';

/** What each preset changes from the base defaults. Explicit flags still win. */
export const presetDefaults: Record<Preset, Partial<RepoAnswers> & Partial<FunctionAnswers>> = {
  default: {},
  // The source article: .NET 7 on provided.al2, arm64, 128 MB, a self-hosted runner,
  // an existing bucket and role, one day of logs, S3 state.
  seed: { framework: 'net7.0', runtime: 'provided.al2', memory: 128, runner: 'self-hosted', logRetention: 1, state: 's3' },
};

/** Answers the seed preset needs but cannot default: they name the user's existing resources.
 * The bucket carries the zip, so an image needs only the role. */
export function seedRequires(a: Pick<Answers, 'package'>): RepoKey[] {
  return a.package === 'zip' ? ['artifactBucket', 'existingRole'] : ['existingRole'];
}

/** An answer's default that does not depend on the directory or on other answers (its row's value). */
export function baseDefault(key: AnswerKey): unknown {
  const value = optionByKey.get(key)?.default;
  return typeof value === 'function' ? undefined : value;
}

/** Whether a question means anything for the answers so far: a trigger's own answers exist
 * only for that trigger, and a row's `when` says the rest (the artifact bucket only carries a
 * zip, for instance, so it is neither asked nor accepted for images). */
export function applies(key: AnswerKey, a: Partial<RepoAnswers> & Partial<FunctionAnswers>): boolean {
  const spec = optionByKey.get(key);
  if (spec?.triggers && !spec.triggers.includes(a.trigger ?? (baseDefault('trigger') as FunctionAnswers['trigger']))) return false;
  return spec?.when ? spec.when(a) : true;
}

export function defaultRuntime(framework: Framework): Runtime {
  return runtimesFor[framework][0]!;
}

/** A row's default: its rule, or else the preset's value, or else its own value. */
function rowDefault(key: AnswerKey, c: Omit<DefaultContext, 'fromPreset'>, preset: Preset): unknown {
  const fromPreset = (presetDefaults[preset] as Record<string, unknown>)[key];
  const rule = optionByKey.get(key)?.default;
  return typeof rule === 'function' ? rule({ ...c, fromPreset }) : (fromPreset ?? rule);
}

/** The default for a repo answer given the directory and the answers decided so far. */
export function repoDefault(key: RepoKey, dirName: string, soFar: Given): RepoAnswers[RepoKey] | undefined {
  const fn = givenFunctions(soFar)[0] ?? {};
  return rowDefault(key, { dirName, soFar, fn, index: 0, before: [] }, soFar.preset ?? 'default') as RepoAnswers[RepoKey] | undefined;
}

/** The default for one function's answer: `index` is its place in the list, `before` the
 * functions already filled (the first http-api function takes the $default route). */
export function functionDefault(
  key: FunctionKey,
  dirName: string,
  repo: Partial<RepoAnswers>,
  fn: Partial<FunctionAnswers>,
  index: number,
  before: readonly FunctionAnswers[],
): FunctionAnswers[FunctionKey] | undefined {
  return rowDefault(key, { dirName, soFar: repo, fn, index, before }, repo.preset ?? 'default') as FunctionAnswers[FunctionKey] | undefined;
}

/** The default for `key` when creating a repo (its first function) given the directory and
 * the answers decided so far: what the prompts offer. */
export function defaultFor(key: AnswerKey, dirName: string, soFar: Given): unknown {
  const spec = optionByKey.get(key)!;
  if (spec.scope === 'repo') return repoDefault(key as RepoKey, dirName, soFar);
  const repo = { ...soFar, prefix: soFar.prefix ?? repoDefault('prefix', dirName, soFar) as string };
  return functionDefault(key as FunctionKey, dirName, repo, givenFunctions(soFar)[0] ?? {}, 0, []);
}
