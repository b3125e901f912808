// The emitted Terraform follows the layout terraform-aws-modules' readers know: every module
// under infra/modules/ has main.tf, variables.tf, outputs.tf and versions.tf; variables live in
// variables.tf and outputs in outputs.tf (a module's and each root's, infra/ and
// infra/bootstrap/); every variable has a description and a type, every output a description;
// and infra/modules/README.md lists each module the repo has. Static, over every matrix variant.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { dirname } from 'node:path';
import { matrix } from './matrix.js';
import { renderAnswers } from './support/render.js';
import { parseTerraformFiles } from './validators/hcl.js';

const required = ['main.tf', 'variables.tf', 'outputs.tf', 'versions.tf'];

async function layoutProblems(files: Map<string, string>): Promise<string[]> {
  const problems: string[] = [];
  const tf = await parseTerraformFiles(files, 'infra/');
  const modules = new Set(tf.map((f) => f.path).filter((p) => p.startsWith('infra/modules/')).map((p) => dirname(p)));
  for (const dir of modules) {
    for (const name of required) if (!files.has(`${dir}/${name}`)) problems.push(`${dir}: no ${name}`);
    const name = dir.slice('infra/modules/'.length);
    if (!new RegExp(`^\\| \`${name}\` \\|`, 'm').test(files.get('infra/modules/README.md') ?? '')) problems.push(`infra/modules/README.md: no row for ${name}`);
  }
  for (const f of tf) {
    const dir = dirname(f.path);
    const isModuleOrRoot = dir.startsWith('infra/modules/') || dir === 'infra' || dir === 'infra/bootstrap';
    if (!isModuleOrRoot) continue;
    for (const [name, [body]] of Object.entries((f.json.variable ?? {}) as Record<string, Array<Record<string, unknown>>>)) {
      if (dir.startsWith('infra/modules/') && !f.path.endsWith('/variables.tf')) problems.push(`${f.path}: variable "${name}" belongs in ${dir}/variables.tf`);
      if (typeof body?.description !== 'string' || body.description === '') problems.push(`${f.path}: variable "${name}" has no description`);
      if (body?.type === undefined) problems.push(`${f.path}: variable "${name}" has no type`);
    }
    for (const [name, [body]] of Object.entries((f.json.output ?? {}) as Record<string, Array<Record<string, unknown>>>)) {
      if (!f.path.endsWith('/outputs.tf')) problems.push(`${f.path}: output "${name}" belongs in ${dir}/outputs.tf`);
      if (typeof body?.description !== 'string' || body.description === '') problems.push(`${f.path}: output "${name}" has no description`);
    }
  }
  return problems;
}

for (const entry of matrix) {
  test(`module layout: ${entry.name}`, async () => {
    const problems = await layoutProblems(renderAnswers(entry.given, entry.dirName));
    assert.equal(problems, [], problems.join('\n'));
  });
}

/** The every-trigger variant with one file edited. */
const seeded = (path: string, edit: (text: string) => string): Map<string, string> => {
  const files = new Map(renderAnswers(matrix.find((e) => e.name.startsWith('every event trigger'))!.given));
  const text = files.get(path)!;
  const changed = edit(text);
  assert.is.not(changed, text, `the seeded fault changed nothing in ${path}`);
  files.set(path, changed);
  return files;
};

test('module layout: seeded faults fail by name', async () => {
  const outputInMain = seeded('infra/modules/sqs/main.tf', (t) => `${t}\noutput "stray" {\n  description = "x"\n  value       = 1\n}\n`);
  assert.ok((await layoutProblems(outputInMain)).includes('infra/modules/sqs/main.tf: output "stray" belongs in infra/modules/sqs/outputs.tf'));

  const rootOutput = seeded('infra/function_worker.tf', (t) => `${t}\noutput "stray" {\n  description = "x"\n  value       = 1\n}\n`);
  assert.ok((await layoutProblems(rootOutput)).includes('infra/function_worker.tf: output "stray" belongs in infra/outputs.tf'));

  const untyped = seeded('infra/modules/schedule/variables.tf', (t) => t.replace(/(variable "timezone" \{[^}]*?)\n  type\s*=\s*string/, '$1'));
  assert.ok((await layoutProblems(untyped)).includes('infra/modules/schedule/variables.tf: variable "timezone" has no type'));

  const undescribed = seeded('infra/modules/s3/variables.tf', (t) => t.replace(/(variable "key_prefix" \{\n)  description = .*\n/, '$1'));
  assert.ok((await layoutProblems(undescribed)).includes('infra/modules/s3/variables.tf: variable "key_prefix" has no description'));

  const noVersions = seeded('infra/modules/sqs/versions.tf', (t) => `${t}#`);
  noVersions.delete('infra/modules/sqs/versions.tf');
  assert.ok((await layoutProblems(noVersions)).includes('infra/modules/sqs: no versions.tf'));

  const noRow = seeded('infra/modules/README.md', (t) => t.replace(/^\| `schedule` \|.*\n/m, ''));
  assert.ok((await layoutProblems(noRow)).includes('infra/modules/README.md: no row for schedule'));
});

test.run();
