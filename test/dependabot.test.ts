// The emitted Dependabot configuration, over every matrix variant, and kept in step with the
// functions by add and remove. test/validators/dependabot.ts says what is checked.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { matrix } from './matrix.js';
import { git, readTree, runBin, tempDir } from './support/bin.js';
import { renderAnswers } from './support/render.js';
import { dependabotProblems } from './validators/dependabot.js';

for (const m of matrix) {
  test(`dependabot.yml covers the repo: ${m.name}`, () => {
    assert.equal(dependabotProblems(renderAnswers(m.given, m.dirName)), []);
  });
}

test('dependabot.yml: the image variant says why its floating tags need a digest', () => {
  const text = renderAnswers({ package: 'image' }).get('.github/dependabot.yml')!;
  assert.match(text, /latest-arm64.*al2023-arm64.*cannot move them.*pinned by digest \(FROM public\.ecr\.aws\/lambda\/provided:al2023-arm64@sha256:<digest>\)/);
  assert.not.match(renderAnswers({}).get('.github/dependabot.yml')!, /docker/);
});

test('dependabot validator: seeded faults fail by name', () => {
  const files = renderAnswers({});
  const text = files.get('.github/dependabot.yml')!;
  const broken = (from: string, to: string) => {
    assert.ok(text.includes(from), from);
    return dependabotProblems(new Map([...files, ['.github/dependabot.yml', text.replace(from, to)]]));
  };
  const missing = broken('- "/infra/bootstrap"', '- "/infra/boostrap"');
  assert.ok(missing.some((p) => p.includes('directory /infra/boostrap does not exist in the repo')), missing.join('\n'));
  const wrong = broken('- "/infra/bootstrap"', '- "/src"');
  assert.ok(wrong.some((p) => p.includes('directory /src holds no terraform manifest')), wrong.join('\n'));
  const hurried = broken('default-days: 7', 'default-days: 1');
  assert.ok(hurried.some((p) => /cooldown\.default-days must be at least 7/.test(p)), hurried.join('\n'));
  const daily = broken('interval: weekly', 'interval: daily');
  assert.ok(daily.some((p) => /schedule\.interval must be weekly/.test(p)), daily.join('\n'));
  const noTests = broken('      - "/test/MyFunc.Tests"\n', '');
  assert.ok(noTests.some((p) => p.includes('test/MyFunc.Tests/MyFunc.Tests.csproj is in no nuget directory')), noTests.join('\n'));
  const noSdk = broken('package-ecosystem: dotnet-sdk', 'package-ecosystem: pip');
  assert.ok(noSdk.some((p) => p.includes('unknown package-ecosystem')) && noSdk.some((p) => p.includes('no dotnet-sdk entry')), noSdk.join('\n'));
});

test('a project in a subfolder writes no dependabot.yml; its README gives entries that cover it from the root', () => {
  for (const given of [{ repoPath: 'services/orders' }, { repoPath: 'services/orders', package: 'image' as const }]) {
    const files = renderAnswers(given);
    assert.not.ok([...files.keys()].some((p) => p.endsWith('dependabot.yml')));
    // The repository as the root sees it: the project's files under services/orders/, the workflow at the root.
    const fromRoot = new Map([...files].map(([p, c]) => [p.startsWith('../../') ? p.slice('../../'.length) : `services/orders/${p}`, c]));
    const entries = /```yaml\n(  - package-ecosystem:[\s\S]*?)```/.exec(files.get('README.md')!)?.[1];
    assert.ok(entries, 'the README lists the entries to add');
    fromRoot.set('.github/dependabot.yml', `version: 2\nupdates:\n${entries}`);
    // global.json and the Dockerfile are the project's, one folder down: the validator finds them there.
    assert.equal(dependabotProblems(fromRoot), [], JSON.stringify(given));
  }
});

test('add and remove keep dependabot.yml in step with the functions', async () => {
  const dir = join(tempDir('cdal-dependabot-'), 'orders');
  assert.is((await runBin([dir, '--yes'])).exitCode, 0);
  const nuget = () => {
    const doc = parse(readFileSync(join(dir, '.github', 'dependabot.yml'), 'utf8')) as { updates: Array<Record<string, any>> };
    return doc.updates.find((u) => u['package-ecosystem'] === 'nuget')!.directories as string[];
  };
  assert.equal(nuget(), ['/src/Orders', '/test/Orders.Tests']);
  const added = await runBin(['add', 'Worker', '--trigger', 'none', '--yes'], { cwd: dir });
  assert.is(added.exitCode, 0, added.stdout + added.stderr);
  assert.equal(nuget(), ['/src/Orders', '/test/Orders.Tests', '/src/Worker', '/test/Worker.Tests']);
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'add Worker');
  const removed = await runBin(['remove', 'Worker', '--yes'], { cwd: dir });
  assert.is(removed.exitCode, 0, removed.stdout + removed.stderr);
  assert.equal(nuget(), ['/src/Orders', '/test/Orders.Tests']);
});

