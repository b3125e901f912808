// The emitted README: sections present exactly when the answers call for them, commands
// that match what the workflow and Terraform actually use, and clean Markdown.
import { execFileSync } from 'node:child_process';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Answers, Given } from '../generators/answers/index.js';
import { endOfSupport } from '../generators/answers/index.js';
import { templateContext } from '../generators/context.js';
import * as versions from '../generators/versions.js';
import { answersFor, renderAnswers } from './support/render.js';
import { scheduleInputKeys } from './validators/csharp.js';

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
  'three functions': { functions: [{ name: 'Api' }, { name: 'Admin', route: 'ANY /admin/{proxy+}' }, { name: 'Hook', trigger: 'function-url' }, { name: 'Worker', trigger: 'none' }] },
  'two images, local state': { package: 'image', state: 'local', functions: [{ name: 'Api' }, { name: 'Worker', trigger: 'none' }] },
  'event triggers': { functions: [{ name: 'Api' }, { name: 'Orders', trigger: 'sqs' }, { name: 'Uploads', trigger: 's3' }, { name: 'Nightly', trigger: 'schedule', schedule: 'rate(1 day)' }] },
  'image, queue worker': { package: 'image', trigger: 'sqs' },
  'image, bucket handler': { package: 'image', trigger: 's3' },
  'image, scheduled job': { package: 'image', trigger: 'schedule', schedule: 'rate(1 day)' },
};

/**
 * Run the README's push-and-deploy block with docker, git, the AWS CLI and terraform stubbed:
 * `docker … -t <registry>/<repo>:<tag> --push` records the tag, and `aws ecr describe-images`
 * answers only for a recorded tag (with a digest naming it), as ECR would. Returns the
 * TF_VAR_image_digests map the block exports; a lookup of a tag never pushed fails the block.
 */
function digestsFromPushBlock(block: string): Record<string, string> {
  const stubs = [
    'pushedTags=()',
    'git() { echo abc123; }',
    'terraform() { :; }',
    'cd() { :; }',
    'docker() { local prev=; for a in "$@"; do [ "$prev" = -t ] && pushedTags+=("${a#*/}"); prev=$a; done; }',
    'aws() {',
    '  case "$1 $2" in',
    '    "sts get-caller-identity") echo 123456789012 ;;',
    '    "ecr get-login-password") echo secret ;;',
    '    "ecr describe-images")',
    '      local repo= tag=; while [ $# -gt 0 ]; do case "$1" in --repository-name) repo=$2 ;; --image-ids) tag=${2#imageTag=} ;; esac; shift; done',
    '      for t in "${pushedTags[@]}"; do [ "$t" = "$repo:$tag" ] && { echo "sha256:$repo:$tag"; return 0; }; done',
    '      echo "ImageNotFoundException: $repo:$tag" >&2; return 254 ;;',
    '  esac',
    '}',
    'AWS_REGION=eu-west-1',
  ];
  // The lookups run inside $(…) in the export; bash -e does not see their status, so an
  // unknown tag leaves an empty digest, which the comparison then names.
  const script = `${stubs.join('\n')}\n${block}\nprintf '%s' "$TF_VAR_image_digests"`;
  return JSON.parse(execFileSync('bash', ['-e', '-c', script], { encoding: 'utf8' })) as Record<string, string>;
}

test('the push-block check can fail: a lookup of a tag the block never pushed leaves the digest empty', () => {
  const block = [
    'REGISTRY=$(aws sts get-caller-identity).dkr.ecr.$AWS_REGION.amazonaws.com',
    'TAG=$(git rev-parse HEAD)',
    'docker buildx build -t "$REGISTRY/repo:api_$TAG" --push .',
    'pushed() { aws ecr describe-images --repository-name repo --image-ids imageTag="$1$TAG" --query x --output text; }',
    'export TF_VAR_image_digests="{ \\"api\\": \\"$(pushed api_)\\", \\"old\\": \\"$(pushed api-)\\" }"',
  ].join('\n');
  assert.equal(digestsFromPushBlock(block), { api: 'sha256:repo:api_abc123', old: '' });
});

/** What the first function's handler reads from the event the README's local test sends
 * (templates/handler-<kind>/…/Function.cs): undefined when it is there, else what is missing. */
