// The deploy workflow: actionlint and the YAML-level contract checks over several answer
// sets, specific properties, and proof that both validators catch what they claim to.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse } from 'yaml';
import type { Answers, Given } from '../generators/answers/index.js';
import { templateContext } from '../generators/context.js';
import * as versions from '../generators/versions.js';
import { answersFor, renderAnswers } from './support/render.js';
import { actionlint, actionlintText } from './validators/actionlint.js';
import { crossFileProblems } from './validators/crossfile.js';
import { checkWorkflow, evaluate, evaluateField, evaluateIf, packageCommand, scenarios, shellProblems, workflowProblems } from './validators/workflow.js';

const workflowPath = '.github/workflows/deploy.yml';

const answerSets: Record<string, Given> = {
  default: {},
  x86_64: { arch: 'x86_64' },
  'self-hosted': { runner: 'self-hosted' },
  seed: { preset: 'seed', artifactBucket: 'my-artifacts', existingRole: 'my-lambda-role' },
  'trigger none': { trigger: 'none' },
  'local state': { state: 'local' },
  'image arm64': { package: 'image' },
  'image x86_64': { package: 'image', arch: 'x86_64' },
  'image local state, no tests': { package: 'image', state: 'local', tests: false },
  'no tests, function url': { tests: false, trigger: 'function-url' },
  // Several functions: one build leg each, one Terraform job.
  'two functions': { functions: [{ name: 'Api' }, { name: 'Worker', trigger: 'none', memory: 512 }] },
  'three functions': { functions: [{ name: 'Api' }, { name: 'ApiAdmin', trigger: 'function-url' }, { name: 'Worker', trigger: 'none' }] },
  'three functions, self-hosted x86_64': { runner: 'self-hosted', arch: 'x86_64', functions: [{ name: 'Api' }, { name: 'ApiAdmin', trigger: 'function-url' }, { name: 'Worker', trigger: 'none' }] },
  'three images': { package: 'image', functions: [{ name: 'Api' }, { name: 'ApiAdmin', trigger: 'function-url' }, { name: 'Worker', trigger: 'none' }] },
  'two images, local state, no tests': { package: 'image', state: 'local', tests: false, functions: [{ name: 'Api' }, { name: 'Worker', trigger: 'none' }] },
};

interface Rendered {
  answers: Answers;
  text: string;
  wf: any;
}
const rendered = new Map<string, Rendered>();
for (const [name, given] of Object.entries(answerSets)) {
  const files = renderAnswers(given);
  const text = files.get(workflowPath);
  if (text === undefined) throw new Error(`${name}: ${workflowPath} not emitted`);
  rendered.set(name, { answers: answersFor(given), text, wf: parse(text) });
}
const get = (name: string): Rendered => rendered.get(name)!;
const stepsOf = (job: any): any[] => job?.steps ?? [];
const findStep = (job: any, pred: (s: any) => boolean) => stepsOf(job).find(pred);

// ---------------------------------------------------------------------------
// Both validators are clean on every answer set.

for (const [name, given] of Object.entries(answerSets)) {
  test(`actionlint is clean: ${name}`, async () => {
    assert.equal(await actionlint(renderAnswers(given)), []);
  });
  test(`workflow contract holds: ${name}`, async () => {
    assert.equal(await workflowProblems(renderAnswers(given), answersFor(given)), []);
  });
}

// ---------------------------------------------------------------------------
// Specific properties.

