// The emitted Terraform, checked by Terraform itself: `fmt -check`, `init`, `validate` and the
// emitted `terraform test` suites (mocked AWS provider), for a handful of answer sets. Plus
// static checks that need no Terraform, and proof that the checker catches a broken template.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Answers } from '../generators/answers.js';
import type { Files } from '../lib/render.js';
import { renderAnswers } from './support/render.js';
import { checkTerraform, terraformAvailable, type TerraformResult } from './validators/terraform.js';
import { block, blocks, hclSyntaxProblems, parseTerraformFiles } from './validators/hcl.js';

const variants: Array<{ name: string; given: Partial<Answers> }> = [
  { name: 'default', given: {} },
  { name: 'function-url', given: { trigger: 'function-url' } },
  { name: 'trigger none x86_64', given: { trigger: 'none', arch: 'x86_64' } },
  { name: 'artifact bucket', given: { artifactBucket: 'my-artifacts' } },
  { name: 'existing role', given: { existingRole: 'my-lambda-role' } },
  { name: 'local state', given: { state: 'local', framework: 'net8.0' } },
  { name: 'seed preset', given: { preset: 'seed', artifactBucket: 'my-artifacts', existingRole: 'my-lambda-role' } },
  { name: 'image arm64', given: { package: 'image' } },
];

async function writeRender(files: Files, dir: string): Promise<void> {
  for (const [path, content] of files) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), content);
  }
}

/** Run `fn` over `items` with at most `limit` in flight. */
async function pool<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

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
    if (answers.package === 'image') {
      assert.is(fn.body.package_type, 'Image');
      assert.match(String(fn.body.image_uri), /@\$\{var\.image_digest\}$/, 'image pinned by digest');
      assert.is(fn.body.source_code_hash, undefined, 'no source_code_hash for images');
    } else {
      assert.is(fn.body.source_code_hash, '${local.package_hash}');
      const locals = tf.flatMap((f) => (f.json.locals ?? []) as Array<Record<string, unknown>>);
      assert.ok(locals.some((l) => l.package_hash === '${filebase64sha256(var.package_file)}'), 'package_hash hashes var.package_file');
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
  const paths = (given: Partial<Answers>) => [...renderAnswers(given).keys()].filter((p) => p.startsWith('infra/'));
  assert.ok(paths({}).includes('infra/http_api.tf'));
  assert.not.ok(paths({}).includes('infra/function_url.tf'));
  assert.ok(paths({ trigger: 'function-url' }).includes('infra/function_url.tf'));
  assert.not.ok(paths({ trigger: 'none' }).some((p) => /http_api|function_url/.test(p)));
  assert.not.ok(paths({}).includes('infra/s3.tf'));
  assert.ok(paths({ artifactBucket: 'my-artifacts' }).includes('infra/s3.tf'));
  assert.ok(paths({ package: 'image' }).includes('infra/ecr.tf'));
  assert.ok(paths({ package: 'image' }).includes('infra/bootstrap/ecr.tf'));
  assert.not.ok(paths({ package: 'image' }).includes('infra/tests/fixtures/package.txt'), 'no zip stand-in for images');
});

Static.run();

// ---------------------------------------------------------------------------
// Terraform CLI

const Cli = suite('terraform: fmt, validate, test');
const results = new Map<string, TerraformResult>();
let root = '';
let skipped = false;

Cli.before(async () => {
  if (!(await terraformAvailable()) && process.env.REQUIRE_TERRAFORM !== '1') {
    skipped = true;
    console.warn(`\n*** SKIPPED: terraform is not on PATH: ${variants.length + 2} Terraform checks did not run (set REQUIRE_TERRAFORM=1 to fail instead) ***\n`);
    return;
  }
  root = await mkdtemp(join(tmpdir(), 'tf-variants-'));
  const started = performance.now();
  await pool(variants, 2, async (v) => {
    const dir = join(root, v.name.replace(/\W+/g, '-'));
    await writeRender(renderAnswers(v.given), dir);
    results.set(v.name, await checkTerraform(dir));
  });
  const lines = variants.map((v) => `  ${v.name}: ${results.get(v.name)!.status} in ${results.get(v.name)!.seconds}s`);
  console.log(`\nterraform checks (2 at a time), ${((performance.now() - started) / 1000).toFixed(1)}s wall:\n${lines.join('\n')}`);
  const notes = new Set([...results.values()].flatMap((r) => r.notes));
  for (const note of notes) console.log(`  note: ${note}`);
});

Cli.after(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

for (const v of variants) {
  Cli(`${v.name}: terraform fmt/init/validate/test pass`, () => {
    if (skipped) return;
    const result = results.get(v.name);
    assert.ok(result, 'checked');
    assert.is(result.status, 'passed', report(result));
  });
}

Cli('the checker reports a broken template with the file and line', async () => {
  if (skipped) return;
  const dir = await mkdtemp(join(tmpdir(), 'tf-broken-'));
  try {
    await writeRender(renderAnswers({}), dir);
    // A misspelt reference (validate) and a misaligned argument (fmt).
    const logs = join(dir, 'infra/logs.tf');
    await writeFile(logs, (await readFile(logs, 'utf8')).replace('var.log_retention_days', 'var.log_retention_dayz'));
    const lambda = join(dir, 'infra/lambda.tf');
    await writeFile(lambda, (await readFile(lambda, 'utf8')).replace('  memory_size   = var.memory_size', '  memory_size = var.memory_size'));
    const result = await checkTerraform(dir);
    assert.is(result.status, 'failed', report(result));
    assert.ok(result.problems.some((p) => /^infra\/logs\.tf:3: terraform validate: .*log_retention_dayz/.test(p)), report(result));
    assert.ok(result.problems.some((p) => /^infra\/lambda\.tf:\d+: terraform fmt/.test(p)), report(result));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

Cli('the checker reports a failing terraform test assertion', async () => {
  if (skipped) return;
  const dir = await mkdtemp(join(tmpdir(), 'tf-assert-'));
  try {
    await writeRender(renderAnswers({ trigger: 'none' }), dir);
    // Valid Terraform that breaks the contract: the alias pinned to $LATEST.
    const lambda = join(dir, 'infra/lambda.tf');
    await writeFile(lambda, (await readFile(lambda, 'utf8')).replace('function_version = aws_lambda_function.function.version', 'function_version = "$LATEST"'));
    const result = await checkTerraform(dir);
    assert.is(result.status, 'failed', report(result));
    assert.ok(result.problems.some((p) => /^infra\/tests\/function\.tftest\.hcl:\d+: terraform test \(run "function"\): Test assertion failed: .*never \$LATEST/.test(p)), report(result));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

Cli.run();
