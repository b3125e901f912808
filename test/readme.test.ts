// The emitted README: sections present exactly when the answers call for them, commands
// that match what the workflow and Terraform actually use, and clean Markdown.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Answers, Given } from '../generators/answers.js';
import { endOfSupport } from '../generators/answers.js';
import { templateContext } from '../generators/context.js';
import * as versions from '../generators/versions.js';
import { answersFor, renderAnswers } from './support/render.js';

const answerSets: Record<string, Given> = {
  default: {},
  x86_64: { arch: 'x86_64' },
  'self-hosted': { runner: 'self-hosted' },
  seed: { preset: 'seed', artifactBucket: 'my-artifacts', existingRole: 'my-lambda-role' },
  'function url, no tests': { trigger: 'function-url', tests: false },
  'trigger none, local state': { trigger: 'none', state: 'local' },
  'net8 on al2023': { framework: 'net8.0', runtime: 'provided.al2023' },
  'image arm64': { package: 'image' },
  'image x86_64, local state, no trigger': { package: 'image', arch: 'x86_64', state: 'local', trigger: 'none' },
};

const readmes = new Map<string, { answers: Answers; text: string }>();
for (const [name, given] of Object.entries(answerSets)) {
  const text = renderAnswers(given).get('README.md');
  if (text === undefined) throw new Error(`${name}: README.md not emitted`);
  readmes.set(name, { answers: answersFor(given), text });
}

