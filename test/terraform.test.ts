// Static checks of the emitted Terraform that need no Terraform, for a handful of answer sets,
// and proof that the Terraform checker (fmt, init, validate, the emitted `terraform test`
// suites) catches a broken template. The full variant matrix runs in matrix.test.ts.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import type { Given } from '../generators/answers/index.js';
import { writeTree } from './support/bin.js';
import { answersFor, renderAnswers } from './support/render.js';
import { unlessOptedOut } from './support/optout.js';
import { checkTerraform, type TerraformResult } from './validators/terraform.js';
import { block, blocks, hclSyntaxProblems, moduleBlocks, parseTerraformFiles } from './validators/hcl.js';
import { release020 } from './support/releases.js';

/** One function of each kind the infra templates handle: routes on the one API, a URL, none. */
const threeFunctions: NonNullable<Given['functions']> = [
  { name: 'Api' },
  { name: 'Worker', trigger: 'none', memory: 1024 },
  { name: 'Hook', trigger: 'function-url', timeout: 10 },
];

const variants: Array<{ name: string; given: Given }> = [
  { name: 'default', given: {} },
  { name: 'function-url', given: { trigger: 'function-url' } },
  { name: 'trigger none x86_64', given: { trigger: 'none', arch: 'x86_64' } },
  { name: 'artifact bucket', given: { artifactBucket: 'my-artifacts' } },
  { name: 'existing role', given: { existingRole: 'my-lambda-role' } },
  { name: 'local state', given: { state: 'local', framework: 'net8.0' } },
  { name: 'seed preset', given: { preset: 'seed', artifactBucket: 'my-artifacts', existingRole: 'my-lambda-role' } },
  { name: 'image arm64', given: { package: 'image' } },
  { name: 'three functions', given: { functions: threeFunctions } },
];

const report = (r: TerraformResult): string => `${r.status} in ${r.seconds}s\n  ${r.problems.join('\n  ')}`;

// ---------------------------------------------------------------------------
// Static: no Terraform needed

const Static = suite('terraform: static');

