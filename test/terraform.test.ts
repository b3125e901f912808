// Static checks of the emitted Terraform that need no Terraform, for a handful of answer sets,
// and proof that the Terraform checker (fmt, init, validate, the emitted `terraform test`
// suites) catches a broken template. The full variant matrix runs in matrix.test.ts.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Given } from '../generators/answers.js';
import { writeTree } from './support/bin.js';
import { renderAnswers } from './support/render.js';
import { unlessOptedOut } from './support/optout.js';
import { checkTerraform, type TerraformResult } from './validators/terraform.js';
import { block, blocks, hclSyntaxProblems, parseTerraformFiles } from './validators/hcl.js';

const variants: Array<{ name: string; given: Given }> = [
  { name: 'default', given: {} },
  { name: 'function-url', given: { trigger: 'function-url' } },
  { name: 'trigger none x86_64', given: { trigger: 'none', arch: 'x86_64' } },
  { name: 'artifact bucket', given: { artifactBucket: 'my-artifacts' } },
  { name: 'existing role', given: { existingRole: 'my-lambda-role' } },
  { name: 'local state', given: { state: 'local', framework: 'net8.0' } },
  { name: 'seed preset', given: { preset: 'seed', artifactBucket: 'my-artifacts', existingRole: 'my-lambda-role' } },
  { name: 'image arm64', given: { package: 'image' } },
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
  const paths = (given: Given) => [...renderAnswers(given).keys()].filter((p) => p.startsWith('infra/'));
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
    await replaceIn(join(dir, 'infra/logs.tf'), 'var.log_retention_days', 'var.log_retention_dayz');
    await replaceIn(join(dir, 'infra/lambda.tf'), '  memory_size   = var.memory_size', '  memory_size = var.memory_size');
  });
  failingAssertion = checkEdited({ trigger: 'none' }, async (dir) => {
    // Valid Terraform that breaks the contract: the alias pinned to $LATEST.
    await replaceIn(join(dir, 'infra/lambda.tf'), 'function_version = aws_lambda_function.function.version', 'function_version = "$LATEST"');
  });
  await Promise.allSettled([broken, failingAssertion]);
});

Cli.after(async () => {
  for (const dir of scratch) await rm(dir, { recursive: true, force: true });
});

check('the checker reports a broken template with the file and line', async () => {
  const result = await broken!;
  assert.is(result.status, 'failed', report(result));
  assert.ok(result.problems.some((p) => /^infra\/logs\.tf:3: terraform validate: .*log_retention_dayz/.test(p)), report(result));
  assert.ok(result.problems.some((p) => /^infra\/lambda\.tf:\d+: terraform fmt/.test(p)), report(result));
});

check('the checker reports a failing terraform test assertion', async () => {
  const result = await failingAssertion!;
  assert.is(result.status, 'failed', report(result));
  assert.ok(result.problems.some((p) => /^infra\/tests\/function\.tftest\.hcl:\d+: terraform test \(run "function"\): Test assertion failed: .*never \$LATEST/.test(p)), report(result));
});

Cli.run();
