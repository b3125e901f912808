// Reproducible packages (issue 31). The emitted scripts/normalize-package.sh runs for real, with
// the machine's Info-ZIP zip and unzip (the programs it needs on a runner or a developer's
// machine), on packages made the way Amazon.Lambda.Tools makes them: the same bootstrap zipped
// at two times must come out byte-equal, a changed bootstrap must not. Seeded faults of the
// script must each fail the check that owns the claim, by name. The workflow half (the step
// that runs it on every leg, SOURCE_DATE_EPOCH and rewrite-timestamp for images) is checked
// by test/validators/workflow.ts, with its own seeded faults below.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { templateContext } from '../generators/context.js';
import { tempDir } from './support/bin.js';
import { pythonTools } from './support/python.js';
import { answersFor, renderAnswers } from './support/render.js';
import { parse } from 'yaml';
import { workflowProblems } from './validators/workflow.js';
import { normalizationProblems, normalize, toolPackage, zipToolsMissing } from './validators/zip-package.js';

const scriptPath = templateContext(answersFor({}), 't').normalizeScript;
const emitted = renderAnswers({}).get(scriptPath) ?? '';

/** The emitted script, written to a scratch file. */
function scriptFile(text = emitted): string {
  const file = join(tempDir('normalize-script-'), 'normalize-package.sh');
  writeFileSync(file, text);
  return file;
}

function requireZipTools(): void {
  const missing = zipToolsMissing();
  if (missing) throw new Error(missing);
}

const expect = (problems: string[], pattern: RegExp) => assert.ok(problems.some((p) => pattern.test(p)), `expected ${pattern} among:\n  ${problems.join('\n  ') || '(no problems)'}`);

/** The emitted script with `from` replaced; the edit must apply. */
function seeded(from: string | RegExp, to: string): string {
  const changed = emitted.replace(from, to);
  assert.is.not(changed, emitted, `the script no longer contains ${String(from)}: update this fault`);
  return changed;
}

test('every zip variant emits the same script at the path the workflow and README name; images emit none', () => {
  assert.ok(emitted.startsWith('#!/bin/sh\n'), 'a POSIX sh script');
  for (const given of [{ arch: 'x86_64' as const }, { framework: 'net7.0' as const, runtime: 'provided.al2' as const }, { repoPath: 'services/orders' }, { functions: [{ name: 'Api' }, { name: 'Worker', trigger: 'none' as const }] }]) {
    const files = renderAnswers(given);
    assert.is(files.get(scriptPath), emitted, JSON.stringify(given));
    assert.ok(files.get('README.md')!.includes(`sh ${scriptPath} `), `README runs it (${JSON.stringify(given)})`);
  }
  assert.is(renderAnswers({ package: 'image' }).get(scriptPath), undefined);
});

test('the emitted normalization: same bootstrap at different times → equal hashes; changed bootstrap → different; fixed time, no extra fields, mode 755', () => {
  requireZipTools();
  assert.equal(normalizationProblems(emitted), []);
});

test('the README\'s local package commands end with the normalization of every function\'s package', () => {
  const files = renderAnswers({ functions: [{ name: 'Api' }, { name: 'Worker', trigger: 'none' }] });
  const ctx = templateContext(answersFor({ functions: [{ name: 'Api' }, { name: 'Worker', trigger: 'none' }] }), 't');
  const block = /## Package locally\n\n```sh\n([\s\S]*?)```/.exec(files.get('README.md')!)?.[1] ?? '';
  const lines = block.trim().split('\n');
  assert.is(lines.at(-1), `sh ${scriptPath} ${ctx.functions.map((fn) => fn.packageFile).join(' ')}`);
  // Every package line comes before it: the tool writes, then the script rewrites.
  for (const fn of ctx.functions) assert.ok(lines.slice(0, -1).some((l) => l.includes(`--output-package ../../${fn.packageFile})`)), fn.name);
});

test('the script refuses what it cannot normalize, says why, and leaves the package as it was', () => {
  requireZipTools();
  const script = scriptFile();
  const none = normalize(script, []);
  assert.is(none.status, 2);
  assert.match(none.stderr, /usage: sh /);

  const dir = tempDir('normalize-bad-');
  const missing = normalize(script, [join(dir, 'nope.zip')]);
  assert.is(missing.status, 1);
  assert.match(missing.stderr, /nope\.zip: no such file/);

  // A zip without bootstrap, and one whose bootstrap lost its execute bit: Lambda cannot run either.
  for (const [name, mode, file] of [['readme', 0o755, 'README'], ['not executable', 0o644, 'bootstrap']] as const) {
    const sub = join(dir, name.replace(/ /g, '-'));
    mkdirSync(join(sub, 'in'), { recursive: true });
    writeFileSync(join(sub, 'in', file), 'x');
    spawnSync('chmod', [mode.toString(8), join(sub, 'in', file)]);
    const zip = spawnSync('zip', ['-q', join(sub, 'p.zip'), file], { cwd: join(sub, 'in') });
    assert.is(zip.status, 0);
    const before = readFileSync(join(sub, 'p.zip'));
    const run = normalize(script, [join(sub, 'p.zip')]);
    assert.is(run.status, 1, name);
    assert.match(run.stderr, /has no executable bootstrap at its root/, name);
    assert.ok(readFileSync(join(sub, 'p.zip')).equals(before), `${name}: the package is unchanged`);
    assert.equal(readdirSync(sub).filter((f) => f.startsWith('.normalize.')), [], `${name}: no scratch left`);
  }
});

