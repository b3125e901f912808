// Getting the base for `update`: the files the RECORDED version renders for the
// RECORDED answers. The same version renders in-process; an older one is asked
// through its stable internal entry:
//
//   create-dotnet-aot-lambda __render   < {"answers": {...}}
//   → {"version": "X.Y.Z", "files": {"path": "content", ...}}   (no record file)
//
// Every release keeps that entry with that shape. A version without it (or no
// network, or a broken package) yields a failure reason, and update falls back to
// its two-way mode.
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { InputError, givenFunctions, resolveAnswers, type Given } from '../../generators/answers/index.js';
import type { Io } from '../write/create.js';
import { packageName, version as thisVersion } from '../render/meta.js';
import { recordFile } from '../render/record.js';
import { render, type Files } from '../render/render.js';
import templates from '../render/templates.js';

/** A `--base-from` that does not exist or cannot be read is a typo, not a base that failed to
 * render: bad input (exit 2), before anything is asked or written. One that exists but does not
 * render still falls back to the two-way mode (getBase's failure reasons). */
export function refuseMissingBaseFrom(baseFrom: string | undefined): void {
  if (baseFrom === undefined) return;
  try {
    accessSync(resolve(baseFrom), constants.R_OK);
  } catch (error) {
    const why = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : 'it cannot be read';
    throw new InputError([
      `--base-from ${baseFrom}: ${why}; give a tarball from npm pack ${packageName}@<recorded version>, or its unpacked directory, or leave --base-from out to fetch the base with npm`,
    ]);
  }
}

export type BaseResult =
  | { ok: true; files: Files; source: string }
  | { ok: false; reason: string };

/** A version string safe to hand to npm as `name@version`. */
const versionPattern = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;
const maxOutput = 512 * 1024 * 1024;

/** The directory name recorded answers are rendered in: the prefix or first function name
 * they hold (complete records name every file after those, not after the directory). */
function dirNameFor(given: Given): string {
  return given.prefix ?? givenFunctions(given)[0]?.functionName ?? 'my-func';
}

function withoutRecord(files: Files): Files {
  files.delete(recordFile);
  return files;
}

/** `__render`: read `{"answers": {...}}` on stdin, print this version's render as JSON. */
export async function renderCommand(io: Io): Promise<number> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const input = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as { answers?: Given };
  const given = input.answers ?? {};
  const answers = resolveAnswers({ dirName: dirNameFor(given), given });
  const files = withoutRecord(render(answers, templates, thisVersion));
  io.out(JSON.stringify({ version: thisVersion, files: Object.fromEntries(files) }));
  return 0;
}

/** The telling part of a child's stderr: its first error lines, without npm's noise. */
function firstLine(text: string | null | undefined): string {
  const lines = (text ?? '').split('\n').map((l) => l.trim()).filter((l) => l && !/^npm warn|complete log of this run/i.test(l));
  const errors = lines.filter((l) => /error/i.test(l));
  return (errors.length > 0 ? errors : lines).slice(0, 2).join('; ');
}

