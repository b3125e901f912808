// The checks that must be able to fail (issue 18), proved on rendered output: each mutation
// below is an edit of a freshly rendered repo's text (or, for the bundle, of a measurement),
// and the check that owns the claim must report it by name. The unmutated render passes the
// same check, so the failure is the mutation's. Security mutations (IAM) live in their own file.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as versions from '../generators/versions.js';
import type { Files } from '../lib/render/render.js';
import { writeTree } from './support/bin.js';
import { unlessOptedOut } from './support/optout.js';
import { answersFor, renderAnswers } from './support/render.js';
import { nonInteractiveLoadProblems } from './validators/bundle.js';
import { crossFileProblems } from './validators/crossfile.js';
import { checkTerraform, mirrorGap, substituteForMirror } from './validators/terraform.js';
import { workflowProblems } from './validators/workflow.js';

const workflow = '.github/workflows/deploy.yml';
const answers = answersFor({});
const rendered = renderAnswers({});

/** The default render with `path`'s text changed; the edit must apply. */
function mutate(path: string, from: string | RegExp, to: string, files: Files = rendered): Map<string, string> {
  const text = files.get(path);
  assert.ok(text !== undefined, `${path} is not rendered`);
  const changed = text.replace(from, to);
  assert.is.not(changed, text, `${path} no longer contains ${String(from)}: update this mutation`);
  return new Map(files).set(path, changed);
}
const expect = (problems: string[], pattern: RegExp) => assert.ok(problems.some((p) => pattern.test(p)), `expected ${pattern} among:\n  ${problems.join('\n  ') || '(no problems)'}`);

const Fast = suite('mutations');

Fast('baseline: the unmutated default passes the workflow and cross-file checks', async () => {
  assert.equal(await workflowProblems(rendered, answers), []);
  assert.equal(await crossFileProblems(rendered, answers), []);
});

Fast('pull_request_target added to the triggers: the workflow validator rejects the trigger', async () => {
  const files = mutate(workflow, '  workflow_dispatch:\n', '  workflow_dispatch:\n  pull_request_target:\n    branches: [main]\n');
  expect(await workflowProblems(files, answers), /^\.github\/workflows\/deploy\.yml:\d+: trigger pull_request_target is not allowed/);
});

Fast('if: always() on the credentials step with the deploy role for every event: the wrong role is reported for pull requests', async () => {
  const files = mutate(
    workflow,
    /( +)- name: Configure AWS credentials\n(\s+)uses: ([^\n]+)\n\s+with:\n\s+role-to-assume: \$\{\{ github\.event_name != 'pull_request' && vars\.AWS_DEPLOY_ROLE_ARN \|\| vars\.AWS_PLAN_ROLE_ARN \}\}/,
    "$1- name: Configure AWS credentials\n$2if: always()\n$2uses: $3\n$2with:\n$2  role-to-assume: ${{ vars.AWS_DEPLOY_ROLE_ARN }}",
  );
  expect(await workflowProblems(files, answers), /deploy\.yml:\d+: on pull_request role-to-assume evaluates to "DEPLOY_ROLE", expected vars\.AWS_PLAN_ROLE_ARN/);
});

Fast('a bash syntax error in a run: script: shellcheck reports it at its line', async () => {
  const files = mutate(workflow, 'run: terraform validate', 'run: if terraform validate; then echo valid');
  const line = files.get(workflow)!.split('\n').findIndex((l) => l.includes('then echo valid')) + 1;
  expect(await workflowProblems(files, answers), new RegExp(`^\\.github/workflows/deploy\\.yml:${line}: shellcheck SC\\d+ \\(error\\)`));
});

Fast('the bootstrap output deploy_role_arn renamed while the documented setup still reads it: the cross-file check names it', async () => {
  const files = mutate('infra/bootstrap/outputs.tf', 'output "deploy_role_arn"', 'output "deploy_role"');
  expect(await crossFileProblems(files, answers), /^infra\/bootstrap\/setup\.sh:\d+: terraform output -raw deploy_role_arn: infra\/bootstrap has no output "deploy_role_arn"/);
});