test('several packages in one call, as the README runs it: each normalized', () => {
  requireZipTools();
  const dir = tempDir('normalize-many-');
  const binary = Buffer.from('not really an executable, but bytes all the same');
  const a = toolPackage(join(dir, 'a'), { binary, mtime: new Date('2026-01-01T00:00:00Z'), tz: 'UTC', mode: 0o755 });
  const b = toolPackage(join(dir, 'b'), { binary, mtime: new Date('2026-06-01T12:34:56Z'), tz: 'Europe/Berlin', mode: 0o700 });
  assert.not.ok(readFileSync(a).equals(readFileSync(b)), 'precondition: the packages differ before');
  const run = normalize(scriptFile(), [a, b]);
  assert.is(run.status, 0, run.stderr);
  assert.ok(readFileSync(a).equals(readFileSync(b)), 'equal after');
});

test('shellcheck passes the script (sh, severity info)', async () => {
  const { bin } = await pythonTools();
  const check = spawnSync(bin('shellcheck'), ['--shell=sh', '--severity=info', scriptFile()], { encoding: 'utf8' });
  assert.is(check.status, 0, check.stdout + check.stderr);
});

// Seeded faults: each breaks one claim of the script; the check must name that claim.

test('seeded fault: no fixed time → the same bootstrap at two times gets two hashes', () => {
  requireZipTools();
  const problems = normalizationProblems(seeded(/^ *find "\$work\/files" -exec touch -t "\$stamp" \{\} \+\n/m, ''));
  expect(problems, /^same bootstrap, packaged at different times: normalized hashes differ/);
  expect(problems, /entry time: DOS date/);
});

test('seeded fault: zip without -X → extra attributes reported', () => {
  requireZipTools();
  expect(normalizationProblems(seeded('zip -q -X -D -9', 'zip -q -D -9')), /extra attributes: \d+ bytes of extra fields/);
});

test('seeded fault: modes kept as built → mode 775 reported and the hashes differ', () => {
  requireZipTools();
  const problems = normalizationProblems(seeded(/^ *find "\$work\/files" -type f .*chmod 755.*\n^ *find .*chmod 644.*\n/m, ''));
  expect(problems, /mode 100775, expected 100755/);
  expect(problems, /^same bootstrap, packaged at different times: normalized hashes differ/);
});

test('seeded fault: a script that ignores the content → the changed bootstrap is reported', () => {
  requireZipTools();
  const problems = normalizationProblems(seeded('  find "$work/files" -type f \\( -perm', '  : > "$work/files/bootstrap"\n  find "$work/files" -type f \\( -perm'));
  expect(problems, /^changed bootstrap: its normalized package has the same hash/);
  expect(problems, /holds a bootstrap that differs from the one built/);
});

test('seeded fault: a scratch folder left behind is reported', () => {
  requireZipTools();
  expect(normalizationProblems(seeded(/^ *rm -rf "\$work"\n^ *work=\n/m, '  work=\n')), /scratch left behind in \d\/: \.normalize\./);
});

// The workflow's side, through its validator.

/** The render with a subfolder project's root workflow (`../../.github/…`) under the
 * repository-relative path the validator reads. */
function atRoot(files: Map<string, string>): Map<string, string> {
  const out = new Map<string, string>();
  for (const [path, text] of files) out.set(path.replace(/^(\.\.\/)+(?=\.github\/)/, ''), text);
  return out;
}

test('workflow: the default and a two-function repo pass with the normalization step', async () => {
  assert.equal(await workflowProblems(renderAnswers({}), answersFor({})), []);
  const two = { functions: [{ name: 'Api' }, { name: 'Worker', trigger: 'none' as const }] };
  assert.equal(await workflowProblems(renderAnswers(two), answersFor(two)), []);
});