// A project inside an existing repository (issue 25): the root's .github/dependabot.yml is the
// whole repository's. Created (and owned by the project's record) when missing; never edited
// when the user wrote it or another project owns it: the entries are printed instead.

/** A user's repository with one commit, and optionally their own dependabot.yml. */
function repository(dependabot?: string): string {
  const root = join(tempDir('cdal-dependabot-'), 'mono');
  mkdirSync(join(root, '.github'), { recursive: true });
  git(root, 'init', '-q', '-b', 'main');
  writeFileSync(join(root, 'app.txt'), 'committed\n');
  if (dependabot !== undefined) writeFileSync(join(root, '.github', 'dependabot.yml'), dependabot);
  git(root, 'add', '-A');
  git(root, 'commit', '-q', '-m', 'user commit');
  return root;
}
const rootFile = (root: string) => readFileSync(join(root, '.github', 'dependabot.yml'), 'utf8');
const record = (root: string, project: string) => JSON.parse(readFileSync(join(root, project, '.dotnet-aot-lambda.json'), 'utf8'));
const directoriesOf = (text: string, ecosystem: string) =>
  (parse(text) as { updates: Array<Record<string, any>> }).updates.filter((u) => u['package-ecosystem'] === ecosystem).flatMap((u) => u.directories as string[]);
/** The repository's tree as Dependabot sees it, from the root (the validator's input). */
const fromRoot = (root: string) => new Map([...readTree(root)].filter(([p]) => p !== 'app.txt'));