function localEventProblem(event: any, fn: { apiGateway: boolean; sqs: boolean; s3: boolean; scheduled: boolean }): string | undefined {
  if (fn.apiGateway) return event?.requestContext?.http?.method ? undefined : 'an API Gateway v2 request (requestContext.http.method)';
  if (fn.sqs) {
    const body = event?.Records?.[0]?.body;
    return typeof body === 'string' && JSON.parse(body)?.id ? undefined : 'an SQS batch whose first message body is {"id": …}';
  }
  if (fn.s3) return event?.Records?.[0]?.s3?.bucket?.name && event.Records[0].s3.object?.key ? undefined : 'an S3 notification with a bucket and an object key';
  if (fn.scheduled) return event?.job ? undefined : "the schedule's input with a job";
  return event?.name ? undefined : 'a request with a name';
}

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
    assert.ok(text.startsWith(`# ${answers.prefix}\n`));
  });

  test(`README ${name}: what it is`, () => {
    const intro = text.split(/^## /m)[0]!;
    assert.ok(intro.includes(`\`${answers.framework}\``));
    // A zip runs on the runtime answer; an image on its Dockerfile's base, whatever the answer.
    assert.ok(intro.includes(answers.package === 'zip' ? `\`${answers.runtime}\`` : `\`${ctx.baseImage}\``));
    assert.ok(intro.includes(answers.arch === 'arm64' ? 'arm64 (AWS Graviton)' : 'x86_64'));
    assert.ok(intro.includes(answers.package === 'zip' ? 'zip package' : 'container image'));
    // The functions table: one row per function, with its trigger, Lambda name and folder.
    const rows = intro.split('\n').filter((l) => /^\| `[A-Za-z]/.test(l));
    assert.is(rows.length, answers.functions.length);
    answers.functions.forEach((fn, i) => {
      const row = rows[i]!;
      assert.ok(row.startsWith(`| \`${fn.name}\` | `) && row.endsWith(` | \`${fn.functionName}\` | \`src/${fn.name}/\` |`), row);
      assert.is(row.includes(`HTTP API (API Gateway), route \`${fn.route}\``), fn.trigger === 'http-api', row);
      assert.is(row.includes('function URL'), fn.trigger === 'function-url', row);
      assert.is(row.includes('no HTTP trigger'), fn.trigger === 'none', row);
      assert.is(row.includes('SQS queue'), fn.trigger === 'sqs', row);
      assert.is(row.includes('S3 bucket'), fn.trigger === 's3', row);
      assert.is(row.includes('schedule (EventBridge Scheduler)'), fn.trigger === 'schedule', row);
      assert.not.match(row, /``|`true`|`false`/, 'no empty or boolean value printed');
    });
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
      for (const fn of ctx.functions) {
        // The folder the tool runs in holds that function's tools defaults; the zip lands where its build leg puts it.
        assert.ok(pkg.includes(`(cd ${fn.projectDir} && dotnet tool run dotnet-lambda package `), fn.name);
        assert.ok(pkg.includes(`--framework ${answers.framework} --function-architecture ${answers.arch} --output-package ../../${fn.packageFile})\n`), fn.name);
      }
    } else {
      const image = section('Container image');
      for (const fn of ctx.functions) assert.ok(image.includes(`docker build --platform ${ctx.dockerPlatform} --build-arg FUNCTION=${fn.name} -t ${ctx.ecrRepository}:${fn.kebabName}_dev .`), fn.name);
      assert.is(image.includes('--target test'), answers.tests);
      assert.match(image, /docker run --rm -p 9000:8080 /);
      assert.ok(image.includes('curl -XPOST http://localhost:9000/2015-03-31/functions/function/invocations'));
      // The event fits the first function's handler: an HTTP body sent to a queue worker fails.
      const event = JSON.parse(/-d '([^']+)'/.exec(image)![1]!);
      assert.is(localEventProblem(event, ctx.functions[0]!), undefined, JSON.stringify(event));
      assert.ok(image.includes('provenance'));
    }
  });

  test(`README ${name}: one-time setup names the bootstrap outputs the workflow reads`, () => {
    const setup = section('One-time setup');
    // With local state nothing trusts GitHub: the script takes no repository and says why (issue 24).
    assert.is(setup.includes('sh infra/bootstrap/setup.sh OWNER/REPO'), ctx.ciDeploys);
    assert.is(setup.includes('sh infra/bootstrap/setup.sh\n'), !ctx.ciDeploys);
    assert.is(setup.includes('repo:OWNER@OWNER_ID/REPO@REPO_ID'), ctx.ciDeploys, 'immutable OIDC subject note');
    assert.is(setup.includes('It creates no GitHub OIDC provider and no role'), !ctx.ciDeploys);
    assert.is(setup.includes('`deploy_policy`'), !ctx.ciDeploys);
    assert.is(setup.includes('AWS_DEPLOY_ROLE_ARN'), ctx.ciDeploys);
    assert.is(setup.includes('AWS_PLAN_ROLE_ARN'), ctx.ciDeploys);
    assert.is(setup.includes('TF_STATE_BUCKET'), answers.state === 's3');
    assert.is(setup.includes(`\`${ctx.deployEnvironment}\` environment with a deployment branch policy`), ctx.ciDeploys && !ctx.branchGate);
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
    assert.is(deploy.includes('TF_VAR_image_digests'), answers.package === 'image');
    // Every function's digest, under its kebab name: the map the workflow passes.
    for (const fn of ctx.functions) assert.is(deploy.includes(`\\"${fn.kebabName}\\": \\"$(`), answers.package === 'image', fn.name);
  });

  test(`README ${name}: every TF_VAR_image_digests command builds the JSON map Terraform needs`, () => {
    const lines = text.split('\n').filter((l) => l.startsWith('export TF_VAR_image_digests='));
    assert.is(lines.length > 0, answers.package === 'image');
    for (const line of lines) {
      // The AWS lookups stubbed: each prints a digest named after its argument.
      const script = `deployed() { echo "sha256:$1"; }\npushed() { echo "sha256:$1"; }\n${line}\nprintf '%s' "$TF_VAR_image_digests"`;
      const map = JSON.parse(execFileSync('bash', ['-e', '-c', script], { encoding: 'utf8' })) as Record<string, string>;
      assert.equal(Object.keys(map), ctx.functions.map((fn) => fn.kebabName), line);
    }
  });

  if (answers.package === 'image' && answers.state === 'local') {
    test(`README ${name}: the first deploy looks up the digests of exactly the tags it pushed`, () => {
      const block = /```sh\n(REGISTRY=[\s\S]*?)```/.exec(section('Deploy'))?.[1];
      assert.ok(block, 'no push block in Deploy');
      const map = digestsFromPushBlock(block!);
      assert.equal(map, Object.fromEntries(ctx.functions.map((fn) => [fn.kebabName, `sha256:${ctx.ecrRepository}:${fn.imageTagPrefix}abc123`])), block);
    });
  }

  test(`README ${name}: invoke fits the trigger`, () => {
    const invoke = section('Invoke');
    const has = (t: string) => answers.functions.some((fn) => fn.trigger === t);
    assert.is(invoke.includes(`aws apigatewayv2 get-apis --query "Items[?Name=='${answers.prefix}'].ApiEndpoint | [0]"`), has('http-api'));
    assert.is(invoke.includes('--aws-sigv4'), has('function-url'));
    for (const fn of ctx.functions) {
      assert.ok(invoke.includes(`Logs: \`aws logs tail /aws/lambda/${fn.functionName} --follow\`.`), fn.name);
      // A schedule's or no trigger's run by hand, and an S3 or schedule function's redrive of a failed event.
      assert.is(invoke.includes(`aws lambda invoke --function-name ${fn.functionName} --qualifier ${ctx.aliasName}`), fn.trigger === 'none' || fn.trigger === 'schedule' || fn.trigger === 's3', fn.name);
      assert.is(invoke.includes(`aws sqs get-queue-url --queue-name ${fn.functionName}-on-failure`), fn.trigger === 's3' || fn.trigger === 'schedule', fn.name);
      assert.is(invoke.includes(`aws lambda get-function-url-config --function-name ${fn.functionName} --qualifier ${ctx.aliasName}`), fn.trigger === 'function-url', fn.name);
      if (fn.trigger === 'http-api') assert.ok(invoke.includes(`curl "$API${fn.routeExamplePath}?name=Ada"`), fn.name);
    }
    assert.ok(invoke.includes('`AWS_REGION`'), 'says where the region comes from');
  });

  test(`README ${name}: the JSON examples of Invoke use the names the emitted code reads and writes`, () => {
    const files = renderAnswers(answerSets[name]!);
    const invoke = section('Invoke');
    assert.match(invoke, /property names are read ignoring case and written in camelCase/);
    const camel = (n: string) => n.charAt(0).toLowerCase() + n.slice(1);
    /** The properties of a positional record in the function's Function.cs, camelCased as the serializer writes them. */
    const recordKeys = (fn: string, record: string): string[] => {
      const cs = files.get(`src/${fn}/Function.cs`) ?? '';
      const m = new RegExp(`public sealed record ${record}\\(([^)]*)\\);`).exec(cs);
      assert.ok(m, `src/${fn}/Function.cs declares record ${record}`);
      return m![1]!.split(',').map((p) => camel(p.trim().split(/\s+/).at(-1)!));
    };
    for (const fn of answers.functions) {
      const start = invoke.indexOf(`**${fn.name}** (`);
      const block = invoke.slice(start, invoke.indexOf('Logs: ', start));
      const keysOf = (json: string) => Object.keys(JSON.parse(json) as object);
      if (fn.trigger === 'none' || fn.trigger === 'http-api' || fn.trigger === 'function-url') {
        const answer = /^# (\{.*\})$/m.exec(block);
        assert.ok(answer, `${fn.name}: the README shows the answer`);
        assert.equal(keysOf(answer![1]!), recordKeys(fn.name, fn.trigger === 'none' ? 'Response' : 'Greeting'), `${fn.name}: the answer's names`);
        if (fn.trigger === 'none') assert.equal(keysOf(/--payload '(\{[^']*\})'/.exec(block)![1]!), recordKeys(fn.name, 'Request'), `${fn.name}: the event's names`);
      }
      if (fn.trigger === 'sqs') assert.equal(keysOf(/--message-body '(\{[^']*\})'/.exec(block)![1]!), recordKeys(fn.name, 'WorkItem'), `${fn.name}: the message body's names`);
      if (fn.trigger === 'schedule') {
        const input = /with the input `(\{[^`]*\})`/.exec(block);
        assert.ok(input, `${fn.name}: the README shows the schedule's input`);
        const moduleKeys = scheduleInputKeys(files.get('infra/modules/schedule/main.tf')!)!.keys;
        assert.equal(keysOf(input![1]!), moduleKeys, `${fn.name}: the README's input is the module's`);
        assert.equal(JSON.parse(input![1]!).scheduledTime, '<aws.scheduler.scheduled-time>');
        assert.equal(keysOf(/--payload '(\{[^']*\})'/.exec(block)![1]!), recordKeys(fn.name, 'ScheduledRun'), `${fn.name}: the payload's names`);
      }
    }
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
    // Only a repo whose CI assumes roles can be refused one.
    assert.is(t.includes('sts:AssumeRoleWithWebIdentity'), ctx.ciDeploys);
  });

  test(`README ${name}: functions, the prefix's reach, and the bootstrap state's home`, () => {
    const f = section('Functions');
    assert.ok(f.includes('npx create-dotnet-aot-lambda@latest add Worker --trigger none'));
    assert.ok(f.includes('npx create-dotnet-aot-lambda@latest remove Worker'));
    assert.ok(f.includes(`starts with \`${answers.prefix}-\``), 'prefix caveat');
    assert.ok(f.includes('ABAC'));
    assert.ok(f.includes(ctx.ciDeploys ? 'sh infra/bootstrap/setup.sh OWNER/REPO' : 'sh infra/bootstrap/setup.sh`'));
    // The bootstrap state is git-ignored, and the README says where it lives instead.
    assert.match(renderAnswers(answerSets[name]).get('.gitignore')!, /^\*\.tfstate$/m);
    const setup = section('One-time setup');
    assert.ok(setup.includes('`.gitignore` keeps out of the repository'));
    assert.is(setup.includes('/bootstrap.tfstate"'), answers.state === 's3');
  });

  test(`README ${name}: pinning and regenerating`, () => {
    const pinning = section('Pinning actions');
    assert.ok(pinning.includes(versions.actionLines.checkout), 'the pinned form, with its release');
    // The table lists exactly the actions the workflow uses, each with its commit and release.
    const uses = [...new Set([...renderAnswers(answerSets[name]).get('.github/workflows/deploy.yml')!.matchAll(/uses: (\S+)@(\S+) # (\S+)/g)].map((m) => `| \`${m[1]}\` | ${m[3]} | \`${m[2]}\` |`))].sort();
    assert.equal([...pinning.matchAll(/^\| `[^`]+` \| .+ \| `[0-9a-f]{40}` \|$/gm)].map((m) => m[0]).sort(), uses);
    assert.ok(pinning.includes('dependabot.yml'));
    assert.is(pinning.includes('pin each by digest'), answers.package === 'image');
    const scanners = section('Security scanners');
    assert.ok(scanners.includes('zizmor --offline') && scanners.includes('checkov -d .'));
    const regen = section('Regenerating / upgrading');
    assert.ok(regen.includes('.dotnet-aot-lambda.json'));
    assert.ok(regen.includes('npx create-dotnet-aot-lambda@latest update --set'));
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

test('the local-test event check can fail: an HTTP request body sent to a queue worker, a bucket handler or a schedule', () => {
  const http = { name: 'Ada' };
  for (const kind of ['sqs', 's3', 'scheduled'] as const) {
    assert.ok(localEventProblem(http, { apiGateway: false, sqs: false, s3: false, scheduled: false, [kind]: true }), kind);
  }
});

test.run();
