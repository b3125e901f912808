// The auditors the emitted repo's users run on its workflows, over every matrix variant (and a
// project in a subfolder of a larger repository), each run once over one folder that holds
// every variant's workflow under a name of its own:
// - the pin check (test/validators/pins.ts): every `uses:` is a commit SHA from
//   generators/versions.ts with that commit's release as its comment, every checkout drops its
//   token. Offline zizmor cannot check either against the real repositories;
// - zizmor 1.33 (`--offline`, default persona, `--strict-collection` so that a workflow it
//   cannot parse fails instead of being skipped): 0 findings, over the workflows and each
//   variant's dependabot.yml;
// - checkov 3.3 (`--framework github_actions`): 0 failed, and checks reported for every
//   workflow. Its schema rejects some valid workflows (an expression in cancel-in-progress)
//   and then scans nothing without saying so, so a count of 0 for a file is a failure.
// Seeded faults ride along in the same runs, in files of their own, and must be reported by name.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import type { Given } from '../generators/answers/index.js';
import { actionLines, actionPins } from '../generators/versions.js';
import { matrix } from './matrix.js';
import { tempDir } from './support/bin.js';
import { pythonTools } from './support/python.js';
import { renderAnswers } from './support/render.js';
import { pinProblems } from './validators/pins.js';

const variants: Array<{ name: string; given: Given; dirName?: string }> = [
  ...matrix,
  { name: 'subfolder project services/orders', given: { repoPath: 'services/orders' } },
  { name: 'subfolder project services/orders, image', given: { repoPath: 'services/orders', package: 'image' } },
];

/** File name in the scan folder → the variant and its workflow's text. */
const workflows = new Map<string, { variant: string; text: string }>();
/** Folder name under dependabot/ → the variant and its dependabot.yml (zizmor audits those too). */
const dependabots = new Map<string, { variant: string; text: string }>();
variants.forEach((v, i) => {
  const files = renderAnswers(v.given, v.dirName);
  const found = [...files].filter(([path]) => /(^|\/)\.github\/workflows\/[^/]+\.ya?ml$/.test(path));
  if (found.length === 0) throw new Error(`${v.name}: no workflow emitted`);
  for (const [path, text] of found) workflows.set(`v${String(i).padStart(2, '0')}-${path.split('/').pop()}`, { variant: v.name, text });
  const dependabot = files.get('.github/dependabot.yml');
  if (dependabot !== undefined) dependabots.set(`v${String(i).padStart(2, '0')}`, { variant: v.name, text: dependabot });
});
const base = workflows.get('v00-deploy.yml')!.text;

// Seeded faults, scanned beside the variants.
const checkoutLine = actionLines.checkout;
const keepCredentials = `${checkoutLine}\n        # Nothing in this workflow pushes to the repository, so the token is not left in .git/config.\n        with:\n          persist-credentials: false\n`;
const faults = {
  /** A tag instead of a commit, and a checkout that keeps its token: zizmor's unpinned-uses and artipacked. */
  'fault-tag-pinned.yml': base.replace(keepCredentials, `${actionPins.checkout.action}@v7\n`),
  /** The expression checkov's schema rejects: the file must count 0 checks and fail by name. */
  'fault-unparsed.yml': base.replace(/cancel-in-progress: false\n\njobs:/, "cancel-in-progress: ${{ github.event_name == 'pull_request' }}\n\njobs:"),
  /** checkov's CKV2_GHA_1 (top-level write-all permissions). */
  'fault-write-all.yml': base.replace('permissions:\n  contents: read\n', 'permissions: write-all\n'),
};
for (const [name, text] of Object.entries(faults)) if (text === base) throw new Error(`seeded fault ${name} did not apply`);
/** A dependabot.yml without its cooldown: zizmor's dependabot-cooldown. */
const dependabotFault = dependabots.get('v00')!.text.replace(/\n    cooldown:\n      default-days: 7/g, '');
if (dependabotFault === dependabots.get('v00')!.text) throw new Error('seeded dependabot fault did not apply');

let scanDir: string | undefined;
function folder(): string {
  if (scanDir) return scanDir;
  scanDir = tempDir('cdal-wf-scan-');
  mkdirSync(join(scanDir, '.github', 'workflows'), { recursive: true });
  for (const [name, { text }] of workflows) writeFileSync(join(scanDir, '.github', 'workflows', name), text);
  for (const [name, text] of Object.entries(faults)) writeFileSync(join(scanDir, '.github', 'workflows', name), text);
  for (const [name, { text }] of [...dependabots, ['fault', { text: dependabotFault }] as const]) {
    mkdirSync(join(scanDir, 'dependabot', name), { recursive: true });
    writeFileSync(join(scanDir, 'dependabot', name, 'dependabot.yml'), text);
  }
  return scanDir;
}

// ---------------------------------------------------------------------------
// Pins

test('every variant: each uses: is a versions.ts commit with its release comment; checkouts drop the token', () => {
  for (const [file, { variant, text }] of workflows) assert.equal(pinProblems(file, text), [], variant);
});

