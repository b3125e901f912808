// checkov (PyPI, pinned in test/support/scanners-requirements.txt) over emitted Terraform and
// Dockerfiles: one run over a folder with each variant in a subfolder, since checkov takes tens
// of seconds to start. Offline: --skip-download, and BC_SKIP_MAPPING=TRUE so it fetches no
// guideline mapping either.
//
// checkov can scan less than it was given without failing (it dropped every emitted workflow
// that way), so `scannedProblems` holds its report to what the rendered files contain: the
// module-expanded resource count, every data source of a type it has checks for, and every
// module call.
import { execa } from 'execa';
import { dirname, posix } from 'node:path';
import { pythonTools } from '../support/python.js';
import type { TfFile } from './hcl.js';

export interface CheckResult {
  check_id: string;
  file_path: string;
  resource: string;
  check_result: { result: string; suppress_comment?: string };
}

export interface CheckovReport {
  check_type: string;
  summary: { passed: number; failed: number; skipped: number; parsing_errors: number; resource_count: number };
  results: { passed_checks: CheckResult[]; failed_checks: CheckResult[]; skipped_checks: CheckResult[]; parsing_errors: string[] };
}

/** The files checkov should scan: Terraform under infra/ and the Dockerfile. */
export const scannable = (path: string): boolean => (path.startsWith('infra/') && path.endsWith('.tf')) || path === 'Dockerfile';

/** Run checkov once over `dir` (Terraform and Dockerfiles); returns its reports and the seconds it took. */
export async function runCheckov(dir: string): Promise<{ reports: CheckovReport[]; seconds: number }> {
  const { python } = await pythonTools('scanners');
  const started = Date.now();
  const run = await execa('nice', ['-n', '10', python, '-m', 'checkov.main', '--directory', dir, '--framework', 'terraform', 'dockerfile', '--skip-download', '--output', 'json'], {
    reject: false,
    env: { BC_SKIP_MAPPING: 'TRUE' },
    timeout: 600_000,
  });
  // checkov exits 1 when a check fails: the report says which, so only a missing report is fatal.
  if (!run.stdout.trim().startsWith('[') && !run.stdout.trim().startsWith('{')) {
    throw new Error(`checkov wrote no JSON report (exit ${run.exitCode}): ${run.stderr.trim().split('\n').slice(-5).join(' / ')}`);
  }
  const parsed = JSON.parse(run.stdout) as CheckovReport | CheckovReport[];
  return { reports: Array.isArray(parsed) ? parsed : [parsed], seconds: Math.round((Date.now() - started) / 100) / 10 };
}

/** `#checkov:skip=` comments whose reason is missing or too short to say why, as `path:line: text`. */
export function skipReasonProblems(path: string, text: string): string[] {
  const problems: string[] = [];
  text.split('\n').forEach((line, i) => {
    const at = line.indexOf('checkov:skip=');
    if (at < 0) return;
    const match = /checkov:skip=(CKV2?_[A-Z]+_\d+)(?::(.*))?$/.exec(line.slice(at));
    const reason = match?.[2]?.trim() ?? '';
    if (!match || reason.length < 20) problems.push(`${path}:${i + 1}: a checkov skip needs a check id and a reason true of every resource it covers: ${line.trim()}`);
  });
  return problems;
}

/** What checkov must report for one variant's parsed Terraform (paths relative to the scan root). */
export interface Expected {
  /** Resources as checkov counts them: once per module call for a module's resources. */
  resources: number;
  /** `<variant>/<file>` → data source addresses (`module.x.type.name` or `type.name`). */
  data: Array<{ file: string; address: string; type: string }>;
  /** Module calls: `<variant>/<calling dir>` and the address prefix of their resources. */
  modules: Array<{ file: string; address: string }>;
}

/** The resources, data sources and module calls of the stacks in `files` (every root: infra/, infra/bootstrap/). */
export function expectedScan(files: TfFile[]): Expected {
  const byDir = new Map<string, TfFile[]>();
  for (const file of files) {
    const dir = dirname(file.path);
    byDir.set(dir, [...(byDir.get(dir) ?? []), file]);
  }
  const called = new Set<string>();
  for (const [dir, dirFiles] of byDir) {
    for (const f of dirFiles) for (const [, calls] of Object.entries(f.json.module ?? {})) for (const c of calls as Array<{ source: string }>) called.add(posix.join(dir, c.source));
  }
  const out: Expected = { resources: 0, data: [], modules: [] };
  const walk = (dir: string, prefix: string): void => {
    for (const f of byDir.get(dir) ?? []) {
      for (const named of Object.values(f.json.resource ?? {})) out.resources += Object.keys(named as object).length;
      for (const [type, named] of Object.entries(f.json.data ?? {})) {
        for (const name of Object.keys(named as object)) out.data.push({ file: f.path, address: `${prefix}${type}.${name}`, type });
      }
      for (const [name, calls] of Object.entries(f.json.module ?? {})) {
        const address = `${prefix}module.${name}`;
        out.modules.push({ file: f.path, address });
        walk(posix.join(dir, (calls as Array<{ source: string }>)[0]!.source), `${address}.`);
      }
    }
  };
  for (const dir of byDir.keys()) if (!called.has(dir)) walk(dir, '');
  return out;
}

/** The data source types checkov 3.3 has checks for in this output (policy documents: CKV_AWS_107–111, 356). */
const checkedDataTypes: ReadonlySet<string> = new Set(['aws_iam_policy_document']);

/** Where checkov's report falls short of `expected` (variant folders at the top of the scan root). */
export function scannedProblems(reports: CheckovReport[], expected: Map<string, Expected>, dockerfiles: number): string[] {
  const terraform = reports.find((r) => r.check_type === 'terraform');
  if (!terraform) return ['checkov reported no Terraform at all'];
  const problems: string[] = [];
  const docker = reports.find((r) => r.check_type === 'dockerfile');
  if ((docker?.summary.resource_count ?? 0) !== dockerfiles) problems.push(`checkov scanned ${docker?.summary.resource_count ?? 0} Dockerfiles of ${dockerfiles}`);
  const total = [...expected.values()].reduce((n, e) => n + e.resources, 0);
  if (terraform.summary.resource_count !== total) {
    problems.push(`checkov counted ${terraform.summary.resource_count} resources, the rendered files hold ${total}: it skipped (or invented) some`);
  }
  if (terraform.summary.parsing_errors > 0) problems.push(`checkov could not parse: ${terraform.results.parsing_errors.join(', ')}`);
  const all = [...terraform.results.passed_checks, ...terraform.results.failed_checks, ...terraform.results.skipped_checks];
  const seen = new Set(all.map((r) => `${r.file_path.split('/')[1]}|${r.resource}`));
  for (const [variant, e] of expected) {
    for (const d of e.data) {
      if (checkedDataTypes.has(d.type) && !seen.has(`${variant}|${d.address}`)) problems.push(`${variant}/${d.file}: checkov never checked data source ${d.address}`);
    }
    for (const m of e.modules) {
      if (![...seen].some((s) => s.startsWith(`${variant}|${m.address}.`))) problems.push(`${variant}/${m.file}: checkov checked nothing in module call ${m.address}`);
    }
  }
  return problems;
}
