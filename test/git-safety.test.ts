// Never touch what isn't ours (issue 13, items 1 and 2), against real git repositories in
// temporary directories: a project created inside an existing work tree commits nothing there,
// a new repository's first commit holds only the generated files, and a project in a subfolder
// puts its workflow where GitHub reads it.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { runBin, tempDir } from './support/bin.js';
import { renderAnswers } from './support/render.js';
import { actionlintText } from './validators/actionlint.js';

const identity = { GIT_AUTHOR_NAME: 'Test', GIT_AUTHOR_EMAIL: 'test@example.invalid', GIT_COMMITTER_NAME: 'Test', GIT_COMMITTER_EMAIL: 'test@example.invalid' };

function git(dir: string, ...args: string[]): string {
  const run = spawnSync('git', args, { cwd: dir, encoding: 'utf8', env: { ...process.env, ...identity } });
  if (run.status !== 0) throw new Error(`git ${args.join(' ')}: ${run.stderr}`);
  return run.stdout;
}

/** A user's repository: one commit on `branch`, a staged file and an untracked one. */
function userRepository(branch = 'main'): { root: string; head: string } {
  const root = join(tempDir('cdal-git-'), 'mono');
  mkdirSync(root);
  git(root, 'init', '-q', '-b', branch);
  writeFileSync(join(root, 'app.txt'), 'committed\n');
  git(root, 'add', 'app.txt');
  git(root, 'commit', '-q', '-m', 'user commit');
  writeFileSync(join(root, 'staged.txt'), 'staged\n');
  git(root, 'add', 'staged.txt');
  writeFileSync(join(root, 'untracked.txt'), 'untracked\n');
  return { root, head: git(root, 'rev-parse', 'HEAD').trim() };
}

function assertUntouched(root: string, head: string): void {
  assert.is(git(root, 'rev-parse', 'HEAD').trim(), head, 'a commit was made in the user\'s repository');
  assert.equal(git(root, 'diff', '--cached', '--name-only').trim().split('\n'), ['staged.txt'], 'the index changed');
  assert.is(readFileSync(join(root, 'untracked.txt'), 'utf8'), 'untracked\n');
}

test('inside an existing work tree: no commit, the index untouched, and the user is told', async () => {
  const { root, head } = userRepository();
  const result = await runBin(['services/orders', '--yes'], { cwd: root });
  assert.is(result.exitCode, 0, result.stderr);
  assertUntouched(root, head);
  assert.match(result.stdout, /Nothing was committed: services\/orders is inside the existing git repository/);
  assert.ok(existsSync(join(root, 'services/orders/src/Orders/Function.cs')));
});

test('--force into the root of an existing repository: no commit on the user\'s branch', async () => {
  const { root, head } = userRepository();
  const result = await runBin(['.', '--yes', '--force', '--function-name', 'orders'], { cwd: root });
  assert.is(result.exitCode, 0, result.stderr);
  assertUntouched(root, head);
  assert.match(result.stdout, /Nothing was committed/);
});

test('a new repository: its first commit names only the generated files, even with --force over other files', async () => {
  const target = join(tempDir('cdal-git-'), 'orders');
  mkdirSync(target);
  writeFileSync(join(target, 'notes.txt'), 'mine, not the generator\'s\n');
  const result = await runBin([target, '--yes', '--force'], { cwd: tempDir() });
  assert.is(result.exitCode, 0, result.stderr);
  const committed = git(target, 'ls-files').trim().split('\n');
  assert.not.ok(committed.includes('notes.txt'), 'the user\'s file was committed');
  assert.ok(committed.includes('src/Orders/Function.cs'));
  assert.is(git(target, 'status', '--porcelain').trim(), '?? notes.txt');
  assert.match(result.stdout, /Initialised a git repository on branch main/);
});

