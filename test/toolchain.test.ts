// The build job's .NET toolchain (issue 12, items 1, 2 and 11): Amazon.Lambda.Tools comes from
// the repo's tool manifest at the pinned version, the runner gets an SDK whose runtime can run
// that version while global.json still selects the project's SDK, a self-hosted runner installs
// .NET where it may write, and the NuGet cache covers exactly the restores that run on the host.
//
// The SDK/runtime model below is .NET's documented behaviour: global.json with rollForward
// latestFeature selects an SDK of its own major; a local tool restores the tool asset with the
// highest target framework the selected SDK supports, and runs it on that framework's runtime
// (SDKs before 9.0 cannot roll a tool forward); an SDK brings the runtime of its own major.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse } from 'yaml';
import type { Given } from '../generators/answers/index.js';
import { frameworks } from '../generators/answers/index.js';
import * as versions from '../generators/versions.js';
import type { Files } from '../lib/render/render.js';
import { answersFor, renderAnswers } from './support/render.js';

/** Target frameworks each pinned Amazon.Lambda.Tools package ships under tools/, from nuget.org:
 * 6.0.6 lists net6.0 and net8.0; 7.0.0 targets net8.0 and net10.0 (aws-extensions-for-dotnet-cli
 * #442 dropped net6.0). A version missing here fails the test: check its package before pinning. */
const toolAssets: Record<string, number[]> = {
  '6.0.6': [6, 8],
  '7.0.0': [8, 10],
};

const workflowPath = '.github/workflows/deploy.yml';
const manifestPath = '.config/dotnet-tools.json';
const major = (version: string): number => Number(/^(\d+)\./.exec(version)?.[1] ?? NaN);
const steps = (files: Files): any[] => (parse(files.get(workflowPath)!) as any).jobs.build.steps ?? [];
const setupDotnet = (files: Files) => steps(files).find((s) => String(s.uses).startsWith('actions/setup-dotnet@'));

/** Why the build job cannot restore and run the pinned tool, or undefined when it can. */
function toolchainProblem(files: Files): string | undefined {
  const manifestText = files.get(manifestPath);
  if (manifestText === undefined) return `${manifestPath} is not emitted: the tool version is not pinned`;
  const tool = (JSON.parse(manifestText) as { tools?: Record<string, { version?: string; commands?: string[] }> }).tools?.['amazon.lambda.tools'];
  if (!tool?.version) return `${manifestPath} does not pin amazon.lambda.tools`;
  if (!tool.commands?.includes('dotnet-lambda')) return `${manifestPath} does not declare the dotnet-lambda command`;
  const assets = toolAssets[tool.version];
  if (!assets) return `Amazon.Lambda.Tools ${tool.version} is not in this test's table of checked packages`;

  const installed = String(setupDotnet(files)?.with?.['dotnet-version'] ?? '').split('\n').map((v) => v.trim()).filter(Boolean).map(major);
  const globalJson = JSON.parse(files.get('global.json')!) as { sdk: { version: string; rollForward: string } };
  if (globalJson.sdk.rollForward !== 'latestFeature') return `global.json rollForward is ${globalJson.sdk.rollForward}, not the latestFeature this model assumes`;
  const sdk = major(globalJson.sdk.version);
  if (!installed.includes(sdk)) return `global.json selects a ${sdk}.0 SDK but setup-dotnet installs ${installed.join(', ')}`;
  const asset = Math.max(...assets.filter((tfm) => tfm <= sdk));
  if (!Number.isFinite(asset)) return `the ${sdk}.0 SDK cannot restore Amazon.Lambda.Tools ${tool.version}, which targets only net${assets.join('.0, net')}.0`;
  if (!installed.includes(asset)) return `Amazon.Lambda.Tools ${tool.version} runs on its net${asset}.0 asset, but no ${asset}.0 runtime is installed (SDKs: ${installed.join(', ')})`;
  return undefined;
}

const zipSets: Record<string, Given> = {
  ...Object.fromEntries(frameworks.map((framework) => [framework, { framework } as Given])),
  seed: { preset: 'seed', artifactBucket: 'my-artifacts', existingRole: 'my-lambda-role' },
  'net8.0 self-hosted, no tests': { framework: 'net8.0', runner: 'self-hosted', tests: false },
};

