// What the CLI prints after writing: every step true for these answers and this repository.
import type { Answers } from '../../generators/answers/index.js';
import { deployEnvironment } from '../../generators/layout.js';
import { packageName } from '../render/meta.js';

/** What happened to git after writing. */
export type RepoOutcome =
  | { kind: 'created'; branch: string }
  | { kind: 'inside'; root: string; branch: string | undefined; hasOrigin: boolean }
  | { kind: 'skipped' }
  | { kind: 'failed'; warning: string };

/** How to run a package's bin the way the user ran ours (npm_config_user_agent, which npm,
 * pnpm, yarn and bun set, e.g. "pnpm/9.1.0 npm/? node/v20.11.0 linux x64"), as create-vite does.
 * Yarn 1 has no `dlx`, so it falls back to npx. */
export function packageRunner(userAgent: string | undefined): string {
  const [name = '', version = ''] = (userAgent ?? '').split(' ')[0]!.split('/');
  if (name === 'pnpm') return 'pnpm dlx';
  if (name === 'yarn' && !version.startsWith('1.')) return 'yarn dlx';
  if (name === 'bun') return 'bunx';
  return 'npx';
}

/** POSIX shell quoting, only where needed: `orders api` → `'orders api'`. */
export function shellQuote(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

export interface Outcome {
  /** The target as the user can reach it from here. */
  dir: string;
  count: number;
  answers: Answers;
  repo: RepoOutcome;
  /** The workflow's path as the user can reach it from here. */
  workflow: string;
  /** `npx`, `pnpm dlx`, … */
  runner: string;
  /** The terminal's width, when the output goes to one: lines are wrapped to it. */
  width?: number;
}

/** Lines to fit `width` columns. Prose wraps at spaces, continuing at its indent. A command
 * (an indented line not in `prose`) is never broken inside a word: its `# comment` moves to
 * the lines below when the whole does not fit, and a command still too long is continued
 * with ` \` between its words, so a copy of its lines runs as one command. */
export function wrapLines(lines: readonly string[], prose: ReadonlySet<string>, width: number | undefined): string[] {
  if (width === undefined || width < 20) return [...lines];
  const words = (text: string, indent: string, first = indent): string[] => {
    const out: string[] = [];
    let line = first;
    for (const word of text.split(' ').filter(Boolean)) {
      if (line.trim() !== '' && (line + word).length > width - 1) {
        out.push(line.trimEnd());
        line = indent;
      }
      line += `${word} `;
    }
    out.push(line.trimEnd());
    return out;
  };
  return lines.flatMap((line) => {
    if (line.length < width) return [line];
    const indent = /^ */.exec(line)![0];
    if (indent === '' || prose.has(line)) return words(line.slice(indent.length), indent.length > 0 ? indent : '  ', indent);
    const at = line.indexOf('   # ');
    const command = at < 0 ? line : line.slice(0, at).trimEnd();
    const comment = at < 0 ? [] : words(line.slice(at).trim().slice(2), `${indent}  # `);
    return [...breakCommand(command, indent, width), ...comment];
  });
}

/** A command too long for the line, continued with ` \` at spaces outside quotes (the shell
 * joins the lines again); a single word longer than the line stays whole. */
function breakCommand(command: string, indent: string, width: number): string[] {
  if (command.length < width) return [command];
  const parts = command.slice(indent.length).match(/(?:[^\s"']+|"[^"]*"|'[^']*')+/g) ?? [];
  const out: string[] = [];
  let line = indent;
  for (const part of parts) {
    // Break before a word only when the word then fits: a longer one stays where it is.
    if (line.trim() !== '' && (line + part).length > width - 3 && `${indent}    ${part}`.length <= width - 3) {
      out.push(`${line}\\`);
      line = `${indent}    `;
    }
    line += `${part} `;
  }
  out.push(line.trimEnd());
  return out;
}

export function nextSteps({ dir, count, answers: a, repo, workflow, runner, width }: Outcome): string {
  // Indented lines that are prose, not commands (wrapLines may break them between words).
  const prose = new Set<string>();
  const say = (text: string) => (prose.add(text), text);
  const lines = [`Created ${dir}: ${count} files for ${a.functions.map((fn) => `${fn.name} (trigger ${fn.trigger})`).join(', ')} (${a.framework}, ${a.runtime}, ${a.arch}, ${a.package}).`];
  if (a.repoPath !== '') lines.push(`Its workflow is ${workflow}: GitHub reads workflows only from the repository's root.`);
  if (repo.kind === 'created') lines.push(`Initialised a git repository on branch ${repo.branch} and committed the generated files.`);
  if (repo.kind === 'inside') {
    lines.push(`Nothing was committed: ${dir} is inside the existing git repository ${repo.root}. Review the new files and commit them yourself.`);
  }
  const cd = dir === '.' ? [] : [`  cd ${shellQuote(dir)}`];
  lines.push('', 'Next steps:', ...cd, a.tests ? '  dotnet test                      # unit tests' : '  dotnet build                     # compile');
  if (repo.kind === 'skipped' && a.repoPath === '') {
    lines.push('  git init -b main && git add -A && git commit -m "Scaffold"');
  }

  // A detached HEAD has no branch name; `HEAD:main` pushes it all the same.
  const branch = repo.kind === 'created' ? repo.branch : repo.kind === 'inside' ? (repo.branch ?? 'HEAD') : 'main';
  lines.push('', 'One-time setup, in this order (README.md, "One-time setup"):');
  // A repository that already has its origin remote needs no new GitHub repository. One made
  // in a subfolder is created from the repository's root, the folders above the project; where
  // git was not asked (--no-git), whether it has a remote is not known.
  const source = a.repoPath === '' ? '.' : a.repoPath.split('/').map(() => '..').join('/');
  if (!(repo.kind === 'inside' && repo.hasOrigin)) {
    const unknown = a.repoPath !== '' && repo.kind !== 'inside';
    lines.push(`  gh repo create OWNER/REPO --private --source ${source} --remote origin   # ${unknown ? 'unless the repository has its GitHub remote already' : 'the GitHub repository, not pushed yet'}`);
  }
  // With local state nothing in AWS trusts GitHub: the script takes no repository.
  lines.push(a.state === 's3'
    ? "  sh infra/bootstrap/setup.sh OWNER/REPO   # AWS (trusts the repository's names and IDs, read with gh api), variables, environment"
    : '  sh infra/bootstrap/setup.sh              # AWS (no role trusts GitHub: you deploy, with its output deploy_policy)');
  if (a.state === 's3') {
    const deploy = `build, then terraform apply in the ${deployEnvironment(a)} environment`;
    if (branch === 'main') lines.push('', 'First deploy:', `  git push -u origin main   # ${deploy}`);
    else {
      // A push of another branch runs nothing: the workflow, and the environment's branch policy, name main.
      lines.push(
        '',
        'First deploy:',
        `  git push -u origin ${branch}:main   # ${deploy}`,
        say(`  The workflow deploys from main, and this repository's ${branch === 'HEAD' ? 'HEAD is detached' : `branch is ${branch}`}: the command pushes it as main. Or rename the branch (git branch -m main), or change main in the workflow and in setup.sh's branch policy.`),
      );
    }
  } else {
    lines.push('', 'Deploy from your machine (README.md, "Deploy"): with local Terraform state CI only builds and checks.');
    // The function stack has no region default (the bootstrap's is the one source): without
    // these, terraform stops to ask for var.region.
    lines.push('  export AWS_REGION="$(terraform -chdir=infra/bootstrap output -raw region)"', '  export TF_VAR_region="$AWS_REGION"');
    if (a.package === 'zip') lines.push(say('  package the zip (README.md, "Package locally"), then:'), '  terraform -chdir=infra init && terraform -chdir=infra apply');
    else lines.push(say('  push the image to ECR, then terraform apply with its digest, as README.md shows'));
  }
  // @latest, as the README writes it: a bare name may run a copy npx cached earlier.
  lines.push(
    '',
    'Later:',
    `  ${runner} ${packageName}@latest update       # a newer template or other answers`,
    `  ${runner} ${packageName}@latest add <Name>   # another function in this repo (a queue worker, a scheduled job, …)`,
  );
  return wrapLines(lines, prose, width).join('\n');
}
