// Runs the emitted zip normalization (scripts/normalize-package.sh, issue 31) for real and
// says what is wrong with its output. Packages are made the way Amazon.Lambda.Tools makes them
// on Linux and macOS (it runs `zip <archive> bootstrap` in the publish folder), with the
// machine's Info-ZIP zip, at different times, in different time zones, modes and compression
// levels; the script then runs with the same zip and unzip the emitted repo needs.
//
// The claims checked: the same bootstrap gives the same bytes however it was zipped; a changed
// bootstrap gives other bytes; the result holds exactly the files the package held, each with
// the fixed time, no extra fields, the execute bit kept (mode 755), and normalizing twice
// changes nothing. Each problem names the claim it breaks, so a seeded fault fails by name.
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../support/bin.js';

/** Why the machine cannot run the check, or undefined when zip and unzip are on `path`. */
export function zipToolsMissing(path = process.env.PATH ?? ''): string | undefined {
  for (const tool of ['zip', 'unzip']) {
    const found = spawnSync('/bin/sh', ['-c', `command -v ${tool}`], { env: { ...process.env, PATH: path }, encoding: 'utf8' });
    if (found.status !== 0) return `'${tool}' (Info-ZIP) is not on the PATH: the emitted scripts/normalize-package.sh needs zip and unzip, and so does this check (apt-get install zip unzip)`;
  }
  return undefined;
}

export interface PackageInput {
  /** The bootstrap's bytes. */
  binary: Buffer;
  /** When the build wrote it. */
  mtime: Date;
  /** The zone zip runs in (a zip entry's time is local time). */
  tz: string;
  mode: number;
  /** zip's compression option, e.g. '-6' (the tool passes none) or '-1'. */
  level?: string;
}

/** A package as the tool writes it: bootstrap alone, zipped by name in its own folder. */
export function toolPackage(dir: string, input: PackageInput): string {
  const publish = join(dir, 'publish');
  mkdirSync(publish, { recursive: true });
  const bootstrap = join(publish, 'bootstrap');
  writeFileSync(bootstrap, input.binary);
  chmodSync(bootstrap, input.mode);
  utimesSync(bootstrap, input.mtime, input.mtime);
  const archive = join(dir, 'bootstrap.zip');
  const zip = spawnSync('zip', ['-q', ...(input.level ? [input.level] : []), archive, 'bootstrap'], { cwd: publish, env: { ...process.env, TZ: input.tz }, encoding: 'utf8' });
  if (zip.status !== 0) throw new Error(`zip failed: ${zip.stderr}`);
  return archive;
}

export interface Run {
  status: number | null;
  stderr: string;
}

/** `sh <script> <packages…>` in `tz`, as the workflow and the README run it. */
export function normalize(script: string, packages: string[], tz = 'UTC'): Run {
  const run = spawnSync('sh', [script, ...packages], { env: { ...process.env, TZ: tz }, encoding: 'utf8' });
  return { status: run.status, stderr: run.stderr };
}

const sha256 = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');

export interface Entry {
  name: string;
  versionMadeBy: number;
  /** DOS date and time fields, as stored. */
  date: number;
  time: number;
  centralExtra: number;
  localExtra: number;
  /** The Unix mode in the high half of the external attributes. */
  mode: number;
  method: number;
}

/** The entries of a zip, from its central directory and each entry's local header. */
export function zipEntries(bytes: Buffer): Entry[] {
  let end = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
    if (bytes.readUInt32LE(i) === 0x06054b50) {
      end = i;
      break;
    }
  }
  if (end < 0) throw new Error('no end of central directory record');
  const count = bytes.readUInt16LE(end + 10);
  let at = bytes.readUInt32LE(end + 16);
  const entries: Entry[] = [];
  for (let n = 0; n < count; n++) {
    if (bytes.readUInt32LE(at) !== 0x02014b50) throw new Error(`no central directory header at ${at}`);
    const nameLength = bytes.readUInt16LE(at + 28);
    const extra = bytes.readUInt16LE(at + 30);
    const comment = bytes.readUInt16LE(at + 32);
    const local = bytes.readUInt32LE(at + 42);
    if (bytes.readUInt32LE(local) !== 0x04034b50) throw new Error(`no local header at ${local}`);
    entries.push({
      name: bytes.subarray(at + 46, at + 46 + nameLength).toString('utf8'),
      versionMadeBy: bytes.readUInt16LE(at + 4),
      method: bytes.readUInt16LE(at + 10),
      time: bytes.readUInt16LE(at + 12),
      date: bytes.readUInt16LE(at + 14),
      centralExtra: extra,
      localExtra: bytes.readUInt16LE(local + 28),
      mode: bytes.readUInt32LE(at + 38) >>> 16,
    });
    at += 46 + nameLength + extra + comment;
  }
  return entries;
}

