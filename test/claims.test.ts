// What the emitted repo says about itself must be true (issue 12, items 8, 9, 10 and 12): the
// provider lock file, the concurrency of deploys, the image variants' runtime and files, and
// the one place the region is written.
import { execaSync } from 'execa';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse } from 'yaml';
import type { Given } from '../generators/answers/index.js';
import type { Files } from '../lib/render/render.js';
import { tempDir } from './support/bin.js';
import { answersFor, renderAnswers } from './support/render.js';
import { evaluateField, evaluateIf, scenarios } from './validators/workflow.js';

const workflowPath = '.github/workflows/deploy.yml';
const wfOf = (files: Files): any => parse(files.get(workflowPath)!);
const section = (readme: string, heading: string): string => readme.split(/^## /m).find((s) => s.startsWith(`${heading}\n`)) ?? '';

const variants: Record<string, Given> = {
  default: {},
  seed: { preset: 'seed', artifactBucket: 'my-artifacts', existingRole: 'my-lambda-role' },
  'local state': { state: 'local', trigger: 'none' },
  'image arm64': { package: 'image' },
  'image x86_64, local state': { package: 'image', arch: 'x86_64', state: 'local' },
  'image seed': { preset: 'seed', package: 'image', existingRole: 'my-lambda-role' },
};
const rendered = new Map(Object.entries(variants).map(([name, given]) => [name, { answers: answersFor(given), files: renderAnswers(given) }]));

// ---------------------------------------------------------------------------
// Item 8: the provider lock file.

/** Run the workflow's Init script with bash, terraform stubbed to print its arguments. */
function initArgs(files: Files, withLockFile: boolean): string {
  const init = wfOf(files).jobs.terraform.steps.find((s: any) => s.name === 'Init');
  const dir = tempDir('cdal-init-');
  if (withLockFile) writeFileSync(join(dir, '.terraform.lock.hcl'), '# lock\n');
  const script = `terraform() { printf 'terraform %s\\n' "$*"; }\n${init.run}`;
  return execaSync('bash', ['-e', '-c', script], { cwd: dir, env: { TF_STATE_BUCKET: 'b', AWS_REGION: 'eu-west-3' } }).stdout;
}

for (const name of ['default', 'local state', 'image arm64']) {
  const { files } = rendered.get(name)!;
  test(`lock file ${name}: .gitignore, README and the workflow agree that it is committed and honoured`, () => {
    const gitignore = files.get('.gitignore')!.split('\n').filter((l) => l.trim() && !l.startsWith('#'));
    assert.not.ok(gitignore.some((p) => /lock|\.hcl|^\*$/.test(p)), '.gitignore does not ignore .terraform.lock.hcl');
    const setup = section(files.get('README.md')!, 'One-time setup');
    const lock = /terraform -chdir=infra providers lock ([^\n]+)/.exec(setup);
    assert.ok(lock, 'README has the providers lock command');
    // The terraform job runs on ubuntu-24.04 (x86_64): the lock file must carry its checksums.
    assert.is(wfOf(files).jobs.terraform['runs-on'], 'ubuntu-24.04');
    assert.ok(lock![1]!.split(' ').includes('-platform=linux_amd64'), 'locks the CI runner platform');
    assert.match(setup, /git add infra\/\.terraform\.lock\.hcl/, 'README has the user commit it');
    const withLock = initArgs(files, true);
    const without = initArgs(files, false);
    assert.match(withLock, /^terraform init .*-lockfile=readonly/m, 'a committed lock file is enforced');
    assert.not.match(without, /-lockfile/, 'without one, init still works (and warns)');
    assert.match(without, /::warning .*\.terraform\.lock\.hcl/);
  });
}

// ---------------------------------------------------------------------------
// Item 9: concurrency. GitHub keeps one pending run per group and cancels older pending ones.

/** Runs, pushes or deploys said to queue (an SQS queue is another matter). */
const runsQueue = /\b(runs?|deploys?|deployments?|pushes|commits?|workflows?|jobs?|applies)\s+(are\s+|get\s+|is\s+)?queue|\bqueues?\s+(up|behind)\b|\b(in|into)\s+a\s+queue\b/i;

test('concurrency: the queueing check catches the claims it is for, not an SQS queue', () => {
  for (const claim of ['Runs queue behind each other.', 'Pushes are queued.', 'Every deploy waits in a queue.', 'Deploys queue up.']) assert.match(claim, runsQueue, claim);
  for (const fine of ['The first queue needs a bootstrap re-apply.', 'Send a message to its SQS queue.']) assert.not.match(fine, runsQueue, fine);
});

for (const [name, { files, answers }] of rendered) {
  test(`concurrency ${name}: no text says runs queue or every commit deploys`, () => {
    for (const path of [workflowPath, 'README.md']) {
      const text = files.get(path)!;
      assert.not.match(text, runsQueue, `${path} says runs queue`);
      assert.not.match(text, /every (commit|push)/i, `${path} says every commit or push deploys`);
    }
    if (answers.state === 's3') {
      const deploy = section(files.get('README.md')!, 'Deploy');
      assert.match(deploy, /cancelled/, 'says what overlapping pushes look like');
      assert.match(deploy, /newest commit/, 'says which commit is deployed');
      assert.match(deploy, /re-run/i, 'says how to deploy the latest commit again');
    }
  });
}

// ---------------------------------------------------------------------------
// Item 10: image variants state their real base, emit no unused tool defaults, and plan only
// digests that were pushed.

for (const name of ['image arm64', 'image x86_64, local state', 'image seed']) {
  const { files, answers } = rendered.get(name)!;
  test(`image ${name}: the README names the Dockerfile's base image and no Lambda runtime`, () => {
    const froms = [...files.get('Dockerfile')!.matchAll(/^FROM (\S+)/gm)].map((m) => m[1]!);
    const base = froms.at(-1)!;
    assert.match(base, /^public\.ecr\.aws\/lambda\/provided:al2023-/);
    const readme = files.get('README.md')!;
    assert.ok(readme.split(/^## /m)[0]!.includes(base), 'intro names the base image');
    assert.not.match(readme, /`(dotnet10|dotnet8|provided\.al2)`/, 'no runtime identifier the image does not use');
    assert.not.match(readme, /managed \.NET \d+ runtime/);
    assert.not.match(readme, /reached end of support on 2026-07-31/, 'no provided.al2 end-of-support warning for an al2023 image');
    assert.is(answers.package, 'image');
  });

  test(`image ${name}: no aws-lambda-tools-defaults.json, and nothing refers to one`, () => {
    for (const [path, text] of files) {
      assert.not.match(path, /aws-lambda-tools-defaults\.json$/);
      assert.not.ok(text.includes('aws-lambda-tools-defaults'), `${path} mentions it`);
    }
  });
}

test('image: no run plans a digest that was never pushed, except a pull request\'s read-only preview', () => {
  const wf = wfOf(rendered.get('image arm64')!.files);
  const push = wf.jobs.build.steps.find((s: any) => s.id === 'image');
  for (const s of Object.values(scenarios)) {
    const pushed = String(evaluateField(push.with.outputs, s)).split(',').includes('push=true');
    const plans = wf.jobs.terraform.steps.filter((st: any) => /terraform plan/.test(st.run ?? '') && evaluateIf(st.if, s) === true);
    if (s === scenarios.pr) assert.ok(plans.every((st: any) => /-lock=false/.test(st.run)), 'PR plan is read-only');
    else if (plans.length > 0) assert.ok(pushed, `${s.name} plans a digest that was not pushed`);
  }
  assert.ok(wf.jobs.terraform.steps.some((st: any) => /terraform plan/.test(st.run ?? '') && evaluateIf(st.if, scenarios.pushMain) === true), 'push to main still plans');
});

// ---------------------------------------------------------------------------
// Item 12: the region is written in one place.

const region = 'eu-west-3'; // not the default, so no other text matches by accident
for (const [name, given] of Object.entries(variants)) {
  const files = renderAnswers({ ...given, region });
  const answers = answersFor({ ...given, region });
  test(`region ${name}: written once, in the bootstrap stack; everything else reads it`, () => {
    // The answers record and the `terraform test` files of either stack (plan-only fixtures) are
    // not configuration; the README is checked below.
    const exempt = (path: string) => path === 'README.md' || path === '.dotnet-aot-lambda.json' || /^infra\/(.+\/)?tests\//.test(path);
    const holders = [...files].filter(([path, text]) => !exempt(path) && text.includes(region)).map(([path, text]) => `${path} ×${text.split(region).length - 1}`);
    assert.equal(holders, ['infra/bootstrap/variables.tf ×1']);
    // The README names the default once, where it says how to change it; every command reads $AWS_REGION.
    const readme = files.get('README.md')!;
    assert.is(readme.split(region).length - 1, 1, 'README names the region once');
    assert.match(readme, new RegExp(`\\*\\*The region\\.\\*\\*[^\\n]*\`${region}\``));
    assert.match(files.get('infra/bootstrap/outputs.tf')!, /output "region" \{[^}]*value\s*=\s*var\.region/);
    if (answers.state !== 's3') return;
    const wf = wfOf(files);
    const creds = [wf.jobs.build, wf.jobs.terraform].flatMap((j: any) => j.steps).filter((s: any) => String(s.uses).startsWith('aws-actions/configure-aws-credentials@'));
    for (const s of creds) assert.is(s.with['aws-region'], '${{ vars.AWS_REGION }}');
    assert.is(wf.jobs.terraform.env.TF_VAR_region, '${{ vars.AWS_REGION }}');
    assert.is(wf.jobs.terraform.env.AWS_REGION, '${{ vars.AWS_REGION }}');
    assert.match(initArgs(files, true), /-backend-config=region=eu-west-3/, 'the backend gets the variable');
    assert.match(section(files.get('README.md')!, 'One-time setup'), /`AWS_REGION`, which the script sets/, 'README says where it is set');
    const script = files.get('infra/bootstrap/setup.sh')!;
    assert.ok(script.includes('\nREGION=$(terraform -chdir="$HERE" output -raw region)\n') && script.includes('gh variable set AWS_REGION --repo "$REPO" --body "$REGION"'), 'the setup script sets it from the bootstrap output');
  });
}

test('region: the bootstrap default really is the only source (the function stack has none)', () => {
  const infra = renderAnswers({ region }).get('infra/variables.tf')!;
  const block = /variable "region" \{[\s\S]*?\n\}/.exec(infra)![0];
  assert.not.match(block, /default\s*=/);
});

test.run();