test('a subfolder project in a repository without dependabot.yml creates it at the root, owned by its record', async () => {
  const root = repository();
  const created = await runBin(['services/orders', '--yes'], { cwd: root });
  assert.is(created.exitCode, 0, created.stderr);
  assert.match(created.stdout, /Dependabot: created the repository's \.github\/dependabot\.yml with this project's entries; services\/orders\/\.dotnet-aot-lambda\.json owns it/);
  const text = rootFile(root);
  assert.match(text, /^# Created by create-dotnet-aot-lambda for the project in services\/orders: its \.dotnet-aot-lambda\.json$/m);
  const rec = record(root, 'services/orders');
  assert.is(rec.answers.ownsRootDependabot, true, 'the record owns the file');
  assert.ok('../../.github/dependabot.yml' in rec.files, 'the record tracks the file, so update merges it');
  assert.not.ok(readTree(join(root, 'services/orders')).has('.github/dependabot.yml'), 'a copy in the subfolder, where Dependabot never looks');
  // Every directory exists from the root and holds its ecosystem's manifests; every project is listed.
  assert.equal(dependabotProblems(fromRoot(root)), []);
  assert.equal(directoriesOf(text, 'nuget'), ['/services/orders/src/Orders', '/services/orders/test/Orders.Tests']);
  assert.equal(directoriesOf(text, 'terraform'), ['/services/orders/infra', '/services/orders/infra/bootstrap']);
  // Seeded fault: a directory that does not exist fails by name.
  const tree = fromRoot(root);
  const broken = text.replace('- "/services/orders/infra/bootstrap"', '- "/services/orders/infra/boostrap"');
  assert.is.not(broken, text);
  const problems = dependabotProblems(new Map([...tree, ['.github/dependabot.yml', broken]]));
  assert.ok(problems.some((p) => p.includes('directory /services/orders/infra/boostrap does not exist in the repo')), problems.join('\n'));

  // A second project: the file is the first one's, so its entries are printed and nothing is written there.
  const second = await runBin(['services/billing', '--yes'], { cwd: root });
  assert.is(second.exitCode, 0, second.stderr);
  assert.is(rootFile(root), text, 'the owning project\'s file was edited by another project');
  assert.match(second.stdout, /Dependabot: the repository's \.github\/dependabot\.yml belongs to the project in services\/orders \(its record owns it\), so it was left as it is/);
  assert.match(second.stdout, /  - package-ecosystem: nuget\n    directories:\n      - "\/services\/billing\/src\/Billing"\n      - "\/services\/billing\/test\/Billing\.Tests"\n/);
  assert.is(record(root, 'services/billing').answers.ownsRootDependabot, undefined);
  assert.not.ok('../../.github/dependabot.yml' in record(root, 'services/billing').files);
});

test('a user\'s dependabot.yml at the root is left byte for byte; the entries are printed', async () => {
  const theirs = 'version: 2\nupdates:\n  # ours\n  - package-ecosystem: npm\n    directory: "/"\n    schedule:\n      interval: daily\n';
  const root = repository(theirs);
  const result = await runBin(['services/orders', '--yes', '--package', 'image'], { cwd: root });
  assert.is(result.exitCode, 0, result.stderr);
  assert.is(rootFile(root), theirs);
  assert.match(result.stdout, /Dependabot: the repository's \.github\/dependabot\.yml is not one this tool created \(no project's record owns it\), so it was left as it is\. Add this project's entries to it/);
  // The printed entries, as the file's updates, cover the project from the root.
  const printed = /\n(  - package-ecosystem: github-actions\n[\s\S]*?default-days: 7)\n(?!  )/.exec(`${result.stdout}\n`)?.[1];
  assert.ok(printed, result.stdout);
  const tree = new Map([...fromRoot(root), ['.github/dependabot.yml', `version: 2\nupdates:\n${printed}\n`]]);
  assert.equal(dependabotProblems(tree), []);
  assert.match(printed, /package-ecosystem: docker\n    directories:\n      - "\/services\/orders"/);
  assert.is(record(root, 'services/orders').answers.ownsRootDependabot, undefined);
  // --dry-run says the same and writes nothing.
  const dry = await runBin(['services/billing', '--yes', '--dry-run'], { cwd: root });
  assert.match(dry.stdout, /is not one this tool created/);
});

test('add and remove keep the owned root file in step, merging other projects\' entries; a project that does not own it prints its changes', async () => {
  const root = repository();
  assert.is((await runBin(['services/orders', '--yes'], { cwd: root })).exitCode, 0);
  const billing = await runBin(['services/billing', '--yes'], { cwd: root });
  assert.is(billing.exitCode, 0);
  // The user adds billing's entries to the owner's file as billing's create printed them, at
  // the end, leaving out github-actions ("/" is there already).
  const printed = /\n  - package-ecosystem: github-actions\n[\s\S]*?default-days: 7\n(  - package-ecosystem: nuget\n[\s\S]*?default-days: 7)\n(?!  )/.exec(`${billing.stdout}\n`)?.[1];
  assert.ok(printed, billing.stdout);
  writeFileSync(join(root, '.github', 'dependabot.yml'), `${rootFile(root)}${printed}\n`);
  assert.equal(dependabotProblems(fromRoot(root)), [], 'both projects covered from the root');
  git(root, 'add', '-A');
  git(root, 'commit', '-q', '-m', 'two projects');

  const orders = join(root, 'services/orders');
  const added = await runBin(['add', 'Worker', '--trigger', 'none', '--yes'], { cwd: orders });
  assert.is(added.exitCode, 0, added.stdout + added.stderr);
  assert.match(added.stdout, /\.\.\/\.\.\/\.github\/dependabot\.yml/, 'the summary names the root file');
  assert.equal(directoriesOf(rootFile(root), 'nuget'), ['/services/orders/src/Orders', '/services/orders/test/Orders.Tests', '/services/orders/src/Worker', '/services/orders/test/Worker.Tests', '/services/billing/src/Billing', '/services/billing/test/Billing.Tests']);
  assert.not.match(added.stdout, /conflict/);
  git(root, 'add', '-A');
  git(root, 'commit', '-q', '-m', 'add Worker');
  const removed = await runBin(['remove', 'Worker', '--yes'], { cwd: orders });
  assert.is(removed.exitCode, 0, removed.stdout + removed.stderr);
  assert.equal(directoriesOf(rootFile(root), 'nuget'), ['/services/orders/src/Orders', '/services/orders/test/Orders.Tests', '/services/billing/src/Billing', '/services/billing/test/Billing.Tests']);
  assert.equal(dependabotProblems(fromRoot(root)), [], 'both projects covered from the root');
  git(root, 'add', '-A');
  git(root, 'commit', '-q', '-m', 'remove Worker');

  // billing does not own the file: add prints what to change and writes nothing there.
  const before = rootFile(root);
  const billingAdd = await runBin(['add', 'Jobs', '--trigger', 'none', '--yes'], { cwd: join(root, 'services/billing') });
  assert.is(billingAdd.exitCode, 0, billingAdd.stdout + billingAdd.stderr);
  assert.is(rootFile(root), before);
  assert.match(billingAdd.stdout, /Dependabot: the repository's \.github\/dependabot\.yml is not this project's \(its record does not own it\), so it was not edited\. Make these changes to it:\n  nuget: add "\/services\/billing\/src\/Jobs", "\/services\/billing\/test\/Jobs\.Tests"\n/);
  git(root, 'add', '-A');
  git(root, 'commit', '-q', '-m', 'add Jobs');
  const billingRemove = await runBin(['remove', 'Jobs', '--yes'], { cwd: join(root, 'services/billing') });
  assert.match(billingRemove.stdout, /Make these changes to it:\n  nuget: remove "\/services\/billing\/src\/Jobs", "\/services\/billing\/test\/Jobs\.Tests"\n/);
  assert.is(rootFile(root), before);
});

test('a record claiming the root file in a root project is refused', () => {
  assert.throws(() => renderAnswers({ ownsRootDependabot: true }), /ownsRootDependabot in \.dotnet-aot-lambda\.json: true is not allowed/);
  const owned = renderAnswers({ repoPath: 'services/orders', ownsRootDependabot: true });
  assert.ok(owned.has('../../.github/dependabot.yml'));
  assert.match(owned.get('README.md')!, /the repository's root `\.github\/dependabot\.yml`, which this project created/);
  assert.not.match(owned.get('README.md')!, /Add these entries to it/);
});

test.run();