test('workflow of a subfolder project: the step runs in the project folder, where the script and artifacts/ are', () => {
  // The validator reads root projects only; here the one difference is checked directly.
  const files = renderAnswers({ repoPath: 'services/orders' }, 'orders');
  const build = (parse(files.get('../../.github/workflows/orders.yml')!) as { jobs: { build: { defaults?: { run?: Record<string, string> }; steps: Array<Record<string, unknown>> } } }).jobs.build;
  assert.is(build.defaults?.run?.['working-directory'], 'services/orders');
  const step = build.steps.find((st) => String(st.run ?? '').includes(scriptPath))!;
  assert.ok(step, 'no normalization step');
  assert.is(step['working-directory'], undefined, 'the job default applies');
  assert.is(step.run, `sh ${scriptPath} "artifacts/$ARTIFACT/bootstrap.zip"`);
  assert.ok(files.has(scriptPath) && files.has('src/Orders/Orders.csproj'), 'script and project are in the same folder');
});

function mutated(given: Parameters<typeof renderAnswers>[0], from: string | RegExp, to: string) {
  const files = atRoot(renderAnswers(given));
  // The workflow, not .github/dependabot.yml (also YAML, and first in a root project's render).
  const path = [...files.keys()].find((p) => p.startsWith('.github/workflows/') && p.endsWith('.yml'))!;
  const text = files.get(path)!;
  const changed = text.replace(from, to);
  assert.is.not(changed, text, `${path} no longer contains ${String(from)}: update this fault`);
  return new Map(files).set(path, changed);
}

test('seeded fault: the normalization step removed → the validator names the missing step', async () => {
  const files = mutated({}, /\n +# The tool's zip records[\s\S]*?bootstrap\.zip"\n/, '\n');
  expect(await workflowProblems(files, answersFor({})), /deploy\.yml:\d+: no step runs scripts\/normalize-package\.sh on the package/);
});

test('seeded fault: the step normalizes another path → the validator names the leg', async () => {
  const files = mutated({}, '"artifacts/$ARTIFACT/bootstrap.zip"', '"artifacts/bootstrap.zip"');
  expect(await workflowProblems(files, answersFor({})), /leg \w+: normalizes artifacts\/bootstrap\.zip, but the package is artifacts\/my-func\/bootstrap\.zip/);
});

test('seeded fault: the step\'s path unquoted → shellcheck reports it in that step', async () => {
  const files = mutated({}, 'run: sh scripts/normalize-package.sh "artifacts/$ARTIFACT/bootstrap.zip"', 'run: sh scripts/normalize-package.sh artifacts/$ARTIFACT/bootstrap.zip');
  expect(await workflowProblems(files, answersFor({})), /deploy\.yml:\d+: shellcheck SC2086 \(info\) in job build step \d+/);
});

test('seeded fault: the step runs only on main → reported (a pull request\'s plan would compare other bytes)', async () => {
  const files = mutated({}, '      - name: Make the package reproducible\n', "      - name: Make the package reproducible\n        if: github.ref == 'refs/heads/main'\n");
  expect(await workflowProblems(files, answersFor({})), /must run whenever the package step does/);
});

test('images: SOURCE_DATE_EPOCH fixed and rewrite-timestamp=true, in CI and in the README\'s local push', async () => {
  for (const given of [{ package: 'image' as const }, { package: 'image' as const, state: 'local' as const }]) {
    const files = renderAnswers(given);
    assert.equal(await workflowProblems(files, answersFor(given)), [], JSON.stringify(given));
  }
  const readme = renderAnswers({ package: 'image', state: 'local' }).get('README.md')!;
  const pushes = readme.split('\n').filter((l) => l.includes('docker buildx build') && l.includes('$REGISTRY/'));
  assert.ok(pushes.length > 0);
  for (const line of pushes) assert.match(line, /^SOURCE_DATE_EPOCH=0 docker buildx build .*--output type=registry,rewrite-timestamp=true \.$/, line);
});

test('seeded fault: SOURCE_DATE_EPOCH from the commit time → reported', async () => {
  const files = mutated({ package: 'image' }, 'SOURCE_DATE_EPOCH: "0"', 'SOURCE_DATE_EPOCH: ${{ github.event.head_commit.timestamp }}');
  expect(await workflowProblems(files, answersFor({ package: 'image' })), /SOURCE_DATE_EPOCH is "\$\{\{ github\.event\.head_commit\.timestamp \}\}", expected a fixed number/);
});

test('seeded fault: rewrite-timestamp dropped → reported', async () => {
  const files = mutated({ package: 'image' }, ',rewrite-timestamp=true', '');
  expect(await workflowProblems(files, answersFor({ package: 'image' })), /on push to main the image output is .*without rewrite-timestamp=true/);
});

test('no Info-ZIP: the check fails saying what to install', () => {
  // What the tests above throw when zip or unzip is missing, for a PATH that has neither.
  assert.match(zipToolsMissing('/nonexistent') ?? '', /^'zip' \(Info-ZIP\) is not on the PATH: .*apt-get install zip unzip/);
  assert.is(zipToolsMissing(), undefined, 'this machine has both');
});

test.run();