test('expressions arrive intact: ${{ }} present, no Handlebars escapes, no HTML entities', () => {
  for (const [name, { text }] of rendered) {
    assert.ok(text.includes("${{ github.event_name == 'pull_request' && github.ref || github.run_id }}"), `${name}: job concurrency group expression`);
    assert.not.ok(text.includes('\\{{'), `${name}: escaped mustache left`);
    assert.not.match(text, /&(amp|lt|gt|quot|#x27|#x3D|#\d+);/, `${name}: HTML entity`);
    assert.not.match(text, /(^|[^$])\{\{/m, `${name}: stray {{`);
  }
});

test('every uses: is an entry of the versions table', () => {
  const table = new Set<string>(Object.values(versions.actions));
  for (const [name, { wf }] of rendered) {
    for (const job of Object.values<any>(wf.jobs)) {
      for (const step of stepsOf(job)) if (step.uses) assert.ok(table.has(step.uses), `${name}: ${step.uses}`);
    }
  }
});

test('build runner follows the architecture and the runner answer', () => {
  assert.is(get('default').wf.jobs.build['runs-on'], 'ubuntu-24.04-arm');
  assert.is(get('x86_64').wf.jobs.build['runs-on'], 'ubuntu-24.04');
  assert.equal(get('self-hosted').wf.jobs.build['runs-on'], ['self-hosted', 'linux', 'ARM64']);
  assert.equal(get('image x86_64').wf.jobs.build['runs-on'], 'ubuntu-24.04');
  for (const [, { wf }] of rendered) assert.is(wf.jobs.terraform['runs-on'], 'ubuntu-24.04');
});

test('zip: one build leg per function, each packaged to its own folder and uploaded as bootstrap-<name>', () => {
  for (const name of ['default', 'x86_64', 'seed', 'local state', 'two functions', 'three functions']) {
    const { wf, answers } = get(name);
    const ctx = templateContext(answers, 't');
    assert.equal(
      wf.jobs.build.strategy.matrix.include,
      ctx.functions.map((fn) => ({ function: fn.name, artifact: fn.kebabName, project: fn.projectDir, tests: fn.testProjectFile })),
      name,
    );
    const pkg = findStep(wf.jobs.build, (s) => packageCommand.test(s.run ?? ''));
    assert.ok(pkg.run.includes('--output-package "$GITHUB_WORKSPACE/artifacts/${{ matrix.artifact }}/bootstrap.zip"'), name);
    assert.ok(pkg.run.includes(`--function-architecture ${answers.arch}`), name);
    assert.is(pkg['working-directory'], '${{ matrix.project }}');
    const up = findStep(wf.jobs.build, (s) => s.uses?.startsWith('actions/upload-artifact@'));
    assert.is(up.with.name, 'bootstrap-${{ matrix.artifact }}');
    assert.is(up.with.path, 'artifacts/');
    assert.is(up.with['if-no-files-found'], 'error');
    const down = findStep(wf.jobs.terraform, (s) => s.uses?.startsWith('actions/download-artifact@'));
    assert.equal(down.with, { pattern: 'bootstrap-*', 'merge-multiple': true, path: 'artifacts' }, name);
    const dotnet = findStep(wf.jobs.build, (s) => s.uses?.startsWith('actions/setup-dotnet@'));
    assert.equal(String(dotnet.with['dotnet-version']).trim().split(/\s+/), ctx.dotnetVersions);
    assert.ok(ctx.dotnetVersions.includes(versions.sdk[answers.framework].channel));
  }
});

test('two jobs for any number of functions: each build leg tests its own function before it packages', () => {
  for (const [name, { wf, answers }] of rendered) {
    const ctx = templateContext(answers, 't');
    assert.equal(Object.keys(wf.jobs), ['build', 'terraform'], name);
    assert.is(wf.jobs.terraform.needs, 'build', name);
    const steps = stepsOf(wf.jobs.build);
    const test = steps.findIndex((s) => /dotnet test/.test(s.run ?? '') || s.with?.target === 'test');
    // The README says so exactly when it holds.
    const readme = renderAnswers(answerSets[name]!).get('README.md')!;
    assert.is(readme.includes('a leg per function that runs its tests before it packages'), answers.tests, `${name}: README's layout table`);
    assert.is(readme.includes('A failing test stops its leg, and the Terraform job needs every leg, so nothing from that commit is deployed.'), answers.tests && ctx.ciDeploys, `${name}: README's Deploy`);
    if (!answers.tests) {
      assert.is(test, -1, `${name}: no tests without test projects`);
      continue;
    }
    const packs = steps.findIndex((s) => (answers.package === 'zip' ? packageCommand.test(s.run ?? '') : s.id === 'image'));
    assert.ok(test >= 0 && packs > test, `${name}: test step ${test} before the packaging step ${packs}`);
    assert.is(steps[test].if, undefined, `${name}: the tests run on every event`);
    for (const s of steps.slice(test + 1)) assert.is(evaluateIf(s.if, { ...scenarios.pushMain, status: 'failure' }), false, `${name}: ${s.name} is skipped after a failed test`);
    assert.is(evaluateIf(wf.jobs.terraform.if, { ...scenarios.pushMain, status: 'failure' }), false, `${name}: terraform is skipped after a failed leg`);
    if (answers.package === 'zip') {
      assert.is(steps[test].run, 'dotnet test "$TEST_PROJECT" --configuration Release', name);
      assert.is(steps[test].env.TEST_PROJECT, '${{ matrix.tests }}', name);
      assert.equal(wf.jobs.build.strategy.matrix.include.map((leg: any) => leg.tests), ctx.functions.map((fn) => fn.testProjectFile), name);
    } else {
      assert.is(steps[test].with['build-args'], 'FUNCTION=${{ matrix.function }}', name);
      assert.is(steps[test].with.outputs, 'type=cacheonly', name);
    }
  }
});

test('OIDC: id-token only where a role is assumed; roles and environment per event', () => {
  const { wf } = get('default');
  assert.equal(wf.permissions, { contents: 'read' });
  assert.is(wf.jobs.build.permissions, undefined);
  assert.equal(wf.jobs.terraform.permissions, { contents: 'read', 'id-token': 'write' });
  const creds = findStep(wf.jobs.terraform, (s) => s.uses?.startsWith('aws-actions/configure-aws-credentials@'));
  assert.is(evaluateField(creds.with['role-to-assume'], scenarios.pr), 'PLAN_ROLE');
  assert.is(evaluateField(creds.with['role-to-assume'], scenarios.pushMain), 'DEPLOY_ROLE');
  assert.is(creds.with['aws-region'], '${{ vars.AWS_REGION }}');
  assert.is(evaluateField(wf.jobs.terraform.environment, scenarios.pr), '');
  assert.is(evaluateField(wf.jobs.terraform.environment, scenarios.pushMain), 'production');
});

test('image: the build legs push only from main, with OIDC, and hand on their digests', () => {
  for (const name of ['image arm64', 'image x86_64', 'three images']) {
    const { wf, answers } = get(name);
    const build = wf.jobs.build;
    assert.equal(build.permissions, { contents: 'read', 'id-token': 'write' }, name);
    assert.is(evaluateField(build.environment, scenarios.pushMain), 'production');
    assert.is(evaluateField(build.environment, scenarios.pr), '');
    const image = findStep(build, (s) => s.id === 'image');
    assert.is(image.with.platforms, answers.arch === 'arm64' ? 'linux/arm64' : 'linux/amd64');
    assert.is(image.with.provenance, false);
    assert.is(evaluateField(image.with.outputs, scenarios.pushMain), 'type=image,push=true,rewrite-timestamp=true');
    assert.is(evaluateField(image.with.outputs, scenarios.pr), 'type=image,push=false,rewrite-timestamp=true');
    assert.is(image.with['build-args'], 'FUNCTION=${{ matrix.function }}');
    assert.match(image.with.tags, /\/my-func:\$\{\{ matrix\.artifact \}\}_\$\{\{ github\.sha \}\}$/);
    assert.is(build.outputs, undefined, 'a matrix job output keeps only one leg');
    assert.ok(findStep(build, (s) => s.with?.name === 'digest-${{ matrix.artifact }}'));
    assert.ok(findStep(wf.jobs.terraform, (s) => /TF_VAR_image_digests=/.test(s.run ?? '')));
    assert.not.ok(findStep(wf.jobs.terraform, (s) => s.with?.pattern === 'bootstrap-*'), 'no zip artifact for images');
    assert.not.ok(findStep(build, (s) => s.uses?.startsWith('docker/setup-qemu-action@')), 'native build, no QEMU');
  }
});

test('S3 state: backend config from the repository variables and the literal key', () => {
  const { wf } = get('default');
  const init = findStep(wf.jobs.terraform, (s) => /terraform init/.test(s.run ?? ''));
  assert.match(init.run, /-backend-config="key=my-func\/terraform\.tfstate"/);
  assert.match(init.run, /-backend-config="region=\$AWS_REGION"/);
  assert.is(wf.jobs.terraform.env.AWS_REGION, '${{ vars.AWS_REGION }}');
  assert.match(init.run, /-backend-config="bucket=\$TF_STATE_BUCKET"/);
  assert.is(wf.jobs.terraform.env.TF_STATE_BUCKET, '${{ vars.TF_STATE_BUCKET }}');
  const plan = findStep(wf.jobs.terraform, (s) => /terraform plan -input=false -lock=false/.test(s.run ?? ''));
  assert.is(evaluate(plan.if, scenarios.pr), true);
  assert.is(evaluate(plan.if, scenarios.pushMain), false);
  const apply = findStep(wf.jobs.terraform, (s) => /terraform apply/.test(s.run ?? ''));
  for (const s of Object.values(scenarios)) assert.is(evaluate(apply.if, s), s === scenarios.pushMain, s.name);
});

test('local state: CI checks the Terraform but never assumes a role, plans or applies', () => {
  for (const name of ['local state', 'image local state, no tests']) {
    const { wf, text } = get(name);
    assert.not.match(text, /terraform (plan|apply)/, name);
    assert.not.match(text, /configure-aws-credentials|amazon-ecr-login|id-token/, name);
    assert.not.match(text, /-backend-config/, name);
    assert.is(wf.jobs.terraform.environment, undefined);
    for (const cmd of ['fmt -check -recursive', 'validate', 'test']) {
      assert.ok(findStep(wf.jobs.terraform, (s) => s.run === `terraform ${cmd}`), `${name}: terraform ${cmd}`);
    }
  }
});

test('concurrency: pull requests cancel, main and applies never do', () => {
  const { wf } = get('default');
  // Literal values only: checkov's workflow schema rejects an expression here and then scans nothing.
  for (const cc of [wf.concurrency, wf.jobs.build.concurrency, wf.jobs.terraform.concurrency]) assert.type(cc['cancel-in-progress'], 'boolean');
  assert.is(wf.concurrency['cancel-in-progress'], false);
  const run = (s: typeof scenarios.pr, id: string) => ({ ...s, matrix: { artifact: 'my-func' }, known: { 'github.run_id': id } });
  for (const s of Object.values(scenarios)) {
    const pr = s === scenarios.pr;
    const twoRuns = (group: unknown) => [evaluateField(group, run(s, '1')), evaluateField(group, run(s, '2'))];
    // Outside pull requests the runs of one ref share the workflow's group (one at a time);
    // pull-request runs do not, so that a newer one can start and cancel the older one's jobs.
    const [w1, w2] = twoRuns(wf.concurrency.group);
    assert.is(w1 === w2, !pr, `${s.name}: workflow group`);
    for (const job of ['build']) {
      assert.is(wf.jobs[job].concurrency['cancel-in-progress'], true, job);
      const [a, b] = twoRuns(wf.jobs[job].concurrency.group);
      assert.is(a === b, pr, `${s.name}: ${job} group shared by two runs`);
    }
  }
  assert.is(wf.jobs.terraform.concurrency['cancel-in-progress'], false);
  // Every state writer, whichever ref it runs on, shares one group.
  const group = (s: typeof scenarios.pr) => evaluateField(wf.jobs.terraform.concurrency.group, s);
  assert.is(group(scenarios.pushMain), group(scenarios.dispatchBranch));
  assert.is.not(group(scenarios.pr), group(scenarios.pushMain));
});

test('evaluator: the && \'\' || pitfall evaluates as GitHub does', () => {
  assert.is(evaluate("github.event_name == 'pull_request' && '' || 'production'", scenarios.pr), 'production');
  assert.is(evaluate("github.event_name != 'pull_request' && 'production' || ''", scenarios.pr), '');
  assert.is(evaluate("github.event_name == 'PUSH'", scenarios.pushMain), true, 'string == is case-insensitive');
  assert.is(evaluate("format('{0}-{1}', github.workflow, github.ref)", scenarios.pushMain), 'deploy-refs/heads/main');
});

// ---------------------------------------------------------------------------
// The validators catch what they claim to (mutations of a correct workflow).

function mutated(name: string, from: string | RegExp, to: string): string[] {
  const { text, answers } = get(name);
  const changed = text.replace(from, to);
  assert.is.not(changed, text, `mutation ${String(from)} did not apply`);
  return checkWorkflow(workflowPath, changed, answers);
}
const expectProblem = (problems: string[], pattern: RegExp) =>
  assert.ok(problems.some((p) => pattern.test(p) && /^\.github\/workflows\/deploy\.yml:\d+: /.test(p)), `expected ${pattern} in:\n${problems.join('\n')}`);

test('workflow validator: flags the environment pitfall and a PR that could take the deploy role', () => {
  expectProblem(
    mutated('default', "github.event_name != 'pull_request' && 'production' || ''", "github.event_name == 'pull_request' && '' || 'production'"),
    /on pull_request job terraform runs in environment "production"/,
  );
  expectProblem(
    mutated(
      'default',
      "github.event_name != 'pull_request' && vars.AWS_DEPLOY_ROLE_ARN || vars.AWS_PLAN_ROLE_ARN",
      "github.event_name == 'pull_request' && vars.AWS_PLAN_ROLE_ARN || vars.AWS_DEPLOY_ROLE_ARN",
    ),
    /AWS_PLAN_ROLE_ARN unset a pull request would assume the deploy role/,
  );
});

test('workflow validator: flags an unconditional apply, a locking PR plan and cancellable applies', () => {
  expectProblem(mutated('default', /\n\s+if: github.event_name == 'push' && github.ref == 'refs\/heads\/main'\n(\s+run: terraform apply)/, '\n$1'), /terraform apply runs on pull_request/);
  expectProblem(mutated('default', 'terraform plan -input=false -lock=false', 'terraform plan -input=false'), /needs -lock=false/);
  expectProblem(mutated('default', "|| 'state' }}\n      cancel-in-progress: false", "|| 'state' }}\n      cancel-in-progress: true"), /concurrency may cancel it/);
  expectProblem(mutated('default', 'cancel-in-progress: false\n\njobs:', 'cancel-in-progress: true\n\njobs:'), /workflow concurrency cancels in-progress runs on push to main/);
  // A cancelling job group that every run of main shares: a newer push would cut off an older push's leg.
  expectProblem(mutated('image arm64', "-build-${{ matrix.artifact }}-${{ github.event_name == 'pull_request' && github.ref || github.run_id }}", "-build-${{ matrix.artifact }}-${{ github.ref }}"), /job build concurrency cancels in-progress runs on push to main: two runs share the group/);
});

test('workflow validator: flags permissions, foreign or stale actions, runner and artifact mismatches', () => {
  expectProblem(mutated('default', 'permissions:\n  contents: read', 'permissions:\n  contents: read\n  id-token: write'), /top-level permissions/);
  expectProblem(mutated('default', /\n    permissions:\n      contents: read\n      id-token: write/, ''), /lacks permissions: id-token: write/);
  expectProblem(mutated('default', versions.actions.checkout, 'actions/checkout@v3'), /not the version in generators\/versions\.ts/);
  expectProblem(mutated('default', versions.actions.cache, 'someone/cache@v1'), /owner someone is not one of/);
  expectProblem(mutated('default', 'runs-on: ubuntu-24.04-arm', 'runs-on: ubuntu-24.04'), /\(x86_64\) but the function is arm64/);
  expectProblem(mutated('self-hosted', 'ARM64]', 'X64]'), /does not match the function architecture arm64/);
  expectProblem(mutated('default', 'merge-multiple: true\n          path: artifacts\n', 'merge-multiple: true\n          path: .\n'), /the package of MyFunc lands in my-func\/bootstrap\.zip, but its module reads artifacts\/my-func\/bootstrap\.zip/);
  expectProblem(mutated('default', 'pattern: bootstrap-*', 'pattern: package-*'), /no download-artifact step takes artifact "bootstrap-my-func"/);
  expectProblem(mutated('image arm64', 'provenance: false\n', 'provenance: true\n'), /provenance: false is required/);
  expectProblem(mutated('default', '$GITHUB_WORKSPACE/artifacts/${{ matrix.artifact }}/bootstrap.zip', 'bootstrap.zip'), /leg MyFunc: dotnet lambda package writes "bootstrap\.zip"/);
});

test('workflow validator: flags a missing needs, an image pushed from pull requests, local state that deploys', () => {
  expectProblem(mutated('default', '    needs: build\n', ''), /terraform must declare needs: build/);
  expectProblem(
    mutated('image arm64', "outputs: type=image,push=${{ github.event_name == 'push' && github.ref == 'refs/heads/main' }}", 'outputs: type=image,push=true'),
    /image push runs on pull_request/,
  );
  const local = get('local state');
  const deploying = local.text.replace('        run: terraform test\n', '        run: terraform test\n\n      - name: Apply\n        run: terraform apply -auto-approve\n');
  assert.is.not(deploying, local.text);
  expectProblem(checkWorkflow(workflowPath, deploying, local.answers), /with local state CI must not plan or apply/);
});

test('workflow validator: every function has exactly its build leg, and its package lands where its module reads it', () => {
  // A function without a leg is never built; a leg for another name builds nothing deployed.
  expectProblem(mutated('two functions', /\n {10}- function: Worker\n {12}artifact: worker\n {12}project: src\/Worker\n {12}tests: \S+/, ''), /no build leg for function Worker/);
  expectProblem(mutated('two functions', 'artifact: worker', 'artifact: api'), /build leg 2 is .*expected .*"artifact":"worker"/);
  expectProblem(mutated('two functions', 'artifact: worker', 'artifact: api'), /legs Api and Worker upload the same artifact "bootstrap-api"/);
  expectProblem(mutated('three functions', '          - function: Worker\n', '          - function: Wroker\n'), /build leg 3 builds "Wroker", which is not a function of this repo/);
  expectProblem(mutated('two functions', '      matrix:\n        include:', '      matrix:\n        os: [a, b]\n        include:'), /build needs strategy\.matrix with only an include list/);
  // Artifacts: each leg's download lands in a folder of the artifact's name without merge-multiple.
  expectProblem(mutated('three functions', 'merge-multiple: true\n          path: artifacts', 'merge-multiple: false\n          path: artifacts'), /the package of ApiAdmin lands in artifacts\/bootstrap-api-admin\/api-admin\/bootstrap\.zip/);
  // Uploading the file (not its folder) drops the function's subfolder from the artifact.
  expectProblem(mutated('two functions', 'path: artifacts/\n', 'path: artifacts/${{ matrix.artifact }}/bootstrap.zip\n'), /the package of Worker lands in artifacts\/bootstrap\.zip/);
  expectProblem(mutated('two functions', 'working-directory: ${{ matrix.project }}', 'working-directory: src/Api'), /leg Worker: dotnet lambda package runs in "src\/Api", expected src\/Worker/);
});

test('workflow validator: two jobs; every leg tests its own function before it packages, and a failed test stops the deploy', () => {
  // The 0.4.0 shape: the tests in a job of their own, beside the legs.
  const { text, answers } = get('two functions');
  const separate = text
    .replace(/\n {6}# This function's unit tests[^\n]*\n(?: {6}#[^\n]*\n)*(?: {6}- name: Test\n(?: {8}[^\n]*\n)+)\n/, '\n')
    .replace('\n  terraform:\n', '\n  test:\n    runs-on: ubuntu-24.04-arm\n    steps:\n      - name: Test\n        run: dotnet test Api.sln --configuration Release\n\n  terraform:\n')
    .replace('    needs: build\n', '    needs: [build, test]\n');
  assert.is.not(separate, text);
  const problems = checkWorkflow(workflowPath, separate, answers);
  expectProblem(problems, /expected exactly two jobs, build then terraform, got build, test, terraform/);
  expectProblem(problems, /job test runs the tests apart from the build legs/);
  expectProblem(problems, /the build legs never run the tests/);
  // A leg that packages first, then tests: the package exists whatever the tests find.
  const test = "      - name: Test\n        env:\n          TEST_PROJECT: ${{ matrix.tests }}\n        run: dotnet test \"$TEST_PROJECT\" --configuration Release\n\n";
  const late = text.replace(test, '').replace('      # The tool\'s zip records', `${test}      # The tool's zip records`);
  assert.is.not(late, text);
  expectProblem(checkWorkflow(workflowPath, late, answers), /the build legs package before testing: "Test" \(step \d+\) runs after dotnet lambda package \(step \d+\)/);
  const image = get('three images');
  const imageTest = /( {6}# This function's unit tests[^\n]*\n(?: {6}#[^\n]*\n)*(?: {6}- name: Test\n(?: {8}[^\n]*\n)+)\n)/.exec(image.text)![1]!;
  const imageLate = image.text.replace(imageTest, '').replace('      # A matrix job\'s outputs keep', `${imageTest}      # A matrix job's outputs keep`);
  assert.is.not(imageLate, image.text);
  expectProblem(checkWorkflow(workflowPath, imageLate, image.answers), /the build legs package before testing: "Test" \(step \d+\) runs after the image build/);
  // Each leg tests its own function, not the solution or another function.
  expectProblem(mutated('two functions', 'run: dotnet test "$TEST_PROJECT"', 'run: dotnet test Api.sln'), /leg Api: dotnet test runs "Api\.sln", expected its own function's test project test\/Api\.Tests\/Api\.Tests\.csproj/);
  expectProblem(mutated('two functions', 'tests: test/Worker.Tests/Worker.Tests.csproj', 'tests: test/Api.Tests/Api.Tests.csproj'), /leg Worker: dotnet test runs "test\/Api\.Tests\/Api\.Tests\.csproj", expected its own function's test project test\/Worker\.Tests/);
  expectProblem(mutated('three images', 'build-args: FUNCTION=${{ matrix.function }}\n          outputs: type=cacheonly', 'outputs: type=cacheonly'), /leg Worker: the test stage gets build-args \[\], expected FUNCTION=Worker/);
  // What would let a failed test through: a skipped test step, continue-on-error, a step or a
  // terraform job that runs after a failure.
  expectProblem(mutated('two functions', "      - name: Test\n        env:", "      - name: Test\n        if: github.event_name == 'push'\n        env:"), /"Test" \(step \d+\) may not run on pull_request/);
  expectProblem(mutated('two functions', "      - name: Test\n        env:", "      - name: Test\n        continue-on-error: true\n        env:"), /"Test" \(step \d+\) has continue-on-error: a failing test would not stop the leg/);
  expectProblem(mutated('two functions', '      - name: Upload package\n', '      - name: Upload package\n        if: always()\n'), /step "Upload package" may run on pull_request after the tests failed/);
  expectProblem(mutated('two functions', '    needs: build\n', '    needs: build\n    if: always()\n'), /terraform may run on pull_request after a build leg failed/);
  expectProblem(mutated('two functions', '    timeout-minutes: 30\n    # A newer run', '    timeout-minutes: 30\n    continue-on-error: true\n    # A newer run'), /build has continue-on-error/);
  // No test projects, no tests.
  const none = get('no tests, function url');
  const extra = none.text.replace('      - name: Restore Amazon.Lambda.Tools\n', '      - name: Test\n        run: dotnet test MyFunc.sln\n\n      - name: Restore Amazon.Lambda.Tools\n');
  assert.is.not(extra, none.text);
  expectProblem(checkWorkflow(workflowPath, extra, none.answers), /the build legs run tests, but the repo has no test projects/);
});

test('workflow validator: every image leg builds its function, and every digest reaches Terraform under its name', () => {
  expectProblem(mutated('three images', 'build-args: FUNCTION=${{ matrix.function }}\n          provenance: false\n          tags: ${{', 'provenance: false\n          tags: ${{'), /leg Api: the image build passes build-args \[\], expected FUNCTION=Api/);
  expectProblem(mutated('three images', ':${{ matrix.artifact }}_${{ github.sha }}\n          outputs: type=image,push=${{', ':${{ github.sha }}\n          outputs: type=image,push=${{'), /leg Worker: image tag "REGISTRY\/my-func:SHA", expected my-func:worker_<commit SHA>/);
  // The digest hand-over runs for real: a fault anywhere in it changes the map Terraform gets.
  expectProblem(mutated('three images', `printf '{"%s":"%s"}\\n' "$FUNCTION" "$DIGEST"`, `printf '{"%s":"%s"}\\n' api "$DIGEST"`), /TF_VAR_image_digests is \{"api":"sha256:2{64}"\} when the legs build/);
  expectProblem(mutated('three images', 'name: digest-${{ matrix.artifact }}', 'name: digest'), /two legs upload the artifact "digest"/);
  expectProblem(mutated('three images', 'pattern: digest-*\n          merge-multiple: true', 'pattern: digest-*'), /step "Collect image digests" of the terraform job fails/);
  expectProblem(mutated('three images', 'jq -cs add', 'jq -c add'), /TF_VAR_image_digests is|fails/);
});

// ---------------------------------------------------------------------------
// Cross-file agreement for several functions: tools defaults, packages, the Dockerfile.

const threeGiven = answerSets['three functions']!;
const threeImages = answerSets['three images']!;
async function crossMutated(given: Given, path: string, from: string | RegExp, to: string): Promise<string[]> {
  const files = renderAnswers(given);
  const text = files.get(path)!;
  const changed = text.replace(from, to);
  assert.is.not(changed, text, `mutation ${String(from)} did not apply to ${path}`);
  files.set(path, changed);
  return crossFileProblems(files, answersFor(given));
}
const expectCross = (problems: string[], pattern: RegExp) => assert.ok(problems.some((p) => pattern.test(p)), `expected ${pattern} in:\n${problems.join('\n')}`);

test('cross-file: clean on 1, 2 and 3-function repos, zip and image', async () => {
  for (const name of ['default', 'two functions', 'three functions', 'three functions, self-hosted x86_64', 'three images', 'two images, local state, no tests']) {
    assert.equal(await crossFileProblems(renderAnswers(answerSets[name]!), answersFor(answerSets[name]!)), [], name);
  }
});

test('cross-file: each function\'s tools defaults carry its own name, memory and timeout', async () => {
  expectCross(await crossMutated(threeGiven, 'src/Worker/aws-lambda-tools-defaults.json', '"function-name": "my-func-worker"', '"function-name": "my-func"'), /src\/Worker\/aws-lambda-tools-defaults\.json:\d+: "function-name" is not the function name \(expected "my-func-worker", found "my-func"\)/);
  const withMemory = { functions: [{ name: 'Api' }, { name: 'Worker', trigger: 'none' as const, memory: 512, timeout: 60 }] };
  expectCross(await crossMutated(withMemory, 'src/Worker/aws-lambda-tools-defaults.json', '"function-memory-size": 512', '"function-memory-size": 256'), /"function-memory-size" is not the memory size \(expected 512, found 256\)/);
  expectCross(await crossMutated(withMemory, 'src/Worker/aws-lambda-tools-defaults.json', '"function-timeout": 60', '"function-timeout": 30'), /"function-timeout" is not the timeout \(expected 60, found 30\)/);
});

test('cross-file: each leg packages in its own project and its download lands where it was written', async () => {
  expectCross(await crossMutated(threeGiven, workflowPath, '            project: src/Worker', '            project: src/Api'), /leg Worker: dotnet lambda package does not run in the project with its tools defaults \(expected "src\/Worker", found "src\/Api"\)/);
  expectCross(await crossMutated(threeGiven, workflowPath, 'merge-multiple: true', 'merge-multiple: false'), /the downloaded package is not where the build uploaded it from \(leg ApiAdmin\) \(expected "artifacts\/api-admin\/bootstrap\.zip", found "artifacts\/bootstrap-api-admin\/api-admin\/bootstrap\.zip"\)/);
  expectCross(await crossMutated(threeGiven, workflowPath, /\n {10}- function: ApiAdmin\n {12}artifact: api-admin\n {12}project: src\/ApiAdmin\n {12}tests: \S+/, ''), /function ApiAdmin has no build leg/);
});

test('cross-file: the Dockerfile restores every function, and publishes and tests the one FUNCTION names', async () => {
  expectCross(await crossMutated(threeImages, 'Dockerfile', 'RUN dotnet restore src/Worker/Worker.csproj --runtime linux-arm64\n', ''), /Worker's project is never restored for linux-arm64/);
  expectCross(await crossMutated(threeImages, 'Dockerfile', 'FROM build AS publish\nARG FUNCTION=Api', 'FROM build AS publish\nARG FUNCTION=Worker'), /ARG FUNCTION default is not the first function \(expected "Api", found "Worker"\)/);
  expectCross(await crossMutated(threeImages, 'Dockerfile', '"src/${FUNCTION}/${FUNCTION}.csproj"', 'src/Api/Api.csproj'), /the publish stage does not build the project named by ARG FUNCTION/);
  // ARG is per stage: the test stage's ARG FUNCTION does not reach the publish stage.
  expectCross(await crossMutated(threeImages, 'Dockerfile', 'FROM build AS publish\nARG FUNCTION=Api\n', 'FROM build AS publish\n'), /the publish stage does not build the project named by ARG FUNCTION/);
  // Each leg's test stage tests the function its FUNCTION names, not every function.
  expectCross(await crossMutated(threeImages, 'Dockerfile', '"test/${FUNCTION}.Tests/${FUNCTION}.Tests.csproj"', 'Api.sln'), /the test stage does not test the function named by ARG FUNCTION/);
  expectCross(await crossMutated(threeImages, 'Dockerfile', 'FROM build AS test\nARG FUNCTION=Api\n', 'FROM build AS test\nARG FUNCTION=Worker\n'), /Dockerfile:\d+: ARG FUNCTION default is not the first function \(expected "Api", found "Worker"\)/);
});

test('cross-file: the function modules agree with the answers, the workflow and the Dockerfile', async () => {
  const zip: Given = {};
  const image: Given = { package: 'image' };
  expectCross(await crossMutated(zip, 'infra/modules/function/main.tf', 'runtime          = "dotnet10"', 'runtime          = "provided.al2023"'), /^infra\/modules\/function\/main\.tf:\d+: aws_lambda_function\.function\.runtime is not the runtime \(expected "dotnet10", found "provided\.al2023"\)/);
  expectCross(await crossMutated(zip, 'infra/function_my_func.tf', 'timeout            = 30', 'timeout            = 60'), /^infra\/function_my_func\.tf:\d+: module\.my_func\.timeout is not the timeout \(expected 30, found 60\)/);
  expectCross(await crossMutated(zip, 'infra/function_my_func.tf', '${var.package_dir}/my-func/bootstrap.zip', '${var.package_dir}/other/bootstrap.zip'), /^infra\/function_my_func\.tf:\d+: the package Terraform reads for MyFunc .*\(expected "artifacts\/my-func\/bootstrap\.zip", found "artifacts\/other\/bootstrap\.zip"\)/);
  expectCross(await crossMutated(zip, 'infra/outputs.tf', 'output "invoke_url"', 'output "url"'), /deploy\.yml:\d+: terraform output -raw invoke_url: infra has no output "invoke_url"/);
  expectCross(await crossMutated(zip, 'infra/variables.tf', 'default     = "my-func"', 'default     = "other"'), /^infra\/variables\.tf:\d+: variable "prefix" default is not the function-name prefix \(expected "my-func", found "other"\)/);
  expectCross(await crossMutated(image, 'infra/variables.tf', 'variable "image_digests" {', 'variable "digests" {'), /deploy\.yml:\d+: TF_VAR_image_digests \(set through \$GITHUB_ENV\): infra has no variable "image_digests"/);
  expectCross(await crossMutated(image, 'infra/function_my_func.tf', 'var.image_digests["my-func"]', 'var.image_digests["other"]'), /module\.my_func\.image_uri does not read this function's digest/);
});

test('workflow validator: flags Handlebars residue and HTML entities', () => {
  expectProblem(mutated('default', '${{ github.workflow }}-build-', '$\\{{ github.workflow }}-build-'), /escaped Handlebars/);
  expectProblem(mutated('default', "github.event_name == 'pull_request' && github.ref || github.run_id }}", 'github.event_name == &#x27;pull_request&#x27; && github.ref || github.run_id }}'), /HTML entity/);
});

test('workflow validator: only push, pull_request and workflow_dispatch may trigger it, in any form of on:', () => {
  expectProblem(mutated('default', '  workflow_dispatch:\n', '  workflow_dispatch:\n  pull_request_target:\n    branches: [main]\n'), /trigger pull_request_target is not allowed/);
  expectProblem(mutated('default', '  workflow_dispatch:\n', '  workflow_dispatch:\n  workflow_run:\n    workflows: [ci]\n'), /trigger workflow_run is not allowed/);
  expectProblem(mutated('default', '  workflow_dispatch:\n', '  workflow_dispatch:\n  schedule:\n    - cron: "0 0 * * *"\n'), /trigger schedule is not allowed/);
  const { text, answers } = get('default');
  const listed = text.replace(/\non:\n[\s\S]*?\n\n/, '\non: [push, pull_request_target]\n\n');
  assert.is.not(listed, text);
  expectProblem(checkWorkflow(workflowPath, listed, answers), /trigger pull_request_target is not allowed/);
});

test('evaluator: status functions follow the outcome of the steps before; no status function means success() &&', () => {
  const failed = { ...scenarios.pushMain, status: 'failure' as const };
  assert.is(evaluateIf('always()', failed), true);
  assert.is(evaluateIf('failure()', failed), true);
  assert.is(evaluateIf('failure()', scenarios.pushMain), false);
  assert.is(evaluateIf('cancelled()', { ...scenarios.pr, status: 'cancelled' }), true);
  assert.is(evaluateIf("github.event_name == 'push'", failed), false, 'implicit success()');
  assert.is(evaluateIf(undefined, failed), false);
  assert.is(evaluateIf("always() && github.event_name == 'push'", failed), true);
  assert.is(evaluateIf("hashFiles('x') != '' && github.event_name == 'nope'", scenarios.pr), false, 'unknown && false is false');
});

test('workflow validator: a wrong role is found behind always(), failure(), cancelled() and unknowable conditions', () => {
  const role = "role-to-assume: ${{ github.event_name != 'pull_request' && vars.AWS_DEPLOY_ROLE_ARN || vars.AWS_PLAN_ROLE_ARN }}";
  for (const condition of ['always()', 'failure()', 'cancelled()', "hashFiles('**/x') != ''", "${{ github.event_name == 'pull_request' || always() }}"]) {
    expectProblem(
      mutated('default', `- name: Configure AWS credentials\n        uses: ${versions.actionLines.configureAwsCredentials}\n        with:\n          ${role}`,
        `- name: Configure AWS credentials\n        if: ${condition}\n        uses: ${versions.actionLines.configureAwsCredentials}\n        with:\n          role-to-assume: \${{ vars.AWS_DEPLOY_ROLE_ARN }}`),
      /on pull_request role-to-assume evaluates to "DEPLOY_ROLE", expected vars\.AWS_PLAN_ROLE_ARN/,
    );
  }
  // A step that can't run on an event is not checked there: the image push step's role.
  assert.equal(checkWorkflow(workflowPath, get('image arm64').text, get('image arm64').answers), []);
});

test('workflow validator: an apply behind always() may run on pull requests', () => {
  expectProblem(
    mutated('default', "if: github.event_name == 'push' && github.ref == 'refs/heads/main'\n        run: terraform apply", "if: always()\n        run: terraform apply"),
    /terraform apply runs on pull_request/,
  );
});

test('shellcheck: the run: scripts are clean, and a syntax error or an unquoted expansion is reported at its line', async () => {
  for (const [name, { text }] of rendered) assert.equal(await shellProblems(workflowPath, text), [], name);
  const { text } = get('default');
  const broken = text.replace('run: terraform validate', 'run: if [ -z "$X" ; then terraform validate; fi');
  const line = broken.split('\n').findIndex((l) => l.includes('if [ -z')) + 1;
  const problems = await shellProblems(workflowPath, broken);
  assert.ok(problems.some((p) => p.startsWith(`${workflowPath}:${line}: shellcheck SC10`) && /\(error\)/.test(p)), problems.join('\n'));
  // Expressions become placeholders: a quoted one is fine, an unquoted shell variable is not.
  const unquoted = text.replace('run: terraform validate', 'run: |\n          echo "${{ github.sha }}"\n          terraform validate $ARGS');
  const found = await shellProblems(workflowPath, unquoted);
  const at = unquoted.split('\n').findIndex((l) => l.includes('$ARGS')) + 1;
  assert.equal(found.map((p) => p.replace(/ in job.*/, '')), [`${workflowPath}:${at}: shellcheck SC2086 (info)`]);
  // Through workflowProblems too (what the matrix and property tests call).
  assert.ok((await workflowProblems(new Map([[workflowPath, broken], ['.dotnet-aot-lambda.json', JSON.stringify({ answers: get('default').answers })]]))).some((p) => /shellcheck SC10/.test(p)));
});

// ---------------------------------------------------------------------------
// actionlint reports broken workflows, with path:line:col and its rule kind.

test('actionlint: an unknown runner label and an undefined context property are reported', async () => {
  const { text } = get('default');
  const broken = text
    .replace('runs-on: ubuntu-24.04-arm', 'runs-on: ubuntu-99.04-arm')
    .replace("${{ github.event_name == 'pull_request' && github.ref || github.run_id }}", "${{ github.event_nme == 'pull_request' && github.ref || github.run_id }}");
  const problems = await actionlintText(workflowPath, broken);
  const line = (needle: string) => broken.split('\n').findIndex((l) => l.includes(needle)) + 1;
  assert.ok(problems.some((p) => p.startsWith(`${workflowPath}:${line('ubuntu-99.04-arm')}:`) && /label "ubuntu-99\.04-arm" is unknown.*\[runner-label\]$/.test(p)), problems.join('\n'));
  assert.ok(problems.some((p) => p.startsWith(`${workflowPath}:${line('event_nme')}:`) && /event_nme.*\[expression\]$/.test(p)), problems.join('\n'));
});

test('actionlint: a job needing an unknown job and a bad if are reported', async () => {
  const { text } = get('default');
  const broken = text.replace('needs: build', 'needs: [compile]').replace("if: github.event_name == 'pull_request'", "if: github.event_name = 'pull_request'");
  const problems = await actionlintText(workflowPath, broken);
  assert.ok(problems.some((p) => /compile/.test(p) && /\[job-needs\]$/.test(p)), problems.join('\n'));
  assert.ok(problems.some((p) => /\[expression\]$/.test(p) || /\[syntax-check\]$/.test(p)), problems.join('\n'));
});

test.run();