test('a subfolder of a repository: the workflow goes to the root, runs in the subfolder, filters its paths', async () => {
  const { root } = userRepository();
  const result = await runBin(['services/orders', '--yes'], { cwd: root });
  assert.is(result.exitCode, 0, result.stderr);
  assert.not.ok(existsSync(join(root, 'services/orders/.github')), 'a workflow inside the subfolder, where GitHub never looks');
  const path = join(root, '.github/workflows/orders.yml');
  assert.ok(existsSync(path), 'no workflow at the repository root');
  assert.match(result.stdout, /Its workflow is \.github\/workflows\/orders\.yml/);
  // The repository had no dependabot.yml: the project creates the root's and owns it, and says so
  // (test/dependabot.test.ts holds the rest: a user's file, a second project, add and remove).
  assert.not.ok(existsSync(join(root, 'services/orders/.github')));
  assert.ok(existsSync(join(root, '.github/dependabot.yml')));
  assert.match(result.stdout, /Dependabot: created the repository's \.github\/dependabot\.yml with this project's entries; services\/orders\/\.dotnet-aot-lambda\.json owns it/);
  // Another project: that file is left byte for byte as it is.
  const theirs = readFileSync(join(root, '.github/dependabot.yml'), 'utf8');
  const second = await runBin(['services/billing', '--yes'], { cwd: root });
  assert.is(second.exitCode, 0, second.stderr);
  assert.is(readFileSync(join(root, '.github/dependabot.yml'), 'utf8'), theirs);
  assert.match(second.stdout, /Dependabot: the repository's \.github\/dependabot\.yml belongs to the project in services\/orders \(its record owns it\), so it was left as it is\. Add this project's entries to it/);

  const workflow = parse(readFileSync(path, 'utf8'));
  for (const event of ['push', 'pull_request']) {
    assert.equal(workflow.on[event].paths, ['services/orders/**', '.github/workflows/orders.yml'], `${event} paths`);
  }
  assert.is(workflow.name, 'deploy-orders', 'a unique name: concurrency groups are keyed by it');
  assert.is(workflow.jobs.build.defaults.run['working-directory'], 'services/orders');
  assert.is(workflow.jobs.terraform.defaults.run['working-directory'], 'services/orders/infra');
  const steps = (job: string) => workflow.jobs[job].steps as Array<Record<string, any>>;
  // The packages travel under the project's artifacts/ folder (one per function since 0.3.0).
  assert.match(steps('build').find((s) => s.uses?.startsWith('actions/upload-artifact'))!.with.path, /^services\/orders\/artifacts\//);
  assert.match(steps('terraform').find((s) => s.uses?.startsWith('actions/download-artifact'))!.with.path, /^services\/orders\/artifacts(\/|$)/);
  assert.match(workflow.jobs.terraform.environment, /'production-orders'/, 'the project\'s own environment');

  const trust = readFileSync(join(root, 'services/orders/infra/bootstrap/oidc.tf'), 'utf8');
  assert.match(trust, /:environment:production-orders"/, 'the deploy role trusts the project\'s own environment');
  assert.not.match(trust, /:environment:production"/);
  const readme = readFileSync(join(root, 'services/orders/README.md'), 'utf8');
  assert.match(readme, /path filters/, 'the required-status-check caveat is documented');
  // The README's commands use paths inside the project (infra/, infra/bootstrap/), so it must send
  // the user to the project's folder, not the repository root where those paths do not exist.
  assert.not.match(readme, /from the repository root/, 'commands sent to the root, where infra/ does not exist');
  assert.match(readme, /from the project's folder, `services\/orders`/);
  const init = steps('terraform').find((s) => s.name === 'Init')!.run as string;
  assert.match(init, /::warning file=services\/orders\/infra\/\.terraform\.lock\.hcl::/, 'the annotation names a file of the repository');

  const record = JSON.parse(readFileSync(join(root, 'services/orders/.dotnet-aot-lambda.json'), 'utf8'));
  assert.is(record.answers.repoPath, 'services/orders', 'update needs the recorded place');
  assert.ok('../../.github/workflows/orders.yml' in record.files, 'the record tracks the workflow');
});

test('a standalone repository keeps one unfiltered workflow and the production environment', async () => {
  const target = join(tempDir('cdal-git-'), 'orders');
  const result = await runBin([target, '--yes'], { cwd: tempDir() });
  assert.is(result.exitCode, 0, result.stderr);
  const workflow = parse(readFileSync(join(target, '.github/workflows/deploy.yml'), 'utf8'));
  assert.is(workflow.on.push.paths, undefined);
  assert.is(workflow.on.pull_request.paths, undefined);
  assert.match(workflow.jobs.terraform.environment, /'production'/);
});

test('a workflow of the same name in the repository: exit 2 naming it, nothing written; --force replaces it; a second project of that prefix is refused even so', async () => {
  const { root } = userRepository();
  // A workflow no project of this tool owns (test/projects.test.ts covers prefixes of projects).
  mkdirSync(join(root, '.github/workflows'), { recursive: true });
  const before = 'name: orders\non: push\njobs: {}\n';
  writeFileSync(join(root, '.github/workflows/orders.yml'), before);
  const dry = await runBin(['b/orders', '--yes', '--dry-run'], { cwd: root });
  assert.is(dry.exitCode, 2, dry.stdout);
  const again = await runBin(['b/orders', '--yes'], { cwd: root });
  assert.is(again.exitCode, 2, again.stderr);
  assert.match(again.stderr, /\.github\/workflows\/orders\.yml already exists.*--force/);
  assert.not.ok(existsSync(join(root, 'b')), 'something was written');
  const forced = await runBin(['b/orders', '--yes', '--force'], { cwd: root });
  assert.is(forced.exitCode, 0, forced.stderr);
  assert.not.equal(readFileSync(join(root, '.github/workflows/orders.yml'), 'utf8'), before, 'the workflow now builds b/orders');
  // Another project with the same prefix would share its roles, state bucket and variables.
  const second = await runBin(['a/orders', '--yes', '--force'], { cwd: root });
  assert.is(second.exitCode, 2, second.stdout);
  assert.match(second.stderr, /"orders" collides with the prefix of another project in this repository, "orders" \(b\/orders\)/);
  assert.not.ok(existsSync(join(root, 'a')), 'something was written');
});

test('--dry-run in a subfolder lists the workflow at the root and writes nothing', async () => {
  const { root } = userRepository();
  const result = await runBin(['services/orders', '--yes', '--dry-run'], { cwd: root });
  assert.is(result.exitCode, 0, result.stderr);
  assert.match(result.stdout, /create {2}\.\.\/\.\.\/\.github\/workflows\/orders\.yml/);
  assert.match(result.stdout, /The workflow goes to the repository's root: \.github\/workflows\/orders\.yml/);
  assert.not.ok(existsSync(join(root, 'services')));
  assert.not.ok(existsSync(join(root, '.github')));
});

test('update in a subfolder finds the workflow at the root and carries a change into it', async () => {
  const { root } = userRepository();
  assert.is((await runBin(['services/orders', '--yes'], { cwd: root })).exitCode, 0);
  git(root, 'add', '-A');
  git(root, 'commit', '-q', '-m', 'add orders');
  const update = await runBin(['update', 'services/orders', '--set', 'arch=x86_64'], { cwd: root });
  assert.is(update.exitCode, 0, `${update.stdout}\n${update.stderr}`);
  assert.match(update.stdout, /\.\.\/\.\.\/\.github\/workflows\/orders\.yml/);
  assert.match(readFileSync(join(root, '.github/workflows/orders.yml'), 'utf8'), /runs-on: ubuntu-24\.04\n/);
  assert.not.ok(existsSync(join(root, 'services/orders/.github')));
});

test('next steps name the repository\'s own branch, not main', async () => {
  const { root } = userRepository('master');
  const result = await runBin(['services/orders', '--yes'], { cwd: root });
  assert.is(result.exitCode, 0, result.stderr);
  // Only a push to main runs the deploy, so the command that promises one must push master as main.
  assert.match(result.stdout, /git push -u origin master:main +# build, then terraform apply/);
  assert.not.match(result.stdout, /git push -u origin master +#/, 'a push of master promised a deploy');
  assert.not.match(result.stdout, /git push -u origin main\b/);
  assert.match(result.stdout, /deploys from main.*branch is master/);
});

test('next steps in a subfolder of a repository without a remote create it from the root first; add at the root says to cd (issue 26, item 7)', async () => {
  const { root } = userRepository('trunk');
  const result = await runBin(['services/orders', '--yes'], { cwd: root });
  assert.is(result.exitCode, 0, result.stderr);
  const create = result.stdout.indexOf('gh repo create OWNER/REPO --private --source ../.. --remote origin');
  const push = result.stdout.indexOf('git push -u origin trunk:main');
  assert.ok(create > 0, `no step creates the remote the push needs:\n${result.stdout}`);
  assert.ok(push > create, 'the push comes before the remote exists');
  assert.match(result.stdout, /^Later:\n {2}npx create-dotnet-aot-lambda@latest update +# /m);

  // With its origin remote: no repository to create.
  const other = userRepository('trunk');
  git(other.root, 'remote', 'add', 'origin', 'https://github.com/octo/orders.git');
  const withOrigin = await runBin(['services/orders', '--yes'], { cwd: other.root });
  assert.not.match(withOrigin.stdout, /gh repo create/);

  // add takes no directory: at the repository's root it says to cd into the project.
  const add = await runBin(['add', 'Worker', '--yes'], { cwd: root });
  assert.is(add.exitCode, 2, add.stdout);
  assert.match(add.stderr, /add takes no directory and finds the nearest \.dotnet-aot-lambda\.json from the current folder up, so cd into the project/);
  assert.not.match(add.stderr, /update <dir>/);
});

test('--force into a repository that has its origin remote: no gh repo create; a detached HEAD is pushed as HEAD:main', async () => {
  const { root, head } = userRepository();
  git(root, 'remote', 'add', 'origin', 'https://github.com/octo/orders.git');
  git(root, 'checkout', '-q', '--detach');
  const result = await runBin(['.', '--yes', '--force'], { cwd: root });
  assert.is(result.exitCode, 0, result.stderr);
  assertUntouched(root, head);
  assert.not.match(result.stdout, /gh repo create/, 'asked to create a repository the remote already names');
  assert.not.match(result.stdout, /undefined/);
  assert.match(result.stdout, /git push -u origin HEAD:main +# build, then terraform apply/);

  const fresh = userRepository();
  const without = await runBin(['.', '--yes', '--force'], { cwd: fresh.root });
  assert.match(without.stdout, /gh repo create OWNER\/REPO/, 'no remote yet: the repository still has to be created');
});

test('the root workflow of a subfolder project passes actionlint and points every path into the subfolder (zip and image)', async () => {
  for (const given of [{ repoPath: 'services/orders' }, { repoPath: 'services/orders', package: 'image' as const }]) {
    const files = renderAnswers(given, 'orders');
    const text = files.get('../../.github/workflows/orders.yml');
    assert.ok(text, `no root workflow: ${[...files.keys()].filter((p) => p.includes('workflows')).join(', ')}`);
    assert.equal(await actionlintText('.github/workflows/orders.yml', text!), []);
    const workflow = parse(text!);
    for (const step of workflow.jobs.build.steps as Array<Record<string, any>>) {
      // `uses` steps ignore defaults.run: their paths are relative to the workspace.
      if (step.with?.context !== undefined) assert.is(step.with.context, 'services/orders', step.name);
      if (step['working-directory'] !== undefined) assert.ok(String(step['working-directory']).startsWith('services/orders/'), step.name);
    }
  }
});

test.run();
