// The bootstrap re-apply's replacements (lib/update/bootstrap-replacements.ts): the ECR lifecycle
// policy, which the AWS provider can only replace, is announced before anything is written
// whenever what its values come from changes (its rules, the tag prefixes, the kept-images
// default), and only then: not for a comment, not for an unrelated answer, not for a zip repo.
// The upgrade rehearsal (test/rehearsal.test.ts) ties the announcement to a real bootstrap plan.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { valuesText } from '../lib/update/bootstrap-replacements.js';
import { git, runBin, tempDir } from './support/bin.js';
import { oldRelease, release020 } from './support/releases.js';

const heading = 'The re-apply of infra/bootstrap/ replaces or deletes deployed resources:';
const line = '  replaces the lifecycle policy of ECR repository orders-api (deleted, then put with the new rules; no image is deleted, and none expires in between)';
const address = 'aws_ecr_lifecycle_policy.function';

async function imageRepo(): Promise<string> {
  const parent = tempDir('cdal-bootstrap-replace-');
  assert.is((await runBin(['orders-api', '--yes', '--package', 'image'], { cwd: parent })).exitCode, 0);
  return join(parent, 'orders-api');
}

test('what the lifecycle policy is made of: its block, the locals, the variables it names; comments are not values', async () => {
  const dir = await imageRepo();
  const ecr = readFileSync(join(dir, 'infra/bootstrap/ecr.tf'), 'utf8');
  const variables = readFileSync(join(dir, 'infra/bootstrap/variables.tf'), 'utf8');
  const text = valuesText(address, ecr, variables)!;
  assert.ok(text.includes('image_tag_prefixes = ["orders-api_"]'), text);
  assert.ok(text.includes('variable "ecr_keep_images"'), text);
  assert.is(valuesText(address, ecr.replace('# Tags cannot be moved', '# Tags never move'), variables), text, 'a comment changes nothing');
  assert.is(valuesText(address, ecr.replace(/(# The build job tags)/, '# another comment\n$1'), variables), text, 'a comment line changes nothing');
  assert.is.not(valuesText(address, ecr.replace('"orders-api_"', '"orders-api_", "worker_"'), variables), text, 'a new tag prefix');
  assert.is.not(valuesText(address, ecr, variables.replace(/(variable "ecr_keep_images"[\s\S]*?default\s*=\s*)\d+/, '$199')), text, 'a new kept-images default');
  assert.is.not(valuesText(address, ecr.replace('"expire"', '"transition"'), variables), text, 'a rule of the block');
  assert.is(valuesText(address, undefined, variables), undefined, 'a zip repo has no ecr.tf');
});

test('add, remove and a renamed function announce the replacement before writing; an unrelated change does not', async () => {
  const dir = await imageRepo();
  const add = await runBin(['add', 'Worker', '--trigger', 'none', '--yes'], { cwd: dir });
  assert.is(add.exitCode, 0, add.stderr);
  assert.match(add.stdout, `${heading}\n${line}\n`);
  assert.ok(add.stdout.indexOf(heading) < add.stdout.indexOf('Summary:'), 'said before the summary of what was written');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-qm', 'add');

  const memory = await runBin(['update', '.', '--set', 'Worker.memory=512', '--yes'], { cwd: dir });
  assert.is(memory.exitCode, 0, memory.stderr);
  assert.not.match(memory.stdout, heading);
  git(dir, 'add', '-A');
  git(dir, 'commit', '-qm', 'memory');

  const dry = await runBin(['update', '.', '--set', 'Worker.name=Jobs', '--dry-run'], { cwd: dir });
  assert.is(dry.exitCode, 0, dry.stderr);
  assert.ok(dry.stdout.indexOf(heading) >= 0 && dry.stdout.indexOf(heading) < dry.stdout.indexOf('Dry run: nothing is written'), dry.stdout);

  const removed = await runBin(['remove', 'Worker', '--yes'], { cwd: dir });
  assert.is(removed.exitCode, 0, removed.stderr);
  assert.match(removed.stdout, `${heading}\n${line}\n`);
});

test('the upgrade of a 0.2.0 image repo announces it (0.2.0 had one rule for every image); a 0.2.0 zip repo has nothing to announce', async () => {
  const release = await oldRelease(release020);
  for (const pkg of ['image', 'zip']) {
    const dir = join(tempDir('cdal-bootstrap-replace-'), 'orders-api');
    const old = await execa('node', [release.bin, dir, '--yes', '--package', pkg], { reject: false, all: true, stdin: 'ignore' });
    assert.is(old.exitCode, 0, old.all);
    const r = await runBin(['update', dir, '--base-from', release.dir, '--yes', '--dry-run']);
    assert.is(r.exitCode, 0, r.stderr);
    if (pkg === 'image') assert.match(r.stdout, `${heading}\n${line}\n`);
    else assert.not.match(r.stdout, heading);
  }
});

test.run();