/** Run a `__render` entry and check what it printed. */
function runRender(command: string, args: string[], answers: unknown, expectedVersion: string, source: string): BaseResult {
  const cwd = mkdtempSync(join(tmpdir(), 'cdal-base-'));
  try {
    const run = spawnSync(command, [...args, '__render'], {
      cwd, // a scratch dir: whatever an old entry does, it does it there
      input: JSON.stringify({ answers }),
      encoding: 'utf8',
      maxBuffer: maxOutput,
      timeout: 300_000,
      shell: process.platform === 'win32' && command === 'npm',
      env: { ...process.env, npm_config_yes: 'true', npm_config_update_notifier: 'false', npm_config_fund: 'false' },
    });
    if (run.error) return { ok: false, reason: `${source}: ${run.error.message}` };
    if (run.status !== 0) {
      return { ok: false, reason: `${source} exited with ${run.status ?? run.signal}${firstLine(run.stderr) ? `: ${firstLine(run.stderr)}` : ''}` };
    }
    let parsed: { version?: unknown; files?: unknown };
    try {
      parsed = JSON.parse(run.stdout) as typeof parsed;
    } catch {
      return { ok: false, reason: `${source} did not print a render (it may predate the __render entry)` };
    }
    const files = parsed.files;
    if (typeof parsed.version !== 'string' || typeof files !== 'object' || files === null || Object.values(files).some((v) => typeof v !== 'string')) {
      return { ok: false, reason: `${source} printed something that is not a render` };
    }
    if (parsed.version !== expectedVersion) {
      return { ok: false, reason: `${source} is version ${parsed.version}, but the project was generated by ${expectedVersion}` };
    }
    const map: Files = new Map(Object.entries(files as Record<string, string>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    return { ok: true, files: withoutRecord(map), source };
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
}

/** The bin of the package `--base-from` names: a packed tarball or an unpacked package. */
function packageBinFrom(from: string, scratch: string): { bin?: string; reason?: string } {
  const path = resolve(from);
  let info;
  try {
    info = statSync(path);
  } catch {
    return { reason: `--base-from ${from}: no such file or directory` };
  }
  let root = path;
  if (info.isFile()) {
    const untar = spawnSync('tar', ['-xzf', path, '-C', scratch], { encoding: 'utf8' });
    if (untar.error || untar.status !== 0) {
      return { reason: `--base-from ${from}: could not extract it with tar -xzf (${firstLine(untar.stderr) || untar.error?.message || 'unknown error'})` };
    }
    root = scratch;
  }
  // npm pack puts everything under package/; accept that layout unpacked too.
  const candidates = [root, join(root, 'package'), ...(info.isFile() ? readdirSync(root).map((e) => join(root, e)) : [])];
  const dir = candidates.find((c) => existsSync(join(c, 'package.json')));
  if (!dir) return { reason: `--base-from ${from} is not a ${packageName} package (no package.json)` };
  let pkg: { name?: string; bin?: string | Record<string, string> };
  try {
    pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as typeof pkg;
  } catch {
    return { reason: `--base-from ${from}: unreadable package.json` };
  }
  if (pkg.name !== packageName) return { reason: `--base-from ${from} is the package "${pkg.name}", not ${packageName}` };
  // The bin's file name has changed between releases; package.json says where it is.
  const bin = typeof pkg.bin === 'string' ? pkg.bin : pkg.bin?.[packageName];
  if (!bin || !existsSync(join(dir, bin))) return { reason: `--base-from ${from}: its package.json names no ${packageName} bin that exists` };
  return { bin: join(dir, bin) };
}

export interface BaseRequest {
  recordedVersion: string;
  /** The answers as recorded: the recorded version knows their meaning. */
  recordedAnswers: Given;
  baseFrom: string | undefined;
}

export async function getBase({ recordedVersion, recordedAnswers, baseFrom }: BaseRequest): Promise<BaseResult> {
  if (baseFrom !== undefined) {
    const scratch = mkdtempSync(join(tmpdir(), 'cdal-pkg-'));
    try {
      const { bin, reason } = packageBinFrom(baseFrom, scratch);
      if (!bin) return { ok: false, reason: reason! };
      return runRender(process.execPath, [bin], recordedAnswers, recordedVersion, `--base-from ${baseFrom}`);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  }
  if (recordedVersion === thisVersion) {
    try {
      const answers = resolveAnswers({ dirName: dirNameFor(recordedAnswers), given: recordedAnswers });
      return { ok: true, files: withoutRecord(render(answers, templates, thisVersion)), source: `this version (${thisVersion})` };
    } catch (error) {
      return { ok: false, reason: `the recorded answers no longer render: ${(error as Error).message}` };
    }
  }
  if (!versionPattern.test(recordedVersion)) return { ok: false, reason: `the recorded version "${recordedVersion}" is not a version number` };
  const spec = `${packageName}@${recordedVersion}`;
  return runRender('npm', ['exec', '--yes', '--package', spec, '--', packageName], recordedAnswers, recordedVersion, `npm exec ${spec}`);
}
