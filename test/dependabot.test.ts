// The emitted Dependabot configuration, over every matrix variant, and kept in step with the
// functions by add and remove. test/validators/dependabot.ts says what is checked.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { matrix } from './matrix.js';
import { git, runBin, tempDir } from './support/bin.js';
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
    // global.json, the Dockerfile and the root's own manifests are the project's, one folder down.
    const problems = dependabotProblems(fromRoot).filter((p) => !/the repo has (dotnet-sdk|docker) manifests but no/.test(p) && !/a (dotnet-sdk|docker) entry, but the repo has no/.test(p));
    assert.equal(problems, [], JSON.stringify(given));
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

test.run();