Fast('a module list with node:fs/promises, the prompt UI, the merge commands or Handlebars: the non-interactive load check names each', () => {
  const baseline = ['NativeModule fs', 'NativeModule path'];
  const clean = { modules: [...baseline, 'NativeModule crypto', 'NativeModule internal/streams/lazy_transform'], files: ['/x/dist/cli.cjs', '/x/dist/templates.json'] };
  assert.equal(nonInteractiveLoadProblems(clean, baseline), []);
  expect(nonInteractiveLoadProblems({ ...clean, modules: [...clean.modules, 'NativeModule internal/fs/promises', 'NativeModule fs/promises'] }, baseline), /loads node:fs\/promises/);
  expect(nonInteractiveLoadProblems({ ...clean, modules: [...baseline, 'NativeModule stream'] }, baseline), /loads node:stream,/);
  expect(nonInteractiveLoadProblems({ ...clean, files: [...clean.files, '/x/dist/ask.cjs'] }, baseline), /loads the prompt UI/);
  expect(nonInteractiveLoadProblems({ ...clean, files: [...clean.files, '/x/dist/update.cjs'] }, baseline), /loads the merge commands/);
  expect(nonInteractiveLoadProblems({ ...clean, files: [...clean.files, '/x/node_modules/handlebars/lib/index.js'] }, baseline), /loads Handlebars/);
});

Fast('the mirror substitution is pinned to the one known gap, and the versions table agrees with it', () => {
  // Changing the dotnet10 constraint in versions.ts must not silently widen the substitution:
  // check the provider release that first accepts dotnet10, then update mirrorGap with it.
  assert.is(versions.terraform.awsProviderDotnet10, mirrorGap.constraint, 'generators/versions.ts and test/validators/terraform.ts mirrorGap disagree');
});

Fast('the mirror substitution applies to the dotnet10 constraint alone, never to >= 99.0', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'mirror-'));
  try {
    const write = async (files: Files) => {
      await rm(dir, { recursive: true, force: true });
      writeTree(dir, [...files].filter(([p]) => p.startsWith('infra/') && !p.startsWith('infra/bootstrap/')).map(([p, c]) => [p.slice('infra/'.length), c]));
    };
    await write(rendered);
    const note = await substituteForMirror(dir);
    assert.match(String(note), /^mirror substitution: .*dotnet10 runtime needs it.*runtime dotnet8/);
    assert.not.match(await readFile(join(dir, 'modules/function/main.tf'), 'utf8'), /"dotnet10"/);
    for (const constraint of ['>= 99.0', `${mirrorGap.constraint}, >= 99.0`]) {
      await write(mutate('infra/versions.tf', `"${mirrorGap.constraint}"`, `"${constraint}"`));
      assert.is(await substituteForMirror(dir), undefined, constraint);
    }
    // A second provider constraint next to the known one.
    await write(rendered);
    await writeFile(join(dir, 'extra.tf'), 'terraform {\n  required_providers {\n    aws = {\n      source  = "hashicorp/aws"\n      version = ">= 99.0"\n    }\n  }\n}\n');
    assert.is(await substituteForMirror(dir), undefined, 'a second constraint');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

Fast.run();

// Real terraform: fails without it unless SKIP_TERRAFORM=1 (then counted as skipped).
const Tf = suite('mutations: terraform');
const tfTest = unlessOptedOut(Tf, 'SKIP_TERRAFORM');

tfTest('a ">= 99.0" AWS provider constraint: terraform init fails, and nothing is substituted', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'tf-99-'));
  try {
    // Only infra/ (the dotnet10 stack the substitution could touch): bootstrap adds nothing here.
    const files = mutate('infra/versions.tf', `"${versions.terraform.awsProviderDotnet10}"`, '">= 99.0"');
    writeTree(dir, [...files].filter(([p]) => p.startsWith('infra/') && !p.startsWith('infra/bootstrap/')));
    const result = await checkTerraform(dir);
    assert.is(result.status, 'failed', result.notes.join('\n'));
    expect(result.problems, /^infra(\/versions\.tf:\d+)?: terraform init: .*(provider|>= 99\.0)/i);
    assert.not.ok(result.notes.some((n) => /mirror substitution/.test(n)), result.notes.join('\n'));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

Tf.run();
