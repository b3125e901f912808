// Dependabot's bumps and `update`: when the user's copy (Dependabot) and a new template release
// both moved only a pinned version or SHA on the same line, the three-way merge keeps the newer
// one and lists it, instead of writing conflict blocks. Checked on real rendered files (the
// workflow's action pins, a csproj PackageReference, the provider constraint) and end to end
// through `update` from an older release whose pins are older. The seeded fault (the rule off)
// must give back the conflict blocks.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { actionLines, actionPins } from '../generators/versions.js';
import { labelsFor, merge3, planUpdate } from '../lib/update/merge.js';
import { git, runBin, tempDir } from './support/bin.js';
import { renderAnswers } from './support/render.js';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { name: string; version: string; bin: Record<string, string> };
const labels = labelsFor(pkg.version);
const files = renderAnswers({});
const workflow = files.get('.github/workflows/deploy.yml')!;
const csprojPath = [...files.keys()].find((p) => /^test\/.*\.Tests\.csproj$/.test(p))!;
const csproj = files.get(csprojPath)!;
const versionsTf = files.get('infra/versions.tf')!;

const fakeSha = (c: string) => c.repeat(40);
const checkout = (sha: string, release: string) => `${actionPins.checkout.action}@${sha} # ${release}`;
const sdkLine = /Include="Microsoft\.NET\.Test\.Sdk" Version="([^"]+)"/;
const sdk = (v: string) => csproj.replace(sdkLine, `Include="Microsoft.NET.Test.Sdk" Version="${v}"`);
const providerLine = /^(\s+)version = "[^"]+"/m;
const provider = (c: string) => versionsTf.replace(providerLine, `$1version = "${c}"`);

function replaceAll(text: string, from: string, to: string): string {
  assert.ok(text.includes(from), `${from} not in the text`);
  return text.split(from).join(to);
}

// The base is the older release; "theirs" the template's bump; "mine" Dependabot's.
const cases = [
  {
    name: 'an action SHA with its release comment',
    base: replaceAll(workflow, actionLines.checkout, checkout(fakeSha('a'), 'v7.0.0')),
    theirs: workflow, // v7.0.1
    mine: replaceAll(workflow, actionLines.checkout, checkout(fakeSha('b'), 'v7.1.0')),
    newer: 'mine' as const,
    want: checkout(fakeSha('b'), 'v7.1.0'),
  },
  {
    name: 'a NuGet PackageReference version',
    base: sdk('17.0.0'),
    theirs: csproj, // the template's current test SDK
    mine: sdk('17.14.1'),
    newer: 'theirs' as const,
    want: csproj.match(sdkLine)![0],
  },
  {
    name: 'a provider constraint',
    base: provider('>= 5.0, < 6.0'),
    theirs: versionsTf,
    mine: provider('>= 5.0, < 6.1'),
    newer: 'theirs' as const,
    want: versionsTf.match(providerLine)![0],
  },
];

for (const c of cases) {
  test(`merge3: both sides bumped ${c.name}: the newer is kept, listed, and no conflict`, () => {
    assert.is.not(c.mine, c.theirs);
    const out = merge3(c.mine, c.base, c.theirs, labels);
    assert.is(out.conflicts, 0, out.text);
    assert.not.ok(out.text.includes('<<<<<<<'));
    assert.ok(out.text.includes(c.want), c.want);
    assert.is(out.text, c.newer === 'mine' ? c.mine : c.theirs);
    assert.ok(out.pins.length > 0);
    for (const p of out.pins) {
      assert.is(p.kept, c.newer === 'mine' ? 'yours' : 'template');
      assert.is(out.text.split('\n')[p.line - 1], p.text, 'the line number points at the kept line');
    }
  });

  test(`seeded fault, rule off: ${c.name} conflicts`, () => {
    const out = merge3(c.mine, c.base, c.theirs, labels, { newerPins: false });
    assert.ok(out.conflicts > 0 && out.text.includes('<<<<<<< yours'), 'these inputs must conflict without the rule');
    assert.equal(out.pins, []);
  });
}