/** `## Heading` → its body up to the next `## `. */
function sections(text: string): Map<string, string> {
  const out = new Map<string, string>();
  const parts = text.split(/^## (.+)$/m);
  for (let i = 1; i < parts.length; i += 2) out.set(parts[i]!.trim(), parts[i + 1]!);
  return out;
}
/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
const slug = (heading: string) => heading.toLowerCase().replace(/[^\p{L}\p{N} -]/gu, '').replace(/ /g, '-');

const always = ['Layout', 'Prerequisites', 'Build and test', 'One-time setup', 'Deploy', 'Invoke', 'Teardown', 'Troubleshooting', 'Pinning actions', 'Regenerating / upgrading'];

for (const [name, { answers, text }] of readmes) {
  const ctx = templateContext(answers, 't');
  const s = sections(text);
  const section = (h: string) => s.get(h) ?? '';

  test(`README ${name}: sections present exactly when the answers call for them`, () => {
    for (const h of always) assert.ok(s.has(h), `missing ## ${h}`);
    assert.is(s.has('Package locally'), answers.package === 'zip', 'Package locally iff zip');
    assert.is(s.has('Container image'), answers.package === 'image', 'Container image iff image');
    assert.ok(text.startsWith(`# ${answers.functions[0]!.functionName}\n`));
  });

  test(`README ${name}: what it is`, () => {
    const intro = text.split(/^## /m)[0]!;
    assert.ok(intro.includes(`\`${answers.framework}\``));
    // A zip runs on the runtime answer; an image on its Dockerfile's base, whatever the answer.
    assert.ok(intro.includes(answers.package === 'zip' ? `\`${answers.runtime}\`` : `\`${ctx.baseImage}\``));
    assert.ok(intro.includes(answers.arch === 'arm64' ? 'arm64 (AWS Graviton)' : 'x86_64'));
    assert.ok(intro.includes(answers.package === 'zip' ? 'zip package' : 'container image'));
    assert.is(/HTTP API/.test(intro), answers.functions[0]!.trigger === 'http-api');
    assert.is(/function URL/.test(intro), answers.functions[0]!.trigger === 'function-url');
    assert.is(/no HTTP trigger/.test(intro), answers.functions[0]!.trigger === 'none');
  });

  test(`README ${name}: end-of-support warnings follow the dates`, () => {
    const past = (thing: string) => (endOfSupport[thing as keyof typeof endOfSupport] ?? '9999') < versions.supportCutoff;
    const warnings = text.match(/^> \[!WARNING\]$/gm)?.length ?? 0;
    assert.is(warnings, Number(past(answers.framework)) + Number(past(answers.runtime)));
    if (past(answers.framework)) assert.ok(text.includes(`reached end of support on ${endOfSupport[answers.framework]}`));
    if (past(answers.runtime)) assert.ok(text.includes(`\`${answers.runtime}\` reached end of support on ${endOfSupport[answers.runtime]}`));
  });

  test(`README ${name}: prerequisites come from the versions table`, () => {
    const pre = section('Prerequisites');
    assert.ok(pre.includes(`.NET SDK ${versions.sdk[answers.framework].channel}`));
    assert.ok(pre.includes(`Terraform ${versions.terraform.requiredVersion}`));
    assert.ok(pre.includes('Docker'));
    assert.ok(pre.includes('AWS CLI'));
    assert.is(pre.includes('`dotnet tool restore`'), answers.package === 'zip');
    assert.not.ok(pre.includes('dotnet tool install'), 'no global tool');
  });

  test(`README ${name}: build, test and package commands`, () => {
    assert.is(section('Build and test').includes('dotnet test'), answers.tests);
    if (answers.package === 'zip') {
      const pkg = section('Package locally');
      assert.ok(pkg.includes(`cd ${ctx.projectDir}\n`));
      assert.ok(pkg.includes(`--framework ${answers.framework} --function-architecture ${answers.arch} --output-package ../../${ctx.packageFile}`));
    } else {
      const image = section('Container image');
      assert.ok(image.includes(`docker build --platform ${ctx.dockerPlatform}`));
      assert.is(image.includes('--target test'), answers.tests);
      assert.match(image, /docker run --rm -p 9000:8080 /);
      assert.ok(image.includes('curl -XPOST http://localhost:9000/2015-03-31/functions/function/invocations'));
      assert.ok(image.includes('provenance'));
    }
  });

  test(`README ${name}: one-time setup names the bootstrap outputs the workflow reads`, () => {
    const setup = section('One-time setup');
    assert.ok(setup.includes('sh infra/bootstrap/setup.sh OWNER/REPO'));
    assert.ok(setup.includes('repo:OWNER@OWNER_ID/REPO@REPO_ID'), 'immutable OIDC subject note');
    assert.is(setup.includes('AWS_DEPLOY_ROLE_ARN'), ctx.ciDeploys);
    assert.is(setup.includes('AWS_PLAN_ROLE_ARN'), ctx.ciDeploys);
    assert.is(setup.includes('TF_STATE_BUCKET'), answers.state === 's3');
    assert.is(setup.includes(`\`${ctx.deployEnvironment}\` environment with a deployment branch policy`), ctx.ciDeploys);
    assert.is(setup.includes(`ECR repository \`${ctx.ecrRepository}\``), answers.package === 'image');
    // The script the section documents sets exactly those variables from the matching outputs.
    const script = renderAnswers(answerSets[name]).get('infra/bootstrap/setup.sh') ?? '';
    for (const [variable, shellVariable, output] of [
      ['AWS_DEPLOY_ROLE_ARN', 'DEPLOY_ROLE_ARN', 'deploy_role_arn'],
      ['AWS_PLAN_ROLE_ARN', 'PLAN_ROLE_ARN', 'plan_role_arn'],
      ['TF_STATE_BUCKET', 'STATE_BUCKET', 'state_bucket'],
    ]) {
      const expected = ctx.ciDeploys && (variable !== 'TF_STATE_BUCKET' || answers.state === 's3');
      assert.is(script.includes(`\n${shellVariable}=$(terraform -chdir="$HERE" output -raw ${output})\n`), expected, `${variable}: output read`);
      assert.is(script.includes(`gh variable set ${variable} --repo "$REPO" --body "$${shellVariable}"`), expected, variable);
    }
  });

  test(`README ${name}: deploy matches the state backend`, () => {
    const deploy = section('Deploy');
    if (answers.state === 's3') {
      assert.ok(deploy.includes('Push to `main`'));
      assert.ok(deploy.includes('-lock=false'));
      assert.ok(deploy.includes(`-backend-config="key=${ctx.stateKey}" -backend-config="region=$AWS_REGION"`));
    } else {
      assert.not.ok(deploy.includes('Push to `main`'));
      assert.ok(deploy.includes('terraform apply'));
      assert.ok(deploy.includes('--set state=s3'));
    }
    assert.is(deploy.includes('image_digest'), answers.package === 'image');
  });

  test(`README ${name}: invoke fits the trigger`, () => {
    const invoke = section('Invoke');
    assert.is(invoke.includes('output -raw invoke_url'), answers.functions[0]!.trigger !== 'none');
    assert.is(invoke.includes('--aws-sigv4'), answers.functions[0]!.trigger === 'function-url');
    assert.is(invoke.includes(`aws lambda invoke --function-name ${answers.functions[0]!.functionName} --qualifier ${ctx.aliasName}`), answers.functions[0]!.trigger === 'none');
    assert.ok(invoke.includes('`AWS_REGION`'), 'says where the region comes from');
  });

  test(`README ${name}: teardown destroys the function stack before bootstrap`, () => {
    const teardown = section('Teardown');
    const fn = teardown.indexOf('terraform -chdir=infra destroy');
    const boot = teardown.indexOf('terraform -chdir=infra/bootstrap destroy');
    assert.ok(fn >= 0 && boot > fn);
  });

  test(`README ${name}: troubleshooting covers AOT warnings, glibc and the runner`, () => {
    const t = section('Troubleshooting');
    assert.match(t, /IL2026/);
    assert.match(t, /GLIBC_2\.38/);
    assert.is(t.includes('ubuntu-24.04-arm'), answers.arch === 'arm64' && answers.runner === 'github');
    assert.is(t.includes('self-hosted runner labelled'), answers.runner === 'self-hosted');
    assert.ok(t.includes('sts:AssumeRoleWithWebIdentity'));
  });

  test(`README ${name}: pinning and regenerating`, () => {
    assert.ok(section('Pinning actions').includes(versions.actions.checkout));
    const regen = section('Regenerating / upgrading');
    assert.ok(regen.includes('.dotnet-aot-lambda.json'));
    assert.ok(regen.includes('npx create-dotnet-aot-lambda update --set'));
  });

  test(`README ${name}: clean Markdown`, () => {
    assert.not.match(text, /\{\{/, "Handlebars left");
    assert.not.match(text, /undefined|\[object Object\]|&#x27;|&amp;|&quot;/);
    assert.not.match(text, /\n\n\n/, 'no double blank lines');
    assert.ok(text.endsWith('\n') && !text.endsWith('\n\n'));
    assert.is((text.match(/^```/gm)?.length ?? 0) % 2, 0, 'balanced code fences');
    const headings = new Set([...text.matchAll(/^#+ (.+)$/gm)].map((m) => slug(m[1]!)));
    for (const [, anchor] of text.matchAll(/\]\(#([^)]+)\)/g)) assert.ok(headings.has(anchor!), `dangling link #${anchor}`);
  });
}

test('README: the end-of-support flags are pure functions of the answers and the cutoff', () => {
  assert.ok(templateContext(answersFor({ framework: 'net8.0' }), 't').eolFramework, 'net8.0 ended 2026-11-10, before the cutoff');
  assert.not.ok(templateContext(answersFor({}), 't').eolFramework);
  assert.ok(templateContext(answersFor({ preset: 'seed', artifactBucket: 'my-artifacts', existingRole: 'r' }), 't').eolRuntime);
  assert.not.ok(templateContext(answersFor({ framework: 'net8.0', runtime: 'provided.al2023' }), 't').eolRuntime);
});

test.run();
