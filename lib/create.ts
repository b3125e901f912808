// The create flow: answers → render (pure) → record → atomic write → git.
import { basename, relative, resolve } from 'node:path';
import {
  InputError,
  lifecycleWarnings,
  options,
  resolveAnswers,
  type Answers,
} from '../generators/answers.js';
import type { CreateArgs } from './args.js';
import type { Files } from './render.js';
import { collisions, inspectTarget, writeAtomically } from './write.js';
import { version } from './meta.js';
import type { PromptAnswers } from '../generators/dotnet-aot-lambda.js';

export interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
  interactive: boolean;
}

export async function renderRepo(answers: Answers): Promise<Files> {
  // Loaded after any prompts, not before the first one: the templates (the largest
  // file) and node:crypto (the record's hashes and the solution's GUIDs).
  const [{ render }, { default: templates }, { withRecord }] = await Promise.all([
    import('./render.js'),
    import('./templates.js'),
    import('./record.js'),
  ]);
  return withRecord(render(answers, templates, version), answers, version);
}

/** Everything the user did not pass as a flag; named in the no-TTY error. */
function missingFlags(given: Partial<Answers>, dir: string | undefined): string[] {
  const missing = options.filter((o) => !(o.key in given)).map((o) => (o.kind === 'boolean' ? `--no-${o.flag}` : `--${o.flag}`));
  return dir === undefined ? ['<dir>', ...missing] : missing;
}

function refuseUnusableTarget(target: string, force: boolean): void {
  const state = inspectTarget(target);
  if (state.kind === 'file') throw new InputError([`${target} is a file; choose a new or empty directory`]);
  if (state.kind === 'non-empty' && !force) {
    const shown = state.entries.slice(0, 10).join(', ') + (state.entries.length > 10 ? ', …' : '');
    throw new InputError([`${target} is not empty (${shown}); choose a new or empty directory, or pass --force to add the generated files to it`]);
  }
}

async function askQuestions(args: CreateArgs): Promise<PromptAnswers> {
  // Loaded only here: non-interactive runs never pay for the prompt UI.
  const [{ ask }, { questions }] = await Promise.all([import('./ask.js'), import('../generators/dotnet-aot-lambda.js')]);
  return ask(questions(args.given, args.dir));
}

export async function create(args: CreateArgs, io: Io): Promise<number> {
  if (!args.yes && !io.interactive) {
    throw new InputError([
      'no terminal to ask questions on: pass --yes to take the defaults for everything not given,',
      `or give every answer as a flag: ${missingFlags(args.given, args.dir).join(' ')}`,
    ]);
  }
  if (args.dir !== undefined) refuseUnusableTarget(resolve(args.dir), args.force);

  let dir = args.dir;
  let given = args.given;
  if (!args.yes) {
    const { dir: askedDir, customize: _customize, ...asked } = await askQuestions(args);
    dir = dir ?? askedDir;
    given = { ...given, ...asked };
  }
  dir = dir ?? 'my-func';
  const target = resolve(dir);
  if (args.dir === undefined) refuseUnusableTarget(target, args.force);

  const answers = resolveAnswers({ dirName: basename(target), given });
  return generate(target, answers, { force: args.force, dryRun: args.dryRun, git: args.git }, io);
}

/** Render, then write atomically and commit. Shared by the bin and the plop action. */
export async function generate(
  target: string,
  answers: Answers,
  run: { force: boolean; dryRun: boolean; git: boolean },
  io: Io,
): Promise<number> {
  for (const warning of lifecycleWarnings(answers)) io.err(`warning: ${warning}`);
  const files = await renderRepo(answers);
  const shown = relative(process.cwd(), target) || '.';

  if (run.dryRun) {
    const existing = new Set(collisions(target, files));
    io.out(`Would write ${files.size} files to ${shown} (dry run: nothing written):`);
    for (const [path, content] of files) {
      io.out(`  ${existing.has(path) ? 'replace' : 'create '} ${path} (${Buffer.byteLength(content)} B)`);
    }
    return 0;
  }

  const replaced = collisions(target, files);
  await writeAtomically(target, files, { overwrite: run.force });
  if (replaced.length > 0) io.err(`--force replaced ${replaced.length} existing files: ${replaced.join(', ')}`);
  if (run.git) {
    // Loaded only when used: child_process costs start-up time that --no-git runs skip.
    const { initRepository } = await import('./git.js');
    const warning = initRepository(target, version);
    if (warning) io.err(`warning: ${warning}`);
  }
  io.out(nextSteps(shown, files.size, answers));
  return 0;
}

function nextSteps(dir: string, count: number, a: Answers): string {
  const lines = [
    `Created ${dir}: ${count} files for ${a.name} (${a.framework}, ${a.runtime}, ${a.arch}, ${a.package}, trigger ${a.trigger}).`,
    '',
    'Next steps:',
    `  cd ${dir}`,
    a.tests ? '  dotnet test                      # unit tests' : '  dotnet build                     # compile',
    '',
    'One-time AWS and GitHub setup (README.md, "One-time setup"):',
    '  terraform -chdir=infra/bootstrap init',
    '  terraform -chdir=infra/bootstrap apply -var github_repository=OWNER/REPO',
    `  then set the repository variables it prints (AWS_DEPLOY_ROLE_ARN, AWS_PLAN_ROLE_ARN${a.state === 's3' ? ', TF_STATE_BUCKET' : ''})`,
    '  and create a GitHub environment named "production"',
    '',
    'First deploy:',
    '  git remote add origin git@github.com:OWNER/REPO.git',
    '  git push -u origin main          # build, then terraform apply',
  ];
  return lines.join('\n');
}