test('merge3: anything beyond a pin on a both-changed line stays a conflict', () => {
  const base = 'uses: actions/checkout@' + fakeSha('a') + ' # v7.0.0\n';
  // A SHA changed with the same release on both sides: nothing says which is newer.
  assert.is(merge3(checkout(fakeSha('b'), 'v7.0.0') + '\n', base, checkout(fakeSha('c'), 'v7.0.0') + '\n', labels).conflicts, 1);
  // Another action on one side.
  assert.is(merge3(`uses: someone/checkout@${fakeSha('b')} # v7.1.0\n`, base, checkout(fakeSha('c'), 'v7.0.1') + '\n', labels).conflicts, 1);
  // A number that is not a version (no dot): a real edit.
  assert.is(merge3('timeout-minutes: 40\n', 'timeout-minutes: 30\n', 'timeout-minutes: 45\n', labels).conflicts, 1);
  // A pin bump beside a real edit in the same region.
  const two = (v: string, x: string) => `<PackageReference Include="A" Version="${v}" />\n<Other>${x}</Other>\n`;
  assert.is(merge3(two('2.0.0', 'mine'), two('1.0.0', 'base'), two('3.0.0', 'theirs'), labels).conflicts, 1);
});

test('planUpdate: a pin decided by the rule is a merge that carries its choices', () => {
  const c = cases[0]!;
  const m = (t: string) => new Map([['.github/workflows/deploy.yml', t]]);
  const [action] = planUpdate({ base: m(c.base), theirs: m(c.theirs), mine: m(c.mine), recordedHashes: {}, labels });
  assert.is(action?.kind, 'merged');
  assert.ok(action && 'pins' in action && action.pins!.length > 0);
});

// ---------------------------------------------------------------------------
// End to end: a repo from an older release whose checkout pin is older; Dependabot moved it
// past the current release; `update` keeps Dependabot's, writes no markers, and says so.

test('update: a Dependabot bump newer than the template is kept and reported, without conflicts', async () => {
  const work = tempDir('cdal-pins-');
  const old = join(work, 'package');
  cpSync(join(repoRoot, 'templates'), join(old, 'templates'), { recursive: true });
  const wfTemplate = join(old, 'templates', 'github', '{{workflowFile}}.hbs');
  writeFileSync(wfTemplate, replaceAll(readFileSync(wfTemplate, 'utf8'), 'uses: {{actions.checkout}}', `uses: ${checkout(fakeSha('a'), 'v7.0.0')}`));
  writeFileSync(join(old, 'package.json'), JSON.stringify({ ...pkg, version: '0.0.1' }, null, 2));
  const { bundle } = (await import(join(repoRoot, 'scripts', 'build.js'))) as { bundle: (o: { templatesDir: string; outDir: string; packageJson: string }) => Promise<string[]> };
  await bundle({ templatesDir: join(old, 'templates'), outDir: join(old, 'dist'), packageJson: join(old, 'package.json') });

  const dir = join(work, 'my-func');
  const created = spawnSync(process.execPath, [join(old, pkg.bin[pkg.name]!), dir, '--yes'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  assert.is(created.status, 0, created.stderr);
  if (!existsSync(join(dir, '.git'))) git(dir, 'init', '-q', '-b', 'main');
  const wfPath = join(dir, '.github', 'workflows', 'deploy.yml');
  const dependabot = checkout(fakeSha('b'), 'v7.1.0');
  writeFileSync(wfPath, replaceAll(readFileSync(wfPath, 'utf8'), checkout(fakeSha('a'), 'v7.0.0'), dependabot));
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'Dependabot bump');

  const result = await runBin(['update', dir, '--base-from', old, '--yes']);
  assert.is(result.exitCode, 0, result.stdout + result.stderr);
  const after = readFileSync(wfPath, 'utf8');
  assert.not.ok(after.includes('<<<<<<<'), 'no conflict markers');
  assert.ok(after.includes(dependabot), 'the newer pin stays');
  assert.not.ok(after.includes(actionLines.checkout), "the template's older pin is not taken");
  assert.match(result.stdout, /the newer was kept:\n {2}\.github\/workflows\/deploy\.yml:\d+: yours, uses: actions\/checkout@b{40} # v7\.1\.0 \(over uses: actions\/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7\.0\.1\)/);
});

test.run();