for (const [name, given] of Object.entries(zipSets)) {
  const files = renderAnswers(given);
  const answers = answersFor(given);

  test(`toolchain ${name}: the pinned tool restores and runs on the SDKs the job installs`, () => {
    assert.is(toolchainProblem(files), undefined);
    const manifest = JSON.parse(files.get(manifestPath)!);
    assert.is(manifest.tools['amazon.lambda.tools'].version, versions.lambdaTools[answers.framework].version, 'the manifest reads the versions table');
  });

  test(`toolchain ${name}: the tool comes from the manifest, never a global install`, () => {
    const text = files.get(workflowPath)!;
    assert.not.match(text, /dotnet tool (install|update)/, 'no tool is installed by the workflow');
    const list = steps(files);
    const restore = list.findIndex((s) => /^dotnet tool restore\b/.test(s.run ?? ''));
    const pkg = list.findIndex((s) => /\bdotnet-lambda package\b/.test(s.run ?? ''));
    assert.ok(restore >= 0, 'dotnet tool restore step');
    assert.ok(pkg > restore, 'the package step runs after the restore');
    assert.match(list[pkg].run, /^dotnet tool run dotnet-lambda package /, 'reached through the manifest');
    const image = `${versions.sdk[answers.framework].samBuildImage}:latest-${answers.arch}`;
    assert.ok(list[pkg].run.includes(`--container-image-for-build ${image}`), 'the Amazon Linux build image is named, not left to the tool');
  });

  test(`toolchain ${name}: .NET installs where the runner may write`, () => {
    const env = setupDotnet(files)?.env ?? {};
    if (answers.runner === 'self-hosted') {
      assert.match(String(env.DOTNET_INSTALL_DIR), /^\$\{\{ runner\.temp \}\}\//, 'DOTNET_INSTALL_DIR under runner.temp');
    } else {
      assert.is(env.DOTNET_INSTALL_DIR, undefined, 'hosted runners keep the default (preinstalled SDKs live there)');
    }
  });

  test(`toolchain ${name}: the NuGet cache covers the host's restores and claims nothing about the publish`, () => {
    const list = steps(files);
    const cache = list.findIndex((s) => String(s.uses).startsWith('actions/cache@') && s.with?.path === '~/.nuget/packages');
    const hostRestores = list.map((s, i) => [s, i] as const).filter(([s]) => /^dotnet (test|tool restore)\b/.test(s.run ?? ''));
    assert.ok(hostRestores.length > 0);
    assert.ok(cache >= 0, 'a NuGet cache while something restores on the host');
    for (const [, i] of hostRestores) assert.ok(cache < i, 'the cache is restored before every host restore');
    const key = String(list[cache].with.key);
    for (const input of ["'**/*.csproj'", "'global.json'", `'${manifestPath}'`]) assert.ok(key.includes(input), `cache key hashes ${input}`);
    const text = files.get(workflowPath)!;
    const comment = text.slice(0, text.indexOf('- name: Cache NuGet packages')).split('\n\n').pop()!;
    assert.match(comment, /container/, 'says why the publish does not benefit');
    assert.not.match(comment, /speed|faster/i, 'no speed-up claimed for the container publish');
  });
}

test('toolchain: image variants have neither a tool manifest nor a NuGet cache (the Dockerfile restores)', () => {
  for (const given of [{ package: 'image' }, { package: 'image', framework: 'net7.0', runtime: 'provided.al2', tests: false }] as Given[]) {
    const files = renderAnswers(given);
    assert.not.ok(files.has(manifestPath));
    assert.not.ok(steps(files).some((s) => s.with?.path === '~/.nuget/packages'));
  }
});

test('toolchain model: catches a tool the SDK cannot restore, a missing runtime, and an SDK global.json will not find', () => {
  const files = renderAnswers({ framework: 'net7.0' });
  const withVersions = (text: string): Files => {
    const copy = new Map(files);
    copy.set(workflowPath, text);
    return copy;
  };
  const wf = files.get(workflowPath)!;
  // The pre-manifest workflow: no pin at all.
  const noManifest = new Map(files);
  noManifest.delete(manifestPath);
  assert.match(toolchainProblem(noManifest)!, /not emitted/);
  // 7.0.0 under global.json's 7.0 SDK: nothing it can restore.
  const seven = new Map(files);
  seven.set(manifestPath, files.get(manifestPath)!.replace(versions.lambdaTools['net7.0'].version, '7.0.0'));
  assert.match(toolchainProblem(seven)!, /cannot restore Amazon\.Lambda\.Tools 7\.0\.0/);
  // 6.0.6 without the 6.0 SDK: restored, but no runtime to run it.
  assert.match(toolchainProblem(withVersions(wf.replace(/\n\s+6\.0\.x/, '')))!, /no 6\.0 runtime is installed/);
  // Only the tool's SDK: global.json's 7.0 SDK is missing.
  assert.match(toolchainProblem(withVersions(wf.replace(/\n\s+7\.0\.x/, '')))!, /global\.json selects a 7\.0 SDK/);
});

test.run();
