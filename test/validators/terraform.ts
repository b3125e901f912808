// Runs the real Terraform CLI over a rendered repo: `fmt -check` over infra/, then for each
// Terraform directory (infra, infra/bootstrap) `init -backend=false`, `validate -json` and
// `test -json`. Problems come back as `path:line: message` with paths relative to the repo.
//
// Environment:
//   TF_PLUGIN_DIR        provider mirror for offline `init -plugin-dir`; when unset, a mirror in
//                        /opt/tf-plugins or Terraform's usual plugin directories is used
//   TF_PLUGIN_CACHE_DIR  used when TF_PLUGIN_DIR is unset; defaults to a shared temp dir
//   SKIP_TERRAFORM=1     opt out: a missing terraform binary is a skip instead of a failure
//                        (test files register their Terraform checks with uvu's skip then, so
//                        the summary counts them; see test/support/optout.ts)
//
// Parallel-safe: every check works in its own scratch copy of infra/ (the rendered repo is
// never written to), the plugin mirror is only read, and `init` calls that fill the shared
// plugin cache are serialized within this process (Terraform does not lock the cache).
import { cp, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import * as versions from '../../generators/versions.js';
import { missing, optedOut } from '../support/optout.js';

// A plain `npm test` works offline when a mirror sits in a usual place (.ci/run also searches
// the whole disk). Set here, before any test reads it: matrix.test.ts imports this module.
if (!process.env.TF_PLUGIN_DIR) {
  const mirror = ['/opt/tf-plugins', join(homedir(), '.terraform.d', 'plugins'), '/usr/local/share/terraform/plugins', '/usr/share/terraform/plugins'].find(
    (dir) => existsSync(join(dir, 'registry.terraform.io', 'hashicorp', 'aws')),
  );
  if (mirror) process.env.TF_PLUGIN_DIR = mirror;
}

export type TerraformStatus = 'passed' | 'failed' | 'skipped';

export interface TerraformResult {
  status: TerraformStatus;
  /** `path:line: message`, paths relative to the rendered repo. Empty unless failed. */
  problems: string[];
  /** Things a caller should print: why it skipped, substitutions made for the mirror. */
  notes: string[];
  /** Wall-clock seconds for the whole check. */
  seconds: number;
}

export const terraformEnv = (): NodeJS.ProcessEnv => {
  const env: NodeJS.ProcessEnv = { ...process.env, TF_IN_AUTOMATION: '1', CHECKPOINT_DISABLE: '1', TF_INPUT: '0' };
  if (!process.env.TF_PLUGIN_DIR) env.TF_PLUGIN_CACHE_DIR = process.env.TF_PLUGIN_CACHE_DIR ?? join(tmpdir(), 'create-dotnet-aot-lambda-tf-plugin-cache');
  return env;
};

let available: Promise<string | undefined> | undefined;

/** The terraform version string, or undefined when no terraform binary runs. */
export function terraformVersion(): Promise<string | undefined> {
  available ??= execa('terraform', ['version', '-json'], { env: terraformEnv(), reject: false }).then((r) => {
    if (r.exitCode !== 0) return undefined;
    try {
      return String(JSON.parse(r.stdout).terraform_version);
    } catch {
      return undefined;
    }
  }, () => undefined);
  return available;
}

export async function terraformAvailable(): Promise<boolean> {
  return (await terraformVersion()) !== undefined;
}

// init with a shared plugin cache must not run concurrently in one process.
let cacheLock: Promise<unknown> = Promise.resolve();
export function serialized<T>(fn: () => Promise<T>): Promise<T> {
  const run = cacheLock.then(fn, fn);
  cacheLock = run.catch(() => undefined);
  return run;
}

interface Diagnostic {
  severity: string;
  summary: string;
  detail?: string;
  range?: { filename: string; start: { line: number } };
}

function formatDiagnostic(prefix: string, tool: string, d: Diagnostic): string {
  const where = d.range ? `${prefix}/${d.range.filename}:${d.range.start.line}` : prefix;
  const detail = d.detail ? `: ${d.detail.replace(/\s+/g, ' ').trim()}` : '';
  return `${where}: ${tool}: ${d.severity === 'warning' ? 'warning: ' : ''}${d.summary}${detail}`;
}

/** Terraform's human output, boiled down to its `Error:` lines with the file:line that follows. */
function humanErrors(prefix: string, tool: string, text: string): string[] {
  const plain = text.replace(/\x1b\[[0-9;]*m/g, '').replace(/[│╷╵]/g, ' ');
  const out: string[] = [];
  const re = /Error: (.+?)\n([\s\S]*?)(?=\n\s*Error: |\s*$)/g;
  for (const m of plain.matchAll(re)) {
    const on = /on (\S+) line (\d+)/.exec(m[2]!);
    const detail = m[2]!.split('\n').map((l) => l.trim()).filter((l) => l && !/^on \S+ line/.test(l) && !/^\d+:/.test(l)).slice(0, 3).join(' ');
    out.push(`${on ? `${prefix}/${on[1]}:${on[2]}` : prefix}: ${tool}: ${m[1]!.trim()}${detail ? `: ${detail}` : ''}`);
  }
  return out.length > 0 ? out : [`${prefix}: ${tool}: ${plain.trim().split('\n').slice(-5).join(' ').replace(/\s+/g, ' ')}`];
}

/** `terraform fmt -check -diff` output → one problem per file, at the first changed line. */
function fmtProblems(prefix: string, stdout: string): string[] {
  const out: string[] = [];
  for (const section of stdout.split(/^--- old\//m).slice(1)) {
    const file = section.slice(0, section.indexOf('\n')).trim();
    const hunk = /^@@ -(\d+)(?:,\d+)? \+\d+(?:,\d+)? @@\n([\s\S]*?)(?=^@@|$(?![\s\S]))/m.exec(section);
    let line = 1;
    let change = '';
    if (hunk) {
      const lines = hunk[2]!.split('\n');
      const first = lines.findIndex((l) => l.startsWith('-') || l.startsWith('+'));
      line = Number(hunk[1]) + Math.max(first, 0);
      change = lines.filter((l) => l.startsWith('-') || l.startsWith('+')).slice(0, 4).join(' | ');
    }
    out.push(`${prefix}/${file}:${line}: terraform fmt: not in canonical format${change ? `: ${change}` : ''}`);
  }
  return out;
}

export const noMatchingProvider = /no available releases match the given constraints|does not match any of the versions|Failed to query available provider packages/;

/** Every provider `version = "…"` constraint written in the module's .tf files. */
async function providerConstraints(moduleDir: string): Promise<string[]> {
  const found: string[] = [];
  for (const file of (await readdir(moduleDir)).filter((f) => f.endsWith('.tf'))) {
    const text = await readFile(join(moduleDir, file), 'utf8');
    for (const m of text.matchAll(/^\s*version\s*=\s*"([^"]*)"/gm)) found.push(m[1]!);
  }
  return found;
}

/**
 * The one known gap, written here rather than read from generators/versions.ts so that a changed
 * table can't widen it: `aws_lambda_function` accepts runtime dotnet10 from AWS provider 6.27.0
 * on (terraform-provider-aws#45864, #45888). A test requires the versions table to agree.
 */
export const mirrorGap = { constraint: '>= 6.27, < 7.0', runtime: 'dotnet10', checkedAs: 'dotnet8' } as const;

/**
 * The one known gap between the offline provider mirror and the templates: the dotnet10 runtime
 * needs AWS provider 6.27 or later (mirrorGap), and the mirror on the development machines
 * holds 5.100. When init fails for that reason, and the module's only
 * provider constraint is exactly that one, the check runs on a copy with runtime dotnet8 and the
 * general constraint: everything but that one enum value is still checked, and the returned
 * note names the substitution. Any other constraint the mirror can't satisfy (`>= 99.0`, a
 * second constraint next to the known one) is left alone, so init fails and the check with it.
 */
export async function substituteForMirror(moduleDir: string): Promise<string | undefined> {
  const newer = mirrorGap.constraint;
  const constraints = await providerConstraints(moduleDir);
  if (constraints.length !== 1 || constraints[0] !== newer) return undefined;
  // The function's runtime is written in its local module (infra/modules/function/).
  // Directories only: infra/modules/ also holds the modules' README.md.
  const localModules = existsSync(join(moduleDir, 'modules'))
    ? (await readdir(join(moduleDir, 'modules'), { withFileTypes: true })).filter((m) => m.isDirectory()).map((m) => join(moduleDir, 'modules', m.name))
    : [];
  const targets = [
    ...(await readdir(moduleDir)).filter((f) => f.endsWith('.tf')).map((f) => join(moduleDir, f)),
    ...(await Promise.all(localModules.map(async (m) => (await readdir(m)).filter((f) => f.endsWith('.tf')).map((f) => join(m, f))))).flat(),
    ...(existsSync(join(moduleDir, 'tests')) ? (await readdir(join(moduleDir, 'tests'))).filter((f) => f.endsWith('.tftest.hcl')).map((f) => join(moduleDir, 'tests', f)) : []),
  ];
  // Only a module that asks for dotnet10 has a reason to need the newer provider.
  const texts = await Promise.all(targets.map((file) => readFile(file, 'utf8')));
  if (!texts.some((t) => t.includes(`"${mirrorGap.runtime}"`))) return undefined;
  for (const [i, file] of targets.entries()) {
    const body = texts[i]!.replace(`"${newer}"`, `"${versions.terraform.awsProvider}"`).replaceAll(`"${mirrorGap.runtime}"`, `"${mirrorGap.checkedAs}"`);
    if (body !== texts[i]) await writeFile(file, body);
  }
  return `mirror substitution: provider mirror ${process.env.TF_PLUGIN_DIR} has no AWS provider matching "${newer}" (the ${mirrorGap.runtime} runtime needs it): checked a copy with runtime ${mirrorGap.checkedAs} and "${versions.terraform.awsProvider}"`;
}

async function checkModule(scratchRepo: string, module: string, problems: string[], notes: string[]): Promise<void> {
  const dir = join(scratchRepo, module);
  const env = terraformEnv();
  const pluginDir = process.env.TF_PLUGIN_DIR;
  const initArgs = ['init', '-backend=false', '-input=false', '-no-color', ...(pluginDir ? [`-plugin-dir=${pluginDir}`] : [])];
  const init = () => execa('terraform', initArgs, { cwd: dir, env, reject: false, all: true });
  let result = pluginDir ? await init() : await serialized(init);
  if (result.exitCode !== 0 && pluginDir && noMatchingProvider.test(result.all ?? '')) {
    const note = await substituteForMirror(dir);
    if (note) {
      notes.push(`${module}: ${note}`);
      await rm(join(dir, '.terraform'), { recursive: true, force: true });
      result = await init();
    }
  }
  if (result.exitCode !== 0) {
    problems.push(...humanErrors(module, 'terraform init', result.all ?? ''));
    return;
  }

  const validate = await execa('terraform', ['validate', '-json', '-no-color'], { cwd: dir, env, reject: false });
  try {
    const report = JSON.parse(validate.stdout) as { valid: boolean; diagnostics: Diagnostic[] };
    problems.push(...report.diagnostics.map((d) => formatDiagnostic(module, 'terraform validate', d)));
    if (!report.valid && report.diagnostics.length === 0) problems.push(`${module}: terraform validate: invalid`);
    if (!report.valid) return;
  } catch {
    problems.push(...humanErrors(module, 'terraform validate', `${validate.stdout}\n${validate.stderr}`));
    return;
  }

  const test = await execa('terraform', ['test', '-json', '-no-color'], { cwd: dir, env, reject: false });
  let summary: { status: string; passed: number; failed: number; errored: number; skipped: number } | undefined;
  for (const line of test.stdout.split('\n')) {
    if (!line.startsWith('{')) continue;
    let event: Record<string, any>;
    try {
      event = JSON.parse(line);
    } catch {
      continue;
    }
    if (event.type === 'diagnostic' && (event['@level'] === 'error' || event['@level'] === 'warn')) {
      const run = event['@testrun'] ? ` (run "${event['@testrun']}")` : '';
      problems.push(formatDiagnostic(module, `terraform test${run}`, event.diagnostic as Diagnostic));
    }
    if (event.type === 'test_summary') summary = event.test_summary;
  }
  if (!summary) {
    problems.push(...humanErrors(module, 'terraform test', `${test.stdout}\n${test.stderr}`));
  } else if (summary.status !== 'pass') {
    problems.push(`${module}: terraform test: ${summary.status}: ${summary.passed} passed, ${summary.failed} failed, ${summary.errored} errored, ${summary.skipped} skipped`);
  } else if (summary.passed === 0) {
    problems.push(`${module}: terraform test: no run blocks ran`);
  }
}

/** fmt, init, validate and test for the rendered repo at `repoDir` (which must contain infra/). */
export async function checkTerraform(repoDir: string): Promise<TerraformResult> {
  const started = performance.now();
  const done = (status: TerraformStatus, problems: string[], notes: string[]): TerraformResult => ({
    status,
    problems,
    notes,
    seconds: Math.round((performance.now() - started) / 10) / 100,
  });

  if (!(await terraformAvailable())) {
    const why = "'terraform version' does not run (terraform is not on PATH)";
    return optedOut('SKIP_TERRAFORM') ? done('skipped', [], [`${why}; SKIP_TERRAFORM=1`]) : done('failed', [missing('terraform', why, 'SKIP_TERRAFORM')], []);
  }
  if (!existsSync(join(repoDir, 'infra'))) return done('failed', [`${repoDir}: no infra/ directory`], []);

  const scratch = await mkdtemp(join(tmpdir(), 'tf-check-'));
  const problems: string[] = [];
  const notes: string[] = [];
  try {
    await cp(join(repoDir, 'infra'), join(scratch, 'infra'), {
      recursive: true,
      filter: (src) => !/[\\/]\.terraform([\\/]|$)|\.terraform\.lock\.hcl$|\.tfstate/.test(src),
    });
    const fmt = await execa('terraform', ['fmt', '-check', '-recursive', '-diff', '-no-color'], { cwd: join(scratch, 'infra'), env: terraformEnv(), reject: false });
    if (fmt.exitCode !== 0) {
      const found = fmtProblems('infra', fmt.stdout);
      problems.push(...(found.length > 0 ? found : humanErrors('infra', 'terraform fmt', `${fmt.stdout}\n${fmt.stderr}`)));
    }
    for (const module of ['infra', 'infra/bootstrap']) {
      if (existsSync(join(scratch, module))) await checkModule(scratch, module, problems, notes);
    }
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
  return done(problems.length > 0 ? 'failed' : 'passed', problems, notes);
}