/** 1980-01-01 00:00 as a zip stores it: date (year-1980)<<9 | month<<5 | day, time 0. */
const fixedDate = (0 << 9) | (1 << 5) | 1;

/**
 * Problems with the normalization `script` (the emitted text, or a seeded fault of it), each
 * naming the claim it breaks. Empty when every claim holds.
 */
export function normalizationProblems(scriptText: string): string[] {
  const dir = tempDir('normalize-');
  const script = join(dir, 'normalize-package.sh');
  writeFileSync(script, scriptText);
  const problems: string[] = [];
  const binary = Buffer.from(Array.from({ length: 300_000 }, (_v, i) => (i * 7919 + (i >> 5)) & 0xff));
  const changed = Buffer.from(binary);
  changed[changed.length >> 1] = changed[changed.length >> 1]! ^ 1;

  // The same bootstrap built at 10:00 and at 11:00, zipped in two zones, at two levels, one
  // group-writable: what differs between two builds of one commit on two runners.
  const inputs: Array<[string, PackageInput]> = [
    ['built at 10:00 UTC', { binary, mtime: new Date('2026-12-06T10:00:00Z'), tz: 'UTC', mode: 0o755 }],
    ['built at 11:00 in Auckland, zip -1, mode 775', { binary, mtime: new Date('2026-12-06T11:00:00Z'), tz: 'Pacific/Auckland', mode: 0o775, level: '-1' }],
    ['changed bootstrap', { binary: changed, mtime: new Date('2026-12-06T10:00:00Z'), tz: 'UTC', mode: 0o755 }],
  ];
  const packages = inputs.map(([name, input], n) => [name, toolPackage(join(dir, String(n)), input)] as const);
  const [first, second, other] = packages.map(([, file]) => file) as [string, string, string];
  if (sha256(first) === sha256(second)) problems.push('precondition: the tool-made packages of one bootstrap at two times are already equal, so this check proves nothing');

  // Each normalized in a zone of its own: the stored time must not depend on it.
  const zones = ['UTC', 'America/Los_Angeles', 'Asia/Kolkata'];
  packages.forEach(([name, file], n) => {
    const run = normalize(script, [file], zones[n]);
    if (run.status !== 0) problems.push(`${name}: the script failed (exit ${run.status}): ${run.stderr.trim()}`);
  });
  if (problems.length > 0) return problems;

  if (sha256(first) !== sha256(second)) problems.push(`same bootstrap, packaged at different times: normalized hashes differ (${sha256(first).slice(0, 12)} vs ${sha256(second).slice(0, 12)})`);
  if (sha256(first) === sha256(other)) problems.push('changed bootstrap: its normalized package has the same hash as the original\'s');

  for (const [name, file] of packages) {
    const entries = zipEntries(readFileSync(file));
    if (entries.length !== 1 || entries[0]!.name !== 'bootstrap') {
      problems.push(`${name}: entries ${JSON.stringify(entries.map((e) => e.name))}, expected ["bootstrap"]`);
      continue;
    }
    const e = entries[0]!;
    if (e.date !== fixedDate || e.time !== 0) problems.push(`${name}: entry time: DOS date ${e.date.toString(16)} time ${e.time.toString(16)}, expected 1980-01-01 00:00 (21/0)`);
    if (e.centralExtra !== 0 || e.localExtra !== 0) problems.push(`${name}: extra attributes: ${e.localExtra} bytes of extra fields in the local header, ${e.centralExtra} in the central directory, expected none`);
    if (e.mode !== 0o100755) problems.push(`${name}: mode ${e.mode.toString(8)}, expected 100755 (the execute bit kept, nothing else)`);
    if (e.versionMadeBy >> 8 !== 3) problems.push(`${name}: made by host ${e.versionMadeBy >> 8}, expected 3 (Unix: the mode is read from it)`);
  }

  // The bootstrap inside is the one built, byte for byte.
  const out = join(dir, 'unzipped');
  mkdirSync(out);
  const unzip = spawnSync('unzip', ['-q', first, '-d', out], { encoding: 'utf8' });
  if (unzip.status !== 0) problems.push(`unzip of the normalized package failed: ${unzip.stderr.trim()}`);
  else if (!readFileSync(join(out, 'bootstrap')).equals(binary)) problems.push('the normalized package holds a bootstrap that differs from the one built');

  // Normalizing again changes nothing: the step may run twice (a re-run, a local package).
  const before = sha256(first);
  const again = normalize(script, [first]);
  if (again.status !== 0 || sha256(first) !== before) problems.push(`normalizing twice: exit ${again.status}, hash ${sha256(first) === before ? 'kept' : 'changed'}`);

  // No scratch folder left next to the packages.
  for (const n of ['0', '1', '2']) {
    const left = readdirSync(join(dir, n)).filter((f) => f.startsWith('.normalize.'));
    if (left.length > 0) problems.push(`scratch left behind in ${n}/: ${left.join(', ')}`);
  }
  return problems;
}