for (const v of variants) {
  Static(`${v.name}: every .tf and .tftest.hcl parses`, async () => {
    const files = renderAnswers(v.given);
    const tf = [...files].filter(([p]) => p.startsWith('infra/'));
    assert.ok(tf.some(([p]) => p.endsWith('.tftest.hcl')), 'expected terraform test files');
    const problems = await hclSyntaxProblems(tf);
    assert.equal(problems, [], problems.join('\n'));
  });

  Static(`${v.name}: new packages redeploy and the alias follows the published version`, async () => {
    const answers = v.given;
    const files = renderAnswers(answers);
    for (const [path, text] of files) {
      if (path.startsWith('infra/') && path.endsWith('.tf')) {
        assert.not.match(text, /ignore_changes/, `${path}: ignore_changes hides drift and stops deploys`);
        assert.not.match(text, /\$LATEST"/, `${path}: nothing may point at $LATEST`);
      }
    }
    const tf = await parseTerraformFiles(files);
    const fn = block(tf, 'resource', 'aws_lambda_function', 'function');
    assert.ok(fn, 'aws_lambda_function.function');
    assert.is(fn.body.publish, true, 'publish = true');
    const calls = moduleBlocks(tf).filter((m) => m.type === './modules/function');
    assert.is(calls.length, answersFor(answers).functions.length, 'modules/function once per function');
    if (answers.package === 'image') {
      assert.is(fn.body.package_type, 'Image');
      assert.is(fn.body.image_uri, '${var.image_uri}');
      for (const call of calls) assert.match(String(call.body.image_uri), /@\$\{var\.image_digests\["[a-z0-9-]+"\]\}$/, `${call.name}: image pinned by its digest`);
      assert.is(fn.body.source_code_hash, undefined, 'no source_code_hash for images');
    } else {
      assert.is(fn.body.source_code_hash, '${local.package_hash}');
      const locals = tf.flatMap((f) => (f.json.locals ?? []) as Array<Record<string, unknown>>);
      assert.ok(locals.some((l) => l.package_hash === '${filebase64sha256(var.package_file)}'), 'package_hash hashes var.package_file');
      for (const call of calls) assert.match(String(call.body.package_file), /^\$\{var\.package_dir\}\/[a-z0-9-]+\/bootstrap\.zip$/, `${call.name}: its own package`);
    }
    const alias = blocks(tf, 'resource', 'aws_lambda_alias')[0];
    assert.ok(alias, 'an alias');
    assert.is(alias.body.function_version, '${aws_lambda_function.function.version}');
    assert.is(alias.body.name, 'production');
  });
}

Static('the s3 backend uses a lock file and no DynamoDB table; local state has no remote backend', async () => {
  const s3 = await parseTerraformFiles(renderAnswers({}));
  const backend = s3.flatMap((f) => (f.json.terraform ?? []) as Array<Record<string, any>>).find((t) => t.backend)?.backend;
  assert.equal(Object.keys(backend), ['s3']);
  assert.is(backend.s3[0].use_lockfile, true);
  assert.is(backend.s3[0].dynamodb_table, undefined);
  const local = await parseTerraformFiles(renderAnswers({ state: 'local' }));
  const localBackend = local.flatMap((f) => (f.json.terraform ?? []) as Array<Record<string, any>>).find((t) => t.backend)?.backend;
  assert.equal(Object.keys(localBackend), ['local']);
  assert.not.ok(renderAnswers({ state: 'local' }).has('infra/bootstrap/state.tf'), 'no state bucket without S3 state');
});

Static('files are emitted only when the answers need them', () => {
  const paths = (given: Given) => [...renderAnswers(given).keys()].filter((p) => p.startsWith('infra/'));
  assert.ok(paths({}).includes('infra/http_api.tf'));
  assert.ok(paths({}).includes('infra/modules/http-api/main.tf'));
  assert.not.ok(paths({}).some((p) => p.startsWith('infra/modules/function-url/')));
  assert.ok(paths({ trigger: 'function-url' }).includes('infra/modules/function-url/main.tf'));
  assert.not.ok(paths({ trigger: 'none' }).some((p) => /http_api|http-api|function-url/.test(p)));
  assert.not.ok(paths({}).includes('infra/s3.tf'));
  assert.ok(paths({ artifactBucket: 'my-artifacts' }).includes('infra/s3.tf'));
  assert.ok(paths({ package: 'image' }).includes('infra/ecr.tf'));
  assert.ok(paths({ package: 'image' }).includes('infra/bootstrap/ecr.tf'));
  assert.ok(paths({}).includes('infra/tests/fixtures/my-func/bootstrap.zip'));
  assert.not.ok(paths({ package: 'image' }).some((p) => p.startsWith('infra/tests/fixtures/')), 'no zip stand-in for images');
  assert.not.ok(paths({}).includes('infra/moved.tf'), 'a new repo has nothing to move');
});

Static('a file per function, each instantiating the module under its snake_case name', async () => {
  const files = renderAnswers({ functions: threeFunctions });
  const perFunction = [...files.keys()].filter((p) => /^infra\/function_\w+\.tf$/.test(p)).sort();
  assert.equal(perFunction, ['infra/function_api.tf', 'infra/function_hook.tf', 'infra/function_worker.tf']);
  const tf = await parseTerraformFiles(files);
  const calls = moduleBlocks(tf);
  const byName = Object.fromEntries(calls.map((m) => [m.name, m]));
  assert.equal(calls.map((m) => `${m.name} ${m.type}`).sort(), [
    'api ./modules/function', 'api_alarms ./modules/alarms', 'api_http_api ./modules/http-api', 'hook ./modules/function', 'hook_alarms ./modules/alarms',
    'hook_url ./modules/function-url', 'worker ./modules/function', 'worker_alarms ./modules/alarms',
  ]);
  assert.is(byName.api!.body.function_name, 'my-func', 'the first function is named the prefix');
  assert.is(byName.worker!.body.function_name, 'my-func-worker');
  assert.is(byName.worker!.body.memory_size, 1024);
  assert.is(byName.hook!.body.timeout, 10);
  assert.is(byName.api_http_api!.body.route_key, '$default');
  // One API for the repo, named by the prefix (the name 0.2.0 gave it).
  assert.is(blocks(tf, 'resource', 'aws_apigatewayv2_api').length, 1);
  assert.is(block(tf, 'resource', 'aws_apigatewayv2_api', 'http')!.body.name, '${var.prefix}');
});

// Release 0.2.0 kept one function's resources at the root of infra/. Every one of its addresses
// must still exist or be moved to an address that exists, or the first apply after `update`
// destroys it. The addresses are read from the v0.2.0 templates in git history.
const v020 = (() => {
  try {
    const list = execFileSync('git', ['ls-tree', '--name-only', release020, 'templates/infra/infra/'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    return list.split('\n').filter((p) => p.endsWith('.tf.hbs')).map((path) => ({ file: path.slice(path.lastIndexOf('/') + 1), text: execFileSync('git', ['show', `${release020}:${path}`], { encoding: 'utf8' }) }));
  } catch {
    return undefined;
  }
})();

/** Whether a v0.2.0 resource, by the file that declared it, existed for this function. */
function existedIn020(file: string, trigger: string, given: Given): boolean {
  if (file === 'http_api.tf.hbs') return trigger === 'http-api';
  if (file === 'function_url.tf.hbs') return trigger === 'function-url';
  if (file === 's3.tf.hbs') return given.artifactBucket !== undefined && given.artifactBucket !== '';
  if (file === 'iam.tf.hbs') return given.existingRole === undefined || given.existingRole === '';
  return true;
}

for (const [label, given] of [
  ['http-api', {}],
  ['function-url, artifact bucket', { trigger: 'function-url', artifactBucket: 'my-artifacts' }],
  ['none, existing role', { trigger: 'none', existingRole: 'my-lambda-role' }],
] as Array<[string, Given]>) {
  Static(`0.2.0 → now: every root address of a ${label} repo is kept or moved to an address that exists`, async () => {
    assert.ok(v020, `release 0.2.0 (commit ${release020}) is not in this clone's history: clone the full history, not a shallow one`);
    const a = answersFor(given);
    const migrated: Given = { ...given, rootAddresses: a.functions[0]!.name };
    const files = renderAnswers(migrated);
    assert.ok(files.has('infra/moved.tf'), 'a migrated repo gets moved.tf');
    const tf = await parseTerraformFiles(files);
    const root = tf.filter((f) => /^infra\/[^/]+\.tf$/.test(f.path));
    const rootAddresses = new Set(root.flatMap((f) => Object.entries((f.json.resource ?? {}) as Record<string, object>).flatMap(([type, byName]) => Object.keys(byName).map((n) => `${type}.${n}`))));
    const moved = new Map(root.flatMap((f) => ((f.json.moved ?? []) as Array<{ from: string; to: string }>).map((m): [string, string] => [m.from.replace(/^\$\{|\}$/g, ''), m.to.replace(/^\$\{|\}$/g, '')])));
    const calls = new Map(moduleBlocks(root).map((m) => [m.name, m.type.replace(/^\.\//, 'infra/')]));
    const exists = (address: string): boolean => {
      const m = /^module\.(\w+)\.(\w+\.\w+)$/.exec(address);
      if (!m) return rootAddresses.has(address);
      const dir = calls.get(m[1]!);
      if (!dir) return false;
      const [type, name] = m[2]!.split('.');
      return tf.some((f) => f.path.startsWith(`${dir}/`) && (f.json.resource as any)?.[type!]?.[name!] !== undefined);
    };
    const problems: string[] = [];
    for (const { file, text } of v020!) {
      if (!existedIn020(file, a.functions[0]!.trigger, given)) continue;
      for (const [, type, name] of text.matchAll(/^resource\s+"(\w+)"\s+"(\w+)"/gm)) {
        const address = `${type}.${name}`;
        const to = moved.get(address) ?? address;
        if (!exists(to)) problems.push(`${address} (0.2.0 ${file})${moved.has(address) ? ` moved to ${to}, which does not exist` : ' is neither kept nor moved'}`);
      }
    }
    assert.equal(problems, [], problems.join('\n'));
    for (const [from, to] of moved) assert.ok(exists(to), `moved ${from} → ${to}: no such address`);
  });
}

Static.run();

// ---------------------------------------------------------------------------
// Terraform CLI: the checker itself. Every answer set of the matrix (test/matrix.ts) goes
// through checkTerraform in matrix.test.ts; here we prove the checker reports what it should.

// Without terraform these fail (checkTerraform says why) unless SKIP_TERRAFORM=1, which
// registers them as skipped.
const Cli = suite('terraform: the checker catches breakage');
const check = unlessOptedOut(Cli, 'SKIP_TERRAFORM');
let broken: Promise<TerraformResult> | undefined;
let failingAssertion: Promise<TerraformResult> | undefined;
const scratch: string[] = [];

/** Render `given`, apply `edit` to the rendered tree, and run the checker on it. */
async function checkEdited(given: Given, edit: (dir: string) => Promise<void>): Promise<TerraformResult> {
  const dir = await mkdtemp(join(tmpdir(), 'tf-broken-'));
  scratch.push(dir);
  writeTree(dir, renderAnswers(given));
  await edit(dir);
  return checkTerraform(dir);
}

async function replaceIn(file: string, from: string, to: string): Promise<void> {
  const text = await readFile(file, 'utf8');
  assert.ok(text.includes(from), `${file} no longer contains ${JSON.stringify(from)}: update this test`);
  await writeFile(file, text.replace(from, to));
}

Cli.before(async () => {
  if (check !== Cli) return;
  // Both run at once: each is a full init/validate/test of two stacks.
  broken = checkEdited({}, async (dir) => {
    // A misspelt reference (validate) and a misaligned argument (fmt).
    await replaceIn(join(dir, 'infra/modules/function/main.tf'), 'retention_in_days = var.log_retention_days', 'retention_in_days = var.log_retention_dayz');
    await replaceIn(join(dir, 'infra/modules/function/main.tf'), '  memory_size   = var.memory_size', '  memory_size = var.memory_size');
  });
  failingAssertion = checkEdited({ trigger: 'none' }, async (dir) => {
    // Valid Terraform that breaks the contract: the alias pinned to $LATEST.
    await replaceIn(join(dir, 'infra/modules/function/main.tf'), 'function_version = aws_lambda_function.function.version', 'function_version = "$LATEST"');
  });
  await Promise.allSettled([broken, failingAssertion]);
});

Cli.after(async () => {
  for (const dir of scratch) await rm(dir, { recursive: true, force: true });
});

check('the checker reports a broken template with the file and line', async () => {
  const result = await broken!;
  assert.is(result.status, 'failed', report(result));
  assert.ok(result.problems.some((p) => /^infra\/modules\/function\/main\.tf:\d+: terraform validate: .*log_retention_dayz/.test(p)), report(result));
  assert.ok(result.problems.some((p) => /^infra\/modules\/function\/main\.tf:\d+: terraform fmt/.test(p)), report(result));
});

check('the checker reports a failing terraform test assertion', async () => {
  const result = await failingAssertion!;
  assert.is(result.status, 'failed', report(result));
  assert.ok(result.problems.some((p) => /^infra\/tests\/function\.tftest\.hcl:\d+: terraform test \(run "function"\): Test assertion failed: .*never \$LATEST/.test(p)), report(result));
});

Cli.run();
