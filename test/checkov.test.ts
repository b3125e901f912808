// checkov, the policy scanner teams run on a new repo, over every matrix variant's Terraform
// (infra/ and infra/bootstrap/) and Dockerfile: no failed check, and every skip written inside
// its resource block with a reason. One checkov run covers every variant (each in a subfolder)
// and the seeded faults, because checkov takes tens of seconds to start.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { matrix } from './matrix.js';
import { tempDir } from './support/bin.js';
import { renderAnswers } from './support/render.js';
import { parseTerraformFiles } from './validators/hcl.js';
import { expectedScan, runCheckov, scannable, scannedProblems, skipReasonProblems, type CheckovReport, type Expected } from './validators/checkov.js';

const root = tempDir('cdal-checkov-');
const expected = new Map<string, Expected>();
const skipProblems: string[] = [];
let dockerfiles = 0;

const put = async (folder: string, files: Iterable<[string, string]>): Promise<void> => {
  const kept = [...files].filter(([path]) => scannable(path));
  for (const [path, text] of kept) {
    mkdirSync(dirname(join(root, folder, path)), { recursive: true });
    writeFileSync(join(root, folder, path), text);
    if (path === 'Dockerfile') dockerfiles++;
  }
  expected.set(folder, expectedScan(await parseTerraformFiles(kept, 'infra/')));
};

// The seeded fault: the default repo with the reason cut off one skip in the function module.
const faultFolder = 'fault-skip-without-reason';
const faultFile = 'infra/modules/function/main.tf';
const seeded = (): Map<string, string> => {
  const files = renderAnswers({});
  const text = files.get(faultFile)!;
  const cut = text.replace(/(#checkov:skip=CKV_AWS_115):.*/, '$1');
  assert.is.not(cut, text, 'the seeded fault found no CKV_AWS_115 skip to cut the reason from');
  return new Map([...files].map(([p, t]) => [p, p === faultFile ? cut : t]));
};

let scan: Promise<{ reports: CheckovReport[]; seconds: number }> | undefined;
const scanned = (): Promise<{ reports: CheckovReport[]; seconds: number }> =>
  (scan ??= (async () => {
    for (const [i, entry] of matrix.entries()) {
      const folder = `v${String(i).padStart(2, '0')}`;
      const files = renderAnswers(entry.given, entry.dirName);
      await put(folder, files);
      for (const [path, text] of files) if (scannable(path)) skipProblems.push(...skipReasonProblems(`${entry.name}: ${path}`, text));
    }
    await put(faultFolder, seeded());
    const result = await runCheckov(root);
    console.log(`  checkov: ${matrix.length} variants and 1 seeded fault in one run, ${result.seconds} s`);
    return result;
  })());

/** Failed checks and reasonless skips in a folder's part of the report. */
const findings = (reports: CheckovReport[], inFolder: (folder: string) => boolean): string[] =>
  reports.flatMap((r) => [
    ...r.results.failed_checks.filter((c) => inFolder(c.file_path.split('/')[1]!)).map((c) => `${c.file_path} ${c.resource}: ${c.check_id} failed`),
    ...r.results.skipped_checks
      .filter((c) => inFolder(c.file_path.split('/')[1]!) && (c.check_result.suppress_comment ?? '').trim().length < 20)
      .map((c) => `${c.file_path} ${c.resource}: ${c.check_id} skipped without a reason`),
  ]);

test('checkov: every variant passes, every skip has a reason', async () => {
  const { reports } = await scanned();
  const problems = findings(reports, (folder) => folder !== faultFolder);
  assert.equal(problems, [], `${problems.length} findings:\n${problems.join('\n')}`);
  assert.equal(skipProblems, [], skipProblems.join('\n'));
});

test('checkov: scanned every resource, data source, module call and Dockerfile it was given', async () => {
  const { reports } = await scanned();
  const problems = scannedProblems(reports, expected, dockerfiles);
  assert.equal(problems, [], problems.join('\n'));
});

test('checkov: seeded fault: a skip without a reason fails by name', async () => {
  const { reports } = await scanned();
  const problems = findings(reports, (folder) => folder === faultFolder);
  assert.ok(problems.length > 0 && problems.every((p) => p.includes('CKV_AWS_115 skipped without a reason')), problems.join('\n'));
  const text = seeded().get(faultFile)!;
  const static_ = skipReasonProblems(faultFile, text);
  assert.equal(static_.length, 1, static_.join('\n'));
  assert.match(static_[0]!, /CKV_AWS_115/);
});

test('checkov: seeded fault: a variant checkov never scanned fails the count', async () => {
  const { reports } = await scanned();
  const unscanned = new Map(expected);
  unscanned.set('never-given-to-checkov', expected.get('v00')!);
  const problems = scannedProblems(reports, unscanned, dockerfiles);
  assert.ok(problems.some((p) => /checkov counted \d+ resources, the rendered files hold \d+/.test(p)), problems.join('\n'));
  assert.ok(problems.some((p) => p.startsWith('never-given-to-checkov/infra/function_my_func.tf: checkov checked nothing in module call module.my_func')), problems.join('\n'));
});

test.run();