test('pins: a tag-pinned action and a stale version comment each fail by name', () => {
  const tagged = pinProblems('deploy.yml', base.replace(checkoutLine, `${actionPins.checkout.action}@v7`));
  assert.ok(tagged.some((p) => /actions\/checkout@v7 is not pinned to a full commit SHA/.test(p)), tagged.join('\n'));
  const stale = pinProblems('deploy.yml', base.replace(checkoutLine, `${actionPins.checkout.action}@${actionPins.checkout.commit} # v7.0.0`));
  assert.ok(stale.some((p) => p.includes(`actions/checkout's comment names v7.0.0, but versions.ts gives ${actionPins.checkout.release}`)), stale.join('\n'));
  const foreign = pinProblems('deploy.yml', base.replace(checkoutLine, `${actionPins.checkout.action}@${actionPins.cache.commit} # ${actionPins.checkout.release}`));
  assert.ok(foreign.some((p) => /is not a commit of actions\/checkout listed/.test(p)), foreign.join('\n'));
  const token = pinProblems('deploy.yml', faults['fault-tag-pinned.yml'].replace(`${actionPins.checkout.action}@v7`, checkoutLine));
  assert.ok(token.some((p) => /checkout without persist-credentials: false/.test(p)), token.join('\n'));
});

// ---------------------------------------------------------------------------
// zizmor

interface ZizmorFinding {
  ident: string;
  locations: Array<{ symbolic: { key: { Local?: { verbatim_path?: string; given_path?: string } } } }>;
}

test('zizmor --offline (default persona): 0 findings in every variant; the seeded faults are found', async () => {
  const { bin } = await pythonTools('scanners');
  const dir = folder();
  const dependabotFiles = [...dependabots.keys(), 'fault'].map((name) => `dependabot/${name}/dependabot.yml`);
  const run = await execa(bin('zizmor'), ['--offline', '--strict-collection', '--no-progress', '--format', 'json', '.github/workflows', ...dependabotFiles], { cwd: dir, reject: false });
  // Exit codes: 0 clean, 10+ findings by severity; anything else (1, 2, 3) is a failure to audit.
  assert.ok(run.exitCode === 0 || (run.exitCode ?? 0) >= 10, `zizmor failed (exit ${run.exitCode}):\n${run.stderr}`);
  for (const name of [...workflows.keys(), ...Object.keys(faults)]) assert.ok(run.stderr.includes(`completed .github/workflows/${name}`), `zizmor did not audit ${name}:\n${run.stderr}`);
  for (const file of dependabotFiles) assert.ok(run.stderr.includes(`completed ${file}`), `zizmor did not audit ${file}:\n${run.stderr}`);
  const findings = JSON.parse(run.stdout) as ZizmorFinding[];
  const pathOf = (f: ZizmorFinding) => {
    const key = f.locations[0]?.symbolic.key.Local;
    return key?.verbatim_path ?? key?.given_path ?? '';
  };
  const fileOf = (f: ZizmorFinding) => pathOf(f).split('/').pop()!;
  const variantOf = (f: ZizmorFinding) => workflows.get(fileOf(f))?.variant ?? dependabots.get(pathOf(f).split('/').at(-2)!)?.variant;
  assert.equal(findings.filter((f) => variantOf(f) !== undefined).map((f) => `${variantOf(f)}: ${pathOf(f)}: ${f.ident}`), []);
  assert.ok(findings.some((f) => pathOf(f).endsWith('dependabot/fault/dependabot.yml') && f.ident === 'dependabot-cooldown'), 'seeded fault: a dependabot.yml without cooldown');
  const seeded = new Set(findings.filter((f) => fileOf(f) === 'fault-tag-pinned.yml').map((f) => f.ident));
  assert.ok(seeded.has('unpinned-uses') && seeded.has('artipacked'), `seeded fault: ${[...seeded].join(', ')}`);
});

// ---------------------------------------------------------------------------
// checkov

interface CheckovCheck {
  check_id: string;
  file_path: string;
}

test('checkov (github_actions): every variant parsed, with checks, 0 failed; the seeded faults fail by name', async () => {
  const { python } = await pythonTools('scanners');
  const dir = folder();
  // The venv's console scripts name the scratch path it was built in: run the module.
  const run = await execa(python, ['-m', 'checkov.main', '-d', '.', '--framework', 'github_actions', '--skip-download', '--output', 'json'], {
    cwd: dir,
    reject: false,
    env: { BC_SKIP_MAPPING: 'TRUE' },
  });
  assert.ok(run.exitCode === 0 || run.exitCode === 1, `checkov failed (exit ${run.exitCode}):\n${run.stderr}`);
  const report = JSON.parse(run.stdout) as { results: { passed_checks?: CheckovCheck[]; failed_checks?: CheckovCheck[]; skipped_checks?: CheckovCheck[] } };
  const base = (c: CheckovCheck) => c.file_path.split('/').pop()!;
  const passed = report.results.passed_checks ?? [];
  const failed = report.results.failed_checks ?? [];
  const skipped = report.results.skipped_checks ?? [];
  const count = (name: string) => [...passed, ...failed, ...skipped].filter((c) => base(c) === name).length;
  for (const [name, { variant }] of workflows) assert.ok(count(name) > 0, `${variant}: checkov reported no checks for its workflow (not parsed?)`);
  assert.equal(failed.filter((c) => workflows.has(base(c))).map((c) => `${workflows.get(base(c))!.variant}: ${c.check_id}`), []);
  assert.equal(skipped.filter((c) => workflows.has(base(c))).map((c) => `${workflows.get(base(c))!.variant}: ${c.check_id}`), [], 'no skips are needed');
  assert.is(count('fault-unparsed.yml'), 0, 'an expression in cancel-in-progress makes checkov scan nothing: the per-file count must catch it');
  assert.ok(failed.some((c) => base(c) === 'fault-write-all.yml' && c.check_id === 'CKV2_GHA_1'), 'seeded write-all permissions: CKV2_GHA_1');
});

test.run();
