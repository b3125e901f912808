// The create flow: answers → render (pure) → record → atomic write → git.
import { basename, join, relative, resolve, sep } from 'node:path';
import { gateWarnings, InputError, lifecycleWarnings, resolveAnswers, type Answers, type Given, type ResolveInput } from '../../generators/answers/index.js';
import { workflowLocation } from '../../generators/layout.js';
import { claimRootDependabot, dependabotNotice } from './dependabot.js';
import { nextSteps, packageRunner, type RepoOutcome } from './next-steps.js';
import type { Files } from '../render/render.js';
import { collisions, detectRepoPath, inspectTarget, repositoryRoot, writeAtomically } from './write.js';
import { refuseOverlappingPrefix } from './projects.js';
import { version } from '../render/meta.js';
import type { PromptAnswers } from '../../generators/dotnet-aot-lambda.js';

/** What `create` was asked, as the command line (lib/cli/args.ts) gives it. */
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

export interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
  interactive: boolean;
  /** The width of the terminal stdout writes to; undefined when it is no terminal. */
  readonly columns?: number;
}

export async function renderRepo(answers: Answers): Promise<Files> {
  // Loaded after any prompts, not before the first one: the templates (the largest
  // file) and node:crypto (the record's hashes and the solution's GUIDs).
  const [{ render }, { default: templates }, { withRecord }] = await Promise.all([
    import('../render/render.js'),
    import('../render/templates.js'),
    import('../render/record.js'),
  ]);
  return withRecord(render(answers, templates, version), answers, version);
}

function refuseUnusableTarget(target: string, force: boolean): void {
  const state = inspectTarget(target);
  if (state.kind === 'file') throw new InputError([`${target} is a file; choose a new or empty directory`]);
  if (state.kind === 'non-empty' && !force) {
    const shown = state.entries.slice(0, 10).join(', ') + (state.entries.length > 10 ? ', …' : '');
    throw new InputError([`${target} is not empty (${shown}); choose a new or empty directory, or pass --force to add the generated files to it`]);
  }
}

async function askQuestions(args: CreateArgs, io: Io): Promise<PromptAnswers> {
  // Loaded only here: non-interactive runs never pay for the prompt UI.
  const [{ ask }, { questions }] = await Promise.all([import('./ask.js'), import('../../generators/dotnet-aot-lambda.js')]);
  // Flags past end of support are said before the first question; prompted ones as chosen.
  for (const warning of lifecycleWarnings(args.given)) io.err(`warning: ${warning}`);
  return ask(questions(args.given, args.dir), io.err);
}

export async function create(args: CreateArgs, io: Io): Promise<number> {
  let ask = !args.yes;
  if (ask && !io.interactive) {
    // Loaded only without a terminal: it knows which questions a run would ask.
    const { unansweredFlags } = await import('../../generators/dotnet-aot-lambda.js');
    const missing = unansweredFlags(args.given, args.dir);
    if (missing.length > 0) {
      throw new InputError([
        'no terminal to ask questions on: pass --yes to take the defaults for everything not given,',
        `or give every answer as a flag; missing: ${missing.join(' ')}`,
      ]);
    }
    ask = false; // every question has its answer: nothing to ask
  }
  if (args.dir !== undefined) refuseUnusableTarget(resolve(args.dir), args.force);

  let dir = args.dir;
  let given = args.given;
  if (ask) {
    const { dir: askedDir, customize: _customize, ...asked } = await askQuestions(args, io);
    dir = dir ?? askedDir;
    given = { ...given, ...asked };
  }
  dir = dir ?? 'my-func';
  const target = resolve(dir);
  if (args.dir === undefined) refuseUnusableTarget(target, args.force);

  const origin: ResolveInput['origin'] = {};
  if (!('repoPath' in given)) {
    const detected = detectRepoPath(target);
    if (detected !== undefined) {
      given = { ...given, repoPath: detected.repoPath };
      origin.repoPath = `detected: the project is inside the git work tree ${detected.root}`;
    }
  }
  const answers = resolveAnswers({ dirName: basename(target), given, origin });
  return generate(target, answers, { force: args.force, dryRun: args.dryRun, git: args.git, warned: ask }, io);
}

/** Render, then write atomically and commit. Shared by the bin and the plop action. */
export async function generate(
  target: string,
  answers: Answers,
  run: { force: boolean; dryRun: boolean; git: boolean; /** Support warnings were said at the prompts. */ warned?: boolean },
  io: Io,
): Promise<number> {
  // A project inside a larger repository writes its workflow at that repository's root, and
  // may not take a prefix another project's permissions cover.
  const root = repositoryRoot(target, answers.repoPath);
  refuseOverlappingPrefix(root, target, answers.prefix);
  if (!run.warned) for (const warning of lifecycleWarnings(answers)) io.err(`warning: ${warning}`);
  // The root's dependabot.yml is this project's when the repository has none.
  answers = claimRootDependabot(answers, root);
  for (const warning of gateWarnings(answers)) io.err(`warning: ${warning}`);
  const files = await renderRepo(answers);
  const shown = relative(process.cwd(), target) || '.';
  const placed: Files = root === target ? files : new Map([...files].map(([path, content]) => [relative(root, join(target, path)).split(sep).join('/'), content]));
  const workflow = workflowLocation(answers);
  const workflowShown = relative(process.cwd(), join(root, workflow.fromRoot));
  if (answers.repoPath !== '' && !run.force && collisions(root, new Map([[workflow.fromRoot, '']])).length > 0) {
    throw new InputError([
      `${workflowShown} already exists: another project of this repository may own it. Pass --function-name to choose another name, or --force to replace it`,
    ]);
  }

  if (run.dryRun) {
    const existing = new Set(collisions(target, files));
    io.out(`Would write ${files.size} files to ${shown} (dry run: nothing written):`);
    for (const [path, content] of files) {
      io.out(`  ${existing.has(path) ? 'replace' : 'create '} ${path} (${Buffer.byteLength(content)} B)`);
    }
    if (answers.repoPath !== '') io.out(`The workflow goes to the repository's root: ${workflowShown}`);
    for (const line of dependabotNotice(answers, root, shown, true)) io.out(line);
    return 0;
  }

  const replaced = collisions(root, placed);
  await writeAtomically(root, placed, { overwrite: run.force });
  if (replaced.length > 0) io.err(`--force replaced ${replaced.length} existing files: ${replaced.join(', ')}`);
  let repo: RepoOutcome = { kind: 'skipped' };
  if (run.git) {
    // Loaded only when used: child_process costs start-up time that --no-git runs skip.
    const { commitNewRepository } = await import('./git.js');
    repo = commitNewRepository(target, version, [...files.keys()]);
  }
  if (repo.kind === 'failed') io.err(`warning: ${repo.warning}`);
  io.out(nextSteps({ dir: shown, count: files.size, answers, repo, workflow: workflowShown, runner: packageRunner(process.env.npm_config_user_agent), width: io.columns }));
  for (const line of dependabotNotice(answers, root, shown, false)) io.out(line);
  return 0;
}
